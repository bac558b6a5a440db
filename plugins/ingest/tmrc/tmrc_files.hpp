// The archive's files: the paths the `tweets` and `users` patterns name, and
// the campaign each file belongs to (the `campaigns` rules on file names).
#pragma once

#include <chorus/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace chorus::ingest_tmrc {

// One `campaigns` entry.
struct CampaignRule {
  std::string files;  // fnmatch pattern on the file name (no folders)
  std::string campaign;
  std::optional<std::string> state;
};

// The file name without its folders.
std::string base_name(const std::string& path);

// The first rule whose pattern matches the file's name; an error naming the
// file and the patterns when none does (a config problem, not a data one).
const CampaignRule& campaign_for(const std::string& file, const std::vector<CampaignRule>& rules);

// Files of a list of patterns: each pattern's matches in name order, the
// patterns in the order given, a file named twice read once.
std::vector<std::string> expand_all(const std::vector<std::string>& patterns, const sdk::Context& ctx);

}  // namespace chorus::ingest_tmrc
