// Writing the synthetic world: the takedown-archive CSVs (2019+ layout), the
// twarc2 JSONL of unaffiliated accounts (flattened form), and the rows an
// ingester would read back from them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "world.hpp"

namespace chorus::ingest_synthetic {

// --- rows as the readers give them back ------------------------------------------------

struct PostRow {
  std::string source_file;
  int64_t source_line = 0;
  std::string post_id, author_id;
  std::optional<std::string> author_handle, author_display_name, campaign, state;
  bool is_hashed_author = false;
  int64_t created_at_ms = 0;
  std::string time_precision, text;
  std::optional<std::string> language, target_post_id, target_author_id, mentions_kind;
  std::string interaction_type;
  std::vector<std::string> hashtags, urls, mentions;
  std::optional<int64_t> likes, shares, replies, quotes, views;
};

struct AccountRow {
  std::string source_file, author_id;
  std::optional<std::string> author_handle, display_name, description, profile_url, location, language, campaign, state,
      created_precision;
  bool is_hashed = false;
  std::optional<int64_t> followers, following, created_at_ms;
};

struct FileOut {
  std::string name, kind, state;  // state empty: none
  int64_t rows = -1;              // -1: not a table
  std::string content;
};

inline constexpr const char* kTwarcFile = "unaffiliated_twarc2_flat.jsonl";
inline constexpr const char* kGroundTruthFile = "ground_truth.json";
std::string tweets_file_name(const World& w, int s);
std::string users_file_name(const World& w, int s);

// The interaction_type of a post kind (share for a retweet).
const char* interaction_name(Kind k);

using PostSink = std::function<void(const PostRow&)>;
using AccountSink = std::function<void(const AccountRow&)>;

// Writes the files' contents and calls on_post / on_account with every row,
// in the order ingest/tmrc (state files A, B, ...) then ingest/twarc2 read them.
class Renderer {
 public:
  // `dir`: the folder the files will be in (the rows' source_file).
  Renderer(const World& w, std::string dir);
  std::string path_of(const std::string& name) const;
  // The state tweets files, the state users files, then the twarc2 file.
  std::vector<FileOut> render(const PostSink& on_post, const AccountSink& on_account) const;

 private:
  const World& w_;
  std::string dir_;
};

}  // namespace chorus::ingest_synthetic
