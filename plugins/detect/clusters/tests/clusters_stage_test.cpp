// detect/clusters through the fake host: the keep rules, clustering
// (components, Leiden inside large components), min_size, the stream inputs
// (near_duplicates, influence, signals, posts), errors, output contracts.
#include <catch2/catch.hpp>

#include <chorus/sdk/random.hpp>
#include <chorus/sdk/testing.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_helpers.hpp"

using namespace clusters_test;

namespace {

int run(sdkt::FakeHost& host, const Json& config) {
  const int rc = host.run<ClustersStage>(config);
  if (rc != 0) FAIL_CHECK(host.last_error());
  return rc;
}

}  // namespace

TEST_CASE("detect/clusters: each keep rule, with BH within the stream", "[detect.clusters]") {
  sdkt::FakeHost host;
  // co_retweet defaults: min_weight 2, min_days 2, max_q 0.05. p-values 0.001
  // x3, 0.002, 0.5 (m = 5): q = 5 x 0.001 / 3, 5 x 0.002 / 4 = 0.0025, 0.5.
  set_edges(host, "co_retweet",
            {{"a", "b", 3, 0.001, 3},
             {"c", "d", 1, 0.001, 3},    // weight 1 < 2
             {"e", "f", 3, 0.001, 1},    // one day only: a single event
             {"g", "h", 3, 0.5, 3},      // q 0.5 > 0.05
             {"i", "j", 3, 0.002, 3}});  // kept
  REQUIRE(run(host, {{"min_size", 2}}) == 0);
  CHECK(groups_text(host) == "a,b;i,j");  // equal size and score: by cluster id
  CHECK(summary(host, "co_retweet_rows") == "5");
  CHECK(summary(host, "co_retweet_kept") == "2");
  CHECK(summary(host, "dropped_weight") == "1");
  CHECK(summary(host, "dropped_days") == "1");
  CHECK(summary(host, "dropped_q") == "1");
  CHECK(summary(host, "rows_invalid") == "0");
  CHECK(summary(host, "co_link_rows") == "null");
  CHECK(sdkt::col(host.outputs["evidence"], "stream") == "co_retweet|co_retweet");
  const auto& ev = host.outputs["evidence"].at(0);
  CHECK(ev.column("min_q").float64(0) == Approx(0.005 / 3));
  CHECK(ev.column("min_q").float64(1) == Approx(0.0025));
  CHECK(sdkt::col(host.outputs["evidence"], "median_active_days") == "3|3");
  // max_q 0.001: neither survives; max_q 1 keeps g-h too.
  REQUIRE(run(host, {{"min_size", 2}, {"streams", {{"co_retweet", {{"max_q", 0.001}}}}}}) == 0);
  CHECK(groups_text(host) == "");
  REQUIRE(run(host, {{"min_size", 2}, {"streams", {{"co_retweet", {{"max_q", 1}}}}}}) == 0);
  CHECK(groups_text(host) == "a,b;i,j;g,h");  // ties by id: 7e18f7.. < ae12c4.. < ebabef..
  // min_days 1 lets the one-day pair in; min_weight 1 the light one.
  REQUIRE(run(host, {{"min_size", 2}, {"streams", {{"co_retweet", {{"min_days", 1}, {"min_weight", 1}}}}}}) == 0);
  CHECK(groups_text(host) == "a,b;i,j;e,f;c,d");
}

TEST_CASE("detect/clusters: streams without p-values or days skip those rules", "[detect.clusters]") {
  sdkt::FakeHost host;
  // co_link: p_value null everywhere (coaction without permutations): no q rule.
  set_edges(host, "co_link", {{"a", "b", 2, std::nullopt, 2}, {"c", "d", 2, std::nullopt, 1}});
  // influence: no p_value, no active_days columns; only entity_type average rows count.
  auto s = sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"entity_type", "utf8"}, {"weight", "float64"}});
  host.inputs["influence"] = {sdkt::batch(s, {{std::string("e"), std::string("f"), std::string("hashtag"), 0.9},
                                              {std::string("e"), std::string("f"), std::string("average"), 0.6},
                                              {std::string("f"), std::string("e"), std::string("average"), 0.7},
                                              {std::string("g"), std::string("h"), std::string("average"), 0.3}})};
  host.input_types["influence"] = {"edges", s};
  REQUIRE(run(host, {{"min_size", 2}}) == 0);
  CHECK(groups_text(host) == "a,b;e,f");
  CHECK(summary(host, "co_link_kept") == "1");
  CHECK(summary(host, "influence_rows") == "4");
  CHECK(summary(host, "influence_kept") == "2");
  CHECK(summary(host, "dropped_days") == "1");
  CHECK(summary(host, "dropped_weight") == "1");  // g-h 0.3 < 0.5
  CHECK(sdkt::col(host.outputs["evidence"], "stream") == "co_link|influence");
  // Both directions of e-f are one pair: the larger weight.
  CHECK(sdkt::col(host.outputs["evidence"], "weight_sum") == "2|0.7");
  CHECK(sdkt::col(host.outputs["evidence"], "median_active_days") == "2|null");
  CHECK(sdkt::col(host.outputs["evidence"], "min_q") == "null|null");
  CHECK(sdkt::col(host.outputs["evidence"], "family") == "link|influence");
  // The hashtag rows count when asked for.
  REQUIRE(run(host, {{"min_size", 2}, {"influence_entity_type", "hashtag"}}) == 0);
  CHECK(summary(host, "influence_kept") == "1");
}

TEST_CASE("detect/clusters: a dense group of 8 in a one-day organic background is the only cluster",
          "[detect.clusters]") {
  sdkt::FakeHost host;
  const auto g = names("g", 8);
  const auto o = names("o", 40);
  std::vector<E> rows = clique(g, 5, 0.001, 4);
  // The organic background co-acts once (one live event): significant, but on one day.
  for (int i = 0; i + 1 < 40; ++i) rows.push_back({o[i], o[i + 1], 2, 0.01, 1});
  for (int i = 0; i < 40; ++i) rows.push_back({o[i], g[i % 8], 2, 0.02, 1});
  // Two organic pairs repeat on two days: kept, but groups of 2 < min_size 5.
  rows.push_back({"x1", "x2", 3, 0.001, 2});
  rows.push_back({"x3", "x4", 3, 0.001, 2});
  set_edges(host, "co_retweet", rows);
  REQUIRE(run(host, Json::object()) == 0);
  CHECK(groups_text(host) == "g1,g2,g3,g4,g5,g6,g7,g8");
  // sha256("g1\ng2\n...\ng8") = 3a5bc5ace332...
  CHECK(sdkt::col(host.outputs["clusters"], "cluster_id") == "C-3a5bc5ace332");
  CHECK(sdkt::col(host.outputs["clusters"], "rank") == "1");
  CHECK(sdkt::col(host.outputs["clusters"], "size") == "8");
  CHECK(sdkt::col(host.outputs["clusters"], "edges") == "28");
  CHECK(sdkt::col(host.outputs["clusters"], "density") == "1");
  CHECK(sdkt::col(host.outputs["clusters"], "coordination_score") == "1");
  CHECK(sdkt::col(host.outputs["clusters"], "independent_streams") == "1");
  CHECK(sdkt::col(host.outputs["clusters"], "streams") == "[co_retweet]");
  CHECK(sdkt::col(host.outputs["clusters"], "posts") == "null");
  CHECK(sdkt::col(host.outputs["clusters"], "first_activity") == "null");
  CHECK(sdkt::col(host.outputs["members"], "degree") == "7|7|7|7|7|7|7|7");
  CHECK(sdkt::col(host.outputs["members"], "membership_strength") == "1|1|1|1|1|1|1|1");
  CHECK(summary(host, "dropped_days") == "79");
  CHECK(summary(host, "co_retweet_kept") == "30");
  CHECK(summary(host, "pairs") == "30");
  CHECK(summary(host, "components") == "3");
  CHECK(summary(host, "clusters") == "1");
  CHECK(summary(host, "clusters_dropped") == "2");
  CHECK(summary(host, "accounts_clustered") == "8");
  CHECK(host.logged(CHORUS_LOG_INFO, "2 groups with 4 accounts dropped below min_size 5"));
}

TEST_CASE("detect/clusters: two groups joined by one weak bridge, components vs Leiden", "[detect.clusters]") {
  sdkt::FakeHost host;
  const auto a = names("a", 8), b = names("b", 8);
  std::vector<E> rows = clique(a, 5, 0.001, 3);
  for (const auto& e : clique(b, 5, 0.001, 3)) rows.push_back(e);
  rows.push_back({"a1", "b1", 2, 0.001, 2});  // the bridge: kept, but one pair
  set_edges(host, "co_retweet", rows);
  // One component of 16 (<= split_above 200): one cluster.
  REQUIRE(run(host, Json::object()) == 0);
  CHECK(sdkt::col(host.outputs["clusters"], "size") == "16");
  CHECK(summary(host, "components_split") == "0");
  REQUIRE(run(host, {{"method", "components"}, {"split_above", 10}}) == 0);
  CHECK(sdkt::col(host.outputs["clusters"], "size") == "16");
  // Leiden inside the component (16 > 10): the bridge (1 < 0.1 x 8 x 8) does not hold them together.
  REQUIRE(run(host, {{"split_above", 10}}) == 0);
  CHECK(groups_text(host) == "a1,a2,a3,a4,a5,a6,a7,a8;b1,b2,b3,b4,b5,b6,b7,b8");
  CHECK(summary(host, "components_split") == "1");
  // a1: 7 co-members of 7, 7 of its 8 kept pairs inside: 1 x 7/8.
  CHECK(sdkt::col(host.outputs["members"], "membership_strength") == "0.875|1|1|1|1|1|1|1|0.875|1|1|1|1|1|1|1");
  CHECK(sdkt::col(host.outputs["members"], "degree") == "7|7|7|7|7|7|7|7|7|7|7|7|7|7|7|7");
}

TEST_CASE("detect/clusters: Leiden never splits a dominant dense group", "[detect.clusters]") {
  // 60 accounts, each pair kept with probability 1/2 (seeded): density ~0.5,
  // far above the CPM resolution 0.1, in a component above split_above.
  chorus::sdk::SplitMix64 rng{7};
  const auto d = names("d", 60, 10);
  std::vector<E> rows;
  for (size_t i = 0; i < d.size(); ++i)
    for (size_t j = i + 1; j < d.size(); ++j)
      if (rng.below(2)) rows.push_back({d[i], d[j], 4, 0.001, 3});
  // A sparse tail of 30 accounts hangs off it.
  const auto t = names("t", 30, 10);
  for (size_t i = 0; i < t.size(); ++i) rows.push_back({t[i], i == 0 ? d[0] : t[i - 1], 2, 0.001, 2});
  sdkt::FakeHost host;
  set_edges(host, "co_retweet", rows);
  REQUIRE(run(host, {{"split_above", 10}}) == 0);
  CHECK(summary(host, "components") == "1");
  CHECK(summary(host, "components_split") == "1");
  // The dense group is one cluster (rank 1): all 60 are in it.
  const auto& m = host.outputs["members"];
  const std::string first = std::string(m.at(0).column("cluster_id").str(0));
  int in_first = 0, dense_in_first = 0;
  for (const auto& b : m)
    for (int64_t r = 0; r < b.rows(); ++r)
      if (b.column("cluster_id").str(r) == first) {
        ++in_first;
        dense_in_first += b.column("account_id").str(r)[0] == 'd';
      }
  CHECK(dense_in_first == 60);
  CHECK(in_first < 70);  // the tail is mostly cut off
  // Same seed, same bytes.
  const std::string members = sdkt::col(host.outputs["members"], "account_id");
  REQUIRE(run(host, {{"split_above", 10}}) == 0);
  CHECK(sdkt::col(host.outputs["members"], "account_id") == members);
}

TEST_CASE("detect/clusters: min_size drops small groups", "[detect.clusters]") {
  sdkt::FakeHost host;
  set_edges(host, "co_retweet", clique(names("q", 4), 3, 0.001, 2));
  REQUIRE(run(host, Json::object()) == 0);
  CHECK(sdkt::total_rows(host.outputs["clusters"]) == 0);
  CHECK(sdkt::total_rows(host.outputs["members"]) == 0);
  CHECK(summary(host, "clusters_dropped") == "1");
  REQUIRE(run(host, {{"min_size", 4}}) == 0);
  CHECK(sdkt::col(host.outputs["clusters"], "size") == "4");
  // sha256("q1\nq2\nq3\nq4"), checked below by hand for a, b, c, d.
  CHECK(summary(host, "clusters_dropped") == "0");
}

TEST_CASE("detect/clusters: coordination score, support and families on four accounts", "[detect.clusters]") {
  sdkt::FakeHost host;
  // co_retweet ab ac ad bc (4 of 6 pairs), co_hashtag ab cd (2), co_text ab (1).
  set_edges(host, "co_retweet",
            {{"a", "b", 5, std::nullopt, 3},
             {"a", "c", 5, std::nullopt, 3},
             {"a", "d", 5, std::nullopt, 3},
             {"b", "c", 5, std::nullopt, 3}});
  set_edges(host, "co_hashtag", {{"a", "b", 5, std::nullopt, 3}, {"d", "c", 5, std::nullopt, 3}});
  set_edges(host, "co_text", {{"b", "a", 5, std::nullopt, 3}});
  REQUIRE(run(host, {{"min_size", 4}}) == 0);
  // sha256("a\nb\nc\nd") = f729ae0cbcc8...
  CHECK(sdkt::col(host.outputs["clusters"], "cluster_id") == "C-f729ae0cbcc8");
  CHECK(sdkt::col(host.outputs["clusters"], "edges") == "5");
  const auto& c = host.outputs["clusters"].at(0);
  CHECK(c.column("density").float64(0) == Approx(5.0 / 6));
  // 1 - (1 - 4/6)(1 - 2/6)(1 - 1/6) = 1 - 10/54
  CHECK(c.column("coordination_score").float64(0) == Approx(44.0 / 54));
  CHECK(sdkt::col(host.outputs["clusters"], "independent_streams") == "3");
  CHECK(sdkt::col(host.outputs["clusters"], "streams") == "[co_hashtag,co_retweet,co_text]");
  // Degrees a 3, b 2, c 3, d 2 of 3 possible co-members; nothing outside.
  CHECK(sdkt::col(host.outputs["members"], "account_id") == "a|b|c|d");
  CHECK(sdkt::col(host.outputs["members"], "degree") == "3|2|3|2");
  const auto& m = host.outputs["members"].at(0);
  CHECK(m.column("membership_strength").float64(0) == Approx(1));
  CHECK(m.column("membership_strength").float64(1) == Approx(2.0 / 3));
  CHECK(m.column("membership_strength").float64(3) == Approx(2.0 / 3));
  CHECK(sdkt::col(host.outputs["members"], "streams") ==
        "[co_hashtag,co_retweet,co_text]|[co_hashtag,co_retweet,co_text]|[co_hashtag,co_retweet]|[co_hashtag,co_"
        "retweet]");
  CHECK(sdkt::col(host.outputs["evidence"], "stream") == "co_hashtag|co_retweet|co_text");
  CHECK(sdkt::col(host.outputs["evidence"], "edges") == "2|4|1");
  CHECK(sdkt::col(host.outputs["evidence"], "supports") == "true|true|true");

  // support_share 0.3: co_text's 1 of 5 pairs no longer supports: 1 - (1/3)(2/3).
  REQUIRE(run(host, {{"min_size", 4}, {"support_share", 0.3}}) == 0);
  CHECK(host.outputs["clusters"].at(0).column("coordination_score").float64(0) == Approx(7.0 / 9));
  CHECK(sdkt::col(host.outputs["clusters"], "independent_streams") == "2");
  CHECK(sdkt::col(host.outputs["clusters"], "streams") == "[co_hashtag,co_retweet]");
  CHECK(sdkt::col(host.outputs["evidence"], "supports") == "true|true|false");

  // co_hashtag in the retweet family: retweet covers ab ac ad bc cd = 5/6; 1 - (1/6)(5/6).
  REQUIRE(run(host, {{"min_size", 4}, {"streams", {{"co_hashtag", {{"family", "retweet"}}}}}}) == 0);
  CHECK(host.outputs["clusters"].at(0).column("coordination_score").float64(0) == Approx(31.0 / 36));
  CHECK(sdkt::col(host.outputs["clusters"], "independent_streams") == "2");
  CHECK(sdkt::col(host.outputs["evidence"], "family") == "retweet|retweet|text");

  // near_duplicates joins c and d on two days: text family ab (co_text) + cd = 2/6:
  // 1 - (1/3)(2/3)(2/3); four streams but three families.
  auto s = sdkt::schema(
      {{"cluster_id", "utf8"}, {"post_id", "utf8"}, {"author_id", "utf8"}, {"created_at", "timestamp[ms]"}});
  const int64_t D = 86400000;
  host.inputs["near_duplicates"] = {
      sdkt::batch(s, {{std::string("k"), std::string("p1"), std::string("c"), int64_t{0}},
                      {std::string("k"), std::string("p2"), std::string("d"), int64_t{1000}},
                      {std::string("k"), std::string("p3"), std::string("c"), D},
                      {std::string("k"), std::string("p4"), std::string("d"), D + 1000}})};
  host.input_types["near_duplicates"] = {"", s};
  REQUIRE(run(host, {{"min_size", 4}}) == 0);
  CHECK(host.outputs["clusters"].at(0).column("coordination_score").float64(0) == Approx(23.0 / 27));
  CHECK(sdkt::col(host.outputs["clusters"], "independent_streams") == "3");
  CHECK(sdkt::col(host.outputs["clusters"], "streams") == "[co_hashtag,co_retweet,co_text,near_duplicates]");
}

TEST_CASE("detect/clusters: near-duplicate co-membership weight and active days by hand", "[detect.clusters]") {
  auto s = sdkt::schema(
      {{"cluster_id", "utf8"}, {"post_id", "utf8"}, {"author_id", "utf8"}, {"created_at", "timestamp[ms]"}});
  const int64_t D = 86400000, H = 3600000;
  auto row = [](const char* k, const char* p, sdkt::Cell a, sdkt::Cell t) {
    return std::vector<sdkt::Cell>{std::string(k), std::string(p), a, t};
  };
  sdkt::FakeHost host;
  // K1: a and b on day 0 and day 1, c on day 3. K2: a day 5, b day 6, c day 5. K3: a alone.
  host.inputs["near_duplicates"] = {
      sdkt::batch(s, {row("K1", "1", std::string("a"), 10 * H), row("K1", "2", std::string("b"), 11 * H),
                      row("K1", "3", std::string("a"), D + H), row("K1", "4", std::string("b"), D + 2 * H),
                      row("K1", "5", std::string("c"), 3 * D), row("K2", "6", std::string("a"), 5 * D),
                      row("K2", "7", std::string("b"), 6 * D), row("K2", "8", std::string("c"), 5 * D + H),
                      row("K3", "9", std::string("a"), 7 * D), row("K3", "10", sdkt::null, 7 * D)})};
  host.input_types["near_duplicates"] = {"", s};
  // a-b: 2 shared clusters, both on days 0 and 1 -> 2 days; a-c: 2 clusters, day 5; b-c: 2 clusters, no day.
  REQUIRE(run(host, {{"min_size", 2}}) == 0);
  CHECK(groups_text(host) == "a,b");
  CHECK(sdkt::col(host.outputs["evidence"], "weight_sum") == "2");
  CHECK(sdkt::col(host.outputs["evidence"], "median_active_days") == "2");
  CHECK(summary(host, "near_duplicates_rows") == "10");
  CHECK(summary(host, "near_duplicates_kept") == "1");
  CHECK(summary(host, "rows_invalid") == "1");
  CHECK(summary(host, "dropped_days") == "2");
  REQUIRE(run(host, {{"min_size", 2}, {"streams", {{"near_duplicates", {{"min_days", 1}}}}}}) == 0);
  CHECK(groups_text(host) == "a,b,c");
  CHECK(sdkt::col(host.outputs["evidence"], "weight_sum") == "4");
  CHECK(sdkt::col(host.outputs["evidence"], "median_active_days") == "1.5");
  // A cap of 2 authors leaves K1 and K2 (3 authors each) out.
  REQUIRE(run(host, {{"min_size", 2}, {"near_duplicates_max_accounts", 2}}) == 0);
  CHECK(summary(host, "near_duplicates_kept") == "0");
  CHECK(host.logged(CHORUS_LOG_WARN, "2 near-duplicate clusters have more than near_duplicates_max_accounts"));
}

TEST_CASE("detect/clusters: signal streams by their stream column", "[detect.clusters]") {
  auto s = sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"weight", "float64"}, {"stream", "utf8"}});
  auto row = [](const char* a, const char* b, double w, const char* st) {
    return std::vector<sdkt::Cell>{std::string(a), std::string(b), w, std::string(st)};
  };
  sdkt::FakeHost host;
  host.inputs["signals"] = {
      sdkt::batch(s, {row("a", "b", 1, "temporal"), row("b", "c", 1, "temporal"), row("a", "c", 1, "temporal")}),
      sdkt::batch(s, {row("a", "b", 0.5, "image"), row("c", "d", 0.1, "image")})};
  host.input_types["signals"] = {"edges", s};
  REQUIRE(run(host, {{"min_size", 3}, {"streams", {{"image", {{"min_weight", 0.2}}}}}}) == 0);
  CHECK(groups_text(host) == "a,b,c");
  CHECK(sdkt::col(host.outputs["evidence"], "stream") == "image|temporal");
  CHECK(sdkt::col(host.outputs["evidence"], "family") == "image|temporal");
  CHECK(sdkt::col(host.outputs["clusters"], "independent_streams") == "2");
  CHECK(summary(host, "signals_rows") == "5");
  CHECK(summary(host, "signals_kept") == "4");
  // A signal stream may not take a port's name.
  host.inputs["signals"] = {sdkt::batch(s, {row("a", "b", 1, "co_retweet")})};
  CHECK(host.run<ClustersStage>(Json::object()) != 0);
  CHECK(host.last_error() ==
        "input 'signals': column 'stream': 'co_retweet' is the name of an input port; a signal stream needs a name "
        "of its own");
}

TEST_CASE("detect/clusters: posts give posts, first and last activity", "[detect.clusters]") {
  sdkt::FakeHost host;
  set_edges(host, "co_retweet", {{"a", "b", 3, std::nullopt, 3}});
  auto s = sdkt::schema({{"post_id", "utf8"}, {"author_id", "utf8"}, {"created_at", "timestamp[us]"}});
  host.inputs["posts"] = {sdkt::batch(s, {{std::string("1"), std::string("a"), int64_t{1000000}},
                                          {std::string("2"), std::string("b"), int64_t{5000000}},
                                          {std::string("3"), std::string("b"), sdkt::null},
                                          {std::string("4"), std::string("z"), int64_t{0}},
                                          {std::string("5"), sdkt::null, int64_t{0}}})};
  host.input_types["posts"] = {"posts", s};
  REQUIRE(run(host, {{"min_size", 2}}) == 0);
  CHECK(sdkt::col(host.outputs["clusters"], "posts") == "3");
  CHECK(sdkt::col(host.outputs["clusters"], "first_activity") == "1000");
  CHECK(sdkt::col(host.outputs["clusters"], "last_activity") == "5000");
  CHECK(host.selected["posts"] == std::vector<std::string>{"author_id", "created_at"});
  CHECK(host.selected["co_retweet"] ==
        std::vector<std::string>{"source", "target", "weight", "p_value", "active_days"});
}

TEST_CASE("detect/clusters: bad rows are counted, not used", "[detect.clusters]") {
  sdkt::FakeHost host;
  auto s = sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"weight", "float64"}, {"p_value", "float64"}});
  host.inputs["co_link"] = {sdkt::batch(s, {{std::string("a"), std::string("a"), 3.0, 0.001},
                                            {std::string("a"), sdkt::null, 3.0, 0.001},
                                            {std::string("a"), std::string("b"), std::nan(""), 0.001},
                                            {std::string("a"), std::string("b"), 3.0, 1.5},
                                            {std::string("a"), std::string("b"), 3.0, 0.001}})};
  host.input_types["co_link"] = {"edges", s};
  REQUIRE(run(host, {{"min_size", 2}}) == 0);
  CHECK(summary(host, "rows_invalid") == "4");
  CHECK(summary(host, "co_link_kept") == "1");
  CHECK(host.logged(CHORUS_LOG_WARN, "input 'co_link' (stream co_link): 4 rows left out"));
}

TEST_CASE("detect/clusters: configuration and input errors", "[detect.clusters]") {
  sdkt::FakeHost host;
  auto edges_type = sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"weight", "float64"}});
  host.input_types["co_retweet"] = {"edges", edges_type};
  auto error = [&](const Json& config) {
    REQUIRE(host.infer<ClustersStage>(config) != 0);
    return host.last_error();
  };
  CHECK(error({{"streams", {{"co_retweeet", {{"max_q", 0.01}}}}}}) ==
        "with.streams.co_retweeet: no evidence stream 'co_retweeet' (did you mean 'co_retweet'?)");
  CHECK(error({{"streams", {{"temporal", {{"max_q", 0.01}}}}}})
            .rfind("with.streams.temporal: no evidence stream 'temporal': a port's stream is one of co_retweet", 0) ==
        0);
  CHECK(error({{"streams", {{"co_retweet", {{"max_p", 0.01}}}}}}) ==
        "with.streams.co_retweet: unknown key 'max_p' (did you mean 'max_q'?)");
  CHECK(error({{"streams", {{"co_retweet", {{"max_q", 2}}}}}}) ==
        "with.streams.co_retweet.max_q: expected a number in [0, 1], got 2");
  CHECK(error({{"streams", {{"co_retweet", {{"min_days", 1.5}}}}}}) ==
        "with.streams.co_retweet.min_days: expected an integer >= 0, got 1.5");
  CHECK(error({{"streams", {{"signals", Json::object()}}}}).rfind("with.streams.signals: 'signals' is a port", 0) == 0);
  CHECK(error({{"min_size", 1}}) == "with.min_size: expected a number >= 2, got 1");
  CHECK(error({{"method", "leiden"}}).rfind("with.method: unknown value \"leiden\"", 0) == 0);
  // A port's stream name is fine even when that port is not connected; a signal stream with signals connected.
  CHECK(host.infer<ClustersStage>({{"streams", {{"co_link", {{"min_days", 1}}}}}}) == 0);
  host.input_types["signals"] = {
      "edges", sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"weight", "float64"}, {"stream", "utf8"}})};
  CHECK(host.infer<ClustersStage>({{"streams", {{"temporal", {{"min_days", 1}}}}}}) == 0);
  host.input_types.erase("signals");
  // Columns.
  host.input_types["co_retweet"] = {"edges",
                                    sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"wieght", "float64"}})};
  CHECK(error(Json::object()) == "input 'co_retweet': no column 'weight' (did you mean 'wieght'?)");
  host.input_types["co_retweet"] = {
      "edges", sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"weight", "float64"}, {"p_value", "utf8"}})};
  CHECK(error(Json::object()) == "input 'co_retweet': column 'p_value' is utf8, expected float64");
  // At least one evidence port.
  host.input_types.clear();
  host.input_types["posts"] = {"posts", sdkt::schema({{"author_id", "utf8"}, {"created_at", "timestamp[ms]"}})};
  CHECK(error(Json::object()) ==
        "detect/clusters: no evidence input: connect at least one of co_retweet, co_link, co_hashtag, co_reply, "
        "co_mention, co_text, influence, near_duplicates, signals");
  CHECK(host.run<ClustersStage>(Json::object()) != 0);
}

TEST_CASE("detect/clusters: outputs follow the dataset contracts", "[detect.clusters]") {
  sdkt::FakeHost host;
  host.input_types["co_retweet"] = {"edges",
                                    sdkt::schema({{"source", "utf8"}, {"target", "utf8"}, {"weight", "float64"}})};
  REQUIRE(host.infer<ClustersStage>(Json::object()) == 0);
  const Json out = host.output_types_json;
  for (const auto& [port, type] : {std::pair<std::string, std::string>{"clusters", "clusters"},
                                   {"members", "cluster_members"},
                                   {"evidence", "cluster_evidence"}}) {
    std::ifstream in(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + type + ".json");
    REQUIRE(in);
    const Json contract = Json::parse(in);
    CHECK(out[port]["type"] == type);
    const Json& cols = out[port]["columns"];
    REQUIRE(cols.size() >= contract["columns"].size());
    for (size_t i = 0; i < contract["columns"].size(); ++i) {
      CHECK(cols[i]["name"] == contract["columns"][i]["name"]);
      CHECK(cols[i]["type"] == contract["columns"][i]["type"]);
    }
  }
  // Emitted batches have the inferred columns, also with no cluster at all.
  set_edges(host, "co_retweet", {});
  REQUIRE(run(host, Json::object()) == 0);
  CHECK(host.outputs["clusters"].at(0).schema().size() == out["clusters"]["columns"].size());
  CHECK(host.outputs["evidence"].at(0).schema().back().name == "supports");
  CHECK(sdkt::total_rows(host.outputs["summary"]) == 1);
}

TEST_CASE("detect/clusters: row order does not change the output", "[detect.clusters]") {
  const auto a = names("a", 8), b = names("b", 8);
  std::vector<E> rows = clique(a, 5, 0.001, 3);
  for (const auto& e : clique(b, 4, 0.002, 2)) rows.push_back(e);
  rows.push_back({"a1", "b1", 2, 0.003, 2});
  rows.push_back({"b2", "a3", 2, 0.003, 2});
  auto all = [](sdkt::FakeHost& h) {
    std::string s;
    for (const char* port : {"clusters", "members", "evidence", "summary"})
      for (const auto& f : h.outputs[port].at(0).schema()) s += sdkt::col(h.outputs[port], f.name) + "\n";
    return s;
  };
  sdkt::FakeHost h1, h2;
  set_edges(h1, "co_retweet", rows);
  std::reverse(rows.begin(), rows.end());
  for (auto& e : rows) std::swap(e.source, e.target);
  set_edges(h2, "co_retweet", rows);
  REQUIRE(run(h1, {{"split_above", 10}}) == 0);
  REQUIRE(run(h2, {{"split_above", 10}}) == 0);
  CHECK(all(h1) == all(h2));
  CHECK(sdkt::total_rows(h1.outputs["clusters"]) == 2);
}
