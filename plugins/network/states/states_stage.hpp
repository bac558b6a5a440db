// network/states: the stage around StateNetwork (state_network.hpp).
#pragma once

#include <optional>
#include <string>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "state_network.hpp"

namespace chorus::network {

using sdk::Json;

inline const Schema& state_edges_schema() {
  static const Schema s{{"source", {TypeId::Utf8}},           {"target", {TypeId::Utf8}},
                        {"weight", {TypeId::Float64}},        {"count", {TypeId::Int64}},
                        {"reverse", {TypeId::Int64}},         {"reciprocated", {TypeId::Float64}},
                        {"pair_reciprocity", {TypeId::Float64}}, {"share", {TypeId::Float64}},
                        {"scope", {TypeId::Utf8}}};
  return s;
}

inline const Schema& state_table_schema() {
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

inline const Schema& network_row_schema() {
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

inline void put_optional(Column& c, const std::optional<double>& v) {
  if (v) c.append_double(*v);
  else c.append_null();
}

inline bool parse_include_intra(const Json& config) {
  if (config.is_null()) return false;
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  for (auto it = config.begin(); it != config.end(); ++it)
    if (it.key() != "include_intra")
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  sdk::did_you_mean(it.key(), {"include_intra"}, "expected"));
  if (!config.contains("include_intra")) return false;
  if (!config["include_intra"].is_boolean())
    throw std::invalid_argument("with.include_intra: expected true or false, got " + config["include_intra"].dump());
  return config["include_intra"].get<bool>();
}

// The three output batches of a StateNetwork.
struct StateOutputs {
  Batch edges{state_edges_schema()}, states{state_table_schema()}, network{network_row_schema()};
};

inline StateOutputs state_outputs(const StateNetwork& net, bool include_intra) {
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

inline const Column& state_column(const Batch& b, const char* port, const char* name) {
  const int i = b.index_of(name);
  if (i < 0) throw std::invalid_argument(std::string("input '") + port + "': no column '" + name + "'");
  const Column& c = b.column(static_cast<size_t>(i));
  if (c.type().id != TypeId::Utf8)
    throw std::invalid_argument(std::string("input '") + port + "': column '" + name + "' is " + c.type().name() +
                                ", expected utf8");
  return c;
}

inline std::optional<std::string_view> opt_str(const Column& c, int64_t r) {
  if (c.is_null(r)) return std::nullopt;
  return c.str(r);
}

inline void add_interaction_batch(StateNetwork& net, const Batch& b) {
  const Column& ss = state_column(b, "interactions", "source_state");
  const Column& ts = state_column(b, "interactions", "target_state");
  for (int64_t r = 0; r < b.rows(); ++r) net.add_interaction(opt_str(ss, r), opt_str(ts, r));
}
inline void add_isolate_batch(StateNetwork& net, const Batch& b) {
  const Column& s = state_column(b, "isolates", "state");
  for (int64_t r = 0; r < b.rows(); ++r) net.add_isolate(opt_str(s, r));
}

struct States : sdk::Stage {
  static constexpr const char* type = "network/states";
  static constexpr const char* description =
      "State-level weighted directed network of interactions: per-state flows, weighted reciprocity, centralization";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
    "type": "object", "additionalProperties": false,
    "properties": {
      "include_intra": {"type": "boolean", "default": false,
        "description": "also write each state's intra-state interactions as a loop row (scope intra) on the edges port; loops never enter reciprocity or centralization"}
    }})json";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "any", "description": "interaction edges with source_state and target_state (network/interactions)"},
      {"name": "isolates", "type": "any", "optional": true, "description": "isolated posts with a state column (network/interactions' isolates)"}],
    "outputs": [
      {"name": "edges", "type": "edges", "description": "inter-state edges: source, target (states), weight = interactions, count, reverse (w_ji), reciprocated = min(w_ij, w_ji), pair_reciprocity, share of all inter-state weight, scope; by (source, target)"},
      {"name": "states", "type": "any", "description": "one row per state (byte order): inter_out, inter_in, intra, external, unattributed_in, isolates, shares of inter-state flow, strengths, reciprocated strength, reciprocity (total, out, in), degrees"},
      {"name": "network", "type": "any", "description": "one row: states, edges, weights, global weighted and binary reciprocity, Freeman in/out degree and strength centralization, totals"}]})json";

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    parse_include_intra(config);
    auto check = [&](const char* port, std::initializer_list<const char*> names) {
      auto it = inputs.find(port);
      if (it == inputs.end() || it->second.columns.empty()) return;
      for (const char* n : names) {
        bool found = false;
        for (const auto& f : it->second.columns)
          if (f.name == n) {
            found = true;
            if (f.type.id != TypeId::Utf8)
              throw std::invalid_argument(std::string("input '") + port + "': column '" + n + "' is " +
                                          f.type.name() + ", expected utf8");
          }
        if (!found) throw std::invalid_argument(std::string("input '") + port + "': no column '" + n + "'");
      }
    };
    check("interactions", {"source_state", "target_state"});
    check("isolates", {"state"});
    return sdk::PortTypes{{"edges", {"edges", state_edges_schema()}},
                          {"states", {"", state_table_schema()}},
                          {"network", {"", network_row_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    const bool include_intra = parse_include_intra(config);
    StateNetwork net;
    Batch in;
    int64_t rows = 0;
    ctx.select("interactions", {"source_state", "target_state"});
    ctx.select("isolates", {"state"});
    while (ctx.read("interactions", in)) {
      if (ctx.cancelled()) return;
      add_interaction_batch(net, in);
      ctx.progress(rows += in.rows());
    }
    while (ctx.read("isolates", in)) add_isolate_batch(net, in);
    StateOutputs o = state_outputs(net, include_intra);
    ctx.emit("edges", std::move(o.edges));
    ctx.emit("states", std::move(o.states));
    ctx.emit("network", std::move(o.network));
  }
};

}  // namespace chorus::network
