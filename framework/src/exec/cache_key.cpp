#include "exec/cache_key.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "config/pipeline.hpp"
#include "plugin/registry.hpp"
#include "util/hash.hpp"

namespace chorus {
namespace fs = std::filesystem;

std::string FileFingerprints::hash(const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return "missing";
  auto mtime = static_cast<int64_t>(fs::last_write_time(path, ec).time_since_epoch().count());
  auto it = seen_.find(path);
  if (it != seen_.end() && it->second.size == size && it->second.mtime == mtime) return it->second.hash;
  std::string h = sha256_file(path);
  seen_[path] = {size, mtime, h};
  return h;
}

CacheEntry make_cache_entry(const std::string& pipeline, const StageDecl& stage,
                            const std::map<std::string, std::string>& input_hashes,
                            const std::map<std::string, std::string>& file_hashes) {
  CacheEntry e;
  e.pipeline = pipeline;
  e.stage_id = stage.id;
  e.stage_type = stage.uses;
  e.plugin = stage.info->plugin->name;
  e.plugin_version = stage.info->plugin->version;
  e.code_version = stage.info->code_version;
  e.code_identity = stage.info->plugin->code_identity;
  e.config_json = stage.config.dump();  // nlohmann sorts keys: canonical
  e.inputs_json = nlohmann::json(input_hashes).dump();
  e.files_json = nlohmann::json(file_hashes).dump();

  Sha256 h;
  h.field("chorus-cache-v1");
  h.field(e.plugin);
  h.field(e.plugin_version);
  h.field(e.stage_type);
  h.field(e.code_version);
  h.field(e.code_identity);
  h.field(e.config_json);
  h.field(static_cast<int64_t>(input_hashes.size()));
  for (const auto& [port, hash] : input_hashes) {  // std::map: sorted by port
    h.field(port);
    h.field(hash);
  }
  h.field(static_cast<int64_t>(file_hashes.size()));
  for (const auto& [file, hash] : file_hashes) {
    h.field(file);
    h.field(hash);
  }
  e.key = h.hex();
  return e;
}

namespace {
// "sha256:0123456789ab" of a code identity, or "none" for a library that reported none.
std::string short_identity(const std::string& id) { return id.empty() ? "none" : id.substr(0, 19); }
}  // namespace

std::string stale_cause(const CacheEntry& before, const CacheEntry& now) {
  std::vector<std::string> causes;
  if (before.plugin != now.plugin || before.plugin_version != now.plugin_version ||
      before.code_version != now.code_version || before.stage_type != now.stage_type)
    causes.push_back("code (" + before.plugin + " " + before.plugin_version + "/" + before.code_version + " -> " +
                     now.plugin + " " + now.plugin_version + "/" + now.code_version + ")");
  else if (before.code_identity != now.code_identity)
    causes.push_back("code: plugin library changed (" + short_identity(before.code_identity) + " -> " +
                     short_identity(now.code_identity) + ")");
  if (before.config_json != now.config_json) causes.push_back("config");
  if (before.inputs_json != now.inputs_json) causes.push_back("input data");
  if (before.files_json != now.files_json) causes.push_back("external files");
  std::string out;
  for (const auto& c : causes) out += (out.empty() ? "" : ", ") + c;
  return out.empty() ? "unknown" : out;
}

}  // namespace chorus
