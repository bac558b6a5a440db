// Helpers of the detect/clusters tests: hand-made evidence edges, running the
// stage in the fake host, reading its outputs.
#pragma once

#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <optional>
#include <string>
#include <vector>

#include "clusters_stage.hpp"

namespace clusters_test {

namespace sdkt = chorus::sdk::testing;
using chorus::Batch;
using chorus::detect_clusters::ClustersStage;
using chorus::sdk::Json;

// One evidence edge of a co-action-like stream.
struct E {
  std::string source, target;
  double weight;
  std::optional<double> p = std::nullopt;
  std::optional<int64_t> days = std::nullopt;
};

// source, target, weight, p_value, active_days (the columns coordination/coaction gives).
inline Batch edges(const std::vector<E>& rows) {
  auto s = sdkt::schema({{"source", "utf8"},
                         {"target", "utf8"},
                         {"weight", "float64"},
                         {"p_value", "float64"},
                         {"active_days", "int64"}});
  std::vector<std::vector<sdkt::Cell>> cells;
  for (const auto& e : rows)
    cells.push_back({e.source, e.target, e.weight, e.p ? sdkt::Cell(*e.p) : sdkt::Cell(sdkt::null),
                     e.days ? sdkt::Cell(*e.days) : sdkt::Cell(sdkt::null)});
  return sdkt::batch(s, cells);
}

// Every pair of `names` (undirected, one row each) with the same statistics.
inline std::vector<E> clique(const std::vector<std::string>& names, double weight, std::optional<double> p,
                             std::optional<int64_t> days) {
  std::vector<E> out;
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = i + 1; j < names.size(); ++j) out.push_back({names[i], names[j], weight, p, days});
  return out;
}

inline std::vector<std::string> names(const std::string& prefix, int n, int first = 1) {
  std::vector<std::string> out;
  for (int i = first; i < first + n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

inline void set_edges(sdkt::FakeHost& host, const std::string& port, const std::vector<E>& rows) {
  host.inputs[port] = {edges(rows)};
  host.input_types[port] = {"edges", host.inputs[port][0].schema()};
}

// The summary row's value of a column as text.
inline std::string summary(sdkt::FakeHost& host, const std::string& column) {
  return sdkt::col(host.outputs["summary"], column);
}

}  // namespace clusters_test

namespace clusters_test {

// The clusters in rank order as "m1,m2;m1,m2,m3" (members from the members output).
inline std::string groups_text(sdkt::FakeHost& host) {
  std::string out;
  const std::string ids = sdkt::col(host.outputs["clusters"], "cluster_id");
  std::vector<std::string> order;
  for (size_t i = 0; i <= ids.size();) {
    size_t j = ids.find('|', i);
    if (j == std::string::npos) j = ids.size();
    if (j > i) order.push_back(ids.substr(i, j - i));
    i = j + 1;
  }
  for (const auto& id : order) {
    std::string g;
    for (const auto& b : host.outputs["members"])
      for (int64_t r = 0; r < b.rows(); ++r)
        if (b.column("cluster_id").str(r) == id)
          g += (g.empty() ? "" : ",") + std::string(b.column("account_id").str(r));
    out += (out.empty() ? "" : ";") + g;
  }
  return out;
}

}  // namespace clusters_test
