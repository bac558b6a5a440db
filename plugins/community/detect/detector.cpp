#include "detector.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace chorus::community_detect {

Schema membership_schema() { return {{"node", {TypeId::Utf8}}, {"community", {TypeId::Int64}}}; }
Schema communities_schema() {
  return {{"community", {TypeId::Int64}},         {"size", {TypeId::Int64}},
          {"internal_weight", {TypeId::Float64}}, {"total_strength", {TypeId::Float64}},
          {"dominant_class", {TypeId::Utf8}},     {"dominant_share", {TypeId::Float64}},
          {"unclassified", {TypeId::Int64}}};
}
Schema composition_schema() {
  return {{"community", {TypeId::Int64}},
          {"class", {TypeId::Utf8}},
          {"nodes", {TypeId::Int64}},
          {"share", {TypeId::Float64}}};
}
Schema summary_schema() {
  return {{"algorithm", {TypeId::Utf8}},        {"seed", {TypeId::Int64}},          {"resolution", {TypeId::Float64}},
          {"directed", {TypeId::Bool}},         {"nodes", {TypeId::Int64}},         {"edges", {TypeId::Int64}},
          {"total_weight", {TypeId::Float64}},  {"communities", {TypeId::Int64}},   {"modularity", {TypeId::Float64}},
          {"quality", {TypeId::Float64}},       {"rows_read", {TypeId::Int64}},     {"null_node_rows", {TypeId::Int64}},
          {"bad_weight_rows", {TypeId::Int64}}, {"self_loop_rows", {TypeId::Int64}}};
}

namespace {

const Column& input_column(const Batch& b, const std::string& name, TypeId type, const char* port) {
  const int i = b.index_of(name);
  if (i < 0) throw std::runtime_error(std::string("input '") + port + "' has no column '" + name + "'");
  const Column& c = b.column(static_cast<size_t>(i));
  if (c.type().id != type)
    throw std::runtime_error(std::string("input '") + port + "': column '" + name + "' is " + c.type().name() +
                             ", expected " + DataType{type}.name());
  return c;
}

}  // namespace

void Detector::add_edges(const Batch& b) {
  const Column& src = input_column(b, "source", TypeId::Utf8, "edges");
  const Column& dst = input_column(b, "target", TypeId::Utf8, "edges");
  const Column* w = cfg_.weighted ? &input_column(b, "weight", TypeId::Float64, "edges") : nullptr;
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++counts_.rows_read;
    if (src.is_null(r) || dst.is_null(r)) {
      ++counts_.null_node_rows;
      continue;
    }
    double weight = 1.0;
    if (w) {
      if (w->is_null(r) || !std::isfinite(w->float64(r)) || w->float64(r) < 0) {
        ++counts_.bad_weight_rows;
        continue;
      }
      weight = w->float64(r);
    }
    if (src.str(r) == dst.str(r)) {
      ++counts_.self_loop_rows;
      continue;
    }
    const int64_t u = intern(src.str(r)), v = intern(dst.str(r));
    directed_[{u, v}] += weight;
  }
}

void Detector::add_nodes(const Batch& b) {
  const Column& id = input_column(b, cfg_.node_column, TypeId::Utf8, "nodes");
  const Column& cls = input_column(b, cfg_.class_column, TypeId::Utf8, "nodes");
  has_nodes_ = true;
  for (int64_t r = 0; r < b.rows(); ++r)
    if (!id.is_null(r) && !cls.is_null(r)) classes_.try_emplace(std::string(id.str(r)), std::string(cls.str(r)));
}

int64_t Detector::intern(std::string_view s) {
  auto [it, inserted] = index_.try_emplace(std::string(s), static_cast<int64_t>(names_.size()));
  if (inserted) names_.emplace_back(s);
  return it->second;
}

Detector::Output Detector::finish() {
  // Vertex ids in node-id byte order.
  const int64_t n = static_cast<int64_t>(names_.size());
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return names_[a] < names_[b]; });
  std::vector<int64_t> vid(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) vid[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
  std::map<std::pair<int64_t, int64_t>, double> undirected, directed;
  for (const auto& [e, w] : directed_) {
    const int64_t u = vid[static_cast<size_t>(e.first)], v = vid[static_cast<size_t>(e.second)];
    directed[{u, v}] += w;
    undirected[{std::min(u, v), std::max(u, v)}] += w;
  }
  auto to_edges = [](const std::map<std::pair<int64_t, int64_t>, double>& m) {
    std::vector<WeightedEdge> out;
    for (const auto& [e, w] : m) out.push_back({e.first, e.second, w});
    return out;
  };
  const std::vector<WeightedEdge> edges = to_edges(undirected);
  double total = 0;
  for (const auto& e : edges) total += e.weight;

  std::vector<int64_t> membership(static_cast<size_t>(n));
  std::optional<double> q, quality;
  if (total > 0) {
    Partition p = detect_communities(n, edges, cfg_.algorithm, cfg_.resolution, cfg_.seed, cfg_.beta, cfg_.iterations);
    membership = std::move(p.membership);
  } else {
    for (int64_t i = 0; i < n; ++i) membership[static_cast<size_t>(i)] = i;  // no weight: no structure
  }
  // Community ids: larger first, ties by the smallest node id (= smallest vertex id).
  const int64_t k = n == 0 ? 0 : *std::max_element(membership.begin(), membership.end()) + 1;
  std::vector<int64_t> size(static_cast<size_t>(k), 0), smallest(static_cast<size_t>(k), n);
  for (int64_t v = 0; v < n; ++v) {
    const auto c = static_cast<size_t>(membership[static_cast<size_t>(v)]);
    ++size[c];
    smallest[c] = std::min(smallest[c], v);
  }
  std::vector<int64_t> by_rank;
  for (int64_t c = 0; c < k; ++c)
    if (size[static_cast<size_t>(c)] > 0) by_rank.push_back(c);
  std::sort(by_rank.begin(), by_rank.end(), [&](int64_t a, int64_t b) {
    if (size[a] != size[b]) return size[a] > size[b];
    return smallest[a] < smallest[b];
  });
  std::vector<int64_t> id(static_cast<size_t>(k), -1);
  for (size_t r = 0; r < by_rank.size(); ++r) id[static_cast<size_t>(by_rank[r])] = static_cast<int64_t>(r);
  for (auto& m : membership) m = id[static_cast<size_t>(m)];
  const int64_t communities = static_cast<int64_t>(by_rank.size());

  if (total > 0) {
    q = cfg_.directed ? modularity(n, to_edges(directed), membership, true, 1.0)
                      : modularity(n, edges, membership, false, 1.0);
    quality = modularity(n, edges, membership, false, cfg_.resolution);
  }

  Output out;
  // membership: by community, then node id (vertex order is node order).
  std::vector<int64_t> verts(static_cast<size_t>(n));
  for (int64_t v = 0; v < n; ++v) verts[static_cast<size_t>(v)] = v;
  std::stable_sort(verts.begin(), verts.end(), [&](int64_t a, int64_t b) { return membership[a] < membership[b]; });
  for (int64_t v : verts) {
    out.membership.column("node").append_string(names_[order[static_cast<size_t>(v)]]);
    out.membership.column("community").append_int(membership[static_cast<size_t>(v)]);
  }
  // communities
  std::vector<double> internal(static_cast<size_t>(communities), 0), strength(static_cast<size_t>(communities), 0);
  for (const auto& e : edges) {
    const int64_t cu = membership[static_cast<size_t>(e.u)], cv = membership[static_cast<size_t>(e.v)];
    if (cu == cv) internal[static_cast<size_t>(cu)] += e.weight;
    strength[static_cast<size_t>(cu)] += e.weight;
    strength[static_cast<size_t>(cv)] += e.weight;
  }
  std::vector<std::map<std::string, int64_t>> tally(static_cast<size_t>(communities));
  std::vector<int64_t> unclassified(static_cast<size_t>(communities), 0), csize(static_cast<size_t>(communities), 0);
  for (int64_t v = 0; v < n; ++v) {
    const auto c = static_cast<size_t>(membership[static_cast<size_t>(v)]);
    ++csize[c];
    auto it = classes_.find(names_[order[static_cast<size_t>(v)]]);
    if (it == classes_.end())
      ++unclassified[c];
    else
      ++tally[c][it->second];
  }
  for (int64_t c = 0; c < communities; ++c) {
    const auto ci = static_cast<size_t>(c);
    Batch& t = out.communities;
    t.column("community").append_int(c);
    t.column("size").append_int(csize[ci]);
    t.column("internal_weight").append_double(internal[ci]);
    t.column("total_strength").append_double(strength[ci]);
    // Classes by count descending, then class name.
    std::vector<std::pair<std::string, int64_t>> classes(tally[ci].begin(), tally[ci].end());
    std::stable_sort(classes.begin(), classes.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (!has_nodes_ || classes.empty()) {
      t.column("dominant_class").append_null();
      t.column("dominant_share").append_null();
    } else {
      t.column("dominant_class").append_string(classes[0].first);
      t.column("dominant_share").append_double(static_cast<double>(classes[0].second) / static_cast<double>(csize[ci]));
    }
    if (has_nodes_)
      t.column("unclassified").append_int(unclassified[ci]);
    else
      t.column("unclassified").append_null();
    for (const auto& [cls, count] : classes) {
      out.composition.column("community").append_int(c);
      out.composition.column("class").append_string(cls);
      out.composition.column("nodes").append_int(count);
      out.composition.column("share").append_double(static_cast<double>(count) / static_cast<double>(csize[ci]));
    }
  }
  Batch& s = out.summary;
  s.column("algorithm").append_string(algorithm_name(cfg_.algorithm));
  s.column("seed").append_int(static_cast<int64_t>(cfg_.seed));
  s.column("resolution").append_double(cfg_.resolution);
  s.column("directed").append_bool(cfg_.directed);
  s.column("nodes").append_int(n);
  s.column("edges").append_int(static_cast<int64_t>(edges.size()));
  s.column("total_weight").append_double(total);
  s.column("communities").append_int(communities);
  if (q)
    s.column("modularity").append_double(*q);
  else
    s.column("modularity").append_null();
  if (quality)
    s.column("quality").append_double(*quality);
  else
    s.column("quality").append_null();
  s.column("rows_read").append_int(counts_.rows_read);
  s.column("null_node_rows").append_int(counts_.null_node_rows);
  s.column("bad_weight_rows").append_int(counts_.bad_weight_rows);
  s.column("self_loop_rows").append_int(counts_.self_loop_rows);
  for (Batch* b : {&out.membership, &out.communities, &out.composition, &out.summary}) b->set_empty_rows(b->rows());
  return out;
}

}  // namespace chorus::community_detect
