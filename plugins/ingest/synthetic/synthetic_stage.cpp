#include "synthetic_stage.hpp"

#include <chorus/sdk/time.hpp>

#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "batcher.hpp"
#include "ground_truth.hpp"
#include "render.hpp"
#include "world_files.hpp"

namespace chorus::ingest_synthetic {

// Generates a synthetic world from a seed: several states' campaigns with
// intra-, inter-state and external interactions, planted inter-state flows
// (bidirectional, hub, one-way), accounts with more than ten distinct
// neighbours, an engagement gap between inter- and intra-state posts, shared
// and follow-train hashtags, URLs of several domain categories and a
// leader/follower group. Writes per state a takedown-archive tweets CSV and
// users CSV (2019+ layout), the unaffiliated accounts' posts as flattened
// twarc2 JSONL, and ground_truth.json with every planted structure and its
// counts. The same config gives byte-identical files on every platform.
const sdk::OptionTable<SyntheticConfig>& SyntheticStage::options() {
  using C = SyntheticConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .integer("seed", &C::seed, 1,
                   "Seed of the world: the same seed and knobs give the same files, byte for byte.")
          .string("out_dir", &C::out_dir,
                  "Folder the files are written to (created if missing), relative to the pipeline file's folder. "
                  "Files of an earlier world with the generator's names (SYN_*_0621_*_csv_hashed.csv, "
                  "unaffiliated_twarc2_flat.jsonl, ground_truth.json) are replaced or removed; nothing else there is "
                  "touched.")
          .min_length(1)
          .integer("states", &C::states, 4,
                   "Number of states (campaigns XA, XB, ...; at least 4 for the three flow shapes).")
          .range(4, 26)
          .integer("accounts_per_state", &C::accounts_per_state, 20,
                   "Accounts per state (at least 12: the planted roles need more than ten neighbours).")
          .at_least(12)
          .integer("posts_per_account", &C::posts_per_account, 20,
                   "Background posts per account (state-linked and unaffiliated); planted posts come on top.")
          .at_least(1)
          .integer("unaffiliated_accounts", &C::unaffiliated_accounts, 40,
                   "Unaffiliated accounts, written as twarc2 JSONL.")
          .at_least(0)
          .string("start", &C::start, "2020-01-01", "First instant of the world (ISO 8601, UTC), e.g. 2020-01-01.")
          .integer("days", &C::days, 365, "Length of the world in days.")
          .at_least(30)
          .integer("flow_posts", &C::flow_posts, 0,
                   "Posts per planted directed inter-state flow; 0: accounts_per_state * posts_per_account / 8, at "
                   "least 20.")
          .at_least(0)
          .integer("group_members", &C::group_members, 7,
                   "Members of the coordinated group (besides its leader); at most accounts_per_state - 2.")
          .at_least(2)
          .integer("group_entities", &C::group_entities, 8,
                   "Entities (hashtags and shortened URLs, alternately) the coordinated group posts after its leader.")
          .at_least(1)
          .boolean("operations", &C::operations, false,
                   "Hide coordinated operations in the twarc2 collection (a retweet ring, a hashtag-flooding group, a "
                   "link-sharing group posting from a template) among its accounts, with organic look-alikes (a viral "
                   "post, a concert-night trending hashtag, a long-running popular hashtag), and describe them in "
                   "ground_truth.json (operations, organic_lookalikes). False: the world of earlier versions, byte for "
                   "byte.")
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch (each output).")
          .at_least(1)
          .check([](const C& c) { world_config(c); });
  return table;
}

WorldConfig world_config(const SyntheticConfig& c) {
  // The generator counts in int: a count beyond it is more than it supports
  // (and far more than it could generate).
  auto count = [](const char* key, int64_t v) {
    if (v > std::numeric_limits<int>::max())
      throw sdk::ConfigError(std::string("with.") + key + ": " + std::to_string(v) +
                             " is more than the generator supports (" +
                             std::to_string(std::numeric_limits<int>::max()) + ")");
    return static_cast<int>(v);
  };
  WorldConfig w{};
  w.seed = c.seed;
  w.states = count("states", c.states);
  w.accounts_per_state = count("accounts_per_state", c.accounts_per_state);
  w.posts_per_account = count("posts_per_account", c.posts_per_account);
  w.unaffiliated = count("unaffiliated_accounts", c.unaffiliated_accounts);
  w.days = count("days", c.days);
  w.flow_posts = count("flow_posts", c.flow_posts);
  w.group_members = count("group_members", c.group_members);
  w.group_entities = count("group_entities", c.group_entities);
  w.operations = c.operations;
  time::ParseOptions po;
  po.epoch_integers = false;
  if (auto r = time::parse_timestamp(c.start, TimeUnit::Second, w.start_s, po); !r)
    throw sdk::ConfigError("with.start: '" + c.start + "' " + r.message());
  try {
    check_world(w);
  } catch (const std::invalid_argument& e) {
    throw sdk::ConfigError(std::string("with.") + e.what());
  }
  return w;
}

std::optional<sdk::PortTypes> SyntheticStage::infer(const SyntheticConfig&, const sdk::PortTypes&, sdk::Context& ctx) {
  sdk::PortTypes out;
  for (const char* t : {"posts", "accounts"}) {
    auto s = ctx.dataset_type(t);
    if (!s) throw std::runtime_error(std::string("the host does not know the dataset type '") + t + "'");
    out[t] = {t, *s};
  }
  out["files"] = {"", files_schema()};
  return out;
}

void SyntheticStage::run(const SyntheticConfig& o, sdk::Context& ctx) {
  const WorldConfig world = world_config(o);
  auto posts_type = ctx.dataset_type("posts"), accounts_type = ctx.dataset_type("accounts");
  if (!posts_type || !accounts_type)
    throw std::runtime_error("the host does not know the posts and accounts dataset types");
  World w = build_world(world);
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
            a_desc = accounts.col("description"), a_url = accounts.col("profile_url"), a_loc = accounts.col("location"),
            a_followers = accounts.col("followers"), a_following = accounts.col("following"),
            a_created = accounts.col("created_at"), a_precision = accounts.col("created_precision"),
            a_lang = accounts.col("language"), a_campaign = accounts.col("campaign"), a_state = accounts.col("state");
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
  write_world_files(dir, files);
  posts.flush();
  accounts.flush();

  Batch fb(files_schema());
  for (const auto& f : files) {
    fb.column(0).append_string(renderer.path_of(f.name));
    fb.column(1).append_string(f.kind);
    if (f.state.empty())
      fb.column(2).append_null();
    else
      fb.column(2).append_string(f.state);
    if (f.rows < 0)
      fb.column(3).append_null();
    else
      fb.column(3).append_int(f.rows);
    fb.column(4).append_int(static_cast<int64_t>(f.content.size()));
    fb.column(5).append_string(sha256_hex(f.content));
  }
  ctx.emit("files", std::move(fb));
  ctx.progress(posts.rows() + accounts.rows());
  ctx.info("ingest/synthetic: seed " + std::to_string(world.seed) + ": " + std::to_string(posts.rows()) + " posts, " +
           std::to_string(accounts.rows()) + " accounts, " + std::to_string(files.size()) + " files written to " + dir);
}

}  // namespace chorus::ingest_synthetic
