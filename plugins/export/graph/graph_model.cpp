#include "graph_model.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "export/common/value_text.hpp"

namespace chorus::export_graph {

namespace {

std::string_view id_text(const Column& c, int64_t row, std::string& tmp) {
  if (c.type().id == TypeId::Utf8) return c.str(row);
  tmp.clear();
  export_common::append_int64(tmp, c.int64(row));
  return tmp;
}

class NodeInterner {
 public:
  explicit NodeInterner(size_t expected) { index_.reserve(expected); }
  uint32_t intern(std::string_view id) {
    key_.assign(id.data(), id.size());
    auto [it, added] = index_.try_emplace(key_, static_cast<uint32_t>(names_.size()));
    if (added) {
      if (names_.size() >= kNoRow - 1) throw std::length_error("more than 4 billion nodes");
      names_.push_back(key_);
    }
    return it->second;
  }
  std::vector<std::string>& names() { return names_; }

 private:
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<std::string> names_;
  std::string key_;
};

DataType aggregate_type(const Aggregation& g, const Schema& edges) {
  if (g.fn == AggFn::Count) return DataType{TypeId::Int64};
  return edges[column_index(edges, g.column, "with.aggregate." + g.name, "edges")].type;
}

// Aggregates the sorted edges pair by pair into one batch of attributes.
void aggregate_pairs(const GraphOptions& o, const Schema& es, GraphModel& g, int time_col, int end_col) {
  Schema agg_schema;
  for (const auto& a : o.aggregate) agg_schema.push_back({a.name, aggregate_type(a, es)});
  std::vector<int> source_col;
  for (const auto& a : o.aggregate)
    source_col.push_back(a.fn == AggFn::Count ? -1 : static_cast<int>(column_index(es, a.column, "", "edges")));
  Batch out(agg_schema);
  std::vector<EdgeRef> merged;
  std::vector<std::vector<Spell>> spells;
  const auto& in = g.edge_batches;
  for (size_t lo = 0; lo < g.edges.size();) {
    size_t hi = lo;
    while (hi < g.edges.size() && g.edges[hi].source == g.edges[lo].source && g.edges[hi].target == g.edges[lo].target)
      ++hi;
    for (size_t k = 0; k < o.aggregate.size(); ++k) {
      Column& dst = out.column(k);
      if (o.aggregate[k].fn == AggFn::Count) {
        dst.append_int(static_cast<int64_t>(hi - lo));
        continue;
      }
      // sum, min and max over the non-null values; null when all are null.
      const AggFn fn = o.aggregate[k].fn;
      const bool is_float = dst.type().id == TypeId::Float64;
      bool any = false;
      int64_t iv = 0;
      double dv = 0;
      for (size_t e = lo; e < hi; ++e) {
        const Column& c = in[g.edges[e].batch].column(static_cast<size_t>(source_col[k]));
        const int64_t r = g.edges[e].row;
        if (c.is_null(r)) continue;
        if (is_float) {
          const double x = c.float64(r);
          dv = !any ? x : fn == AggFn::Sum ? dv + x : fn == AggFn::Min ? std::min(dv, x) : std::max(dv, x);
        } else {
          const int64_t x = c.int64(r);
          if (!any)
            iv = x;
          else if (fn == AggFn::Sum) {
            if (__builtin_add_overflow(iv, x, &iv))
              throw std::overflow_error("with.aggregate." + o.aggregate[k].name + ": the sum overflows int64");
          } else
            iv = fn == AggFn::Min ? std::min(iv, x) : std::max(iv, x);
        }
        any = true;
      }
      if (!any)
        dst.append_null();
      else if (is_float)
        dst.append_double(dv);
      else
        dst.append_int(iv);
    }
    if (time_col >= 0) {
      std::vector<Spell> s;
      for (size_t e = lo; e < hi; ++e) {
        const Batch& b = in[g.edges[e].batch];
        const int64_t r = g.edges[e].row;
        const Column& tc = b.column(static_cast<size_t>(time_col));
        if (tc.is_null(r)) continue;
        const Column* ec = end_col >= 0 ? &b.column(static_cast<size_t>(end_col)) : nullptr;
        const int64_t start = tc.int64(r);
        s.push_back({start, ec && !ec->is_null(r) ? ec->int64(r) : start});
      }
      std::sort(s.begin(), s.end());
      s.erase(std::unique(s.begin(), s.end()), s.end());
      spells.push_back(std::move(s));
    }
    merged.push_back({g.edges[lo].source, g.edges[lo].target, 0, static_cast<uint32_t>(merged.size())});
    lo = hi;
  }
  g.edges = std::move(merged);
  g.edge_batches.clear();
  g.edge_batches.push_back(std::move(out));
  g.edge_attributes.clear();
  for (size_t k = 0; k < agg_schema.size(); ++k)
    g.edge_attributes.push_back({agg_schema[k].name, agg_schema[k].type, k});
  if (time_col >= 0) g.edge_spells = std::move(spells);
}

}  // namespace

// Attributes of an output edge when not aggregating: every edge column but
// source and target, in input order.
std::vector<Attribute> plain_edge_attributes(const GraphOptions& o, const Schema& s) {
  std::vector<Attribute> a;
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i].name != o.source && s[i].name != o.target) a.push_back({s[i].name, s[i].type, i});
  return a;
}

// The edge attributes the writers will emit (names and types), for checks.
std::vector<Attribute> output_edge_attributes(const GraphOptions& o, const Schema& edges) {
  if (!o.aggregating()) return plain_edge_attributes(o, edges);
  std::vector<Attribute> a;
  for (size_t k = 0; k < o.aggregate.size(); ++k)
    a.push_back({o.aggregate[k].name, aggregate_type(o.aggregate[k], edges), k});
  return a;
}

// Builds the model from all batches of the edges input and (when connected)
// the nodes input. `node_schema` is null when there is no nodes input.
GraphModel build_graph(const GraphOptions& o, const Schema& edge_schema, std::vector<Batch> edge_batches,
                       const Schema* node_schema, std::vector<Batch> node_batches) {
  check_columns(o, edge_schema, node_schema);
  GraphModel g;
  for (const auto& b : edge_batches)
    if (b.schema() != edge_schema) throw std::runtime_error("input 'edges': the columns changed between batches");
  for (const auto& b : node_batches)
    if (node_schema && b.schema() != *node_schema)
      throw std::runtime_error("input 'nodes': the columns changed between batches");
  if (edge_batches.size() >= kNoRow || node_batches.size() >= kNoRow) throw std::length_error("too many input batches");
  const size_t si = column_index(edge_schema, o.source, "with.source", "edges");
  const size_t ti = column_index(edge_schema, o.target, "with.target", "edges");
  size_t edge_rows = 0;
  for (const auto& b : edge_batches) edge_rows += static_cast<size_t>(b.rows());
  NodeInterner ids(edge_rows / 4 + 16);
  std::string tmp;

  // Nodes table first: its rows give node attributes.
  std::vector<std::pair<uint32_t, uint32_t>> node_rows;
  if (node_schema) {
    const size_t ni = column_index(*node_schema, o.node_id, "with.node_id", "nodes");
    for (size_t b = 0; b < node_batches.size(); ++b) {
      const Column& c = node_batches[b].column(ni);
      for (int64_t r = 0; r < c.size(); ++r) {
        if (c.is_null(r)) {
          ++g.nodes_without_id;
          continue;
        }
        const uint32_t n = ids.intern(id_text(c, r, tmp));
        if (n < node_rows.size()) {
          ++g.duplicate_node_rows;
          continue;
        }
        node_rows.resize(n + 1, {kNoRow, kNoRow});
        node_rows[n] = {static_cast<uint32_t>(b), static_cast<uint32_t>(r)};
      }
    }
    for (size_t i = 0; i < node_schema->size(); ++i)
      if ((*node_schema)[i].name != o.node_id && (*node_schema)[i].name != o.label)
        g.node_attributes.push_back({(*node_schema)[i].name, (*node_schema)[i].type, i});
  }

  g.edges.reserve(edge_rows);
  for (size_t b = 0; b < edge_batches.size(); ++b) {
    const Column& sc = edge_batches[b].column(si);
    const Column& tc = edge_batches[b].column(ti);
    for (int64_t r = 0; r < sc.size(); ++r) {
      if (sc.is_null(r) || tc.is_null(r)) {
        ++g.edges_without_endpoint;
        continue;
      }
      const uint32_t s = ids.intern(id_text(sc, r, tmp));
      const uint32_t t = ids.intern(id_text(tc, r, tmp));
      g.edges.push_back({s, t, static_cast<uint32_t>(b), static_cast<uint32_t>(r)});
    }
  }
  g.input_edge_rows = static_cast<int64_t>(edge_rows);

  // Sort the node ids; renumber nodes and edges by rank.
  std::vector<std::string>& names = ids.names();
  std::vector<uint32_t> order(names.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
  std::vector<uint32_t> rank(names.size());
  for (uint32_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
  g.node_ids.reserve(names.size());
  g.node_rows.assign(names.size(), {kNoRow, kNoRow});
  for (uint32_t k = 0; k < order.size(); ++k) {
    g.node_ids.push_back(std::move(names[order[k]]));
    if (order[k] < node_rows.size()) g.node_rows[k] = node_rows[order[k]];
  }
  for (auto& e : g.edges) {
    e.source = rank[e.source];
    e.target = rank[e.target];
    // Undirected pairs are merged whatever their orientation in the input.
    if (o.aggregating() && !o.directed && e.source > e.target) std::swap(e.source, e.target);
  }
  std::sort(g.edges.begin(), g.edges.end(), [](const EdgeRef& a, const EdgeRef& b) {
    if (a.source != b.source) return a.source < b.source;
    if (a.target != b.target) return a.target < b.target;
    if (a.batch != b.batch) return a.batch < b.batch;
    return a.row < b.row;
  });

  g.node_batches = std::move(node_batches);
  g.edge_batches = std::move(edge_batches);
  g.edge_attributes = plain_edge_attributes(o, edge_schema);
  const int time_col = o.time.empty() ? -1 : static_cast<int>(column_index(edge_schema, o.time, "with.time", "edges"));
  const int end_col =
      o.time_end.empty() ? -1 : static_cast<int>(column_index(edge_schema, o.time_end, "with.time_end", "edges"));
  if (time_col >= 0) {
    g.dynamic = true;
    g.time_type = edge_schema[static_cast<size_t>(time_col)].type;
  }
  if (o.aggregating()) {
    aggregate_pairs(o, edge_schema, g, time_col, end_col);
  } else if (time_col >= 0) {
    g.edge_spells.resize(g.edges.size());
    for (size_t e = 0; e < g.edges.size(); ++e) {
      const Batch& b = g.edge_batches[g.edges[e].batch];
      const int64_t r = g.edges[e].row;
      const Column& tc = b.column(static_cast<size_t>(time_col));
      if (tc.is_null(r)) continue;
      const Column* ec = end_col >= 0 ? &b.column(static_cast<size_t>(end_col)) : nullptr;
      g.edge_spells[e].push_back({tc.int64(r), ec && !ec->is_null(r) ? ec->int64(r) : tc.int64(r)});
    }
  }
  for (const auto& s : g.edge_spells) g.edges_without_time += s.empty();
  return g;
}

}  // namespace chorus::export_graph
