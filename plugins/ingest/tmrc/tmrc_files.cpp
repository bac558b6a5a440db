#include "tmrc_files.hpp"

#include <fnmatch.h>

#include <set>
#include <stdexcept>
#include <utility>

#include "io/common/input.hpp"

namespace chorus::ingest_tmrc {

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

const CampaignRule& campaign_for(const std::string& file, const std::vector<CampaignRule>& rules) {
  const std::string name = base_name(file);
  for (const auto& r : rules)
    if (::fnmatch(r.files.c_str(), name.c_str(), 0) == 0) return r;
  std::string list;
  for (const auto& r : rules) list += (list.empty() ? "'" : ", '") + r.files + "'";
  throw std::runtime_error("TMRC file '" + file + "' (name '" + name +
                           "') matches no entry of 'campaigns' (patterns: " + list +
                           "); add an entry {files: <pattern>, campaign: <label>, state: <code>} for it");
}

std::vector<std::string> expand_all(const std::vector<std::string>& patterns, const sdk::Context& ctx) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& p : patterns)
    for (auto& f : io_common::expand_paths(ctx.resolve_path(p)))
      if (seen.insert(f).second) out.push_back(std::move(f));
  return out;
}

}  // namespace chorus::ingest_tmrc
