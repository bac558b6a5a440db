#include "influence_stage.hpp"

#include <chorus/sdk/time.hpp>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "activity.hpp"
#include "analysis.hpp"
#include "network.hpp"
#include "network_matrix.hpp"

namespace chorus::coordination_influence {

namespace {

std::string fold_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// "1h", "30m", "90s", "1d" -> milliseconds.
int64_t parse_duration_ms(const std::string& text, const std::string& key) {
  size_t pos = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  const std::string unit = text.substr(pos);
  int64_t scale = 0;
  if (unit == "s")
    scale = 1000;
  else if (unit == "m")
    scale = 60000;
  else if (unit == "h")
    scale = 3600000;
  else if (unit == "d")
    scale = 86400000;
  if (pos == 0 || pos > 9 || scale == 0)
    throw sdk::ConfigError(key + ": expected a duration like 1h, 30m, 90s or 1d, got '" + text + "'");
  const int64_t value = std::stoll(text.substr(0, pos));
  if (value <= 0) throw sdk::ConfigError(key + ": the duration must be positive, got '" + text + "'");
  return value * scale;
}

// An ISO 8601 time -> epoch milliseconds.
int64_t parse_time_ms(const sdk::Json& v, const std::string& key) {
  if (!v.is_string()) throw sdk::ConfigError(key + ": expected an ISO 8601 timestamp string, got " + v.dump());
  int64_t out = 0;
  const std::string text = v.get<std::string>();
  if (auto r = chorus::time::parse_timestamp(text, TimeUnit::Milli, out); !r)
    throw sdk::ConfigError(key + ": '" + text + "' " + r.message());
  return out;
}

// A time option (start, end, split_at): its schema and conversion.
sdk::Json time_schema() { return {{"type", "string"}}; }
auto time_option(const char* key) {
  return [key](const sdk::Json& v) -> std::optional<int64_t> { return parse_time_ms(v, std::string("with.") + key); };
}

// with.exclude: {hashtags, urls, mentions}, each a list of strings; hashtags
// lose a leading '#' and their ASCII letters are lower-cased.
std::array<std::set<std::string>, kTypes> parse_exclude(const sdk::Json& v) {
  if (!v.is_object()) throw sdk::ConfigError("with.exclude: expected an object with hashtags, urls, mentions");
  static const char* keys[] = {"hashtags", "urls", "mentions"};
  std::array<std::set<std::string>, kTypes> out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    int found = -1;
    for (int k = 0; k < kTypes; ++k)
      if (it.key() == keys[k]) found = k;
    if (found < 0) throw sdk::ConfigError("with.exclude." + it.key() + ": unknown key (hashtags, urls, mentions)");
    if (!it.value().is_array()) throw sdk::ConfigError("with.exclude." + it.key() + ": expected an array of strings");
    for (const auto& s : it.value()) {
      if (!s.is_string()) throw sdk::ConfigError("with.exclude." + it.key() + ": expected strings");
      std::string value = s.get<std::string>();
      if (found == kHashtag) {
        if (!value.empty() && value[0] == '#') value.erase(0, 1);
        value = fold_ascii(value);
      }
      out[static_cast<size_t>(found)].insert(value);
    }
  }
  return out;
}

Schema edges_schema() {
  return {{"source", {TypeId::Utf8}},    {"target", {TypeId::Utf8}},           {"entity_type", {TypeId::Utf8}},
          {"weight", {TypeId::Float64}}, {"coused_entities", {TypeId::Int64}}, {"lag1_events", {TypeId::Int64}},
          {"d_mean", {TypeId::Float64}}};
}
Schema scores_schema() {
  return {{"account", {TypeId::Utf8}},      {"class", {TypeId::Utf8}},    {"out_weight", {TypeId::Float64}},
          {"in_weight", {TypeId::Float64}}, {"total", {TypeId::Float64}}, {"out_edges", {TypeId::Int64}},
          {"in_edges", {TypeId::Int64}},    {"posts", {TypeId::Int64}},   {"rank", {TypeId::Int64}}};
}
Schema composition_schema() {
  return {{"entity_type", {TypeId::Utf8}},        {"source_class", {TypeId::Utf8}},
          {"target_class", {TypeId::Utf8}},       {"source_accounts", {TypeId::Int64}},
          {"target_accounts", {TypeId::Int64}},   {"source_in_network", {TypeId::Int64}},
          {"target_in_network", {TypeId::Int64}}, {"edges", {TypeId::Int64}},
          {"weight_sum", {TypeId::Float64}},      {"weight_mean", {TypeId::Float64}},
          {"possible_pairs", {TypeId::Int64}},    {"weight_per_pair", {TypeId::Float64}}};
}
Schema before_after_schema() {
  return {{"entity_type", {TypeId::Utf8}},           {"source_class", {TypeId::Utf8}},
          {"target_class", {TypeId::Utf8}},          {"edges_before", {TypeId::Int64}},
          {"mean_weight_before", {TypeId::Float64}}, {"edges_after", {TypeId::Int64}},
          {"mean_weight_after", {TypeId::Float64}},  {"ratio", {TypeId::Float64}}};
}
Schema capped_schema() {
  return {{"entity_type", {TypeId::Utf8}},
          {"entity", {TypeId::Utf8}},
          {"bin_start", {TypeId::Timestamp, TimeUnit::Milli}},
          {"accounts", {TypeId::Int64}}};
}

void check_columns(const Schema& columns, const Config& o) {
  auto need = [&](const char* name, std::initializer_list<TypeId> ids, const char* what) {
    for (const auto& f : columns)
      if (f.name == name) {
        for (TypeId id : ids)
          if (f.type.id == id) return;
        throw std::invalid_argument(std::string("input posts: column '") + name + "' is " + f.type.name() +
                                    ", expected " + what);
      }
    throw std::invalid_argument(std::string("input posts: no column '") + name + "'");
  };
  need("author_id", {TypeId::Utf8}, "utf8");
  need("created_at", {TypeId::Timestamp}, "a timestamp");
  static const char* lists[] = {"hashtags_folded", "urls_normalized", "mentions"};
  for (int t = 0; t < kTypes; ++t)
    if (o.type_enabled[t]) need(lists[t], {TypeId::ListUtf8}, "list<utf8>");
}

void log_counts(const Result& r, sdk::Context& ctx) {
  const Activity& a = r.activity;
  if (a.null_author) ctx.warn(std::to_string(a.null_author) + " posts skipped: author_id is null");
  if (a.null_time) ctx.warn(std::to_string(a.null_time) + " posts skipped: created_at is null");
  if (a.null_lists)
    ctx.warn(std::to_string(a.null_lists) +
             " entity lists were null (run normalize/posts first?): no entity taken from them");
  if (a.outside_window) ctx.info(std::to_string(a.outside_window) + " posts outside the window ignored");
  if (a.state_conflicts)
    ctx.warn(std::to_string(a.state_conflicts) +
             " accounts have posts with different states: the smallest state code is used");
  if (!a.capped.empty()) ctx.warn(std::to_string(a.capped.size()) + " hub entity-bins capped (see the capped output)");
  ctx.info(std::to_string(a.accounts.size()) + " of " + std::to_string(a.accounts_seen) + " accounts, " +
           std::to_string(a.entities.size()) + " entities, " + std::to_string(a.bins) + " bins, " +
           std::to_string(a.cells.size()) + " active cells, " + std::to_string(r.network.candidate_pairs) +
           " candidate pairs, " + std::to_string(r.network.edges[kAverage].size()) + " average edges");
}

// The output batches, port by port (each port's rows in their documented order).
std::vector<std::pair<std::string, Batch>> to_batches(const Result& r, const Config& o) {
  std::vector<std::pair<std::string, Batch>> out;
  const Activity& a = r.activity;
  const size_t limit = static_cast<size_t>(o.batch_rows);
  auto batcher = [&](const char* port, const Schema& schema) {
    return [&out, port, schema, limit](Batch& b, bool last) {
      if (b.rows() >= static_cast<int64_t>(limit) ||
          (last && (b.rows() > 0 || out.empty() || out.back().first != port))) {
        out.push_back({port, std::move(b)});
        b = Batch(schema);
      }
    };
  };
  {  // edges
    Batch b(edges_schema());
    auto flush = batcher("edges", edges_schema());
    for (int t = 0; t <= kAverage; ++t)
      for (const Edge& e : r.network.edges[t]) {
        b.column(0).append_string(a.accounts[e.source]);
        b.column(1).append_string(a.accounts[e.target]);
        b.column(2).append_string(entity_type_name(t));
        b.column(3).append_double(e.weight);
        b.column(4).append_int(e.coused);
        b.column(5).append_int(e.lag1);
        b.column(6).append_double(e.d_mean);
        flush(b, false);
      }
    flush(b, true);
  }
  const std::vector<Score> scores = scores_of(r.network.edges[o.scores_type], a.accounts.size());
  {  // scores
    Batch b(scores_schema());
    auto flush = batcher("scores", scores_schema());
    int64_t rank = 0;
    for (uint32_t i : rank_order(scores)) {
      const Score& s = scores[i];
      b.column(0).append_string(a.accounts[i]);
      b.column(1).append_string(a.classes[i]);
      b.column(2).append_double(s.out_weight);
      b.column(3).append_double(s.in_weight);
      b.column(4).append_double(s.out_weight + s.in_weight);
      b.column(5).append_int(s.out_edges);
      b.column(6).append_int(s.in_edges);
      b.column(7).append_int(a.account_posts[i]);
      b.column(8).append_int(++rank);
      flush(b, false);
    }
    flush(b, true);
  }
  const std::set<std::string> class_set(a.classes.begin(), a.classes.end());
  const std::vector<std::string> classes(class_set.begin(), class_set.end());
  std::map<std::string, int64_t> class_size;
  for (const auto& c : a.classes) ++class_size[c];
  {  // composition
    Batch b(composition_schema());
    for (int t = 0; t <= kAverage; ++t) {
      if (t < kTypes && !o.type_enabled[t]) continue;
      std::vector<uint8_t> in_network(a.accounts.size(), 0);
      std::map<std::pair<std::string, std::string>, std::pair<int64_t, double>> tally;
      for (const Edge& e : r.network.edges[t]) {
        in_network[e.source] = in_network[e.target] = 1;
        auto& cell = tally[{a.classes[e.source], a.classes[e.target]}];
        ++cell.first, cell.second += e.weight;
      }
      std::map<std::string, int64_t> in_net;
      for (size_t i = 0; i < a.accounts.size(); ++i) in_net[a.classes[i]] += in_network[i];
      for (const auto& s : classes)
        for (const auto& d : classes) {
          const auto found = tally.find({s, d});
          const int64_t edges = found == tally.end() ? 0 : found->second.first;
          const double sum = found == tally.end() ? 0.0 : found->second.second;
          const int64_t possible = class_size[s] * class_size[d] - (s == d ? class_size[s] : 0);
          b.column(0).append_string(entity_type_name(t));
          b.column(1).append_string(s);
          b.column(2).append_string(d);
          b.column(3).append_int(class_size[s]);
          b.column(4).append_int(class_size[d]);
          b.column(5).append_int(in_net[s]);
          b.column(6).append_int(in_net[d]);
          b.column(7).append_int(edges);
          b.column(8).append_double(sum);
          if (edges)
            b.column(9).append_double(sum / static_cast<double>(edges));
          else
            b.column(9).append_null();
          b.column(10).append_int(possible);
          if (possible)
            b.column(11).append_double(sum / static_cast<double>(possible));
          else
            b.column(11).append_null();
        }
    }
    out.push_back({"composition", std::move(b)});
  }
  {  // before_after
    Batch b(before_after_schema());
    if (r.has_split) {
      auto tally = [&](const Network& net) {
        std::map<std::pair<std::string, std::string>, std::pair<int64_t, double>> m;
        for (const Edge& e : net.edges[o.scores_type]) {
          auto& all = m[{"all", "all"}];
          ++all.first, all.second += e.weight;
          auto& cell = m[{a.classes[e.source], a.classes[e.target]}];
          ++cell.first, cell.second += e.weight;
        }
        return m;
      };
      auto before = tally(r.before), after = tally(r.after);
      std::vector<std::pair<std::string, std::string>> keys{{"all", "all"}};
      for (const auto& s : classes)
        for (const auto& d : classes) keys.push_back({s, d});
      for (const auto& k : keys) {
        const auto x = before[k], y = after[k];
        b.column(0).append_string(entity_type_name(o.scores_type));
        b.column(1).append_string(k.first);
        b.column(2).append_string(k.second);
        b.column(3).append_int(x.first);
        if (x.first)
          b.column(4).append_double(x.second / static_cast<double>(x.first));
        else
          b.column(4).append_null();
        b.column(5).append_int(y.first);
        if (y.first)
          b.column(6).append_double(y.second / static_cast<double>(y.first));
        else
          b.column(6).append_null();
        if (x.first && y.first)
          b.column(7).append_double((y.second / static_cast<double>(y.first)) /
                                    (x.second / static_cast<double>(x.first)));
        else
          b.column(7).append_null();
      }
    }
    out.push_back({"before_after", std::move(b)});
  }
  {  // capped, in (entity, bin) order
    Batch b(capped_schema());
    for (const CappedBin& c : a.capped) {
      b.column(0).append_string(entity_type_name(a.entity_type[c.entity]));
      b.column(1).append_string(a.entities[c.entity]);
      b.column(2).append_int((a.first_bin + c.bin) * a.bin_ms);
      b.column(3).append_int(c.accounts);
    }
    out.push_back({"capped", std::move(b)});
  }
  out.push_back({"network_matrix", network_matrix_batch(r.matrix, a)});
  return out;
}

}  // namespace

const sdk::OptionTable<Config>& InfluenceStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          .json("bin", &C::bin_ms, sdk::Json{{"type", "string"}}, "1h",
                "Bin length: an integer and s, m, h or d (1h, 30m, 1d). Bins are aligned to multiples of the length "
                "since the Unix epoch (UTC hour boundaries for 1h).",
                [](const sdk::Json& v) {
                  if (!v.is_string()) throw sdk::ConfigError("with.bin: expected a duration like 1h, got " + v.dump());
                  return parse_duration_ms(v.get<std::string>(), "with.bin");
                })
          .json("start", &C::start_ms, time_schema(), sdk::Json(),
                "Window start (ISO 8601, inclusive), floored to its bin. Default: the bin of the first post.",
                time_option("start"))
          .json("end", &C::end_ms, time_schema(), sdk::Json(),
                "Window end (ISO 8601, exclusive). Default: through the bin of the last post. Posts outside the window "
                "are counted and ignored.",
                time_option("end"))
          .strings("entity_types", &C::type_enabled, {"hashtag", "url", "mention"},
                   "Entity types used: hashtag (hashtags_folded), url (urls_normalized), mention (mentions).")
          .min_items(1)
          .unique_items()
          .one_of({"hashtag", "url", "mention"})
          .json("exclude", &C::exclude, sdk::Json::parse(R"({"type": "object", "additionalProperties": false,
                  "properties": {
                    "hashtags": {"type": "array", "items": {"type": "string"}, "description": "Hashtags, with or without '#'; ASCII letters are lower-cased, other text must already be case-folded."},
                    "urls": {"type": "array", "items": {"type": "string"}, "description": "Normalized URLs, matched exactly."},
                    "mentions": {"type": "array", "items": {"type": "string"}, "description": "Mentioned ids or handles, matched exactly."}}})"),
                sdk::Json(), "Entities left out (e.g. the search terms a collection used).", parse_exclude)
          .integer("min_posts", &C::min_posts, 1, "Accounts with fewer posts in the window are left out.")
          .at_least(1)
          .number("top_percent", &C::top_percent,
                  "Keep only the top x% of accounts by posts in the window (ceil; ties by account id). Default: all.")
          .optional()
          .above(0)
          .at_most(100)
          .boolean("balance_unaffiliated", &C::balance_unaffiliated, false,
                   "Draw a seeded random sample of unaffiliated accounts (state null) as large as the number of "
                   "state-linked ones.")
          .integer("seed", &C::seed, 1, "Seed of the balanced sample (splitmix64).")
          .choice("class_value", &C::class_is_state_code, {{"state_linked", false}, {"state", true}}, "state_linked",
                  "Class of an account with a state: the word state_linked or its state code; unaffiliated otherwise.")
          .integer("max_accounts_per_entity_bin", &C::max_accounts_per_entity_bin, 1000,
                   "An entity-bin with more active accounts is removed for everyone and reported on 'capped'; 0: no "
                   "cap.")
          .at_least(0)
          .choice("measure", &C::measure,
                  {{"trace", Measure::Trace}, {"frobenius_distance", Measure::FrobeniusDistance}}, "trace",
                  "Per-entity d: trace = 2 - tr(A_ij) (0 = j copies i, 1 = independence); frobenius_distance = "
                  "||A_ij - I||_F.")
          .number("laplace", &C::laplace, 0,
                  "Laplace smoothing of A_ij: (count + laplace) / (row sum + 2 laplace); 0 = none (a row without "
                  "counts stays zero).")
          .at_least(0)
          .choice("average", &C::average_over_all, {{"co_used", false}, {"all", true}}, "co_used",
                  "Mean d over the entities both accounts used (co_used) or over all entities of the type in the "
                  "window (all).")
          .choice("type_average", &C::pooled_types, {{"mean_of_types", false}, {"pooled", true}}, "mean_of_types",
                  "The 'average' entity_type: mean of the per-type mean d over the types that have entities "
                  "(mean_of_types), or one mean over the entities of all types (pooled).")
          .integer("min_coused_entities", &C::min_coused_entities, 1, "Minimum number of co-used entities for an edge.")
          .at_least(1)
          .integer("min_lag1_events", &C::min_lag1_events, 1,
                   "Minimum number of lag-1 events (sum of c over entities) for an edge.")
          .at_least(1)
          .choice("scores_entity_type", &C::scores_type,
                  {{"average", kAverage}, {"hashtag", kHashtag}, {"url", kUrl}, {"mention", kMention}}, "average",
                  "Edges the scores, composition and before_after tables use.")
          .json("split_at", &C::split_at_ms, time_schema(), sdk::Json(),
                "ISO 8601 time (floored to its bin): before_after compares the networks of the two sub-windows. "
                "Default: before_after is empty.",
                time_option("split_at"))
          .integer("network_matrix_accounts", &C::network_matrix_accounts, 0,
                   "Estimate the network matrix D by maximum-likelihood EM for this many top-ranked accounts (0: off).")
          .range(0, 1000)
          .integer("em_max_iterations", &C::em_max_iterations, 5000, "EM iterations at most per row of D.")
          .at_least(1)
          .number("em_tolerance", &C::em_tolerance, 1e-10,
                  "EM stops when no entry of the row changes by more than this.")
          .above(0)
          .integer("threads", &C::threads, 2, "Threads (results are identical for 1 and 2).")
          .range(1, 2)
          .integer("pair_memory_mb", &C::pair_memory_mb, 1024,
                   "Memory for lag-1 pair records per pass; more records are processed in several passes by source "
                   "account.")
          .range(16, 32768)
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch.")
          .at_least(1)
          .check([](const C& c) {
            if (c.start_ms && c.end_ms && *c.end_ms <= *c.start_ms)
              throw sdk::ConfigError("with.end: must be after with.start");
            if (c.scores_type < kTypes && !c.type_enabled[c.scores_type])
              throw sdk::ConfigError(std::string("with.scores_entity_type: '") + entity_type_name(c.scores_type) +
                                     "' is not in with.entity_types");
          });
  return table;
}

std::optional<sdk::PortTypes> InfluenceStage::infer(const Config& o, const sdk::PortTypes& inputs, sdk::Context&) {
  auto it = inputs.find("posts");
  if (it != inputs.end() && !it->second.columns.empty()) check_columns(it->second.columns, o);
  return sdk::PortTypes{{"edges", {"edges", edges_schema()}},        {"scores", {"", scores_schema()}},
                        {"composition", {"", composition_schema()}}, {"before_after", {"", before_after_schema()}},
                        {"capped", {"", capped_schema()}},           {"network_matrix", {"", network_matrix_schema()}}};
}

void InfluenceStage::run(const Config& o, sdk::Context& ctx) {
  ActivityBuilder builder(o);
  Batch b;
  int64_t rows = 0;
  // As optional, so that a missing column gets check_columns' error.
  std::vector<std::string> columns{"author_id", "created_at", "state"};
  static const char* lists[] = {"hashtags_folded", "urls_normalized", "mentions"};
  for (int t = 0; t < kTypes; ++t)
    if (o.type_enabled[t]) columns.push_back(lists[t]);
  ctx.select("posts", {}, columns);
  while (ctx.read("posts", b)) {
    if (ctx.cancelled()) return;
    check_columns(b.schema(), o);
    builder.add(b);
    ctx.progress(rows += b.rows());
  }
  Result r = analyse(builder, o);
  if (o.network_matrix_accounts > 0) r.matrix = estimate_network_matrix(r, o);
  log_counts(r, ctx);
  for (auto& batch : to_batches(r, o)) ctx.emit(batch.first, std::move(batch.second));
}

}  // namespace chorus::coordination_influence
