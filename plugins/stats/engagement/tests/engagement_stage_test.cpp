// stats/engagement, the stage: the tables on hand-made interactions (values
// by hand and by scipy), exclusion by the power analysis, nulls, the external
// sample, the option table's defaults and errors, and the engagement gap
// planted in the synthetic world.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "interaction_rows.hpp"
#include "engagement_stage.hpp"
#include "oracle.hpp"
#include "support/skip.hpp"
#include "support/plugin_stage.hpp"

using namespace chorus::sdk::testing;
using chorus::stats_engagement::EngagementStage;
using chorus::stats_engagement::test::edge;
using chorus::stats_engagement::test::interactions_schema;
using chorus::stats_engagement::test::run_oracle;

namespace {

const char* kColumns = "state,metric,n_inter,n_intra,mean_inter,mean_intra,t,df,p,p_fdr,d,effect,sd_inter,sd_intra";

struct Row {
  std::map<std::string, std::string> cells;
  double num(const std::string& c) const { return std::stod(cells.at(c)); }
};

std::vector<Row> rows_of(const Batch& b) {
  std::vector<Row> out;
  for (int64_t i = 0; i < b.rows(); ++i) {
    Row r;
    for (size_t c = 0; c < b.num_columns(); ++c) r.cells[b.schema()[c].name] = cell_text(b.column(c), i);
    out.push_back(r);
  }
  return out;
}

const Row& find_row(const std::vector<Row>& rows, const std::string& state, const std::string& metric) {
  for (const auto& r : rows)
    if (r.cells.at("state") == state && r.cells.at("metric") == metric) return r;
  FAIL("no row " << state << " " << metric);
  return rows.front();
}

// The hand-made interactions: rows of XA and XB.
std::vector<std::vector<Cell>> hand_made_rows() {
  // XA: inter posts with likes 10 12 14 16 (two edges each), intra posts 1..5,
  // external posts 20 21 22 23 (all of them: the sample of size 4 is the whole set).
  // shares: inter 3 3 3 4, intra 1 1 2 2 3 (one null among intra). replies equal: 2 everywhere.
  std::vector<std::vector<Cell>> rows;
  const int64_t inter_likes[] = {10, 12, 14, 16}, inter_shares[] = {3, 3, 3, 4};
  for (int i = 0; i < 4; ++i) {
    const std::string id = "i" + std::to_string(i);
    rows.push_back(edge(id, "mention", "XA", "intra", inter_likes[i], inter_shares[i], 2));
    rows.push_back(edge(id, "mention", "XA", "inter", inter_likes[i], inter_shares[i], 2, "XB"));
  }
  const int64_t intra_shares[] = {1, 1, 2, 2, -1, 3};
  for (int i = 0; i < 6; ++i)
    rows.push_back(edge("a" + std::to_string(i), "reply", "XA", "intra", i == 5 ? 5 : i + 1, intra_shares[i], 2));
  for (int i = 0; i < 4; ++i) rows.push_back(edge("e" + std::to_string(i), "mention", "XA", "external", 20 + i, 1, 2));
  rows.push_back(edge("r0", "retweet", "XA", "inter", 500, 500, 500, "XB"));  // excluded: not counted anywhere
  // XB: one inter post only: below any minimum.
  rows.push_back(edge("b0", "mention", "XB", "inter", 3, 3, 3, "XA"));
  rows.push_back(edge("b1", "mention", "XB", "intra", 3, 3, 3, "XB"));
  return rows;
}

const Json kHandMadeConfig{{"min_group_size", 3}, {"seed", 7}};

}  // namespace

TEST_CASE("stats/engagement: the tables on hand-made interactions", "[stats.engagement]") {
  FakeHost host;
  host.inputs["interactions"] = {batch(interactions_schema(), hand_made_rows())};
  REQUIRE(host.infer<EngagementStage>(kHandMadeConfig) == 0);
  REQUIRE(host.run<EngagementStage>(kHandMadeConfig) == 0);
  const Batch eng = host.collected("engagement");
  CHECK(schema_text(eng.schema()) ==
        "state:utf8,metric:utf8,n_inter:int64,n_intra:int64,mean_inter:float64,mean_intra:float64,t:float64,"
        "df:float64,p:float64,p_fdr:float64,d:float64,effect:utf8,sd_inter:float64,sd_intra:float64");
  std::string names;
  for (const auto& f : eng.schema()) names += (names.empty() ? "" : ",") + f.name;
  CHECK(names == kColumns);
  const auto r = rows_of(eng);
  REQUIRE(r.size() == 2);  // XA likes and shares; replies have no variance (excluded); XB too small
  const Row& likes = find_row(r, "XA", "likes");
  CHECK(likes.num("n_inter") == 4);
  CHECK(likes.num("n_intra") == 6);
  CHECK(likes.num("mean_inter") == Approx(13));
  CHECK(likes.num("mean_intra") == Approx(20.0 / 6));  // 1 2 3 4 5 5
  const Row& shares = find_row(r, "XA", "shares");
  CHECK(shares.num("n_intra") == 5);  // the null left out
  CHECK(shares.num("mean_intra") == Approx(9.0 / 5));
  CHECK(shares.cells.at("effect") == "large");

  // External: the four external posts are the whole sample; Student's t.
  const auto ext = rows_of(host.collected("external"));
  const Row& el = find_row(ext, "XA", "likes");
  CHECK(el.num("n_external") == 4);
  CHECK(el.num("mean_external") == Approx(21.5));
  CHECK(el.num("df") == 6);

  // Excluded: XB (1 inter post, 1 intra post < 3) and XA replies (2 everywhere: no variance), in
  // both comparisons (XB has no external post).
  const auto ex = rows_of(host.collected("excluded"));
  std::set<std::string> keys;
  for (const auto& e : ex)
    keys.insert(e.cells.at("comparison") + "/" + e.cells.at("state") + "/" + e.cells.at("metric"));
  CHECK(keys.count("intra/XB/null"));
  CHECK(keys.count("intra/XA/replies"));
  CHECK(keys.count("external/XB/null"));
  CHECK(keys.count("external/XA/replies"));
  CHECK_FALSE(keys.count("intra/XA/likes"));
  for (const auto& e : ex)
    if (e.cells.at("state") == "XB") {
      CHECK(e.num("n_inter") == 1);
      CHECK(e.num("min_n") == 3);
      CHECK(e.cells.at("reason").find("the power analysis needs 3 per group") != std::string::npos);
    }

  // Counts: every state x scope x metric, with the nulls.
  const auto counts = rows_of(host.collected("counts"));
  CHECK(counts.size() == 2 * 3 * 3);
  for (const auto& c : counts)
    if (c.cells.at("state") == "XA" && c.cells.at("scope") == "intra" && c.cells.at("metric") == "shares") {
      CHECK(c.num("posts") == 6);
      CHECK(c.num("nulls") == 1);
    }
  CHECK(host.logged(CHORUS_LOG_WARN, "1 null metric values"));
}

TEST_CASE("stats/engagement: the tables on hand-made interactions agree with scipy and statsmodels",
          "[stats.engagement]") {
  // Welch t, df, p, d and BH from scipy/statsmodels on the same values; Student's t of the external sample.
  ENGAGEMENT_NEED_ORACLE();
  FakeHost host;
  host.inputs["interactions"] = {batch(interactions_schema(), hand_made_rows())};
  REQUIRE(host.run<EngagementStage>(kHandMadeConfig) == 0);
  const auto r = rows_of(host.collected("engagement"));
  const auto ext = rows_of(host.collected("external"));
  const Row& el = find_row(ext, "XA", "likes");
  const Json o = run_oracle(R"(
from scipy import stats
from statsmodels.stats.multitest import multipletests
import numpy as np
out = {}
for k in ('likes', 'shares'):
    a, b = np.array(data[k][0], float), np.array(data[k][1], float)
    w = stats.ttest_ind(a, b, equal_var=False)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    sp = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    out[k] = {'t': float(w.statistic), 'p': float(w.pvalue), 'df': float((va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))),
              'd': float((a.mean() - b.mean()) / sp), 'sd_inter': float(a.std(ddof=1))}
q = multipletests([out['likes']['p'], out['shares']['p']], method='fdr_bh')[1]
out['likes']['q'], out['shares']['q'] = float(q[0]), float(q[1])
e = stats.ttest_ind(data['likes'][0], data['external'], equal_var=True)
out['external'] = {'t': float(e.statistic), 'p': float(e.pvalue)}
print(json.dumps(out))
)",
                            Json{{"likes", {{10, 12, 14, 16}, {1, 2, 3, 4, 5, 5}}},
                                 {"shares", {{3, 3, 3, 4}, {1, 1, 2, 2, 3}}},
                                 {"external", {20, 21, 22, 23}}});
  for (const char* m : {"likes", "shares"}) {
    INFO(m);
    const Row& row = find_row(r, "XA", m);
    CHECK(row.num("t") == Approx(o[m]["t"].get<double>()).epsilon(1e-9));
    CHECK(row.num("df") == Approx(o[m]["df"].get<double>()).epsilon(1e-9));
    CHECK(row.num("p") == Approx(o[m]["p"].get<double>()).epsilon(1e-7));
    CHECK(row.num("p_fdr") == Approx(o[m]["q"].get<double>()).epsilon(1e-7));
    CHECK(row.num("d") == Approx(o[m]["d"].get<double>()).epsilon(1e-9));
    CHECK(row.num("sd_inter") == Approx(o[m]["sd_inter"].get<double>()).epsilon(1e-9));
  }

  CHECK(el.num("t") == Approx(o["external"]["t"].get<double>()).epsilon(1e-9));
  CHECK(el.num("p") == Approx(o["external"]["p"].get<double>()).epsilon(1e-7));
}

TEST_CASE("stats/engagement: states below the power analysis minimum are left out and listed", "[stats.engagement]") {
  // 400 inter and 400 intra posts in XA, 393 inter in XB: the default minimum is 394.
  std::vector<std::vector<Cell>> rows;
  for (int i = 0; i < 400; ++i) {
    rows.push_back(edge("ai" + std::to_string(i), "mention", "XA", "inter", 10 + i % 7, i % 3, i % 2, "XB"));
    rows.push_back(edge("aa" + std::to_string(i), "mention", "XA", "intra", i % 5, i % 4, i % 3));
    rows.push_back(edge("ae" + std::to_string(i), "mention", "XA", "external", i % 9, i % 2, i % 4));
  }
  for (int i = 0; i < 393; ++i)
    rows.push_back(edge("bi" + std::to_string(i), "mention", "XB", "inter", 10 + i % 7, i % 3, i % 2, "XA"));
  for (int i = 0; i < 400; ++i)
    rows.push_back(edge("ba" + std::to_string(i), "mention", "XB", "intra", i % 5, i % 4, i % 3));
  FakeHost host;
  host.inputs["interactions"] = {batch(interactions_schema(), rows)};
  REQUIRE(host.run<EngagementStage>(Json::object()) == 0);
  const auto eng = rows_of(host.collected("engagement"));
  REQUIRE(eng.size() == 3);
  for (const auto& r : eng) CHECK(r.cells.at("state") == "XA");
  const auto ex = rows_of(host.collected("excluded"));
  REQUIRE(ex.size() == 2);  // XB in both comparisons
  CHECK(ex[0].cells.at("comparison") == "intra");
  CHECK(ex[0].cells.at("state") == "XB");
  CHECK(ex[0].cells.at("metric") == "null");
  CHECK(ex[0].num("min_n") == 394);
  CHECK(ex[0].num("n_inter") == 393);
  CHECK(ex[0].cells.at("reason") == "inter has 393 posts; the power analysis needs 394 per group");
  CHECK(ex[1].cells.at("comparison") == "external");
  // XA's external sample: 400 of 400 external posts.
  const auto ext = rows_of(host.collected("external"));
  REQUIRE(ext.size() == 3);
  CHECK(ext[0].num("n_external") == 400);
}

TEST_CASE("stats/engagement: the external sample is seeded and of the inter group's size", "[stats.engagement]") {
  std::vector<std::vector<Cell>> rows;
  for (int i = 0; i < 30; ++i)
    rows.push_back(edge("i" + std::to_string(i), "reply", "XA", "inter", i, i % 4, 1 + i % 3, "XB"));
  for (int i = 0; i < 30; ++i)
    rows.push_back(edge("a" + std::to_string(i), "reply", "XA", "intra", i % 6, i % 2, i % 3));
  for (int i = 0; i < 200; ++i)
    rows.push_back(edge("e" + std::to_string(i), "mention", "XA", "external", i, i % 7, i % 5));
  auto run = [&](const Json& config, const std::vector<std::vector<Cell>>& input) {
    FakeHost host;
    host.inputs["interactions"] = {batch(interactions_schema(), input)};
    REQUIRE(host.run<EngagementStage>(config) == 0);
    return rows_of(host.collected("external"));
  };
  const auto a = run({{"min_group_size", 5}, {"seed", 3}}, rows);
  std::vector<std::vector<Cell>> reversed(rows.rbegin(), rows.rend());
  const auto b = run({{"min_group_size", 5}, {"seed", 3}}, reversed);
  const auto c = run({{"min_group_size", 5}, {"seed", 4}}, rows);
  REQUIRE(a.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(a[i].num("n_external") == 30);  // the inter group's size
    CHECK(a[i].cells == b[i].cells);      // the input order does not matter
  }
  CHECK(a[0].cells.at("mean_external") != c[0].cells.at("mean_external"));
  // The sample mean of likes (= post number) is a mean of 30 distinct numbers of 0..199.
  const double m = a[0].num("mean_external");
  CHECK(m >= 14.5);
  CHECK(m <= 184.5);
  CHECK(m != 14.5);
  // external: false leaves the port empty.
  CHECK(run({{"min_group_size", 5}, {"external", false}}, rows).empty());
}

TEST_CASE("stats/engagement: configuration errors name the key", "[stats.engagement]") {
  FakeHost host;
  host.inputs["interactions"] = {batch(interactions_schema(), {})};
  REQUIRE(host.infer<EngagementStage>({{"metrics", Json::array({"likez"})}}) != 0);
  CHECK(host.last_error() == "with.metrics[0]: no column 'likez' in input (did you mean 'likes'?)");
  REQUIRE(host.infer<EngagementStage>({{"metrics", Json::array({"type"})}}) != 0);
  CHECK(host.last_error() == "with.metrics[0]: column 'type' is utf8, expected int64 or float64");
  REQUIRE(host.infer<EngagementStage>({{"alpah", 0.1}}) != 0);
  CHECK(host.last_error() == "with: unknown option 'alpah' (did you mean 'alpha'?)");
  REQUIRE(host.infer<EngagementStage>({{"alpha", 0.5}, {"power", 0.4}}) != 0);
  CHECK(host.last_error().rfind("with.power:", 0) == 0);
  REQUIRE(host.infer<EngagementStage>({{"min_group_size", 1}}) != 0);
  CHECK(host.last_error() == "with.min_group_size: expected a number >= 2, got 1");
  REQUIRE(host.infer<EngagementStage>({{"effect_size", 11}}) != 0);
  CHECK(host.last_error() == "with.effect_size: expected a number <= 10, got 11");
  REQUIRE(host.infer<EngagementStage>({{"effect_size", 0}}) != 0);
  CHECK(host.last_error() == "with.effect_size: expected a number > 0, got 0");
  REQUIRE(host.infer<EngagementStage>({{"alpha", 1}}) != 0);
  CHECK(host.last_error() == "with.alpha: expected a number > 0 and < 1, got 1");
  REQUIRE(host.infer<EngagementStage>({{"metrics", Json::array({"likes", ""})}}) != 0);
  CHECK(host.last_error() == "with.metrics[1]: expected a non-empty name, got \"\"");
  REQUIRE(host.infer<EngagementStage>({{"metrics", Json::array({"likes", "likes"})}}) != 0);
  CHECK(host.last_error() == "with.metrics[1]: 'likes' is listed twice");
  REQUIRE(host.infer<EngagementStage>({{"metrics", Json::array()}}) != 0);
  CHECK(host.last_error() == "with.metrics: expected at least one column name");
  REQUIRE(host.infer<EngagementStage>({{"exclude_types", Json::array({"retweet", "retweet"})}}) != 0);
  CHECK(host.last_error() == "with.exclude_types: \"retweet\" is listed twice");
  REQUIRE(host.infer<EngagementStage>({{"effect_size", 10}, {"alpha", 0.001}, {"power", 0.999}}) == 0);
  REQUIRE(host.infer<EngagementStage>({{"min_group_size", nullptr}}) == 0);
  REQUIRE(host.infer<EngagementStage>(Json::object()) == 0);
}

TEST_CASE("stats/engagement: a bad option gives one error naming its key", "[stats.engagement]") {
  FakeHost host;
  host.inputs["interactions"] = {batch(interactions_schema(), {edge("p1", "reply", "XA", "inter", 1, 1, 1)})};
  REQUIRE(host.run<EngagementStage>({{"seed", -1}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.seed: expected a number >= 0, got -1");
  CHECK(host.outputs.empty());
  REQUIRE(host.infer<EngagementStage>({{"external", "no"}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.external: expected true or false, got \"no\"");
}

TEST_CASE("stats/engagement: the option table's defaults are what the stage runs with", "[stats.engagement]") {
  const auto c = EngagementStage::options().parse(Json::object());
  CHECK(c.metrics == std::vector<std::string>{"likes", "shares", "replies"});
  CHECK(c.exclude_types == std::vector<std::string>{"retweet"});
  CHECK(c.effect_size == 0.2);
  CHECK(c.alpha == 0.05);
  CHECK(c.power == 0.8);
  CHECK_FALSE(c.min_group_size.has_value());
  CHECK(c.external);
  CHECK(c.seed == 1);
  CHECK(chorus::stats_engagement::minimum_n(c) == 394);  // d 0.2, alpha 0.05, power 0.8

  // 394 inter, intra and external posts in XA: the default minimum (394) is
  // met, every default metric is tested, the retweet does not count, the
  // external sample is drawn.
  std::vector<std::vector<Cell>> rows;
  for (int i = 0; i < 394; ++i) {
    rows.push_back(edge("i" + std::to_string(i), "mention", "XA", "inter", 10 + i % 7, i % 3, i % 2, "XB"));
    rows.push_back(edge("a" + std::to_string(i), "mention", "XA", "intra", i % 5, i % 4, i % 3));
    rows.push_back(edge("e" + std::to_string(i), "mention", "XA", "external", i % 9, i % 2, i % 4));
  }
  rows.push_back(edge("r0", "retweet", "XA", "inter", 1000, 1000, 1000, "XB"));
  auto run = [&](const Json& with) {
    FakeHost host;
    host.inputs["interactions"] = {batch(interactions_schema(), rows)};
    REQUIRE(host.run<EngagementStage>(with) == 0);
    std::string out;
    for (const auto& r : rows_of(host.collected("engagement")))
      out += r.cells.at("metric") + ":" + r.cells.at("n_inter") + "/" + r.cells.at("t") + " ";
    for (const auto& r : rows_of(host.collected("external")))
      out += r.cells.at("metric") + ":" + r.cells.at("n_external") + "/" + r.cells.at("mean_external") + " ";
    return out + "excluded " + std::to_string(host.collected("excluded").rows());
  };
  const std::string by_default = run(Json::object());
  CHECK(by_default.rfind("likes:394/", 0) == 0);  // the retweet is not an inter post
  CHECK(by_default.find("shares:394/") != std::string::npos);
  CHECK(by_default.find("replies:394/") != std::string::npos);
  CHECK(by_default.find("likes:394/") != by_default.rfind("likes:394/"));  // the external table too
  CHECK(by_default.substr(by_default.size() - 10) == "excluded 0");        // 394 reaches the minimum
  CHECK(run({{"metrics", {"likes", "shares", "replies"}},
             {"exclude_types", {"retweet"}},
             {"effect_size", 0.2},
             {"alpha", 0.05},
             {"power", 0.8},
             {"min_group_size", nullptr},
             {"external", true},
             {"seed", 1}}) == by_default);
  // One post more needed per group and the state is left out of both comparisons.
  const std::string stricter = run({{"min_group_size", 395}});
  CHECK(stricter.substr(stricter.size() - 10) == "excluded 2");

  const Json schema = EngagementStage::options().schema();
  CHECK(schema["properties"]["metrics"]["default"] == Json::array({"likes", "shares", "replies"}));
  CHECK(schema["properties"]["metrics"]["items"]["minLength"] == 1);
  CHECK(schema["properties"]["metrics"]["minItems"] == 1);
  CHECK(schema["properties"]["metrics"]["uniqueItems"] == true);
  CHECK(schema["properties"]["exclude_types"]["default"] == Json::array({"retweet"}));
  CHECK(schema["properties"]["exclude_types"]["uniqueItems"] == true);
  CHECK(schema["properties"]["effect_size"]["default"] == 0.2);
  CHECK(schema["properties"]["effect_size"]["exclusiveMinimum"] == 0);
  CHECK(schema["properties"]["effect_size"]["maximum"] == 10);
  CHECK(schema["properties"]["alpha"]["default"] == 0.05);
  CHECK(schema["properties"]["alpha"]["exclusiveMaximum"] == 1);
  CHECK(schema["properties"]["power"]["default"] == 0.8);
  CHECK(schema["properties"]["power"]["exclusiveMinimum"] == 0);
  CHECK(schema["properties"]["min_group_size"]["type"] == Json::array({"integer", "null"}));
  CHECK(schema["properties"]["min_group_size"]["minimum"] == 2);
  CHECK(schema["properties"]["external"]["default"] == true);
  CHECK(schema["properties"]["seed"]["default"] == 1);
  CHECK(schema["properties"]["seed"]["minimum"] == 0);
}

// --- the synthetic world -------------------------------------------------------------------

namespace {

std::string text_or_empty(const Column& c, int64_t i) { return c.is_null(i) ? std::string() : std::string(c.str(i)); }

// Interactions rows from posts by the edge rules of docs/synthetic-world.md
// (what network/interactions emits), for the state-linked posts.
std::vector<std::vector<Cell>> interactions_from_posts(const std::vector<Batch>& posts) {
  std::map<std::string, std::string> state_of, author_of;
  for (const auto& b : posts)
    for (int64_t i = 0; i < b.rows(); ++i)
      if (!b.column("state").is_null(i)) {
        state_of[text_or_empty(b.column("author_id"), i)] = text_or_empty(b.column("state"), i);
        author_of[text_or_empty(b.column("post_id"), i)] = text_or_empty(b.column("author_id"), i);
      }
  std::vector<std::vector<Cell>> rows;
  for (const auto& b : posts)
    for (int64_t i = 0; i < b.rows(); ++i) {
      const std::string state = text_or_empty(b.column("state"), i);
      if (state.empty()) continue;
      const std::string author = text_or_empty(b.column("author_id"), i), id = text_or_empty(b.column("post_id"), i);
      const std::string kind = text_or_empty(b.column("interaction_type"), i);
      auto add = [&](const std::string& target, const std::string& type) {
        if (target.empty() || target == author) return;
        auto it = state_of.find(target);
        const std::string ts = it == state_of.end() ? "" : it->second;
        const std::string scope = ts.empty() ? "external" : ts == state ? "intra" : "inter";
        rows.push_back({std::string("twitter"), id, author, target, type, b.column("created_at").int64(i),
                        b.column("likes").int64(i), b.column("shares").int64(i), b.column("replies").int64(i), state,
                        ts.empty() ? Cell(null) : Cell(ts), scope, StrList{}, StrList{}});
      };
      const std::string target_author = text_or_empty(b.column("target_author_id"), i);
      if (kind == "share") {
        add(target_author, "retweet");
        continue;
      }
      std::string reply_target;
      if (kind == "reply") add(reply_target = target_author, "reply");
      const std::string target_post = text_or_empty(b.column("target_post_id"), i);
      if (kind == "quote" && author_of.count(target_post)) add(author_of[target_post], "quote");
      std::set<std::string> seen;
      const Column& m = b.column("mentions");
      if (!m.is_null(i))
        for (int64_t j = 0; j < m.list_size(i); ++j) {
          const std::string who(m.list_item(i, j));
          if (who != reply_target && seen.insert(who).second) add(who, "mention");
        }
    }
  return rows;
}

}  // namespace

TEST_CASE("stats/engagement: finds the engagement gap planted in the synthetic world", "[stats.engagement]") {
  const chorus_stage_api* synthetic =
      chorus::testing::built_plugin_stage("libchorus_ingest_synthetic.so", "ingest/synthetic");
  if (!synthetic)
    CHORUS_SKIP("the ingest/synthetic plugin is not built (libchorus_ingest_synthetic.so; CHORUS_PLUGINS)");
  TempDir dir;
  FakeHost world;
  for (const char* t : {"posts", "accounts"})
    world.dataset_types[t] = read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
  const std::string out = dir.path() + "/w";
  const Json wc{{"seed", 20211202},         {"out_dir", out},          {"states", 4},
                {"accounts_per_state", 20}, {"posts_per_account", 20}, {"unaffiliated_accounts", 10}};
  INFO(world.last_error());
  REQUIRE(world.run(synthetic, wc) == 0);
  const Json gt = Json::parse(read_file(out + "/ground_truth.json"));

  FakeHost host;
  host.inputs["interactions"] = {batch(interactions_schema(), interactions_from_posts(world.outputs["posts"]))};
  const Json config{{"min_group_size", 10}};
  REQUIRE(host.run<EngagementStage>(config) == 0);
  const auto eng = rows_of(host.collected("engagement"));
  REQUIRE(gt["engagement"].size() == 4);
  int tested = 0;
  for (const auto& g : gt["engagement"]) {
    const std::string state = g["state"];
    INFO(state);
    if (g["n_inter"].get<int64_t>() < 10 || g["n_intra"].get<int64_t>() < 10) continue;
    for (const char* m : {"likes", "shares", "replies"}) {
      INFO(m);
      const Row& r = find_row(eng, state, m);
      // The post definition matches the ground truth's: same counts and means.
      CHECK(r.num("n_inter") == g["n_inter"].get<int64_t>());
      CHECK(r.num("n_intra") == g["n_intra"].get<int64_t>());
      CHECK(r.num("mean_inter") == Approx(g["mean_inter"][m].get<double>()).epsilon(1e-9));
      CHECK(r.num("mean_intra") == Approx(g["mean_intra"][m].get<double>()).epsilon(1e-9));
      // The planted gap is found: inter above intra, significant, not negligible.
      CHECK(r.num("t") > 0);
      CHECK(r.num("d") > 0.8);
      CHECK(r.num("p_fdr") < 0.001);
    }
    ++tested;
  }
  CHECK(tested >= 3);
}
