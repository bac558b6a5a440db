// Interaction rows for the network/roles tests: the columns the stage reads,
// and roles planted at the threshold boundary.
#pragma once

#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

namespace chorus::network_roles::testing {

using namespace chorus::sdk::testing;

// A reduced interactions table: the columns network/roles reads.
inline Schema edge_schema() {
  return schema(
      {{"source", "utf8"}, {"target", "utf8"}, {"scope", "utf8"}, {"source_state", "utf8"}, {"target_state", "utf8"}});
}

struct EdgeRows {
  std::vector<std::vector<Cell>> rows;
  void add(const std::string& s, const std::string& t, int times = 1, const std::string& scope = "intra",
           Cell ss = null, Cell ts = null) {
    for (int i = 0; i < times; ++i) rows.push_back({s, t, scope, ss, ts});
  }
  Batch to_batch() const { return batch(edge_schema(), rows); }
};

inline std::string two(int i) { return (i < 10 ? "0" : "") + std::to_string(i); }

// Planted roles at the threshold boundary (10 vs 11), worked out by hand:
// I: 11 distinct in-neighbours        -> influencer
// G: 10 distinct in-neighbours        -> follower
// P: 11 distinct out-neighbours       -> promoter
// Q: 10 distinct out-neighbours       -> follower
// B: 11 in and 11 out                 -> broker
// W: 4 in-neighbours, 3 times each    -> distinct 4 (follower), weighted 12 (influencer)
inline EdgeRows planted_roles() {
  EdgeRows e;
  for (int i = 1; i <= 11; ++i) e.add("i" + two(i), "I");
  for (int i = 1; i <= 10; ++i) e.add("g" + two(i), "G");
  for (int i = 1; i <= 11; ++i) e.add("P", "p" + two(i));
  for (int i = 1; i <= 10; ++i) e.add("Q", "q" + two(i));
  for (int i = 1; i <= 11; ++i) e.add("b" + two(i), "B");
  for (int i = 1; i <= 11; ++i) e.add("B", "c" + two(i));
  for (int i = 1; i <= 4; ++i) e.add("w" + std::to_string(i), "W", 3);
  return e;
}

// The value of column `name` in the row of `account` (cell text).
inline std::string cell_of(const Batch& b, const std::string& account, const std::string& name) {
  const Column& acc = b.column("account");
  for (int64_t r = 0; r < b.rows(); ++r)
    if (acc.str(r) == account) return cell_text(b.column(name), r);
  return "<missing>";
}

}  // namespace chorus::network_roles::testing
