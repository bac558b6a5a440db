#include "tmrc_stage.hpp"

#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "io/common/reader_support.hpp"
#include "tmrc_reader.hpp"

namespace chorus::ingest_tmrc {

namespace {

// The schema of `tweets` and `users`: one pattern or a list of them.
sdk::Json patterns_schema() {
  return sdk::Json::parse(R"json({
    "type": ["string", "array"],
    "oneOf": [
      {"type": "string", "minLength": 1, "description": "One path or glob pattern."},
      {"type": "array", "minItems": 1, "description": "Several paths or glob patterns, read in this order.",
       "items": {"type": "string", "minLength": 1, "description": "A path or glob pattern."}}
    ]
  })json");
}

// `tweets` or `users` -> the patterns, in order.
std::function<std::vector<std::string>(const sdk::Json&)> patterns_of(std::string key) {
  return [key](const sdk::Json& v) {
    const std::string where = "with." + key;
    std::vector<std::string> out;
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
    } else if (v.is_array()) {
      if (v.empty()) throw sdk::ConfigError(where + ": expected a list of at least 1 pattern, got []");
      for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
          throw sdk::ConfigError(where + "[" + std::to_string(i) + "]: expected a path or glob pattern, got " +
                                 v[i].dump());
        out.push_back(v[i].get<std::string>());
      }
    } else {
      throw sdk::ConfigError(where + ": expected a path or glob pattern, or a list of them, got " + v.dump());
    }
    for (size_t i = 0; i < out.size(); ++i)
      if (out[i].empty())
        throw sdk::ConfigError(where + (v.is_array() ? "[" + std::to_string(i) + "]" : std::string()) +
                               ": expected a non-empty path or glob pattern");
    return out;
  };
}

sdk::Json campaigns_schema() {
  return sdk::Json::parse(R"json({
    "type": "array",
    "minItems": 1,
    "items": {
      "type": "object",
      "description": "One mapping entry.",
      "properties": {
        "files": {"type": "string", "minLength": 1, "description": "Shell pattern (*, ?, [...]) on the file name without folders, e.g. CNHU_0621_* or hashed_2021_12_CNHU_0621_*."},
        "campaign": {"type": "string", "minLength": 1, "description": "Campaign label for posts.campaign and accounts.campaign, e.g. twitter_io:CNHU_0621."},
        "state": {"type": ["string", "null"], "description": "Attributed state (e.g. CN) for the state columns; omit or null when none is attributed."}
      },
      "required": ["files", "campaign"],
      "additionalProperties": false
    }
  })json");
}

std::vector<CampaignRule> campaign_rules(const sdk::Json& v) {
  if (!v.is_array() || v.empty())
    throw sdk::ConfigError(
        "with.campaigns: expected a list of {files: <file-name pattern>, campaign: <label>, "
        "state: <code>}; campaign and state never come from a column");
  static const std::vector<std::string> keys = {"files", "campaign", "state"};
  std::vector<CampaignRule> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string where = "with.campaigns[" + std::to_string(i) + "]";
    const sdk::Json& c = v[i];
    if (!c.is_object()) throw sdk::ConfigError(where + ": expected a mapping {files, campaign, state}");
    for (auto it = c.begin(); it != c.end(); ++it) {
      bool known = false;
      for (const auto& k : keys) known = known || k == it.key();
      if (!known)
        throw sdk::ConfigError(where + ": unknown key '" + it.key() + "'" +
                               sdk::did_you_mean(it.key(), keys, "expected"));
    }
    for (const char* k : {"files", "campaign"})
      if (!c.contains(k) || !c[k].is_string() || c[k].get<std::string>().empty())
        throw sdk::ConfigError(where + "." + k + ": expected a non-empty string");
    CampaignRule r;
    r.files = c["files"].get<std::string>();
    r.campaign = c["campaign"].get<std::string>();
    if (r.files.find('/') != std::string::npos)
      throw sdk::ConfigError(where + ".files: pattern '" + r.files +
                             "' has a '/': it is matched against the file name only");
    if (c.contains("state") && !c["state"].is_null()) {
      if (!c["state"].is_string()) throw sdk::ConfigError(where + ".state: expected a string or null");
      r.state = c["state"].get<std::string>();
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

const sdk::OptionTable<TmrcConfig>& TmrcStage::options() {
  using C = TmrcConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .json("tweets", &C::tweets, patterns_schema(), sdk::Json(),
                "Tweets CSV files: a path or glob pattern, or a list of them (relative to the pipeline file's "
                "folder), e.g. data/CNHU_0621_tweets_csv_hashed_*.csv. Each pattern must match at least one file.",
                patterns_of("tweets"))
          .optional()
          .json("users", &C::users, patterns_schema(), sdk::Json(),
                "Users CSV files (one row per account; columns with or without the user_ prefix): a path or glob "
                "pattern, or a list of them. They fill the accounts output.",
                patterns_of("users"))
          .optional()
          .json("campaigns", &C::campaigns, campaigns_schema(), sdk::Json(),
                "File-name pattern -> campaign label and attributed state. Each file (tweets or users) takes the "
                "first entry whose pattern matches its name; a file that matches none is an error.",
                campaign_rules)
          .required()
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch (each output).")
          .at_least(1)
          .check([](const C& c) {
            if (c.tweets.empty() && c.users.empty())
              throw sdk::ConfigError(
                  "with.tweets: give 'tweets' or 'users' (or both): glob patterns of the archive's CSV files");
          });
  return table;
}

std::optional<sdk::PortTypes> TmrcStage::infer(const TmrcConfig&, const sdk::PortTypes&, sdk::Context& ctx) {
  sdk::PortTypes out;
  for (const char* t : {"posts", "accounts"}) {
    auto s = ctx.dataset_type(t);
    if (!s) throw std::runtime_error(std::string("the host does not know the dataset type '") + t + "'");
    out[t] = {t, *s};
  }
  out["rejects"] = {"rejects", io_common::rejects_schema(ctx)};
  return out;
}

void TmrcStage::fingerprint(const TmrcConfig& config, sdk::Context& ctx) {
  for (const auto& list : {expand_all(config.tweets, ctx), expand_all(config.users, ctx)})
    for (const auto& f : list) {
      campaign_for(f, config.campaigns);
      ctx.add_input_file(f);
    }
}

void TmrcStage::run(const TmrcConfig& config, sdk::Context& ctx) {
  const auto tweet_files = expand_all(config.tweets, ctx);
  const auto user_files = expand_all(config.users, ctx);
  // Every file must have a campaign before anything is emitted.
  for (const auto& list : {tweet_files, user_files})
    for (const auto& f : list) campaign_for(f, config.campaigns);

  TmrcReader r(ctx, config.batch_rows);
  for (const auto& f : tweet_files) r.read_file(f, campaign_for(f, config.campaigns), /*tweets=*/true);
  for (const auto& f : user_files) r.read_file(f, campaign_for(f, config.campaigns), /*tweets=*/false);
  r.finish();
  ctx.info("ingest/tmrc: " + std::to_string(r.posts_count) + " posts from " + std::to_string(tweet_files.size()) +
           " tweets file(s), " + std::to_string(r.accounts_count) + " accounts from " +
           std::to_string(user_files.size()) + " users file(s), " + std::to_string(r.rejects.count()) + " rejected");
  if (r.rejects.count() > 0)
    ctx.warn("ingest/tmrc: " + std::to_string(r.rejects.count()) + " record(s) rejected (see the rejects output)");
}

}  // namespace chorus::ingest_tmrc
