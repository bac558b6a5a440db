#include "state_tables.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chorus::network_states {

namespace {

void put_optional(Column& c, const std::optional<double>& v) {
  if (v)
    c.append_double(*v);
  else
    c.append_null();
}

const Column& state_column(const Batch& b, const char* port, const char* name) {
  const int i = b.index_of(name);
  if (i < 0) throw std::invalid_argument(std::string("input '") + port + "': no column '" + name + "'");
  const Column& c = b.column(static_cast<size_t>(i));
  if (c.type().id != TypeId::Utf8)
    throw std::invalid_argument(std::string("input '") + port + "': column '" + name + "' is " + c.type().name() +
                                ", expected utf8");
  return c;
}

std::optional<std::string_view> opt_str(const Column& c, int64_t r) {
  if (c.is_null(r)) return std::nullopt;
  return c.str(r);
}

}  // namespace

const Schema& state_edges_schema() {
  static const Schema s{{"source", {TypeId::Utf8}},
                        {"target", {TypeId::Utf8}},
                        {"weight", {TypeId::Float64}},
                        {"count", {TypeId::Int64}},
                        {"reverse", {TypeId::Int64}},
                        {"reciprocated", {TypeId::Float64}},
                        {"pair_reciprocity", {TypeId::Float64}},
                        {"share", {TypeId::Float64}},
                        {"scope", {TypeId::Utf8}}};
  return s;
}

const Schema& state_table_schema() {
  static const Schema s{{"state", {TypeId::Utf8}},
                        {"inter_out", {TypeId::Int64}},
                        {"inter_in", {TypeId::Int64}},
                        {"intra", {TypeId::Int64}},
                        {"external", {TypeId::Int64}},
                        {"unattributed_in", {TypeId::Int64}},
                        {"isolates", {TypeId::Int64}},
                        {"inter_out_share", {TypeId::Float64}},
                        {"inter_in_share", {TypeId::Float64}},
                        {"out_strength", {TypeId::Int64}},
                        {"in_strength", {TypeId::Int64}},
                        {"reciprocated_strength", {TypeId::Int64}},
                        {"reciprocity", {TypeId::Float64}},
                        {"reciprocity_out", {TypeId::Float64}},
                        {"reciprocity_in", {TypeId::Float64}},
                        {"out_degree", {TypeId::Int64}},
                        {"in_degree", {TypeId::Int64}}};
  return s;
}

const Schema& network_row_schema() {
  static const Schema s{{"states", {TypeId::Int64}},
                        {"edges", {TypeId::Int64}},
                        {"total_weight", {TypeId::Int64}},
                        {"reciprocated_weight", {TypeId::Int64}},
                        {"reciprocity", {TypeId::Float64}},
                        {"reciprocated_edges", {TypeId::Int64}},
                        {"reciprocity_binary", {TypeId::Float64}},
                        {"in_degree_centralization", {TypeId::Float64}},
                        {"out_degree_centralization", {TypeId::Float64}},
                        {"in_strength_centralization", {TypeId::Float64}},
                        {"out_strength_centralization", {TypeId::Float64}},
                        {"intra", {TypeId::Int64}},
                        {"external", {TypeId::Int64}},
                        {"unattributed", {TypeId::Int64}},
                        {"isolates", {TypeId::Int64}},
                        {"unattributed_isolates", {TypeId::Int64}}};
  return s;
}

StateOutputs state_outputs(const StateNetwork& net, bool include_intra) {
  StateOutputs o;
  const std::vector<StateMeasures> st = net.states();
  const NetworkMeasures nm = net.network();
  // Edges: the inter-state pairs, and with include_intra a loop per state with intra > 0, in (source, target) order.
  std::vector<PairMeasures> pairs = net.pairs();
  auto loop_it = st.begin();
  auto write_loop = [&](const StateMeasures& s) {
    Batch& b = o.edges;
    b.column(0).append_string(s.state);
    b.column(1).append_string(s.state);
    b.column(2).append_double(static_cast<double>(s.totals.intra));
    b.column(3).append_int(s.totals.intra);
    b.column(4).append_int(s.totals.intra);
    b.column(5).append_null();
    b.column(6).append_null();
    b.column(7).append_null();
    b.column(8).append_string("intra");
  };
  for (const auto& p : pairs) {
    // Loops of states ordered before (p.source, p.target): (s, s) < (p.source, p.target).
    while (include_intra && loop_it != st.end() &&
           (loop_it->state < p.source || (loop_it->state == p.source && loop_it->state < p.target))) {
      if (loop_it->totals.intra > 0) write_loop(*loop_it);
      ++loop_it;
    }
    Batch& b = o.edges;
    b.column(0).append_string(p.source);
    b.column(1).append_string(p.target);
    b.column(2).append_double(static_cast<double>(p.weight));
    b.column(3).append_int(p.weight);
    b.column(4).append_int(p.reverse);
    b.column(5).append_double(p.reciprocated());
    b.column(6).append_double(p.pair_reciprocity());
    b.column(7).append_double(static_cast<double>(p.weight) / static_cast<double>(nm.total_weight));
    b.column(8).append_string("inter");
  }
  for (; include_intra && loop_it != st.end(); ++loop_it)
    if (loop_it->totals.intra > 0) write_loop(*loop_it);

  for (const auto& s : st) {
    Batch& b = o.states;
    b.column(0).append_string(s.state);
    b.column(1).append_int(s.totals.inter_out);
    b.column(2).append_int(s.totals.inter_in);
    b.column(3).append_int(s.totals.intra);
    b.column(4).append_int(s.totals.external);
    b.column(5).append_int(s.totals.unattributed_in);
    b.column(6).append_int(s.totals.isolates);
    put_optional(b.column(7), s.inter_out_share);
    put_optional(b.column(8), s.inter_in_share);
    b.column(9).append_int(s.out_strength);
    b.column(10).append_int(s.in_strength);
    b.column(11).append_int(s.reciprocated_strength);
    put_optional(b.column(12), s.reciprocity);
    put_optional(b.column(13), s.reciprocity_out);
    put_optional(b.column(14), s.reciprocity_in);
    b.column(15).append_int(s.out_degree);
    b.column(16).append_int(s.in_degree);
  }
  Batch& b = o.network;
  b.column(0).append_int(nm.states);
  b.column(1).append_int(nm.edges);
  b.column(2).append_int(nm.total_weight);
  b.column(3).append_int(nm.reciprocated_weight);
  put_optional(b.column(4), nm.reciprocity);
  b.column(5).append_int(nm.reciprocated_edges);
  put_optional(b.column(6), nm.reciprocity_binary);
  put_optional(b.column(7), nm.in_degree_centralization);
  put_optional(b.column(8), nm.out_degree_centralization);
  put_optional(b.column(9), nm.in_strength_centralization);
  put_optional(b.column(10), nm.out_strength_centralization);
  b.column(11).append_int(nm.intra);
  b.column(12).append_int(nm.external);
  b.column(13).append_int(nm.unattributed);
  b.column(14).append_int(nm.isolates);
  b.column(15).append_int(nm.unattributed_isolates);
  return o;
}

void add_interaction_batch(StateNetwork& net, const Batch& b) {
  const Column& ss = state_column(b, "interactions", "source_state");
  const Column& ts = state_column(b, "interactions", "target_state");
  for (int64_t r = 0; r < b.rows(); ++r) net.add_interaction(opt_str(ss, r), opt_str(ts, r));
}
void add_isolate_batch(StateNetwork& net, const Batch& b) {
  const Column& s = state_column(b, "isolates", "state");
  for (int64_t r = 0; r < b.rows(); ++r) net.add_isolate(opt_str(s, r));
}

}  // namespace chorus::network_states
