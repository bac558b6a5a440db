// The ingest/synthetic stage: generates a world from a seed, writes it as
// takedown-archive CSVs, twarc2 JSONL and ground_truth.json into `out_dir`,
// and emits the posts and accounts an ingester reads back from those files,
// plus a `files` table. Header-only so the tests can drive it through a fake
// host; plugin.cpp only adds the descriptor. See docs/synthetic-world.md.
#pragma once

#include <openssl/evp.h>

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "render.hpp"
#include "world.hpp"

namespace chorus::ingest::synthetic {

inline std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += hex[md[i] >> 4], out += hex[md[i] & 15];
  return out;
}

struct Options {
  WorldConfig world;
  std::string out_dir;
  int64_t batch_rows = 65536;
};

inline int int_option(const sdk::Json& c, const char* key, int fallback, int lo, int hi) {
  if (!c.contains(key) || c[key].is_null()) return fallback;
  if (!c[key].is_number_integer()) throw std::invalid_argument(std::string("with.") + key + ": expected an integer");
  const int64_t v = c[key].get<int64_t>();
  if (v < lo || v > hi)
    throw std::invalid_argument(std::string("with.") + key + ": " + std::to_string(v) + " is out of " +
                                std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<int>(v);
}

inline Options read_options(const sdk::Json& c) {
  Options o;
  if (!c.contains("out_dir") || !c["out_dir"].is_string() || c["out_dir"].get<std::string>().empty())
    throw std::invalid_argument("with.out_dir: required: the folder the world's files are written to");
  o.out_dir = c["out_dir"].get<std::string>();
  if (c.contains("seed")) {
    if (!c["seed"].is_number_integer() || c["seed"].get<int64_t>() < 0)
      throw std::invalid_argument("with.seed: expected a non-negative integer");
    o.world.seed = c["seed"].get<uint64_t>();
  }
  WorldConfig& w = o.world;
  w.states = int_option(c, "states", 4, 4, 26);
  w.accounts_per_state = int_option(c, "accounts_per_state", 20, 12, 1000000);
  w.posts_per_account = int_option(c, "posts_per_account", 20, 1, 1000000);
  w.unaffiliated = int_option(c, "unaffiliated_accounts", 40, 0, 10000000);
  w.days = int_option(c, "days", 365, 30, 36500);
  w.flow_posts = int_option(c, "flow_posts", 0, 0, 100000000);
  w.group_members = int_option(c, "group_members", 7, 2, 1000000);
  w.group_entities = int_option(c, "group_entities", 8, 1, 100000);
  const std::string start = c.contains("start") && c["start"].is_string() ? c["start"].get<std::string>() : "2020-01-01";
  time::ParseOptions po;
  po.epoch_integers = false;
  int64_t s = 0;
  if (auto r = time::parse_timestamp(start, TimeUnit::Second, s, po); !r)
    throw std::invalid_argument("with.start: '" + start + "' " + r.message());
  w.start_s = s;
  o.batch_rows = c.value("batch_rows", int64_t(65536));
  if (o.batch_rows < 1) throw std::invalid_argument("with.batch_rows: must be at least 1");
  try {
    Generator::check(w);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("with.") + e.what());
  }
  return o;
}

inline Schema files_schema() {
  return {{"path", DataType{TypeId::Utf8}},  {"kind", DataType{TypeId::Utf8}},  {"state", DataType{TypeId::Utf8}},
          {"rows", DataType{TypeId::Int64}}, {"bytes", DataType{TypeId::Int64}}, {"sha256", DataType{TypeId::Utf8}}};
}

// Appends rows to batches of a dataset type by column name; unknown columns are null.
class Batcher {
 public:
  Batcher(sdk::Context& ctx, std::string port, Schema schema, int64_t batch_rows)
      : ctx_(ctx), port_(std::move(port)), schema_(std::move(schema)), batch_rows_(batch_rows), batch_(schema_) {}
  int col(const char* name) const {
    for (size_t i = 0; i < schema_.size(); ++i)
      if (schema_[i].name == name) return static_cast<int>(i);
    return -1;
  }
  Batch& batch() { return batch_; }
  void str(int c, const std::optional<std::string>& v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    if (v) batch_.column(size_t(c)).append_string(*v); else batch_.column(size_t(c)).append_null();
  }
  void integer(int c, const std::optional<int64_t>& v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    if (v) batch_.column(size_t(c)).append_int(*v); else batch_.column(size_t(c)).append_null();
  }
  void boolean(int c, bool v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    batch_.column(size_t(c)).append_bool(v);
  }
  void list(int c, const std::vector<std::string>& v) {
    if (c < 0) return;
    set_[size_t(c)] = true;
    batch_.column(size_t(c)).append_list(v);
  }
  void begin_row() { set_.assign(schema_.size(), false); }
  // Nulls for the columns the row did not set; emits a full batch.
  void end_row() {
    for (size_t c = 0; c < schema_.size(); ++c)
      if (!set_[c]) batch_.column(c).append_null();
    ++rows_;
    if (batch_.rows() >= batch_rows_) flush();
  }
  void flush() {
    if (batch_.rows() == 0) return;
    ctx_.emit(port_, std::move(batch_));
    batch_ = Batch(schema_);
    ctx_.progress(rows_);
    if (ctx_.cancelled()) throw std::runtime_error("cancelled");
  }
  int64_t rows() const { return rows_; }

 private:
  sdk::Context& ctx_;
  std::string port_;
  Schema schema_;
  int64_t batch_rows_;
  Batch batch_;
  std::vector<bool> set_;
  int64_t rows_ = 0;
};

struct SyntheticWorld : sdk::Stage {
  static constexpr const char* type = "ingest/synthetic";
  static constexpr const char* description =
      "Generates a seeded synthetic world (state campaigns in the takedown-archive CSV layout, unaffiliated "
      "accounts as twarc2 JSONL, ground_truth.json) into out_dir and emits its posts and accounts";
  static constexpr const char* code_version = "1";
  // Writes files outside the store: runs every time (cheap and deterministic,
  // so its datasets hash the same and the stages after it stay cached).
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "ingest/synthetic",
  "description": "Generates a synthetic world from a seed: several states' campaigns with intra-, inter-state and external interactions, planted inter-state flows (bidirectional, hub, one-way), accounts with more than ten distinct neighbours, an engagement gap between inter- and intra-state posts, shared and follow-train hashtags, URLs of several domain categories and a leader/follower group. Writes per state a takedown-archive tweets CSV and users CSV (2019+ layout), the unaffiliated accounts' posts as flattened twarc2 JSONL, and ground_truth.json with every planted structure and its counts. The same config gives byte-identical files on every platform. See docs/synthetic-world.md.",
  "type": "object",
  "properties": {
    "seed": {"type": "integer", "minimum": 0, "default": 1, "description": "Seed of the world: the same seed and knobs give the same files, byte for byte."},
    "out_dir": {"type": "string", "minLength": 1, "description": "Folder the files are written to (created if missing), relative to the pipeline file's folder. Files of an earlier world with the generator's names (SYN_*_0621_*_csv_hashed.csv, unaffiliated_twarc2_flat.jsonl, ground_truth.json) are replaced or removed; nothing else there is touched."},
    "states": {"type": "integer", "minimum": 4, "maximum": 26, "default": 4, "description": "Number of states (campaigns XA, XB, ...; at least 4 for the three flow shapes)."},
    "accounts_per_state": {"type": "integer", "minimum": 12, "default": 20, "description": "Accounts per state (at least 12: the planted roles need more than ten neighbours)."},
    "posts_per_account": {"type": "integer", "minimum": 1, "default": 20, "description": "Background posts per account (state-linked and unaffiliated); planted posts come on top."},
    "unaffiliated_accounts": {"type": "integer", "minimum": 0, "default": 40, "description": "Unaffiliated accounts, written as twarc2 JSONL."},
    "start": {"type": "string", "default": "2020-01-01", "description": "First instant of the world (ISO 8601, UTC), e.g. 2020-01-01."},
    "days": {"type": "integer", "minimum": 30, "default": 365, "description": "Length of the world in days."},
    "flow_posts": {"type": "integer", "minimum": 0, "default": 0, "description": "Posts per planted directed inter-state flow; 0: accounts_per_state * posts_per_account / 8, at least 20."},
    "group_members": {"type": "integer", "minimum": 2, "default": 7, "description": "Members of the coordinated group (besides its leader); at most accounts_per_state - 2."},
    "group_entities": {"type": "integer", "minimum": 1, "default": 8, "description": "Entities (hashtags and shortened URLs, alternately) the coordinated group posts after its leader."},
    "batch_rows": {"type": "integer", "minimum": 1, "default": 65536, "description": "Maximum rows per emitted batch (each output)."}
  },
  "required": ["out_dir"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "Every post of the world exactly as ingest/tmrc (state files, in state order) and then ingest/twarc2 (unaffiliated accounts) read them back from the written files."},
    {"name": "accounts", "type": "accounts", "description": "The accounts of the users CSVs (state order) and of the twarc2 JSONL (first occurrence), as those readers give them."},
    {"name": "files", "type": "any", "description": "One row per written file: path (absolute), kind (tweets_csv, users_csv, twarc2_jsonl, ground_truth), state (null if none), rows (data rows; null for ground_truth), bytes, sha256 (hex)."}
  ]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&, sdk::Context& ctx) override {
    read_options(config);
    sdk::PortTypes out;
    for (const char* t : {"posts", "accounts"}) {
      auto s = ctx.dataset_type(t);
      if (!s) throw std::runtime_error(std::string("the host does not know the dataset type '") + t + "'");
      out[t] = {t, *s};
    }
    out["files"] = {"", files_schema()};
    return out;
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const Options o = read_options(config);
    auto posts_type = ctx.dataset_type("posts"), accounts_type = ctx.dataset_type("accounts");
    if (!posts_type || !accounts_type) throw std::runtime_error("the host does not know the posts and accounts dataset types");
    World w = Generator(o.world).build();
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
    const std::string dir = ctx.resolve_path(o.out_dir);
    std::filesystem::create_directories(dir);

    Batcher posts(ctx, "posts", *posts_type, o.batch_rows), accounts(ctx, "accounts", *accounts_type, o.batch_rows);
    const int p_platform = posts.col("platform"), p_file = posts.col("source_file"), p_line = posts.col("source_line"),
              p_id = posts.col("post_id"), p_author = posts.col("author_id"), p_handle = posts.col("author_handle"),
              p_display = posts.col("author_display_name"), p_hashed = posts.col("is_hashed_author"),
              p_campaign = posts.col("campaign"), p_state = posts.col("state"), p_created = posts.col("created_at"),
              p_precision = posts.col("time_precision"), p_text = posts.col("text"), p_lang = posts.col("language"),
              p_inter = posts.col("interaction_type"), p_tpost = posts.col("target_post_id"),
              p_tauthor = posts.col("target_author_id"), p_tags = posts.col("hashtags"), p_urls = posts.col("urls"),
              p_mentions = posts.col("mentions"), p_mkind = posts.col("mentions_kind"), p_likes = posts.col("likes"),
              p_shares = posts.col("shares"), p_replies = posts.col("replies"), p_quotes = posts.col("quotes"),
              p_views = posts.col("views");
    const int a_platform = accounts.col("platform"), a_file = accounts.col("source_file"),
              a_id = accounts.col("author_id"), a_handle = accounts.col("author_handle"),
              a_display = accounts.col("display_name"), a_hashed = accounts.col("is_hashed"),
              a_desc = accounts.col("description"), a_url = accounts.col("profile_url"),
              a_loc = accounts.col("location"), a_followers = accounts.col("followers"),
              a_following = accounts.col("following"), a_created = accounts.col("created_at"),
              a_precision = accounts.col("created_precision"), a_lang = accounts.col("language"),
              a_campaign = accounts.col("campaign"), a_state = accounts.col("state");
    const std::optional<std::string> twitter = std::string("twitter");

    Renderer renderer(w, dir);
    std::vector<FileOut> files = renderer.render(
        [&](const PostRow& r) {
          posts.begin_row();
          posts.str(p_platform, twitter);
          posts.str(p_file, r.source_file);
          posts.integer(p_line, r.source_line);
          posts.str(p_id, r.post_id);
          posts.str(p_author, r.author_id);
          posts.str(p_handle, r.author_handle);
          posts.str(p_display, r.author_display_name);
          posts.boolean(p_hashed, r.is_hashed_author);
          posts.str(p_campaign, r.campaign);
          posts.str(p_state, r.state);
          posts.integer(p_created, r.created_at_ms);
          posts.str(p_precision, r.time_precision);
          posts.str(p_text, r.text);
          posts.str(p_lang, r.language);
          posts.str(p_inter, r.interaction_type);
          posts.str(p_tpost, r.target_post_id);
          posts.str(p_tauthor, r.target_author_id);
          posts.list(p_tags, r.hashtags);
          posts.list(p_urls, r.urls);
          posts.list(p_mentions, r.mentions);
          posts.str(p_mkind, r.mentions_kind);
          posts.integer(p_likes, r.likes);
          posts.integer(p_shares, r.shares);
          posts.integer(p_replies, r.replies);
          posts.integer(p_quotes, r.quotes);
          posts.integer(p_views, r.views);
          posts.end_row();
        },
        [&](const AccountRow& r) {
          accounts.begin_row();
          accounts.str(a_platform, twitter);
          accounts.str(a_file, r.source_file);
          accounts.str(a_id, r.author_id);
          accounts.str(a_handle, r.author_handle);
          accounts.str(a_display, r.display_name);
          accounts.boolean(a_hashed, r.is_hashed);
          accounts.str(a_desc, r.description);
          accounts.str(a_url, r.profile_url);
          accounts.str(a_loc, r.location);
          accounts.integer(a_followers, r.followers);
          accounts.integer(a_following, r.following);
          accounts.integer(a_created, r.created_at_ms);
          accounts.str(a_precision, r.created_precision);
          accounts.str(a_lang, r.language);
          accounts.str(a_campaign, r.campaign);
          accounts.str(a_state, r.state);
          accounts.end_row();
        });
    files.push_back({kGroundTruthFile, "ground_truth", "", -1, ground_truth(w).dump(2) + "\n"});
    write_files(dir, files);
    posts.flush();
    accounts.flush();

    Batch fb(files_schema());
    for (const auto& f : files) {
      fb.column(0).append_string(renderer.path_of(f.name));
      fb.column(1).append_string(f.kind);
      if (f.state.empty()) fb.column(2).append_null(); else fb.column(2).append_string(f.state);
      if (f.rows < 0) fb.column(3).append_null(); else fb.column(3).append_int(f.rows);
      fb.column(4).append_int(static_cast<int64_t>(f.content.size()));
      fb.column(5).append_string(sha256_hex(f.content));
    }
    ctx.emit("files", std::move(fb));
    ctx.progress(posts.rows() + accounts.rows());
    ctx.info("ingest/synthetic: seed " + std::to_string(o.world.seed) + ": " + std::to_string(posts.rows()) +
             " posts, " + std::to_string(accounts.rows()) + " accounts, " + std::to_string(files.size()) +
             " files written to " + dir);
  }

 private:
  // Each file goes to a temporary name first and is renamed when all are
  // written; files of an earlier world with the generator's names that are
  // not part of this one are removed, so a glob over out_dir sees this world only.
  static void write_files(const std::string& dir, const std::vector<FileOut>& files) {
    std::vector<std::string> tmp;
    for (const auto& f : files) {
      const std::string t = dir + "/.tmp-" + f.name;
      std::ofstream out(t, std::ios::binary | std::ios::trunc);
      out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
      out.close();
      if (!out) {
        for (const auto& x : tmp) std::remove(x.c_str());
        std::remove(t.c_str());
        throw std::runtime_error("cannot write '" + t + "'");
      }
      tmp.push_back(t);
    }
    std::set<std::string> names;
    for (const auto& f : files) names.insert(f.name);
    static const std::regex ours(R"(SYN_[A-Z]_0621_(tweets|users)_csv_hashed\.csv|unaffiliated_twarc2_flat\.jsonl|ground_truth\.json)");
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const std::string n = e.path().filename().string();
      if (e.is_regular_file() && std::regex_match(n, ours) && !names.count(n)) std::filesystem::remove(e.path());
    }
    for (size_t i = 0; i < files.size(); ++i) std::filesystem::rename(tmp[i], dir + "/" + files[i].name);
  }
};

}  // namespace chorus::ingest::synthetic
