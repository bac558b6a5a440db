// What each coordinated cluster pushes and where: tallies the members'
// posts, accounts and near-duplicate templates per cluster and turns the
// tallies into the profile (long form, one row per cluster, facet and value)
// and summary (one row per cluster) tables. docs/methods.md defines every
// number. Feed members first (they decide which rows matter), then the
// other inputs in any order, then finish().
#pragma once

#include <chorus/sdk.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "network/interactions/string_interner.hpp"

namespace chorus::detect_profile {

struct ProfileOptions {
  int64_t top_n = 10;
  int64_t excerpts = 3;
  int64_t excerpt_chars = 280;
  double narrative_min_share = 0.5;
};

// Rows skipped or values missing, for the log lines (nothing is dropped
// without being counted).
struct ProfileCounts {
  int64_t member_rows = 0;
  int64_t member_rows_null = 0;      // null cluster_id or account_id: skipped
  int64_t member_rows_repeated = 0;  // the same (cluster, account) again
  int64_t clusters_without_members = 0;
  int64_t clusters_unranked = 0;  // in members, not in the clusters input
  int64_t posts_read = 0;
  int64_t member_posts = 0;
  int64_t member_posts_null_time = 0;
  int64_t member_posts_null_type = 0;  // counted as non-share
  int64_t member_posts_share = 0;
  int64_t urls_without_host = 0;
  int64_t near_duplicate_rows = 0;
  int64_t near_duplicate_rows_null = 0;
  int64_t narratives_without_excerpt = 0;
  int64_t narratives_shared_widely = 0;   // (cluster, template) pairs under narrative_min_share
  int64_t members_without_followers = 0;  // with an accounts input only
  int64_t members_without_account = 0;    // with an accounts input only
};

class Profiler {
 public:
  explicit Profiler(const ProfileOptions& options) : options_(options) {}

  // members: cluster_id, account_id (utf8).
  void add_members(const Batch& b);
  // clusters: cluster_id (utf8), rank (int64).
  void add_clusters(const Batch& b);
  // near_duplicates: cluster_id, post_id, author_id (utf8).
  void add_near_duplicates(const Batch& b);
  // accounts: author_id, location (utf8), followers (int64), created_at (timestamp).
  void add_accounts(const Batch& b);
  // posts: post_id, author_id, created_at, interaction_type, hashtags_folded,
  // urls_normalized, language, state, source_file, likes, shares, replies,
  // and text when near-duplicate templates are given.
  void add_posts(const Batch& b);
  // Says the accounts input is connected (even when it gives no batch), so
  // that an unknown follower count is 0-known rather than no-input.
  void expect_accounts() { accounts_given_ = true; }

  struct Output {
    Batch profile;
    Batch summary;
  };
  Output finish();
  const ProfileCounts& counts() const { return counts_; }

  static Schema profile_schema();
  static Schema summary_schema();

 private:
  struct Excerpt {
    bool timed;
    int64_t time;
    std::string post_id;
    std::string text;
  };
  // value id (values_) -> posts or accounts with the value
  using Tally = std::unordered_map<uint32_t, int64_t>;
  struct Cluster {
    std::string id;
    std::optional<int64_t> rank;
    std::vector<uint32_t> members;
    int64_t posts = 0, originals = 0;
    int64_t likes = 0, shares = 0, replies = 0;
    bool has_likes = false, has_shares = false, has_replies = false;
    bool timed = false;
    int64_t first = 0, last = 0;
    std::array<int64_t, 24> hours{};
    std::unordered_map<int64_t, int64_t> days;
    Tally hashtag, url, domain, language, state, source;
    std::unordered_map<uint32_t, int64_t> narrative;  // near-duplicate cluster -> member posts
    std::unordered_map<uint32_t, std::vector<Excerpt>> excerpts;
  };
  struct Member {
    std::vector<uint32_t> clusters;
    bool has_account = false;
    std::optional<int64_t> followers;
    std::optional<int64_t> created_day;
    std::vector<uint32_t> locations;  // value ids, distinct, as written (trimmed)
  };

  uint32_t cluster_index(std::string_view id);
  // kNone when the URL has no host.
  uint32_t domain_of(uint32_t url);
  std::vector<std::pair<std::string, int64_t>> ranked(const Tally& tally) const;
  void distinct_values(const Column& c, int64_t row, std::vector<uint32_t>& out);
  uint32_t value_of(const Column& c, int64_t row);  // kNone for null or empty
  void add_excerpt(Cluster& c, uint32_t template_id, bool timed, int64_t time, std::string_view post_id,
                   std::string_view text);
  void emit_cluster(const Cluster& c, Batch& profile, Batch& summary);

  ProfileOptions options_;
  ProfileCounts counts_;
  bool accounts_given_ = false;
  std::vector<Cluster> clusters_;
  std::unordered_map<std::string, uint32_t> cluster_ids_;
  // Ids are looked up once per row of the large inputs: interned (views
  // into an arena, no allocation per look-up), with dense indexes.
  using Interner = network_interactions::StringInterner;
  static constexpr uint32_t kNone = Interner::kNone;
  Interner member_ids_;  // account_id -> index into members_
  std::vector<Member> members_;
  Interner values_;                     // every facet value (hashtag, URL, domain, language, ...)
  std::vector<uint32_t> url_domain_;    // value id of a URL -> value id of its domain (kNone - 1: not yet known)
  std::vector<std::string> templates_;  // near-duplicate cluster ids
  std::unordered_map<std::string, uint32_t> template_ids_;
  std::vector<int64_t> template_posts_total_;  // posts of each near-duplicate cluster, by anyone
  // Member posts of near-duplicate clusters: post index -> templates (usually one).
  Interner template_post_ids_;
  std::vector<std::vector<uint32_t>> template_posts_;
};

}  // namespace chorus::detect_profile
