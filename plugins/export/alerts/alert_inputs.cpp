#include "alert_inputs.hpp"

#include <stdexcept>
#include <utility>

#include "alert_time.hpp"

namespace chorus::export_alerts {

namespace {

// Typed access to one row of an input batch; errors name the input, column
// and row (1-based over the whole input).
class Cells {
 public:
  Cells(const std::string& port, const Batch& b, int64_t first_row) : port_(port), b_(b), first_row_(first_row) {}

  bool has(const char* name) const { return b_.index_of(name) >= 0; }
  std::string str(const char* name, int64_t i) const { return std::string(non_null(name, i).str(i)); }
  int64_t int64(const char* name, int64_t i) const { return non_null(name, i).int64(i); }
  double float64(const char* name, int64_t i) const { return non_null(name, i).float64(i); }
  bool boolean(const char* name, int64_t i) const { return non_null(name, i).boolean(i); }
  std::vector<std::string> list(const char* name, int64_t i) const {
    const Column& c = b_.column(name);
    std::vector<std::string> out;
    if (c.is_null(i)) return out;  // a null list reads as empty
    for (int64_t j = 0; j < c.list_size(i); ++j) out.emplace_back(c.list_item(i, j));
    return out;
  }
  std::optional<std::string> opt_str(const char* name, int64_t i) const {
    if (!has(name) || b_.column(name).is_null(i)) return std::nullopt;
    return std::string(b_.column(name).str(i));
  }
  std::optional<int64_t> opt_int64(const char* name, int64_t i) const {
    if (!has(name) || b_.column(name).is_null(i)) return std::nullopt;
    return b_.column(name).int64(i);
  }
  std::optional<double> opt_float64(const char* name, int64_t i) const {
    if (!has(name) || b_.column(name).is_null(i)) return std::nullopt;
    return b_.column(name).float64(i);
  }
  std::optional<bool> opt_bool(const char* name, int64_t i) const {
    if (!has(name) || b_.column(name).is_null(i)) return std::nullopt;
    return b_.column(name).boolean(i);
  }
  // A utf8 cell, or the first item of a list<utf8> cell.
  std::optional<std::string> opt_str_or_first(const char* name, int64_t i) const {
    if (!has(name) || b_.column(name).is_null(i)) return std::nullopt;
    const Column& c = b_.column(name);
    if (c.type().id == TypeId::Utf8) return std::string(c.str(i));
    if (c.type().id == TypeId::ListUtf8) {
      if (c.list_size(i) == 0) return std::nullopt;
      return std::string(c.list_item(i, 0));
    }
    fail(name, i, "expected utf8 or list<utf8>, got " + c.type().name());
  }
  std::optional<int64_t> opt_ms(const char* name, int64_t i) const {
    if (!has(name) || b_.column(name).is_null(i)) return std::nullopt;
    const Column& c = b_.column(name);
    if (c.type().id != TypeId::Timestamp) fail(name, i, "expected a timestamp column, got " + c.type().name());
    return to_ms(c.int64(i), c.type().unit);
  }
  [[noreturn]] void fail(const char* name, int64_t i, const std::string& what) const {
    throw std::runtime_error("input '" + port_ + "' column '" + name + "' row " + std::to_string(first_row_ + i + 1) +
                             ": " + what);
  }

 private:
  const Column& non_null(const char* name, int64_t i) const {
    const Column& c = b_.column(name);
    if (c.is_null(i)) fail(name, i, "null where a value is required");
    return c;
  }
  const std::string& port_;
  const Batch& b_;
  int64_t first_row_;
};

// Reads every batch of `port` (if connected) with the given columns and calls
// row(cells, i) for each row.
template <class RowFn>
void read_port(sdk::Context& ctx, const std::string& port, std::vector<std::string> columns,
               std::vector<std::string> optional, RowFn row) {
  if (!ctx.input_type(port)) return;
  ctx.select(port, std::move(columns), optional);
  Batch b;
  int64_t seen = 0;
  while (ctx.read(port, b)) {
    Cells cells(port, b, seen);
    for (int64_t i = 0; i < b.rows(); ++i) row(cells, i);
    seen += b.rows();
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
}

}  // namespace

FindingInputs read_finding_inputs(sdk::Context& ctx) {
  FindingInputs in;

  read_port(ctx, "clusters",
            {"cluster_id", "rank", "size", "coordination_score", "independent_streams", "streams", "edges", "density",
             "posts", "first_activity", "last_activity"},
            {}, [&](const Cells& c, int64_t i) {
              ClusterRow r;
              r.cluster_id = c.str("cluster_id", i);
              r.rank = c.int64("rank", i);
              r.size = c.int64("size", i);
              r.coordination_score = c.float64("coordination_score", i);
              r.independent_streams = c.int64("independent_streams", i);
              r.streams = c.list("streams", i);
              r.edges = c.int64("edges", i);
              r.density = c.float64("density", i);
              r.posts = c.opt_int64("posts", i);
              r.first_activity_ms = c.opt_ms("first_activity", i);
              r.last_activity_ms = c.opt_ms("last_activity", i);
              const std::string id = r.cluster_id;
              if (!in.clusters.emplace(id, std::move(r)).second)
                c.fail("cluster_id", i, "cluster '" + id + "' appears twice");
            });

  auto known = [&](const std::string& port, const std::string& cluster_id) {
    if (in.clusters.count(cluster_id)) return true;
    ++in.orphan_rows[port];
    return false;
  };

  read_port(ctx, "assessments",
            {"cluster_id", "source_name", "source_reliability", "information_credibility", "admiralty", "confidence",
             "credibility_rationale", "tier", "tier_rationale", "attributed_state", "attribution_basis", "reviewed",
             "disarm_version", "techniques"},
            {"reliability_rationale"}, [&](const Cells& c, int64_t i) {
              AssessmentRow r;
              r.cluster_id = c.str("cluster_id", i);
              r.source_name = c.str("source_name", i);
              r.source_reliability = c.str("source_reliability", i);
              r.information_credibility = c.int64("information_credibility", i);
              r.admiralty = c.str("admiralty", i);
              r.confidence = c.opt_int64("confidence", i);
              r.credibility_rationale = c.str("credibility_rationale", i);
              r.tier = c.str("tier", i);
              r.tier_rationale = c.str("tier_rationale", i);
              r.attributed_state = c.opt_str("attributed_state", i);
              r.attribution_basis = c.opt_str("attribution_basis", i);
              r.reviewed = c.opt_bool("reviewed", i).value_or(false);
              r.disarm_version = c.opt_str("disarm_version", i);
              r.techniques = c.list("techniques", i);
              r.reliability_rationale = c.opt_str("reliability_rationale", i);
              if (!in.clusters.count(r.cluster_id))
                c.fail("cluster_id", i, "cluster '" + r.cluster_id + "' is not in input 'clusters'");
              if (r.admiralty != r.source_reliability + std::to_string(r.information_credibility))
                c.fail("admiralty", i,
                       "'" + r.admiralty + "' disagrees with source_reliability '" + r.source_reliability +
                           "' and information_credibility " + std::to_string(r.information_credibility));
              if (r.attributed_state.has_value() != r.attribution_basis.has_value())
                c.fail("attribution_basis", i, "attributed_state and attribution_basis must be both set or both null");
              for (const auto& a : in.assessments)
                if (a.cluster_id == r.cluster_id)
                  c.fail("cluster_id", i, "cluster '" + r.cluster_id + "' is assessed twice");
              in.assessments.push_back(std::move(r));
            });

  read_port(ctx, "members", {"cluster_id", "account_id", "membership_strength", "degree", "streams"}, {},
            [&](const Cells& c, int64_t i) {
              const std::string cluster = c.str("cluster_id", i);
              if (!known("members", cluster)) return;
              MemberRow r;
              r.account_id = c.str("account_id", i);
              r.membership_strength = c.float64("membership_strength", i);
              r.degree = c.opt_int64("degree", i);
              r.streams = c.list("streams", i);
              in.members[cluster].push_back(std::move(r));
            });

  read_port(ctx, "evidence",
            {"cluster_id", "stream", "edges", "density", "weight_sum", "median_active_days", "min_q", "median_q",
             "mean_latency_s"},
            {"family", "supports"}, [&](const Cells& c, int64_t i) {
              const std::string cluster = c.str("cluster_id", i);
              if (!known("evidence", cluster)) return;
              EvidenceRow r;
              r.stream = c.str("stream", i);
              r.edges = c.int64("edges", i);
              r.density = c.float64("density", i);
              r.weight_sum = c.float64("weight_sum", i);
              r.median_active_days = c.opt_float64("median_active_days", i);
              r.min_q = c.opt_float64("min_q", i);
              r.median_q = c.opt_float64("median_q", i);
              r.mean_latency_s = c.opt_float64("mean_latency_s", i);
              r.family = c.opt_str("family", i);
              r.supports = c.opt_bool("supports", i);
              in.evidence[cluster].push_back(std::move(r));
            });

  read_port(ctx, "techniques", {"cluster_id", "technique_id", "name", "tactic_id", "rule", "evidence"}, {},
            [&](const Cells& c, int64_t i) {
              const std::string cluster = c.str("cluster_id", i);
              if (!known("techniques", cluster)) return;
              TechniqueRow r;
              r.technique_id = c.str("technique_id", i);
              r.name = c.opt_str("name", i);
              r.tactic_id = c.opt_str("tactic_id", i);
              r.rule = c.opt_str("rule", i);
              r.evidence = c.opt_str("evidence", i);
              in.techniques[cluster].push_back(std::move(r));
            });

  read_port(ctx, "profile", {"cluster_id", "facet", "rank", "value", "count", "share", "excerpts"},
            {"translated_excerpt"}, [&](const Cells& c, int64_t i) {
              const std::string cluster = c.str("cluster_id", i);
              if (!known("profile", cluster)) return;
              ProfileRow r;
              r.facet = c.str("facet", i);
              r.rank = c.int64("rank", i);
              r.value = c.str("value", i);
              r.count = c.int64("count", i);
              r.share = c.float64("share", i);
              r.excerpts = c.list("excerpts", i);
              if (c.has("translated_excerpt")) {
                // A translation stage may give one text or one per excerpt: the alert carries the first.
                auto text = c.opt_str_or_first("translated_excerpt", i);
                if (text && !text->empty()) r.translated_excerpt = std::move(text);
              }
              in.profile[cluster].push_back(std::move(r));
            });

  read_port(ctx, "summary",
            {"cluster_id", "posts", "originals", "followers_sum", "followers_max", "likes", "shares", "replies",
             "reach", "first_post", "last_post", "active_days", "peak_day", "peak_day_posts", "top_narrative"},
            {}, [&](const Cells& c, int64_t i) {
              const std::string cluster = c.str("cluster_id", i);
              in.has_summary = true;
              if (!known("summary", cluster)) return;
              SummaryRow r;
              r.posts = c.opt_int64("posts", i);
              r.originals = c.opt_int64("originals", i);
              r.followers_sum = c.opt_int64("followers_sum", i);
              r.followers_max = c.opt_int64("followers_max", i);
              r.likes = c.opt_int64("likes", i);
              r.shares = c.opt_int64("shares", i);
              r.replies = c.opt_int64("replies", i);
              r.reach = c.opt_int64("reach", i);
              r.first_post_ms = c.opt_ms("first_post", i);
              r.last_post_ms = c.opt_ms("last_post", i);
              r.active_days = c.opt_int64("active_days", i);
              r.peak_day = c.opt_str("peak_day", i);
              r.peak_day_posts = c.opt_int64("peak_day_posts", i);
              r.top_narrative = c.opt_str("top_narrative", i);
              if (!in.summary.emplace(cluster, std::move(r)).second)
                c.fail("cluster_id", i, "cluster '" + cluster + "' has two summary rows");
            });
  if (ctx.input_type("summary")) in.has_summary = true;

  read_port(ctx, "accounts", {"author_id", "author_handle"}, {}, [&](const Cells& c, int64_t i) {
    const auto id = c.opt_str("author_id", i);
    // The first row of an account gives its handle, as export/stix does (a null or empty handle: none).
    if (id) in.handles.emplace(*id, c.opt_str("author_handle", i).value_or(""));
  });
  return in;
}

}  // namespace chorus::export_alerts
