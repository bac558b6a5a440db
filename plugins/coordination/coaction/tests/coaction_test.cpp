// Tests of coordination/coaction: the toolkit's own test expectations, hand
// computed cases of both semantics, the sliding window against a naive
// all-pairs computation, the coordination-network-toolkit's SQL run by
// python3's sqlite3 as an oracle, and the null model.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include <zlib.h>

#include "coordination/coaction/coaction.hpp"
#include "support/helpers.hpp"

using namespace chorus::coordination_coaction;
namespace sdkt = chorus::sdk::testing;

namespace {

struct ToyShare {
  std::string account;
  int64_t ms;
  std::vector<std::string> keys;
};

ShareTable toy_table(const std::vector<ToyShare>& rows) {
  ShareTableBuilder b;
  for (const auto& r : rows) b.add_post(r.account, r.ms, r.keys);
  return b.finish();
}

Config toy_config(Semantics s, double window_s) {
  Config c;
  c.window_s = window_s;
  c.edges.semantics = s;
  return c;
}

// "source>target:weight" (toolkit) or "source-target:weight" (coortweet), sorted as output.
std::string edge_text(const Result& r) {
  std::string out;
  for (size_t k = 0; k < r.num_edges(); ++k) {
    const Edge e = r.edge(k);
    std::ostringstream s;
    s << r.table.accounts[e.source] << (r.network.qualifies.empty() ? ">" : "-") << r.table.accounts[e.target]
      << ":" << e.weight;
    out += (out.empty() ? "" : " ") + s.str();
  }
  return out;
}

// The edge a-b and its output index, if any.
std::optional<std::pair<Edge, size_t>> find_edge(const Result& r, const std::string& a, const std::string& b) {
  for (size_t k = 0; k < r.num_edges(); ++k) {
    const Edge e = r.edge(k);
    if (r.table.accounts[e.source] == a && r.table.accounts[e.target] == b) return std::make_pair(e, k);
  }
  return std::nullopt;
}

struct ToolkitRow {
  std::string message_id, user_id, repost_id;
  int64_t seconds;
};

// The toolkit's CSV (positional: message_id,user_id,username,repost_id,reply_id,message,timestamp,urls).
std::vector<ToolkitRow> read_toolkit_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::vector<ToolkitRow> rows;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) { header = false; continue; }
    std::vector<std::string> f;
    std::string cur;
    bool quoted = false;
    for (char ch : line) {
      if (ch == '"') quoted = !quoted;
      else if (ch == ',' && !quoted) f.push_back(cur), cur.clear();
      else cur.push_back(ch);
    }
    f.push_back(cur);
    REQUIRE(f.size() == 8);
    rows.push_back({f[0], f[1], f[3], std::stoll(f[6])});
  }
  return rows;
}

int count_nodes(const Result& r) {
  std::set<int32_t> nodes;
  for (size_t k = 0; k < r.num_edges(); ++k) nodes.insert(r.edge(k).source), nodes.insert(r.edge(k).target);
  return static_cast<int>(nodes.size());
}

// Directed statistics by brute force over every pair of shares.
struct NaiveStats {
  std::set<int32_t> posts;
  uint64_t pairs = 0;
  int64_t sum_dt = 0;
};
std::map<std::pair<int32_t, int32_t>, NaiveStats> naive_pairs(const ShareTable& t, int64_t w,
                                                               const std::vector<char>& key_excluded) {
  std::map<std::pair<int32_t, int32_t>, NaiveStats> out;
  for (size_t i = 0; i < t.num_shares(); ++i)
    for (size_t j = 0; j < t.num_shares(); ++j) {
      if (i == j || t.share_key[i] != t.share_key[j] || key_excluded[t.share_key[i]]) continue;
      const int32_t pi = t.share_post[i], pj = t.share_post[j];
      const int32_t a = t.post_account[pi], b = t.post_account[pj];
      const int64_t dt = std::llabs(t.post_time_ms[pi] - t.post_time_ms[pj]);
      if (a == b || dt > w) continue;
      auto& s = out[{a, b}];
      s.posts.insert(pi);
      ++s.pairs;
      s.sum_dt += dt;
    }
  return out;
}

uint64_t naive_key_pairs(const ShareTable& t, int32_t key, int64_t w) {
  uint64_t n = 0;
  for (size_t i = 0; i < t.num_shares(); ++i)
    for (size_t j = i + 1; j < t.num_shares(); ++j)
      if (t.share_key[i] == key && t.share_key[j] == key &&
          std::llabs(t.post_time_ms[t.share_post[i]] - t.post_time_ms[t.share_post[j]]) <= w)
        ++n;
  return n;
}

std::string shared_dir() { return std::string(CHORUS_TEST_SOURCE_DIR) + "/../shared"; }

}  // namespace

TEST_CASE("coordination/coaction: toolkit expectations on its co-retweet test input", "[coordination.coaction]") {
  const std::string path = shared_dir() + "/data/coordination_network_toolkit/coretweet_test_input.csv";
  if (!std::filesystem::exists(path)) {
    WARN("skipped: " << path << " is absent");
    return;
  }
  const auto rows = read_toolkit_csv(path);
  REQUIRE(rows.size() == 15);
  auto run = [&](double w, double min_weight) {
    ShareTableBuilder b;
    for (const auto& r : rows) b.add_post(r.user_id, r.seconds * 1000, std::vector<std::string>{r.repost_id});
    Config c = toy_config(Semantics::Toolkit, w);
    c.edges.min_weight = min_weight;
    return analyse(b.finish(), c);
  };
  // tests/test_graph_construction.py: (time window, min edge weight, loops=False) -> nodes.
  CHECK(count_nodes(run(1, 1)) == 2);
  CHECK(count_nodes(run(1, 2)) == 0);
  CHECK(count_nodes(run(60, 1)) == 6);
  // Weights derived by hand from count(distinct e_1.message_id): uid0 retweeted
  // rtid0 at 0 s and 1 s, uid1 at 59 s, so both uid0 messages have a uid1
  // message within 60 s (2) and uid1's one message has a uid0 one (1); rtid2
  // (70 s, 131 s) is 61 s apart, outside; uid4/uid5 co-retweet rtid3 (59 s) and rtid4 (1 s).
  CHECK(edge_text(run(60, 1)) ==
        "uid0>uid1:2 uid1>uid0:1 uid2>uid3:1 uid3>uid2:1 uid4>uid5:2 uid5>uid4:2");
  CHECK(edge_text(run(1, 1)) == "uid4>uid5:1 uid5>uid4:1");
}

TEST_CASE("coordination/coaction: toolkit SQL in sqlite3 agrees on seeded random data", "[coordination.coaction]") {
  chorus::testing::TempDir dir;
  const std::string csv = dir.file("shares.csv");
  // Seeded data with deliberate ties and exact-W gaps (integer seconds, W = 5).
  SplitMix64 rng{2024};
  std::vector<ToolkitRow> rows;
  for (int i = 0; i < 400; ++i)
    rows.push_back({std::to_string(i), "u" + std::to_string(rng.below(25)), "rt" + std::to_string(rng.below(12)),
                    static_cast<int64_t>(rng.below(300))});
  {
    std::ofstream out(csv);
    for (const auto& r : rows) out << r.message_id << "," << r.user_id << "," << r.repost_id << "," << r.seconds << "\n";
  }
  const std::string script = dir.file("oracle.py");
  chorus::testing::write_file(script, R"py(import csv, sqlite3, sys
db = sqlite3.connect(":memory:")
db.execute("create table edge (message_id primary key, user_id, repost_id, timestamp)")
with open(sys.argv[1]) as f:
    db.executemany("insert into edge values (?, ?, ?, ?)", [(r[0], r[1], r[2], float(r[3])) for r in csv.reader(f)])
# The toolkit's co-retweet query (compute_networks.py), then graph.py's loops=False filter.
q = """select e_1.user_id as user_1, e_2.user_id as user_2, count(distinct e_1.message_id) as weight
       from edge e_1 inner join edge e_2 on e_1.repost_id = e_2.repost_id
        and e_2.timestamp between e_1.timestamp - ?1 and e_1.timestamp + ?1
       group by e_1.user_id, e_2.user_id having weight >= ?2"""
rows = [r for r in db.execute(q, (float(sys.argv[2]), int(sys.argv[3]))) if r[0] != r[1]]
print(" ".join("%s>%s:%d" % r for r in sorted(rows, key=lambda r: (r[0].encode(), r[1].encode()))))
)py");
  for (auto [w, minw] : {std::pair<int, int>{5, 1}, {5, 2}, {0, 1}, {30, 3}}) {
    auto py = chorus::testing::run_command("python3 " + script + " " + csv + " " + std::to_string(w) + " " +
                                           std::to_string(minw));
    REQUIRE(py.exit_code == 0);
    std::string expected = py.output;
    while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
    ShareTableBuilder b;
    for (const auto& r : rows) b.add_post(r.user_id, r.seconds * 1000, std::vector<std::string>{r.repost_id});
    Config c = toy_config(Semantics::Toolkit, w);
    c.edges.min_weight = minw;
    Result res = analyse(b.finish(), c);
    CHECK(res.num_edges() > 0);
    CHECK(edge_text(res) == expected);
  }
}

TEST_CASE("coordination/coaction: toolkit hand cases with window boundary and repeated shares", "[coordination.coaction]") {
  // W = 10 s. A shares X at 0 s and 5 s, B at 10 s (exactly W after A's first:
  // inside), C at 10.001 s (10.001 s after A's first: outside; 5.001 s after A's second: inside).
  const auto t = toy_table({{"A", 0, {"X"}}, {"A", 5000, {"X"}}, {"B", 10000, {"X"}}, {"C", 10001, {"X"}}});
  Result r = analyse(t, toy_config(Semantics::Toolkit, 10));
  // A->B: both A posts have B within 10 s -> 2; B->A: 1; A->C: only A's 5 s post -> 1;
  // C->A: 1; B->C and C->B: 1 ms apart -> 1. No A->A although A shared X twice within W.
  CHECK(edge_text(r) == "A>B:2 A>C:1 B>A:1 B>C:1 C>A:1 C>B:1");
  const auto found = find_edge(r, "A", "B");
  REQUIRE(found);
  const Edge* ab = &found->first;
  CHECK(ab->pairs == 2);
  CHECK(ab->posts_target == 1);
  CHECK(ab->mean_time_delta_s == Approx((10.0 + 5.0) / 2));
  CHECK(ab->symmetry == Approx(0.5));
  CHECK(ab->above_percentile == -1);

  Config c = toy_config(Semantics::Toolkit, 10);
  c.edges.min_weight = 2;
  CHECK(edge_text(analyse(t, c)) == "A>B:2");
  // A window one millisecond shorter loses the A(0 s)-B pair.
  CHECK(edge_text(analyse(t, toy_config(Semantics::Toolkit, 9.999))) == "A>B:1 A>C:1 B>A:1 B>C:1 C>A:1 C>B:1");
  // A multi-key post counts once per partner (distinct messages): A's post has
  // X and Y, B's post has X and Y -> weight 1, pairs 2.
  Result m = analyse(toy_table({{"A", 0, {"X", "Y", "X"}}, {"B", 1000, {"Y", "X"}}}), toy_config(Semantics::Toolkit, 10));
  CHECK(edge_text(m) == "A>B:1 B>A:1");
  CHECK(m.edge(0).pairs == 2);
}

TEST_CASE("coordination/coaction: coortweet hand cases with pairs and participation", "[coordination.coaction]") {
  // Same data as the toolkit case, min_participation 1: weight = share pairs.
  const auto t = toy_table({{"A", 0, {"X"}}, {"A", 5000, {"X"}}, {"B", 10000, {"X"}}, {"C", 10001, {"X"}}});
  Config c = toy_config(Semantics::CooRTweet, 10);
  c.edges.min_participation = 1;
  Result r = analyse(t, c);
  // A-B: (0,10) (5,10) -> 2; A-C: (5,10.001) -> 1; B-C: 1. Undirected, source < target.
  CHECK(edge_text(r) == "A-B:2 A-C:1 B-C:1");
  const auto found = find_edge(r, "A", "B");
  REQUIRE(found);
  const Edge* ab = &found->first;
  CHECK(ab->posts_source == 2);
  CHECK(ab->posts_target == 1);
  CHECK(ab->mean_time_delta_s == Approx(7.5));
  CHECK(ab->symmetry == Approx(0.5));
  // Percentile q = 0.5 of {2, 1, 1}: type 7 -> sorted 1,1,2, h = 1 -> 1; above: weight > 1.
  CHECK(r.network.threshold == Approx(1.0));
  CHECK(ab->above_percentile == 1);
  CHECK(find_edge(r, "A", "C")->first.above_percentile == 0);

  // min_participation 2. D shared once (below 2 shares): removed before pairing.
  // A: X with B, Y with C -> 2 coordinated posts (qualifies); B: 3 shares, 1
  // coordinated; C: 2 shares, 1 coordinated.
  const auto p = toy_table({{"A", 0, {"X"}},       {"B", 1000, {"X"}},      {"D", 2000, {"X"}},
                            {"A", 100000, {"Y"}},  {"C", 101000, {"Y"}},    {"C", 1000000, {"Z"}},
                            {"B", 5000000, {"Z"}}, {"B", 9000000, {"V"}}});
  Config either = toy_config(Semantics::CooRTweet, 10);
  Result re = analyse(p, either);
  CHECK(edge_text(re) == "A-B:1 A-C:1");
  CHECK(re.coordinated_posts == std::vector<int64_t>{2, 1, 1, 0});
  Config both = either;
  both.edges.participation_rule = ParticipationRule::Both;
  Result rb = analyse(p, both);
  CHECK(edge_text(rb) == "");
  CHECK(rb.network.dropped_participation == 2);
  // The toolkit has no participation rule: D is linked.
  CHECK(edge_text(analyse(p, toy_config(Semantics::Toolkit, 10))) == "A>B:1 A>C:1 A>D:1 B>A:1 B>D:1 C>A:1 D>A:1 D>B:1");
}

TEST_CASE("coordination/coaction: percentile threshold and only_above_percentile", "[coordination.coaction]") {
  // Four disjoint pairs with 1, 2, 3 and 4 co-shares (1 s apart, W = 5 s).
  std::vector<ToyShare> rows;
  const char* names[4][2] = {{"a1", "a2"}, {"b1", "b2"}, {"c1", "c2"}, {"d1", "d2"}};
  for (int pair = 0; pair < 4; ++pair)
    for (int k = 0; k <= pair; ++k) {
      const std::string key = std::string("k") + std::to_string(pair) + "_" + std::to_string(k);
      rows.push_back({names[pair][0], k * 100000, {key}});
      rows.push_back({names[pair][1], k * 100000 + 1000, {key}});
    }
  Config c = toy_config(Semantics::CooRTweet, 5);
  c.edges.min_participation = 1;
  c.edges.percentile = 0.5;  // type 7 of 1,2,3,4: h = 1.5 -> 2.5
  Result r = analyse(toy_table(rows), c);
  CHECK(r.network.threshold == Approx(2.5));
  CHECK(edge_text(r) == "a1-a2:1 b1-b2:2 c1-c2:3 d1-d2:4");
  c.edges.only_above_percentile = true;
  CHECK(edge_text(analyse(toy_table(rows), c)) == "c1-c2:3 d1-d2:4");
  c.edges.percentile = 0.9;  // h = 2.7 -> 3.7
  CHECK(edge_text(analyse(toy_table(rows), c)) == "d1-d2:4");
  c.edges.only_above_percentile = false;
  c.edges.min_weight = 2;
  CHECK(edge_text(analyse(toy_table(rows), c)) == "b1-b2:2 c1-c2:3 d1-d2:4");
  CHECK(quantile_type7({5}, 0.3) == 5);
  CHECK(quantile_type7({1, 2, 3, 4, 10}, 0.9) == Approx(7.6));  // h = 3.6: 4 + 0.6 * 6
}

TEST_CASE("coordination/coaction: sliding window equals naive all pairs on seeded data", "[coordination.coaction]") {
  // seed 6: 300 accounts and W = 10^12 s, so (account pair, dt) do not fit
  // one 64-bit sort key and dt is recomputed from post times.
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    SplitMix64 rng{seed};
    std::vector<ToyShare> rows;
    const int posts = 250 + static_cast<int>(rng.below(200));
    for (int i = 0; i < posts; ++i) {
      ToyShare s;
      s.account = "acct" + std::to_string(rng.below(seed == 6 ? 300 : 30));
      s.ms = static_cast<int64_t>(rng.below(120)) * 1000 + (rng.below(4) == 0 ? static_cast<int64_t>(rng.below(1000)) : 0);
      const int nkeys = 1 + static_cast<int>(rng.below(3));
      for (int k = 0; k < nkeys; ++k) s.keys.push_back("key" + std::to_string(rng.below(seed == 5 ? 3 : 20)));
      rows.push_back(s);
    }
    const ShareTable t = toy_table(rows);
    const int64_t w = seed == 6 ? 1000000000000000LL : 5000 + static_cast<int64_t>(seed) * 1000;
    const uint64_t cap = seed == 3 ? 60 : 0;  // seed 3: some keys left out by the cap
    const KeyIndex x = build_key_index(t, t.post_time_ms);
    const Prepared prep = prepare(t, x, w, cap, 0);
    std::vector<char> excluded(t.num_keys(), 0);
    int capped = 0;
    for (size_t k = 0; k < t.num_keys(); ++k) {
      const uint64_t np = naive_key_pairs(t, static_cast<int32_t>(k), w);
      CHECK(prep.key_pairs[k] == np);
      excluded[k] = cap > 0 && np > cap;
      capped += excluded[k];
    }
    CHECK(prep.key_excluded == excluded);
    if (seed == 3) CHECK(capped > 0);
    const DirectedPairStats ps = gather_directed_by_account(t, prep, x, w);
    const auto naive = naive_pairs(t, w, excluded);
    REQUIRE(ps.target.size() == naive.size());
    size_t i = 0;
    bool all_equal = true;
    for (size_t a = 0; a < t.num_accounts(); ++a)
      for (int64_t e = ps.row[a]; e < ps.row[a + 1]; ++e, ++i) {
        auto it = naive.find({static_cast<int32_t>(a), ps.target[e]});
        auto back = naive.find({ps.target[e], static_cast<int32_t>(a)});
        all_equal = all_equal && it != naive.end() && back != naive.end() && ps.source[e] == static_cast<int32_t>(a) &&
                    it->second.posts.size() == ps.posts[e] && back->second.posts.size() == ps.posts_rev[e] &&
                    it->second.pairs == ps.pairs[e] && it->second.sum_dt == ps.sum_dt_ms[e];
      }
    CHECK(all_equal);
    CHECK(i == naive.size());
    // The key-order sweep the observed network uses: undirected, lo < hi.
    const PairStats us = gather_pair_stats(t, prep, x, w);
    size_t undirected = 0;
    for (const auto& kv : naive) undirected += kv.first.first < kv.first.second;
    REQUIRE(us.size() == undirected);
    bool us_equal = true;
    for (size_t e = 0; e < us.size(); ++e) {
      auto it = naive.find({us.lo[e], us.hi[e]});
      auto back = naive.find({us.hi[e], us.lo[e]});
      us_equal = us_equal && (e == 0 || std::make_pair(us.lo[e - 1], us.hi[e - 1]) < std::make_pair(us.lo[e], us.hi[e])) &&
                 it != naive.end() && back != naive.end() && it->second.posts.size() == us.posts_lo[e] &&
                 back->second.posts.size() == us.posts_hi[e] && it->second.pairs == us.pairs[e] &&
                 it->second.sum_dt == us.sum_dt_ms[e];
    }
    CHECK(us_equal);
    CHECK(us.coordinated_posts == ps.coordinated_posts);
    CHECK(us.visits == ps.visits);
  }
}

TEST_CASE("coordination/coaction: null model is seeded and finds a planted pair", "[coordination.coaction]") {
  // 40 background accounts retweet 300 objects at random times over 30 days;
  // P1 and P2 retweet 15 of them within 5 s of each other, also at random times.
  auto make = [] {
    SplitMix64 rng{77};
    std::vector<ToyShare> rows;
    const int64_t month = 30LL * 86400 * 1000;
    std::vector<int64_t> object_time(300);
    for (auto& ot : object_time) ot = static_cast<int64_t>(rng.below(static_cast<uint64_t>(month)));
    for (int i = 0; i < 3000; ++i) {
      const int o = static_cast<int>(rng.below(300));
      rows.push_back({"bg" + std::to_string(rng.below(40)),
                      object_time[o] + static_cast<int64_t>(rng.below(3600 * 1000)), {"obj" + std::to_string(o)}});
    }
    for (int k = 0; k < 15; ++k) {
      const int o = static_cast<int>(rng.below(300));
      const int64_t at = object_time[o] + static_cast<int64_t>(rng.below(3600 * 1000));
      rows.push_back({"P1", at, {"obj" + std::to_string(o)}});
      rows.push_back({"P2", at + static_cast<int64_t>(rng.below(5000)), {"obj" + std::to_string(o)}});
    }
    return toy_table(rows);
  };
  Config c = toy_config(Semantics::Toolkit, 60);
  c.permutations = 99;
  c.seed = 11;
  Result r1 = analyse(make(), c);
  Result r2 = analyse(make(), c);
  REQUIRE(r1.p_value.size() == r1.num_edges());
  CHECK(r1.p_value == r2.p_value);
  CHECK(r1.permutations_done == 99);
  bool in_range = true;
  for (double p : r1.p_value) in_range = in_range && p >= 1.0 / 100 && p <= 1.0;
  CHECK(in_range);
  const auto planted = find_edge(r1, "P1", "P2");
  REQUIRE(planted);
  CHECK(planted->first.weight >= 15);
  const size_t pi = planted->second;
  CHECK(r1.p_value[pi] == Approx(0.01));
  CHECK(r1.z[pi] > 5);
  // Background edges (no planted account) are chance co-retweets: their p-values are not small.
  int background = 0, small = 0;
  for (size_t i = 0; i < r1.num_edges(); ++i) {
    const Edge e = r1.edge(i);
    if (r1.table.accounts[e.source][0] == 'P' || r1.table.accounts[e.target][0] == 'P') continue;
    ++background;
    small += r1.p_value[i] <= 0.01;
  }
  CHECK(background > 50);
  CHECK(small <= background / 20);
  // Another seed gives other null draws (so the seed is used), the same planted verdict.
  c.seed = 12;
  Result r3 = analyse(make(), c);
  CHECK(r3.p_value != r1.p_value);
  CHECK(r3.p_value[pi] == Approx(0.01));
  // account_times null: the planted pair stands out as well, but so do pairs
  // that merely retweeted in the same hour-long cascades (documented caveat).
  Config ca = c;
  ca.null_model = NullModel::AccountTimes;
  Result ra = analyse(make(), ca);
  CHECK(ra.p_value[pi] == Approx(0.01));
  int small_a = 0;
  for (size_t i = 0; i < ra.num_edges(); ++i) {
    const Edge e = ra.edge(i);
    if (ra.table.accounts[e.source][0] != 'P' && ra.table.accounts[e.target][0] != 'P') small_a += ra.p_value[i] <= 0.01;
  }
  CHECK(small_a > background / 2);
  // CooRTweet semantics: the statistic is the pair count; the planted pair stands out too.
  Config cc = toy_config(Semantics::CooRTweet, 60);
  cc.permutations = 99;
  Result rc = analyse(make(), cc);
  const auto pc = find_edge(rc, "P1", "P2");
  REQUIRE(pc);
  CHECK(rc.p_value[pc->second] == Approx(0.01));
}

TEST_CASE("coordination/coaction: null model cannot move a lone pair", "[coordination.coaction]") {
  // One object shared by two accounts 3 s apart (W = 10 s), and u3's lone
  // share elsewhere: permuting the object's two times keeps |dt| = 3 s, so
  // every null weight equals the observed one: p = (1 + R) / (1 + R) = 1,
  // sd = 0 so z is undefined. account_times: each of u1, u2 has one post, so
  // nothing moves either.
  const auto t = toy_table({{"u1", 0, {"x"}}, {"u2", 3000, {"x"}}, {"u3", 50000, {"y"}}});
  for (NullModel m : {NullModel::ObjectTimes, NullModel::AccountTimes})
    for (Semantics s : {Semantics::Toolkit, Semantics::CooRTweet}) {
      Config c = toy_config(s, 10);
      c.edges.min_participation = 1;
      c.permutations = 19;
      c.null_model = m;
      Result r = analyse(t, c);
      REQUIRE(r.num_edges() == (s == Semantics::Toolkit ? 2u : 1u));
      for (size_t k = 0; k < r.num_edges(); ++k) {
        CHECK(r.p_value[k] == 1.0);
        CHECK(std::isnan(r.z[k]));
      }
    }
}

TEST_CASE("coordination/coaction: permutation keeps each account's times", "[coordination.coaction]") {
  const auto t = toy_table({{"A", 1, {"x"}}, {"A", 2, {"y"}}, {"A", 3, {"z"}}, {"B", 10, {"x"}}, {"B", 20, {"y"}}});
  const Csr pa = group_by(t.num_accounts(), t.post_account);
  SplitMix64 r1{5}, r2{5};
  auto p1 = permuted_times(t, pa, r1), p2 = permuted_times(t, pa, r2);
  CHECK(p1 == p2);
  std::vector<int64_t> a_times = {p1[0], p1[1], p1[2]}, b_times = {p1[3], p1[4]};
  std::sort(a_times.begin(), a_times.end());
  std::sort(b_times.begin(), b_times.end());
  CHECK(a_times == std::vector<int64_t>{1, 2, 3});
  CHECK(b_times == std::vector<int64_t>{10, 20});
  // below(n) is uniform: 60000 draws of below(3) give each value about 20000 times.
  SplitMix64 g{9};
  int hist[3] = {0, 0, 0};
  for (int i = 0; i < 60000; ++i) ++hist[g.below(3)];
  for (int h : hist) CHECK(std::abs(h - 20000) < 600);  // > 5 sd away would be a bug
}

TEST_CASE("coordination/coaction: co_post_text normalization", "[coordination.coaction]") {
  CHECK(normalize_post_text("  Buy NOW\thttp://t.co/AbC @bob  ") == "buy now");
  CHECK(normalize_post_text("buy now https://t.co/x") == "buy now");
  CHECK(normalize_post_text("STRASSE www.example.com") == normalize_post_text("Straße"));
  CHECK(normalize_post_text("RT @user: hello\u00A0world mail@example.org") == "rt hello world mail");
  CHECK(normalize_post_text("@only @mentions") == "");
}

TEST_CASE("coordination/coaction: stage on posts with row accounting", "[coordination.coaction]") {
  sdkt::FakeHost host;
  auto s = sdkt::schema({{"author_id", "utf8"}, {"created_at", "timestamp[ms]"}, {"interaction_type", "utf8"},
                         {"target_post_id", "utf8"}, {"text", "utf8"}, {"hashtags_folded", "list<utf8>"}});
  using sdkt::null;
  using L = sdkt::StrList;
  host.inputs["posts"] = {sdkt::batch(
      s, {{std::string("u2"), int64_t{0}, std::string("original"), null, std::string("Vote NOW http://t.co/1"), L{"vote"}},
          {std::string("u1"), int64_t{3000}, std::string("original"), null, std::string("vote now @x"), L{"vote", "now"}},
          {std::string("u3"), int64_t{4000}, std::string("share"), std::string("p9"), std::string("RT vote now"), L{"vote"}},
          {std::string("u4"), int64_t{5000}, std::string("share"), std::string("p9"), null, L{}},
          {null, int64_t{5000}, std::string("original"), null, std::string("vote now"), L{"vote"}},
          {std::string("u5"), null, std::string("original"), null, std::string("vote now"), L{"vote"}},
          {std::string("u6"), int64_t{900000}, null, null, std::string("vote now"), null}})};
  // co_post_text: u1, u2 and u6 (null interaction type: kept) post "vote now";
  // u3 is a share (left out); u6 is 900 s later (outside W = 60 s).
  REQUIRE(host.run<Coaction>({{"kind", "co_post_text"}, {"window", 60}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "u1|u2");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "u2|u1");
  CHECK(sdkt::col(host.outputs["edges"], "weight") == "1|1");
  CHECK(sdkt::col(host.outputs["edges"], "mean_time_delta_s") == "3|3");
  CHECK(sdkt::col(host.outputs["edges"], "p_value") == "null|null");
  CHECK(sdkt::col(host.outputs["accounts"], "account_id") == "u1|u2|u6");
  CHECK(sdkt::col(host.outputs["accounts"], "edges") == "2|2|0");
  CHECK(sdkt::col(host.outputs["accounts"], "strength") == "2|2|0");
  std::map<std::string, std::string> summary;
  const auto& sb = host.outputs["summary"].at(0);
  for (int64_t r = 0; r < sb.rows(); ++r) summary[std::string(sb.column("metric").str(r))] = sdkt::cell_text(sb.column("value"), r);
  CHECK(summary["input_rows"] == "7");
  CHECK(summary["rows_used"] == "3");
  CHECK(summary["rows_shares_excluded"] == "2");
  CHECK(summary["rows_null_interaction_type"] == "1");
  CHECK(summary["rows_null_author"] == "1");
  CHECK(summary["rows_null_time"] == "1");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 rows without author_id"));

  // co_retweet: u3 and u4 retweeted p9 1 s apart.
  REQUIRE(host.run<Coaction>({{"kind", "co_retweet"}, {"window", 1}, {"semantics", "coortweet"}, {"min_participation", 1}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "u3");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "u4");
  CHECK(sdkt::col(host.outputs["edges"], "directed") == "false");
  CHECK(sdkt::col(host.outputs["edges"], "above_percentile") == "false");

  // co_hashtag with include_shares: u1, u2, u3 share "vote" within 60 s; "now" only u1.
  REQUIRE(host.run<Coaction>({{"kind", "co_hashtag"}, {"window", 60}, {"include_shares", true}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "u1|u1|u2|u2|u3|u3");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "u2|u3|u1|u3|u1|u2");
}

TEST_CASE("coordination/coaction: an object over max_pairs_per_object is left out and reported", "[coordination.coaction]") {
  sdkt::FakeHost host;
  auto s = sdkt::schema({{"author_id", "utf8"}, {"created_at", "timestamp[ms]"}, {"interaction_type", "utf8"},
                         {"target_post_id", "utf8"}});
  std::vector<std::vector<sdkt::Cell>> rows;
  // p1: 4 retweets within 3 s (6 pairs inside W); p2: 2 retweets (1 pair).
  for (int i = 0; i < 4; ++i)
    rows.push_back({std::string("a") + std::to_string(i), int64_t{1000} * i, std::string("share"), std::string("p1")});
  rows.push_back({std::string("a0"), int64_t{100000}, std::string("share"), std::string("p2")});
  rows.push_back({std::string("a3"), int64_t{100500}, std::string("share"), std::string("p2")});
  host.inputs["posts"] = {sdkt::batch(s, rows)};
  REQUIRE(host.run<Coaction>({{"kind", "co_retweet"}, {"window", 10}, {"max_pairs_per_object", 5}}) == 0);
  CHECK(sdkt::col(host.outputs["edges"], "source") == "a0|a3");
  CHECK(sdkt::col(host.outputs["edges"], "target") == "a3|a0");
  std::map<std::string, std::string> summary, detail;
  const auto& sb = host.outputs["summary"].at(0);
  for (int64_t r = 0; r < sb.rows(); ++r) {
    summary[std::string(sb.column("metric").str(r))] = sdkt::cell_text(sb.column("value"), r);
    detail[std::string(sb.column("metric").str(r))] = sdkt::cell_text(sb.column("detail"), r);
  }
  CHECK(summary["objects_capped"] == "1");
  CHECK(summary["shares_in_capped_objects"] == "4");
  CHECK(summary["pairs_within_window"] == "1");
  CHECK(summary["capped_object"] == "6");
  CHECK(detail["capped_object"] == "key=p1 shares=4");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 objects exceeded max_pairs_per_object"));
  // At the cap (6 pairs, cap 6) the object stays.
  REQUIRE(host.run<Coaction>({{"kind", "co_retweet"}, {"window", 10}, {"max_pairs_per_object", 6}}) == 0);
  CHECK(sdkt::total_rows(host.outputs["edges"]) == 12);
}

TEST_CASE("coordination/coaction: config errors name the key", "[coordination.coaction]") {
  sdkt::FakeHost host;
  host.input_types["posts"] = {"posts", sdkt::schema({{"author_id", "utf8"}, {"created_at", "timestamp[ms]"}, {"text", "utf8"}})};
  CHECK(host.infer<Coaction>({{"kind", "co_retweet"}}) != 0);
  CHECK(host.last_error().find("with.window: expected the time window W in seconds") != std::string::npos);
  CHECK(host.infer<Coaction>({{"kind", "co_tweet"}, {"window", 5}}) != 0);
  CHECK(host.last_error().find("with.kind: unknown kind 'co_tweet'") != std::string::npos);
  CHECK(host.infer<Coaction>({{"kind", "co_retweet"}, {"window", 5}, {"semantic", "toolkit"}}) != 0);
  CHECK(host.last_error().find("with: unknown key 'semantic'") != std::string::npos);
  CHECK(host.infer<Coaction>({{"kind", "co_retweet"}, {"window", 5}}) != 0);
  CHECK(host.last_error().find("with.kind: co_retweet needs column 'interaction_type'") != std::string::npos);
  CHECK(host.infer<Coaction>({{"kind", "co_post_text"}, {"window", 5}, {"include_shares", true}, {"percentile", 2}}) != 0);
  CHECK(host.last_error().find("with.percentile: expected a number in [0") != std::string::npos);
  CHECK(host.infer<Coaction>({{"kind", "co_post_text"}, {"window", 5}, {"include_shares", true}}) == 0);
}

TEST_CASE("coordination/coaction: coortweet semantics match a CooRTweet re-implementation on its Russian data", "[coordination.coaction]") {
  const std::string path = shared_dir() + "/data/coortweet/russian_coord_tweets.csv.gz";
  if (!std::filesystem::exists(path)) {
    WARN("skipped: " << path << " is absent");
    return;
  }
  // The oracle: CooRTweet's detect_groups (prefilter, pairs within the window,
  // remove_loops, filter_min_participation with its either-side rule) and
  // generate_coordinated_network's weight (.N per account pair), in plain Python.
  chorus::testing::TempDir dir;
  const std::string script = dir.file("coortweet.py");
  chorus::testing::write_file(script, R"py(import csv, gzip, sys
from collections import Counter, defaultdict
W, m = int(sys.argv[2]), int(sys.argv[3])
rows = [(r["object_id"], r["account_id"], r["content_id"], int(r["timestamp_share"]))
        for r in csv.DictReader(gzip.open(sys.argv[1], "rt"))]
n = Counter(r[1] for r in rows)
x = [r for r in rows if n[r[1]] >= m]
groups = defaultdict(list)
for r in x: groups[r[0]].append(r)
result = []
for g in groups.values():
    g.sort(key=lambda r: r[3])
    for i in range(len(g)):
        for j in range(i + 1, len(g)):
            if g[j][3] - g[i][3] > W: break
            if g[i][2] != g[j][2] and g[i][1] != g[j][1]:
                result.append((g[i][1], g[j][1], g[i][2], g[j][2]))
contents = {r[2] for r in result} | {r[3] for r in result}
per_account = Counter(r[1] for r in x if r[2] in contents)
good = {r[2] for r in x if r[2] in contents and per_account[r[1]] >= m}
weight = Counter()
for a, b, ca, cb in result:
    if ca in good or cb in good: weight[(min(a, b), max(a, b))] += 1
print(" ".join("%s-%s:%d" % (k[0], k[1], v) for k, v in sorted(weight.items())))
)py");
  struct Row { std::string object, account, content; int64_t ts; };
  std::vector<Row> rows;
  {
    gzFile f = gzopen(path.c_str(), "rb");
    REQUIRE(f);
    std::string text;
    char buf[1 << 16];
    int got;
    while ((got = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(got));
    gzclose(f);
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "object_id,account_id,content_id,timestamp_share");
    int bad = 0;
    while (std::getline(in, line)) {
      std::vector<std::string> f4;
      std::stringstream ls(line);
      std::string cell;
      while (std::getline(ls, cell, ',')) f4.push_back(cell);
      if (f4.size() != 4) { ++bad; continue; }
      rows.push_back({f4[0], f4[1], f4[2], std::stoll(f4[3])});
    }
    REQUIRE(bad == 0);
  }
  REQUIRE(rows.size() == 35125);
  for (int w : {10, 60}) {
    auto py = chorus::testing::run_command("python3 " + script + " " + path + " " + std::to_string(w) + " 2");
    REQUIRE(py.exit_code == 0);
    std::string expected = py.output;
    while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
    // A post is a content_id (40 contents share two objects: posts with two keys).
    std::map<std::string, std::vector<const Row*>> by_content;
    for (const auto& r : rows) by_content[r.content].push_back(&r);
    ShareTableBuilder b;
    for (const auto& [content, rs] : by_content) {
      std::vector<std::string> objects;
      for (const Row* r : rs) objects.push_back(r->object);
      b.add_post(rs[0]->account, rs[0]->ts * 1000, objects);
    }
    Config c = toy_config(Semantics::CooRTweet, w);
    Result res = analyse(b.finish(), c);
    CHECK(res.num_edges() > 100);
    CHECK(edge_text(res) == expected);
  }
}
