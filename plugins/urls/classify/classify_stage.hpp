// urls/classify: the domain category of every URL (state news, social, blog,
// content tool, shortener, other) and, per group (state by default), how many
// rows carry URLs and how the URLs split over the categories. Definitions:
// docs/methods.md.
#pragma once

#include <chorus/sdk.hpp>

#include <optional>

#include "url_tally.hpp"

namespace chorus::urls_classify {

struct ClassifyStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "urls/classify";
  static constexpr const char* description =
      "Domain category of every URL (state news, social, blog, content tool, shortener, other) and per-group shares";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"({
  "inputs": [
    {"name": "in", "type": "any", "description": "Rows carrying URLs: interactions (default columns urls and source_state) or posts (set urls_column and group_by)."},
    {"name": "accounts", "type": "accounts", "optional": true, "description": "Accounts whose profile_url is counted per group (with.accounts_group_by)."}
  ],
  "outputs": [
    {"name": "urls", "type": "any", "description": "One row per distinct URL: url, domain (matched list entry or registrable domain; null without host), category, count (occurrences in input rows), profiles (accounts with it as profile URL)."},
    {"name": "groups", "type": "any", "description": "Per group: rows, rows_null_urls, rows_with_urls, share_rows_with_urls, url_occurrences, unique_urls, accounts, profile_urls."},
    {"name": "classes", "type": "any", "description": "Per group and category (long format): urls (distinct), occurrences, share (of the group's occurrences), rows, profile_urls."}
  ]
})";

  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  // The compiled-in list is part of the result: its digest joins the cache key,
  // so a rebuilt plugin with another domains.json never serves stale results.
  void fingerprint(const Config& config, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

}  // namespace chorus::urls_classify
