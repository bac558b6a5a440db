#include "profile_stage.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "profiler.hpp"

namespace chorus::detect_profile {

namespace {

struct Needed {
  const char* name;
  TypeId type;
};

// The columns read from each input; a timestamp column may have any unit.
const std::vector<std::pair<const char*, std::vector<Needed>>>& needed_columns() {
  static const std::vector<std::pair<const char*, std::vector<Needed>>> needed = {
      {"members", {{"cluster_id", TypeId::Utf8}, {"account_id", TypeId::Utf8}}},
      {"clusters", {{"cluster_id", TypeId::Utf8}, {"rank", TypeId::Int64}}},
      {"posts",
       {{"post_id", TypeId::Utf8},
        {"author_id", TypeId::Utf8},
        {"created_at", TypeId::Timestamp},
        {"text", TypeId::Utf8},
        {"interaction_type", TypeId::Utf8},
        {"hashtags_folded", TypeId::ListUtf8},
        {"urls_normalized", TypeId::ListUtf8},
        {"language", TypeId::Utf8},
        {"state", TypeId::Utf8},
        {"source_file", TypeId::Utf8},
        {"likes", TypeId::Int64},
        {"shares", TypeId::Int64},
        {"replies", TypeId::Int64}}},
      {"accounts",
       {{"author_id", TypeId::Utf8},
        {"followers", TypeId::Int64},
        {"location", TypeId::Utf8},
        {"created_at", TypeId::Timestamp}}},
      {"near_duplicates", {{"cluster_id", TypeId::Utf8}, {"post_id", TypeId::Utf8}, {"author_id", TypeId::Utf8}}},
  };
  return needed;
}

std::vector<std::string> names_of(const std::vector<Needed>& cols) {
  std::vector<std::string> out;
  for (const Needed& n : cols) out.emplace_back(n.name);
  return out;
}

void emit_chunked(sdk::Context& ctx, const std::string& port, const Batch& all) {
  constexpr int64_t kRows = 65536;
  if (all.rows() <= kRows) {
    ctx.emit(port, Batch(all));
    return;
  }
  for (int64_t begin = 0; begin < all.rows(); begin += kRows) {
    const int64_t end = std::min(all.rows(), begin + kRows);
    Batch part(all.schema());
    for (size_t col = 0; col < all.num_columns(); ++col)
      for (int64_t r = begin; r < end; ++r) part.column(col).append_from(all.column(col), r);
    ctx.emit(port, std::move(part));
  }
}

std::string plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

const sdk::OptionTable<Config>& ProfileStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          .integer("top_n", &C::top_n, 10,
                   "Values kept per cluster for each ranked facet (narrative, hashtag, url, domain, language, "
                   "location, state, source, created), by count then value; hour and day are always complete.")
          .range(1, 100000)
          .integer("excerpts", &C::excerpts, 3,
                   "Verbatim texts kept per narrative: the earliest member posts of the near-duplicate cluster.")
          .range(2, 3)
          .integer("excerpt_chars", &C::excerpt_chars, 280,
                   "Length of an excerpt in Unicode code points; longer texts are cut (never inside a character).")
          .range(1, 100000)
          .number("narrative_min_share", &C::narrative_min_share, 0.5,
                  "A near-duplicate cluster is a narrative of a coordinated cluster when at least this share of its "
                  "posts are by the cluster's members: a text that everyone posts is not what the cluster pushes.")
          .range(0, 1);
  return table;
}

std::optional<sdk::PortTypes> ProfileStage::infer(const Config&, const sdk::PortTypes& inputs, sdk::Context&) {
  for (const auto& [port, cols] : needed_columns()) {
    auto it = inputs.find(port);
    if (it == inputs.end() || it->second.columns.empty()) continue;
    std::vector<std::string> names;
    for (const auto& f : it->second.columns) names.push_back(f.name);
    for (const Needed& n : cols) {
      const auto f = std::find_if(it->second.columns.begin(), it->second.columns.end(),
                                  [&](const Field& x) { return x.name == n.name; });
      if (f == it->second.columns.end())
        throw std::invalid_argument(std::string("input '") + port + "': no column '" + n.name + "'" +
                                    sdk::did_you_mean(n.name, names, "columns"));
      if (f->type.id != n.type)
        throw std::invalid_argument(
            std::string("input '") + port + "': column '" + n.name + "' is " + f->type.name() + ", expected " +
            (n.type == TypeId::Timestamp ? std::string("a timestamp") : DataType{n.type}.name()));
    }
  }
  return sdk::PortTypes{{"profile", {"cluster_profile", Profiler::profile_schema()}},
                        {"summary", {"cluster_summary", Profiler::summary_schema()}}};
}

void ProfileStage::run(const Config& cfg, sdk::Context& ctx) {
  // Post texts are most of the bytes of a posts dataset and only excerpts
  // need them: without near-duplicate templates they are not read.
  const bool narratives = ctx.input_type("near_duplicates").has_value();
  for (const auto& [port, cols] : needed_columns()) {
    std::vector<std::string> names = names_of(cols);
    if (std::string(port) == "posts" && !narratives) names.erase(std::find(names.begin(), names.end(), "text"));
    ctx.select(port, names);
  }
  Profiler p(ProfileOptions{cfg.top_n, cfg.excerpts, cfg.excerpt_chars, cfg.narrative_min_share});
  Batch b;
  // Members first: they decide which rows of the other inputs matter.
  while (ctx.read("members", b)) p.add_members(b);
  if (ctx.input_type("clusters"))
    while (ctx.read("clusters", b)) p.add_clusters(b);
  if (narratives)
    while (ctx.read("near_duplicates", b)) p.add_near_duplicates(b);
  if (ctx.input_type("accounts")) {
    p.expect_accounts();
    while (ctx.read("accounts", b)) p.add_accounts(b);
  }
  while (ctx.read("posts", b)) {
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
    p.add_posts(b);
    ctx.progress(p.counts().posts_read);
  }
  Profiler::Output out = p.finish();
  const ProfileCounts& c = p.counts();
  const std::string tag = "detect/profile: ";
  if (c.member_rows_null)
    ctx.warn(tag + plural(c.member_rows_null, "members row has", "members rows have") +
             " a null cluster_id or account_id (skipped)");
  if (c.member_rows_repeated)
    ctx.warn(tag + plural(c.member_rows_repeated, "members row repeats", "members rows repeat") +
             " a (cluster_id, account_id) pair (counted once)");
  if (c.clusters_without_members)
    ctx.warn(
        tag +
        plural(c.clusters_without_members, "cluster of the clusters input has", "clusters of the clusters input have") +
        " no members row (profiled with 0 accounts)");
  if (c.clusters_unranked)
    ctx.warn(tag + plural(c.clusters_unranked, "cluster of the members input is", "clusters of the members input are") +
             " not in the clusters input (ordered last, by cluster_id)");
  if (c.near_duplicate_rows_null)
    ctx.warn(tag + plural(c.near_duplicate_rows_null, "near_duplicates row has", "near_duplicates rows have") +
             " a null cluster_id, post_id or author_id (skipped)");
  if (c.member_posts_null_time)
    ctx.warn(tag + plural(c.member_posts_null_time, "member post has", "member posts have") +
             " a null created_at (counted in posts, not in hour, day, first/last post)");
  if (c.member_posts_null_type)
    ctx.warn(tag + plural(c.member_posts_null_type, "member post has", "member posts have") +
             " a null interaction_type (counted as non-share: originals and engagement)");
  if (c.urls_without_host)
    ctx.warn(tag + plural(c.urls_without_host, "member URL has", "member URLs have") +
             " no host (counted in url, not in domain)");
  if (c.narratives_without_excerpt)
    ctx.warn(tag + plural(c.narratives_without_excerpt, "narrative has", "narratives have") +
             " no excerpt: none of its member posts is in the posts input with a text");
  if (ctx.input_type("accounts")) {
    ctx.info(tag + plural(c.members_without_followers, "member account has", "member accounts have") +
             " no follower count (0 in followers_sum and reach); " +
             plural(c.members_without_account, "member has", "members have") + " no accounts row");
  } else {
    ctx.info(tag + "no accounts input: followers_sum, followers_max, location and created are null or empty");
  }
  ctx.info(tag + std::to_string(out.summary.rows()) + " clusters, " + std::to_string(c.member_posts) +
           " member posts of " + std::to_string(c.posts_read) + " posts read (" + std::to_string(c.member_posts_share) +
           " shares/forwards, whose engagement counts are not added: a retweet row can carry the original's counts)");
  emit_chunked(ctx, "profile", out.profile);
  emit_chunked(ctx, "summary", out.summary);
}

}  // namespace chorus::detect_profile
