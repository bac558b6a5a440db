// The counting of urls/classify on Batches, without a host (the tests call
// it): every URL's domain and category, and per group (state by default) how
// many rows carry URLs and how the URLs split over the categories.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "domain_match.hpp"

namespace chorus::urls_classify {

// with: of urls/classify (defaults: ClassifyStage::options()).
struct Config {
  std::string urls_column;
  std::optional<std::string> group_by;  // none (null): one group "all"
  std::string null_group;
  std::string accounts_group_by;
  bool default_domains;
  std::vector<std::pair<std::string, std::optional<std::string>>> domains;  // overrides; nullopt removes
};

// The shipped list (domains.json, compiled in) when enabled, then with.domains.
// Returns the category order: every category of either, by name, "other" last.
std::vector<std::string> build_table(const Config& c, DomainTable& table);

// The FNV-1a 64 digest of the compiled-in domains.json, in hex.
std::string default_domains_digest();

class UrlTally {
 public:
  explicit UrlTally(const Config& c);

  const std::vector<std::string>& categories() const { return categories_; }
  const DomainTable& table() const { return table_; }

  // Rows of the input port (interactions or posts).
  void add_rows(const Batch& b);
  // Rows of the optional accounts port: profile_url by account group.
  void add_accounts(const Batch& b);

  // --- the three tables ---
  static Schema urls_schema();
  static Schema groups_schema();
  static Schema classes_schema();
  // Every URL seen (in rows or profiles): count descending, then url ascending (byte order).
  Batch urls_table() const;
  // One row per group, groups in byte order.
  Batch groups_table() const;
  // Every (group, category), groups in byte order, categories by name with "other" last.
  Batch classes_table() const;

  int64_t urls_without_host() const;
  int64_t rows_null_urls() const;

 private:
  struct Url {
    std::string text, domain;
    size_t category = 0;
    int64_t count = 0, profiles = 0;
  };
  struct CategoryCount {
    int64_t distinct = 0, occurrences = 0, rows = 0, profile_urls = 0;
  };
  struct Group {
    int64_t rows = 0, rows_null_urls = 0, rows_with_urls = 0, occurrences = 0, accounts = 0, profile_urls = 0;
    std::unordered_set<uint32_t> distinct;  // URLs of rows (not profiles)
    std::vector<CategoryCount> by_category;
  };

  static const Column& need(const Batch& b, const std::string& name, TypeId type, const std::string& key);
  Group& group(const Column* col, int64_t r);
  uint32_t url_index(std::string_view text);

  Config cfg_;
  DomainTable table_;
  std::vector<std::string> categories_;
  std::vector<Url> urls_;
  std::unordered_map<std::string, uint32_t> url_ids_;
  std::map<std::string, Group> groups_;
};

}  // namespace chorus::urls_classify
