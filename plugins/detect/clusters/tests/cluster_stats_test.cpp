// detect/clusters: the cluster id, coordination score, membership strength
// and median (cluster_stats.hpp), by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "cluster_stats.hpp"

using namespace chorus::detect_clusters;

TEST_CASE("detect/clusters: cluster id is C- and 12 hex of SHA-256 of the sorted ids", "[detect.clusters]") {
  // printf 'a\nb\nc\nd' | sha256sum -> f729ae0cbcc8241ebb6918af712a88d5ca2c13f7fbe08f809aa297bfdf99fbe4
  CHECK(cluster_id({"a", "b", "c", "d"}) == "C-f729ae0cbcc8");
  // The empty string: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
  CHECK(cluster_id({}) == "C-e3b0c44298fc");
}

TEST_CASE("detect/clusters: coordination score and membership strength by hand", "[detect.clusters]") {
  CHECK(coordination_score({}) == 0);
  CHECK(coordination_score({0.5}) == Approx(0.5));
  // 1 - (1 - 4/6)(1 - 2/6)(1 - 1/6) = 1 - 10/54.
  CHECK(coordination_score({4.0 / 6, 2.0 / 6, 1.0 / 6}) == Approx(44.0 / 54));
  CHECK(coordination_score({1.0, 0.1}) == 1);
  // degree 2 of 3 co-members, 2 more kept pairs outside: 2/3 x 2/4.
  CHECK(membership_strength(2, 2, 4) == Approx(1.0 / 3));
  CHECK(membership_strength(3, 0, 4) == 1);
  CHECK(membership_strength(0, 5, 4) == 0);
  CHECK(median({3, 1, 2}) == 2);
  CHECK(median({4, 1, 2, 3}) == 2.5);
  CHECK(std::isnan(median({})));
}
