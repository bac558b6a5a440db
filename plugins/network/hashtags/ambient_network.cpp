#include "ambient_network.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "network/follow_trains/follow_trains.hpp"
#include "projection.hpp"

namespace chorus::network_hashtags {

const std::vector<std::string>& default_follow_train_hashtags() {
  return network_follow_trains::default_follow_train_hashtags();
}

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z')
      out[i] = static_cast<char>(c - 'A' + 'a');
    else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

const Schema& edges_schema() {
  static const Schema s = {{"source", {TypeId::Utf8}}, {"target", {TypeId::Utf8}}, {"weight", {TypeId::Float64}}};
  return s;
}
const Schema& network_schema() {
  static const Schema s = {{"nodes", {TypeId::Int64}},
                           {"edges", {TypeId::Int64}},
                           {"density", {TypeId::Float64}},
                           {"average_degree", {TypeId::Float64}},
                           {"components", {TypeId::Int64}},
                           {"largest_component_nodes", {TypeId::Int64}},
                           {"largest_component_edges", {TypeId::Int64}},
                           {"diameter", {TypeId::Int64}},
                           {"diameter_bfs_runs", {TypeId::Int64}},
                           {"hashtags", {TypeId::Int64}},
                           {"network_hashtags", {TypeId::Int64}},
                           {"excluded_hashtags", {TypeId::Int64}},
                           {"interactions", {TypeId::Int64}},
                           {"interactions_with_hashtags", {TypeId::Int64}},
                           {"edges_emitted", {TypeId::Int64}},
                           {"edges_truncated", {TypeId::Bool}}};
  return s;
}
const Schema& states_schema() {
  static const Schema s = {{"state", {TypeId::Utf8}},
                           {"inter_accounts", {TypeId::Int64}},
                           {"network_accounts", {TypeId::Int64}},
                           {"share_of_network", {TypeId::Float64}},
                           {"share_of_state", {TypeId::Float64}}};
  return s;
}
const Schema& top_hashtags_schema() {
  static const Schema s = {{"rank", {TypeId::Int64}},         {"hashtag", {TypeId::Utf8}},
                           {"interactions", {TypeId::Int64}}, {"posts", {TypeId::Int64}},
                           {"accounts", {TypeId::Int64}},     {"states", {TypeId::Int64}},
                           {"follow_train", {TypeId::Bool}},  {"in_network", {TypeId::Bool}}};
  return s;
}

namespace {

const Column* optional_column(const Batch& b, const char* name) {
  const int i = b.index_of(name);
  return i < 0 ? nullptr : &b.column(static_cast<size_t>(i));
}

}  // namespace

AmbientNetwork::AmbientNetwork(HashtagsConfig cfg) : cfg_(std::move(cfg)) {
  for (const auto& t : cfg_.follow_train) {
    std::string folded = fold_case(t);
    if (!folded.empty() && folded[0] == '#') folded.erase(0, 1);
    follow_train_.push_back(folded);
  }
  std::sort(follow_train_.begin(), follow_train_.end());
}

void AmbientNetwork::add(const Batch& b) {
  const Column& source = b.column("source");
  const Column& scope = b.column("scope");
  const Column& tags = b.column("hashtags");
  const Column* post = optional_column(b, "post_id");
  const Column* target = optional_column(b, "target");
  const Column* source_state = optional_column(b, "source_state");
  const Column* target_state = optional_column(b, "target_state");
  std::vector<int32_t> row_tags;
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (scope.is_null(r) || std::find(cfg_.scopes.begin(), cfg_.scopes.end(), scope.str(r)) == cfg_.scopes.end())
      continue;
    if (source.is_null(r) || source.str(r).empty()) {
      ++skipped_.null_source;
      continue;
    }
    ++summary_.interactions;
    const int32_t account = intern(accounts_, account_names_, source.str(r));
    const int32_t src_state = state_of(source_state, r);
    if (src_state >= 0) participants_.push_back({account, src_state});
    if (target && !target->is_null(r) && !target->str(r).empty()) {
      const int32_t t_state = state_of(target_state, r);
      if (t_state >= 0) participants_.push_back({intern(accounts_, account_names_, target->str(r)), t_state});
    }
    if (tags.is_null(r)) {
      ++skipped_.null_hashtags;
      continue;
    }
    row_tags.clear();
    for (int64_t j = 0; j < tags.list_size(r); ++j)
      if (!tags.list_item(r, j).empty()) row_tags.push_back(intern(hashtags_, hashtag_names_, tags.list_item(r, j)));
    std::sort(row_tags.begin(), row_tags.end());
    row_tags.erase(std::unique(row_tags.begin(), row_tags.end()), row_tags.end());
    if (row_tags.empty()) continue;
    ++summary_.interactions_with_hashtags;
    tag_rows_.resize(hashtag_names_.size(), 0);
    int32_t post_index = -1;
    if (post && !post->is_null(r))
      post_index = intern(posts_, post_count_, post->str(r));
    else
      ++skipped_.null_post_id;
    for (int32_t t : row_tags) {
      ++tag_rows_[t];
      incidences_.push_back({account, t});
      if (post_index >= 0) tag_posts_.push_back({t, post_index});
      if (src_state >= 0) tag_states_.push_back({t, src_state});
    }
    if (src_state >= 0) source_states_.push_back({account, src_state});
  }
}

void AmbientNetwork::finish(const std::function<void(std::string_view, std::string_view, int64_t)>& on_edge) {
  sort_unique(incidences_);
  sort_unique(tag_posts_);
  sort_unique(tag_states_);
  sort_unique(participants_);
  sort_unique(source_states_);
  tag_rows_.resize(hashtag_names_.size(), 0);
  summary_.hashtags = static_cast<int64_t>(hashtag_names_.size());

  // Accounts per hashtag, and which hashtags stay in the network.
  const size_t num_tags = hashtag_names_.size();
  tag_accounts_.assign(num_tags, 0);
  for (const auto& [a, t] : incidences_) ++tag_accounts_[t];
  kept_tag_.assign(num_tags, 1);
  for (size_t t = 0; t < num_tags; ++t)
    if (cfg_.max_hashtag_accounts > 0 && tag_accounts_[t] > cfg_.max_hashtag_accounts) {
      kept_tag_[t] = 0;
      ++summary_.excluded_hashtags;
    }

  // Nodes: accounts with a kept hashtag, numbered in byte order of their ids.
  std::vector<int32_t> by_name(account_names_.size());
  for (size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<int32_t>(i);
  std::sort(by_name.begin(), by_name.end(),
            [&](int32_t a, int32_t b) { return account_names_[a] < account_names_[b]; });
  std::vector<uint8_t> is_node(account_names_.size(), 0);
  for (const auto& [a, t] : incidences_)
    if (kept_tag_[t]) is_node[a] = 1;
  node_of_.assign(account_names_.size(), -1);
  for (int32_t a : by_name)
    if (is_node[a]) {
      node_of_[a] = static_cast<int32_t>(node_account_.size());
      node_account_.push_back(a);
    }
  const int32_t n = static_cast<int32_t>(node_account_.size());
  summary_.nodes = n;

  // Bipartite graph: accounts 0..n-1, then the kept hashtags.
  std::vector<int32_t> tag_node(num_tags, -1);
  int32_t next = n;
  for (size_t t = 0; t < num_tags; ++t)
    if (kept_tag_[t] && tag_accounts_[t] > 0) tag_node[t] = next++;
  summary_.network_hashtags = next - n;
  std::vector<std::pair<int32_t, int32_t>> bipartite_edges;
  bipartite_edges.reserve(incidences_.size());
  for (const auto& [a, t] : incidences_)
    if (kept_tag_[t]) bipartite_edges.push_back({node_of_[a], tag_node[t]});
  bipartite_ = CsrGraph::from_edges(next, bipartite_edges);  // sorted lists: a hashtag's accounts by id

  project(on_edge);
  measure_components();
}

Batch AmbientNetwork::network() const {
  Batch out(network_schema());
  const NetworkSummary& s = summary_;
  const int64_t ints_before[] = {s.nodes, s.edges};
  for (int i = 0; i < 2; ++i) out.column(i).append_int(ints_before[i]);
  out.column(2).append_double(s.density());
  out.column(3).append_double(s.average_degree());
  out.column(4).append_int(s.components);
  out.column(5).append_int(s.largest_nodes);
  out.column(6).append_int(s.largest_edges);
  if (s.diameter)
    out.column(7).append_int(*s.diameter);
  else
    out.column(7).append_null();
  const int64_t ints_after[] = {s.diameter_bfs_runs, s.hashtags,     s.network_hashtags,
                                s.excluded_hashtags, s.interactions, s.interactions_with_hashtags,
                                s.edges_emitted};
  for (int i = 0; i < 7; ++i) out.column(8 + i).append_int(ints_after[i]);
  out.column(15).append_bool(s.edges_truncated);
  return out;
}

Batch AmbientNetwork::states() const {
  // state -> (accounts in the selected interactions, accounts in the network)
  std::map<std::string, std::pair<int64_t, int64_t>> per_state;
  for (const auto& [a, s] : participants_) ++per_state[state_names_[s]].first;
  int64_t unattributed_nodes = 0;
  std::vector<int32_t> node_state(account_names_.size(), -1);
  for (const auto& [a, s] : source_states_)
    if (node_state[a] < 0 || state_names_[s] < state_names_[node_state[a]]) node_state[a] = s;
  for (int32_t a : node_account_) {
    if (node_state[a] < 0)
      ++unattributed_nodes;
    else
      ++per_state[state_names_[node_state[a]]].second;
  }
  Batch out(states_schema());
  const double nodes = static_cast<double>(summary_.nodes);
  auto row = [&](const std::string* state, int64_t inter, int64_t net) {
    if (state)
      out.column(0).append_string(*state);
    else
      out.column(0).append_null();
    out.column(1).append_int(inter);
    out.column(2).append_int(net);
    if (nodes > 0)
      out.column(3).append_double(static_cast<double>(net) / nodes);
    else
      out.column(3).append_null();
    if (inter > 0)
      out.column(4).append_double(static_cast<double>(net) / static_cast<double>(inter));
    else
      out.column(4).append_null();
  };
  if (unattributed_nodes > 0) row(nullptr, 0, unattributed_nodes);
  for (const auto& [state, counts] : per_state) row(&state, counts.first, counts.second);
  return out;
}

Batch AmbientNetwork::top_hashtags() const {
  const size_t num_tags = hashtag_names_.size();
  std::vector<int64_t> posts(num_tags, 0), states(num_tags, 0);
  for (const auto& [t, p] : tag_posts_) ++posts[t];
  for (const auto& [t, s] : tag_states_) ++states[t];
  std::vector<int32_t> order;
  for (size_t t = 0; t < num_tags; ++t)
    if (tag_rows_[t] >= cfg_.min_interactions) order.push_back(static_cast<int32_t>(t));
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    if (tag_rows_[a] != tag_rows_[b]) return tag_rows_[a] > tag_rows_[b];
    return hashtag_names_[a] < hashtag_names_[b];
  });
  Batch out(top_hashtags_schema());
  int64_t rank = 0;
  for (int32_t t : order) {
    out.column(0).append_int(++rank);
    out.column(1).append_string(hashtag_names_[t]);
    out.column(2).append_int(tag_rows_[t]);
    out.column(3).append_int(posts[t]);
    out.column(4).append_int(tag_accounts_[t]);
    out.column(5).append_int(states[t]);
    out.column(6).append_bool(
        std::binary_search(follow_train_.begin(), follow_train_.end(), fold_case(hashtag_names_[t])));
    out.column(7).append_bool(kept_tag_[t] != 0);
  }
  return out;
}

void AmbientNetwork::sort_unique(Pairs& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

int32_t AmbientNetwork::intern(std::unordered_map<std::string, int32_t>& map, std::vector<std::string>& names,
                               std::string_view key) {
  auto [it, inserted] = map.try_emplace(std::string(key), static_cast<int32_t>(names.size()));
  if (inserted) names.push_back(it->first);
  return it->second;
}

int32_t AmbientNetwork::intern(std::unordered_map<std::string, int32_t>& map, int32_t& count, std::string_view key) {
  auto [it, inserted] = map.try_emplace(std::string(key), count);
  if (inserted) ++count;
  return it->second;
}

int32_t AmbientNetwork::state_of(const Column* c, int64_t r) {
  if (!c || c->is_null(r) || c->str(r).empty()) return -1;
  return intern(states_, state_names_, c->str(r));
}

// Degrees and edge count by projection_degrees (bitsets for heavy
// hashtags), then the first max_edges edges by emit_projection.
void AmbientNetwork::project(const std::function<void(std::string_view, std::string_view, int64_t)>& on_edge) {
  const int32_t n = static_cast<int32_t>(node_account_.size());
  ProjectionDegrees p = projection_degrees(bipartite_, n);
  degree_ = std::move(p.degree);
  summary_.edges = p.edges;
  if (on_edge)
    summary_.edges_emitted = emit_projection(bipartite_, n, cfg_.max_edges, [&](int32_t a, int32_t b, int64_t weight) {
      on_edge(account_names_[node_account_[a]], account_names_[node_account_[b]], weight);
    });
  summary_.edges_truncated = summary_.edges_emitted < summary_.edges;
}

// Components of the projection = account-holding components of the
// bipartite graph. The largest: most accounts, then the smallest account id.
void AmbientNetwork::measure_components() {
  const int32_t n = static_cast<int32_t>(node_account_.size());
  if (n == 0) return;
  Bfs bfs(bipartite_);
  std::vector<uint8_t> seen(static_cast<size_t>(bipartite_.nodes()), 0);
  int32_t largest_start = -1;
  for (int32_t a = 0; a < n; ++a) {
    if (seen[a]) continue;
    ++summary_.components;
    bfs.run(a);
    int64_t accounts = 0, degree_sum = 0;
    for (int32_t v : bfs.reached()) {
      seen[v] = 1;
      if (v < n) {
        ++accounts;
        degree_sum += degree_[v];
      }
    }
    if (accounts > summary_.largest_nodes) {
      summary_.largest_nodes = accounts;
      summary_.largest_edges = degree_sum / 2;
      largest_start = a;
    }
  }
  if (!cfg_.diameter) return;
  // iFUB's 4-sweep starts at the largest component's account of highest
  // projected degree (smallest id on ties), as Crescenzi et al. suggest.
  bfs.run(largest_start);
  int32_t start = largest_start;
  for (int32_t v : bfs.reached())
    if (v < n && (degree_[v] > degree_[start] || (degree_[v] == degree_[start] && v < start))) start = v;
  std::vector<uint8_t> is_account(static_cast<size_t>(bipartite_.nodes()), 0);
  std::fill(is_account.begin(), is_account.begin() + n, 1);
  const DiameterResult d = exact_diameter(bipartite_, start, &is_account);
  summary_.diameter = d.diameter / 2;  // projected distance = bipartite distance / 2
  summary_.diameter_bfs_runs = d.bfs_runs;
}

}  // namespace chorus::network_hashtags
