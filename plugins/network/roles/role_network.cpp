#include "role_network.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

namespace chorus::network_roles {

const Schema& roles_schema() {
  static const Schema s = {{"account", {TypeId::Utf8}},
                           {"state", {TypeId::Utf8}},
                           {"in_degree", {TypeId::Int64}},
                           {"out_degree", {TypeId::Int64}},
                           {"weighted_in_degree", {TypeId::Int64}},
                           {"weighted_out_degree", {TypeId::Int64}},
                           {"role", {TypeId::Utf8}},
                           {"is_admin", {TypeId::Bool}}};
  return s;
}
const Schema& components_schema() {
  static const Schema s = {{"component", {TypeId::Int64}},
                           {"size", {TypeId::Int64}},
                           {"interactions", {TypeId::Int64}},
                           {"n_states", {TypeId::Int64}},
                           {"states", {TypeId::Utf8}},
                           {"representatives", {TypeId::ListUtf8}},
                           {"representative_interactions", {TypeId::Int64}}};
  return s;
}
const Schema& members_schema() {
  static const Schema s = {{"component", {TypeId::Int64}},
                           {"account", {TypeId::Utf8}},
                           {"state", {TypeId::Utf8}},
                           {"interactions", {TypeId::Int64}},
                           {"is_representative", {TypeId::Bool}}};
  return s;
}

const char* role_name(int64_t in, int64_t out, int64_t in_threshold, int64_t out_threshold) {
  const bool high_in = in > in_threshold, high_out = out > out_threshold;
  if (high_in && high_out) return "broker";
  if (high_in) return "influencer";
  if (high_out) return "promoter";
  return "follower";
}

namespace {

const Column* optional_column(const Batch& b, const char* name) {
  const int i = b.index_of(name);
  return i < 0 ? nullptr : &b.column(static_cast<size_t>(i));
}

}  // namespace

RoleNetwork::RoleNetwork(RolesConfig cfg)
    : cfg_(std::move(cfg)),
      matcher_(cfg_.admin_patterns, "with.admin_patterns"),
      state_filter_(cfg_.states.begin(), cfg_.states.end()) {}

void RoleNetwork::add_interactions(const Batch& b) {
  const Column& src = b.column("source");
  const Column& dst = b.column("target");
  const Column* scope = optional_column(b, "scope");
  const Column* src_state = optional_column(b, "source_state");
  const Column* dst_state = optional_column(b, "target_state");
  if (!cfg_.scopes.empty() && !scope)
    throw std::runtime_error("with.scope: the input has no column 'scope' to filter on");
  if (!cfg_.states.empty() && (!src_state || !dst_state))
    throw std::runtime_error("with.states: the input needs columns 'source_state' and 'target_state'");
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (!cfg_.scopes.empty()) {
      const std::string_view s = scope->is_null(r) ? std::string_view() : scope->str(r);
      if (std::find(cfg_.scopes.begin(), cfg_.scopes.end(), s) == cfg_.scopes.end()) {
        ++skipped_.other_scope;
        continue;
      }
    }
    if (src.is_null(r) || dst.is_null(r) || src.str(r).empty() || dst.str(r).empty()) {
      ++skipped_.null_endpoint;
      continue;
    }
    if (src.str(r) == dst.str(r)) {
      ++skipped_.self_edge;
      continue;
    }
    const int32_t u = intern(src.str(r)), v = intern(dst.str(r));
    note_state(u, src_state, r);
    note_state(v, dst_state, r);
    bool in_subnetwork = true;
    if (!state_filter_.empty()) in_subnetwork = in_states(src_state, r) && in_states(dst_state, r);
    edges_.push_back({u, v, in_subnetwork});
  }
}

void RoleNetwork::add_accounts(const Batch& b) {
  const Column& id = b.column("author_id");
  const Column* description = optional_column(b, "description");
  const Column* state = optional_column(b, "state");
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (id.is_null(r)) continue;
    std::string key(id.str(r));
    AccountInfo& info = accounts_[key];
    if (description && !description->is_null(r)) {
      info.has_description = true;
      if (!info.is_admin && matcher_.matches(description->str(r))) info.is_admin = true;
    }
    if (state && !state->is_null(r) && !state->str(r).empty() && info.state.empty())
      info.state = std::string(state->str(r));
  }
  have_accounts_ = true;
}

void RoleNetwork::finish() {
  const size_t n = names_.size();
  order_.resize(n);
  std::iota(order_.begin(), order_.end(), 0);
  std::sort(order_.begin(), order_.end(), [&](int32_t a, int32_t b) { return names_[a] < names_[b]; });
  for (size_t i = 0; i < n; ++i)
    if (states_[i].empty() && have_accounts_) {
      auto it = accounts_.find(names_[i]);
      if (it != accounts_.end()) states_[i] = it->second.state;
    }
  compute_degrees();
  compute_components();
}

Batch RoleNetwork::roles() const {
  Batch out(roles_schema());
  for (int32_t i : order_) {
    out.column(0).append_string(names_[i]);
    if (states_[i].empty())
      out.column(1).append_null();
    else
      out.column(1).append_string(states_[i]);
    out.column(2).append_int(in_[i]);
    out.column(3).append_int(out_[i]);
    out.column(4).append_int(win_[i]);
    out.column(5).append_int(wout_[i]);
    const int64_t rin = cfg_.weighted ? win_[i] : in_[i], rout = cfg_.weighted ? wout_[i] : out_[i];
    out.column(6).append_string(role_name(rin, rout, cfg_.in_threshold, cfg_.out_threshold));
    auto it = accounts_.find(names_[i]);
    if (it == accounts_.end() || !it->second.has_description)
      out.column(7).append_null();
    else
      out.column(7).append_bool(it->second.is_admin);
  }
  out.set_empty_rows(static_cast<int64_t>(order_.size()));
  return out;
}

Batch RoleNetwork::components() const {
  Batch out(components_schema());
  for (size_t c = 0; c < comps_.size(); ++c) {
    const Component& comp = comps_[c];
    out.column(0).append_int(static_cast<int64_t>(c + 1));
    out.column(1).append_int(static_cast<int64_t>(comp.members.size()));
    out.column(2).append_int(comp.interactions);
    std::vector<std::pair<std::string, int64_t>> composition;  // state -> accounts, by state
    for (int32_t m : comp.members) {
      const std::string s = states_[m].empty() ? std::string("null") : states_[m];
      auto it = std::find_if(composition.begin(), composition.end(), [&](const auto& p) { return p.first == s; });
      if (it == composition.end())
        composition.push_back({s, 1});
      else
        ++it->second;
    }
    std::sort(composition.begin(), composition.end());
    std::string text;
    for (const auto& [s, k] : composition) text += (text.empty() ? "" : ",") + s + ":" + std::to_string(k);
    out.column(3).append_int(static_cast<int64_t>(composition.size()));
    out.column(4).append_string(text);
    std::vector<std::string> reps;
    for (int32_t m : comp.members)
      if (sub_interactions_[m] == comp.top_interactions) reps.push_back(names_[m]);
    out.column(5).append_list(reps);
    out.column(6).append_int(comp.top_interactions);
  }
  out.set_empty_rows(static_cast<int64_t>(comps_.size()));
  return out;
}

Batch RoleNetwork::members() const {
  Batch out(members_schema());
  int64_t rows = 0;
  for (size_t c = 0; c < comps_.size(); ++c)
    for (int32_t m : comps_[c].members) {
      out.column(0).append_int(static_cast<int64_t>(c + 1));
      out.column(1).append_string(names_[m]);
      if (states_[m].empty())
        out.column(2).append_null();
      else
        out.column(2).append_string(states_[m]);
      out.column(3).append_int(sub_interactions_[m]);
      out.column(4).append_bool(sub_interactions_[m] == comps_[c].top_interactions);
      ++rows;
    }
  out.set_empty_rows(rows);
  return out;
}

int32_t RoleNetwork::intern(std::string_view id) {
  auto [it, inserted] = ids_.try_emplace(std::string(id), static_cast<int32_t>(names_.size()));
  if (inserted) {
    names_.push_back(it->first);
    states_.emplace_back();
  }
  return it->second;
}

// The state of an account: the byte-smallest non-null value seen in the
// interactions (they should agree; disagreements are counted).
void RoleNetwork::note_state(int32_t node, const Column* column, int64_t r) {
  if (!column || column->is_null(r) || column->str(r).empty()) return;
  const std::string_view s = column->str(r);
  std::string& known = states_[node];
  if (known.empty())
    known = std::string(s);
  else if (known != s) {
    ++skipped_.state_conflicts;
    if (s < known) known = std::string(s);
  }
}

bool RoleNetwork::in_states(const Column* column, int64_t r) const {
  return !column->is_null(r) && state_filter_.count(std::string(column->str(r))) > 0;
}

void RoleNetwork::compute_degrees() {
  const size_t n = names_.size();
  in_.assign(n, 0), out_.assign(n, 0), win_.assign(n, 0), wout_.assign(n, 0);
  std::vector<std::pair<int32_t, int32_t>> pairs;
  pairs.reserve(edges_.size());
  for (const Edge& e : edges_) {
    ++wout_[e.source];
    ++win_[e.target];
    pairs.push_back({e.source, e.target});
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (const auto& [u, v] : pairs) {
    ++out_[u];
    ++in_[v];
  }
}

// Weakly connected components of the subnetwork with Boost.Graph, numbered
// by size (descending), then by their byte-smallest account id.
void RoleNetwork::compute_components() {
  const size_t n = names_.size();
  sub_interactions_.assign(n, 0);
  std::vector<int32_t> local(n, -1), global;
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Graph g;
  auto vertex_of = [&](int32_t node) {
    if (local[node] < 0) {
      local[node] = static_cast<int32_t>(global.size());
      global.push_back(node);
      boost::add_vertex(g);
    }
    return local[node];
  };
  for (const Edge& e : edges_) {
    if (!e.in_subnetwork) continue;
    boost::add_edge(vertex_of(e.source), vertex_of(e.target), g);
    ++sub_interactions_[e.source];
    ++sub_interactions_[e.target];
  }
  std::vector<int> label(global.size());
  const int count = global.empty() ? 0 : boost::connected_components(g, label.data());
  comps_.assign(static_cast<size_t>(count), Component{});
  std::vector<int32_t> rank(n);  // position of each node in byte order
  for (size_t i = 0; i < order_.size(); ++i) rank[order_[i]] = static_cast<int32_t>(i);
  for (int32_t node : order_)
    if (local[node] >= 0) comps_[label[local[node]]].members.push_back(node);
  for (const Edge& e : edges_)
    if (e.in_subnetwork) ++comps_[label[local[e.source]]].interactions;
  for (Component& c : comps_)
    for (int32_t m : c.members) c.top_interactions = std::max(c.top_interactions, sub_interactions_[m]);
  std::sort(comps_.begin(), comps_.end(), [&](const Component& a, const Component& b) {
    if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
    return rank[a.members.front()] < rank[b.members.front()];
  });
}

}  // namespace chorus::network_roles
