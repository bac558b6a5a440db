// detect/clusters: the Benjamini-Hochberg q-values (fdr.hpp), by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "fdr.hpp"

using chorus::detect_clusters::BenjaminiHochberg;

TEST_CASE("detect/clusters: BH q-values of five p-values by hand", "[detect.clusters]") {
  // Sorted 0.005, 0.01, 0.03, 0.04, 0.5 (m = 5): m p / rank = 0.025, 0.025,
  // 0.05, 0.05, 0.5; the running minimum from the top leaves them so.
  const BenjaminiHochberg bh({0.01, 0.04, 0.03, 0.005, 0.5});
  CHECK(bh.tests() == 5);
  CHECK(bh.q(0.005) == Approx(0.025));
  CHECK(bh.q(0.01) == Approx(0.025));
  CHECK(bh.q(0.03) == Approx(0.05));
  CHECK(bh.q(0.04) == Approx(0.05));
  CHECK(bh.q(0.5) == Approx(0.5));
  CHECK(std::isnan(bh.q(std::nan(""))));
}

TEST_CASE("detect/clusters: BH with ties and the running minimum", "[detect.clusters]") {
  // R: p.adjust(c(0.02, 0.02, 0.9), "BH") = 0.03 0.03 0.9.
  const BenjaminiHochberg ties({0.02, 0.9, 0.02});
  CHECK(ties.q(0.02) == Approx(0.03));
  CHECK(ties.q(0.9) == Approx(0.9));
  // 2 x 0.9 / 1 = 1.8 is lowered by the larger p's 2 x 0.95 / 2 = 0.95: q is monotone.
  const BenjaminiHochberg mono({0.9, 0.95});
  CHECK(mono.q(0.9) == Approx(0.95));
  CHECK(mono.q(0.95) == Approx(0.95));
  // Capped at 1: one test of p = 1.
  CHECK(BenjaminiHochberg({1.0}).q(1.0) == 1.0);
}
