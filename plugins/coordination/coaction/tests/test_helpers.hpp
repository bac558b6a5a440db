// Helpers shared by the tests of coordination/coaction: toy share tables,
// configs from the stage's option table, the edges as text, the toolkit's
// CSV, and where the test data is.
#pragma once

#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <cstdint>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analysis.hpp"
#include "coaction_core.hpp"
#include "coaction_stage.hpp"

namespace coaction_test {

using namespace chorus::coordination_coaction;

struct ToyShare {
  std::string account;
  int64_t ms;
  std::vector<std::string> keys;
};

inline ShareTable toy_table(const std::vector<ToyShare>& rows) {
  ShareTableBuilder b;
  for (const auto& r : rows) b.add_post(r.account, r.ms, r.keys);
  return b.finish();
}

// The stage's defaults (its option table) with the given semantics and window.
inline Config toy_config(Semantics s, double window_s) {
  return CoactionStage::options().parse(
      {{"kind", "co_retweet"}, {"window", window_s}, {"semantics", s == Semantics::Toolkit ? "toolkit" : "coortweet"}});
}

// "source>target:weight" (toolkit) or "source-target:weight" (coortweet), sorted as output.
inline std::string edge_text(const Result& r) {
  std::string out;
  for (size_t k = 0; k < r.num_edges(); ++k) {
    const Edge e = r.edge(k);
    std::ostringstream s;
    s << r.table.accounts[e.source] << (r.network.qualifies.empty() ? ">" : "-") << r.table.accounts[e.target] << ":"
      << e.weight;
    out += (out.empty() ? "" : " ") + s.str();
  }
  return out;
}

// The edge a-b and its output index, if any.
inline std::optional<std::pair<Edge, size_t>> find_edge(const Result& r, const std::string& a, const std::string& b) {
  for (size_t k = 0; k < r.num_edges(); ++k) {
    const Edge e = r.edge(k);
    if (r.table.accounts[e.source] == a && r.table.accounts[e.target] == b) return std::make_pair(e, k);
  }
  return std::nullopt;
}

inline int count_nodes(const Result& r) {
  std::set<int32_t> nodes;
  for (size_t k = 0; k < r.num_edges(); ++k) nodes.insert(r.edge(k).source), nodes.insert(r.edge(k).target);
  return static_cast<int>(nodes.size());
}

struct ToolkitRow {
  std::string message_id, user_id, repost_id;
  int64_t seconds;
};

// The toolkit's CSV (positional: message_id,user_id,username,repost_id,reply_id,message,timestamp,urls).
inline std::vector<ToolkitRow> read_toolkit_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::vector<ToolkitRow> rows;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    std::string cur;
    bool quoted = false;
    for (char ch : line) {
      if (ch == '"')
        quoted = !quoted;
      else if (ch == ',' && !quoted)
        f.push_back(cur), cur.clear();
      else
        cur.push_back(ch);
    }
    f.push_back(cur);
    REQUIRE(f.size() == 8);
    rows.push_back({f[0], f[1], f[3], std::stoll(f[6])});
  }
  return rows;
}

// Golden data beside the repository (may be absent) and this plugin's fixtures.
inline std::string shared_dir() { return std::string(CHORUS_TEST_SOURCE_DIR) + "/../shared"; }
inline std::string fixture(const std::string& name) {
  return std::string(CHORUS_TEST_SOURCE_DIR) + "/plugins/coordination/coaction/tests/fixtures/" + name;
}

}  // namespace coaction_test
