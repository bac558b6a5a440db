#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "graph_families.hpp"
#include "projection.hpp"

namespace nh = chorus::network_hashtags;
namespace fam = chorus::network_hashtags::testing;

namespace {

using Edge = std::tuple<int32_t, int32_t, int64_t>;  // a < b, weight

// A bipartite graph: accounts 0..n-1, hashtags n..n+tags-1, from per-account
// hashtag lists (hashtag indexes 0..tags-1).
nh::CsrGraph bipartite(int32_t n, int32_t tags, const std::vector<std::vector<int32_t>>& uses) {
  std::vector<std::pair<int32_t, int32_t>> edges;
  for (int32_t a = 0; a < n; ++a)
    for (int32_t t : uses[a]) edges.push_back({a, n + t});
  return nh::CsrGraph::from_edges(n + tags, edges);
}

// The projection by definition, pair by pair: |H(a) ∩ H(b)| for every a < b.
std::vector<Edge> brute_force(const std::vector<std::vector<int32_t>>& uses) {
  std::vector<Edge> out;
  const int32_t n = static_cast<int32_t>(uses.size());
  for (int32_t a = 0; a < n; ++a)
    for (int32_t b = a + 1; b < n; ++b) {
      int64_t common = 0;
      for (int32_t t : uses[a]) common += std::count(uses[b].begin(), uses[b].end(), t);
      if (common > 0) out.push_back({a, b, common});
    }
  return out;
}

std::vector<Edge> emitted(const nh::CsrGraph& g, int32_t n, int64_t max_edges, int64_t* count = nullptr) {
  std::vector<Edge> out;
  const int64_t c = nh::emit_projection(g, n, max_edges, [&](int32_t a, int32_t b, int64_t w) {
    out.push_back({a, b, w});
  });
  if (count) *count = c;
  return out;
}

// Seeded account-hashtag lists: `hubs` hashtags each used by an account with
// probability hub_share/100, and 0..3 draws from a long tail of `tail`
// hashtags (index floor(tail * u^2): a few tail hashtags are popular too).
std::vector<std::vector<int32_t>> random_uses(int32_t n, int32_t hubs, int hub_share, int32_t tail,
                                              fam::SplitMix64& rng) {
  std::vector<std::vector<int32_t>> uses(static_cast<size_t>(n));
  for (auto& u : uses) {
    for (int32_t h = 0; h < hubs; ++h)
      if (rng.below(100) < hub_share) u.push_back(h);
    for (int32_t j = rng.below(4); j > 0; --j) {
      const double x = static_cast<double>(rng.next() >> 11) / 9007199254740992.0;
      u.push_back(hubs + static_cast<int32_t>(tail * x * x));
    }
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());
  }
  return uses;
}

}  // namespace

TEST_CASE("network/hashtags: projected degrees of the hand-made network for every heavy split", "[network.hashtags]") {
  // a{peace, openfollow} b{peace, openfollow} c{unity, openfollow} d{unity} e{solo}:
  // a-b, a-c, b-c, c-d; e alone. Degrees a 2, b 2, c 3, d 1, e 0; 4 edges.
  const std::vector<std::vector<int32_t>> uses = {{0, 1}, {0, 1}, {2, 1}, {2}, {3}};
  const nh::CsrGraph g = bipartite(5, 4, uses);
  for (int64_t heavy_min : {0, 1, 2, 3, 4, 99}) {
    INFO("heavy hashtags from " << heavy_min << " accounts");
    const nh::ProjectionDegrees p = nh::projection_degrees(g, 5, heavy_min);
    CHECK(p.degree == std::vector<int64_t>{2, 2, 3, 1, 0});
    CHECK(p.edges == 4);
  }
  CHECK(nh::projection_degrees(g, 5, 3).heavy_hashtags == 1);  // openfollow (3 accounts)
  CHECK(nh::projection_degrees(g, 5, 2).heavy_hashtags == 3);  // + peace, unity
  CHECK(nh::projection_degrees(g, 5, 99).heavy_hashtags == 0);
  CHECK(emitted(g, 5, 100) == std::vector<Edge>{{0, 1, 2}, {0, 2, 1}, {1, 2, 1}, {2, 3, 1}});
}

TEST_CASE("network/hashtags: bitset edge count equals pair enumeration on seeded networks", "[network.hashtags]") {
  fam::SplitMix64 rng(9001);
  struct Case {
    int32_t n, hubs;
    int hub_share;
    int32_t tail;
  };
  const std::vector<Case> cases = {{1, 0, 0, 3},       {2, 1, 100, 1},    {70, 0, 0, 40},
                                   {150, 2, 90, 60},   {300, 5, 80, 400}, {300, 12, 30, 50},
                                   {500, 3, 97, 2000}, {257, 30, 95, 10}, {400, 1, 50, 5}};
  for (const Case& c : cases) {
    const std::vector<std::vector<int32_t>> uses = random_uses(c.n, c.hubs, c.hub_share, c.tail, rng);
    const int32_t tags = c.hubs + c.tail;
    const nh::CsrGraph g = bipartite(c.n, tags, uses);
    const std::vector<Edge> truth = brute_force(uses);
    std::vector<int64_t> degree(static_cast<size_t>(c.n), 0);
    for (const auto& [a, b, w] : truth) {
      ++degree[a];
      ++degree[b];
    }
    // Every split: all heavy, the default (which makes the hubs heavy here only
    // from 64 accounts on), a few in between, none heavy.
    for (int64_t heavy_min :
         {int64_t{0}, int64_t{-1}, int64_t{2}, int64_t{c.n / 10}, int64_t{c.n / 2}, int64_t{c.n + 1}}) {
      INFO(c.n << " accounts, " << c.hubs << " hubs at " << c.hub_share << "%, heavy from " << heavy_min);
      const nh::ProjectionDegrees p = nh::projection_degrees(g, c.n, heavy_min);
      CHECK(p.edges == static_cast<int64_t>(truth.size()));
      CHECK(p.degree == degree);
    }
    if (c.n >= 300 && c.hubs > 0 && c.hub_share >= 30) {
      INFO("the default split uses bitsets on " << c.n << " accounts");
      CHECK(nh::projection_degrees(g, c.n).heavy_hashtags >= c.hubs);
    }
    // The emitted list, whole and capped: the definition's edges in (a, b) order.
    int64_t count = -1;
    CHECK(emitted(g, c.n, static_cast<int64_t>(truth.size()) + 5, &count) == truth);
    CHECK(count == static_cast<int64_t>(truth.size()));
    for (int64_t cap : {int64_t{0}, int64_t{1}, static_cast<int64_t>(truth.size() / 3)}) {
      const std::vector<Edge> prefix = emitted(g, c.n, cap, &count);
      const size_t expected = std::min(truth.size(), static_cast<size_t>(cap));
      CHECK(count == static_cast<int64_t>(expected));
      CHECK(prefix == std::vector<Edge>(truth.begin(), truth.begin() + static_cast<std::ptrdiff_t>(expected)));
    }
  }
}

TEST_CASE("network/hashtags: edge emission stops at the cap", "[network.hashtags]") {
  // One hashtag used by all 200 accounts: the complete graph, 19900 edges of
  // weight 1; a second used by the even ones: weight 2 between even accounts.
  std::vector<std::vector<int32_t>> uses(200);
  for (int32_t a = 0; a < 200; ++a) {
    uses[a].push_back(0);
    if (a % 2 == 0) uses[a].push_back(1);
  }
  const nh::CsrGraph g = bipartite(200, 2, uses);
  CHECK(nh::projection_degrees(g, 200).edges == 19900);
  int64_t calls = 0;
  std::vector<Edge> first;
  const int64_t n = nh::emit_projection(g, 200, 201, [&](int32_t a, int32_t b, int64_t w) {
    ++calls;
    first.push_back({a, b, w});
  });
  CHECK(n == 201);
  CHECK(calls == 201);
  // Account 0 has the 199 edges (0, 1..199), weight 2 to the even ones; then (1, 2), (1, 3).
  REQUIRE(first.size() == 201);
  CHECK(first[0] == Edge{0, 1, 1});
  CHECK(first[1] == Edge{0, 2, 2});
  CHECK(first[198] == Edge{0, 199, 1});
  CHECK(first[199] == Edge{1, 2, 1});
  CHECK(first[200] == Edge{1, 3, 1});
}
