// The ambient-affiliation network of network/hashtags, host-free.
//
// From the selected interactions (scope inter by default), every row adds
// the pairs (source account, hashtag) for the distinct hashtags of its source
// post. The network's nodes are the accounts with at least one such pair; two
// accounts are joined when they used a common hashtag, weight = number of
// common hashtags (docs/methods.md).
//
// Representation: the account-hashtag bipartite graph B, never the
// projection P (a hashtag used by k accounts is a k-clique of P, k^2/2 edges).
// Accounts a, b are at distance d in P exactly when they are at distance 2d in
// B (a path of P alternates accounts and the hashtags they share), so the
// components of P are those of B and the diameter of P is half the largest
// account-to-account distance in B, which iFUB computes with BFS linear in B.
// The degrees and edge count of P come from hashtag bitsets and the edge list
// stops at max_edges (projection.hpp), so no step walks all of P.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "exact_diameter.hpp"
#include "projection.hpp"

namespace chorus::network_hashtags {

inline const std::vector<std::string>& default_follow_train_hashtags() {
  static const std::vector<std::string> tags = {
      "openfollow",   "syts",       "siguemeytesigo", "sigueme",         "followtrain",
      "followback",   "teamfollowback", "f4f",        "followforfollow", "follow4follow",
      "ifollowback",  "ifb",        "tfb",            "siguemeysigo",    "trendfollow"};
  return tags;
}

// Lower-cases ASCII and the Latin-1 capitals U+00C0..U+00DE (not U+00D7):
// enough to compare configured follow-train tags with the case-folded
// hashtags of the interactions.
inline std::string fold_case(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c - 'A' + 'a');
    else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

struct Config {
  std::vector<std::string> scopes{"inter"};
  int64_t min_interactions = 1;
  std::vector<std::string> follow_train = default_follow_train_hashtags();  // folded
  int64_t max_edges = 10'000'000;
  int64_t max_hashtag_accounts = 0;  // 0: no limit
  bool diameter = true;
};

inline std::vector<std::string> string_list(const sdk::Json& config, const char* key) {
  std::vector<std::string> out;
  const sdk::Json& v = config[key];
  const std::string path = std::string("with.") + key;
  if (!v.is_array()) throw std::invalid_argument(path + ": expected an array of strings");
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string() || v[i].get<std::string>().empty())
      throw std::invalid_argument(path + "[" + std::to_string(i) + "]: expected a non-empty string, got " +
                                  v[i].dump());
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

inline int64_t integer_at_least(const sdk::Json& config, const char* key, int64_t minimum, int64_t fallback) {
  if (!config.contains(key)) return fallback;
  const sdk::Json& v = config[key];
  if (!v.is_number_integer() || v.get<int64_t>() < minimum)
    throw std::invalid_argument(std::string("with.") + key + ": expected an integer >= " +
                                std::to_string(minimum) + ", got " + v.dump());
  return v.get<int64_t>();
}

inline Config parse_config(const sdk::Json& config) {
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  static const std::vector<std::string> keys = {"scope",     "min_interactions",     "follow_train_hashtags",
                                                "max_edges", "max_hashtag_accounts", "diameter"};
  for (auto it = config.begin(); it != config.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  sdk::did_you_mean(it.key(), keys, "expected"));
  Config cfg;
  if (config.contains("scope")) {
    cfg.scopes = string_list(config, "scope");
    if (cfg.scopes.empty()) throw std::invalid_argument("with.scope: expected at least one scope");
    static const std::vector<std::string> known = {"intra", "inter", "external", "unattributed"};
    for (size_t i = 0; i < cfg.scopes.size(); ++i)
      if (std::find(known.begin(), known.end(), cfg.scopes[i]) == known.end())
        throw std::invalid_argument("with.scope[" + std::to_string(i) + "]: unknown scope '" + cfg.scopes[i] +
                                    "' (expected intra, inter, external or unattributed)");
  }
  cfg.min_interactions = integer_at_least(config, "min_interactions", 1, cfg.min_interactions);
  cfg.max_edges = integer_at_least(config, "max_edges", 0, cfg.max_edges);
  cfg.max_hashtag_accounts = integer_at_least(config, "max_hashtag_accounts", 0, cfg.max_hashtag_accounts);
  if (config.contains("follow_train_hashtags")) {
    cfg.follow_train.clear();
    for (const auto& t : string_list(config, "follow_train_hashtags")) {
      std::string folded = fold_case(t);
      if (!folded.empty() && folded[0] == '#') folded.erase(0, 1);
      cfg.follow_train.push_back(folded);
    }
  }
  if (config.contains("diameter")) {
    if (!config["diameter"].is_boolean())
      throw std::invalid_argument("with.diameter: expected true or false, got " + config["diameter"].dump());
    cfg.diameter = config["diameter"].get<bool>();
  }
  std::sort(cfg.follow_train.begin(), cfg.follow_train.end());
  return cfg;
}

// --- output schemas -------------------------------------------------------------

inline const Schema& edges_schema() {
  static const Schema s = {{"source", {TypeId::Utf8}}, {"target", {TypeId::Utf8}}, {"weight", {TypeId::Float64}}};
  return s;
}
inline const Schema& network_schema() {
  static const Schema s = {
      {"nodes", {TypeId::Int64}},           {"edges", {TypeId::Int64}},
      {"density", {TypeId::Float64}},       {"average_degree", {TypeId::Float64}},
      {"components", {TypeId::Int64}},      {"largest_component_nodes", {TypeId::Int64}},
      {"largest_component_edges", {TypeId::Int64}}, {"diameter", {TypeId::Int64}},
      {"diameter_bfs_runs", {TypeId::Int64}}, {"hashtags", {TypeId::Int64}},
      {"network_hashtags", {TypeId::Int64}}, {"excluded_hashtags", {TypeId::Int64}},
      {"interactions", {TypeId::Int64}},    {"interactions_with_hashtags", {TypeId::Int64}},
      {"edges_emitted", {TypeId::Int64}},   {"edges_truncated", {TypeId::Bool}}};
  return s;
}
inline const Schema& states_schema() {
  static const Schema s = {{"state", {TypeId::Utf8}},
                           {"inter_accounts", {TypeId::Int64}},
                           {"network_accounts", {TypeId::Int64}},
                           {"share_of_network", {TypeId::Float64}},
                           {"share_of_state", {TypeId::Float64}}};
  return s;
}
inline const Schema& top_hashtags_schema() {
  static const Schema s = {{"rank", {TypeId::Int64}},     {"hashtag", {TypeId::Utf8}},
                           {"interactions", {TypeId::Int64}}, {"posts", {TypeId::Int64}},
                           {"accounts", {TypeId::Int64}}, {"states", {TypeId::Int64}},
                           {"follow_train", {TypeId::Bool}}, {"in_network", {TypeId::Bool}}};
  return s;
}

// What the network port reports.
struct NetworkSummary {
  int64_t nodes = 0, edges = 0, components = 0, largest_nodes = 0, largest_edges = 0;
  std::optional<int64_t> diameter;
  int64_t diameter_bfs_runs = 0;
  int64_t hashtags = 0, network_hashtags = 0, excluded_hashtags = 0;
  int64_t interactions = 0, interactions_with_hashtags = 0, edges_emitted = 0;
  bool edges_truncated = false;  // edges_emitted < edges: the edges port holds a prefix
  double density() const { return nodes < 2 ? 0.0 : 2.0 * static_cast<double>(edges) / (static_cast<double>(nodes) * static_cast<double>(nodes - 1)); }
  double average_degree() const { return nodes == 0 ? 0.0 : 2.0 * static_cast<double>(edges) / static_cast<double>(nodes); }
};

struct SkipCounts {
  int64_t null_source = 0;     // selected row without a source: not used
  int64_t null_post_id = 0;    // used, but not counted in a hashtag's posts
  int64_t null_hashtags = 0;   // null hashtags list: a row without hashtags
};

class AmbientNetwork {
 public:
  explicit AmbientNetwork(Config cfg) : cfg_(std::move(cfg)) {}

  void add(const Batch& b) {
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
      if (source.is_null(r) || source.str(r).empty()) { ++skipped_.null_source; continue; }
      ++summary_.interactions;
      const int32_t account = intern(accounts_, account_names_, source.str(r));
      const int32_t src_state = state_of(source_state, r);
      if (src_state >= 0) participants_.push_back({account, src_state});
      if (target && !target->is_null(r) && !target->str(r).empty()) {
        const int32_t t_state = state_of(target_state, r);
        if (t_state >= 0) participants_.push_back({intern(accounts_, account_names_, target->str(r)), t_state});
      }
      if (tags.is_null(r)) { ++skipped_.null_hashtags; continue; }
      row_tags.clear();
      for (int64_t j = 0; j < tags.list_size(r); ++j)
        if (!tags.list_item(r, j).empty()) row_tags.push_back(intern(hashtags_, hashtag_names_, tags.list_item(r, j)));
      std::sort(row_tags.begin(), row_tags.end());
      row_tags.erase(std::unique(row_tags.begin(), row_tags.end()), row_tags.end());
      if (row_tags.empty()) continue;
      ++summary_.interactions_with_hashtags;
      tag_rows_.resize(hashtag_names_.size(), 0);
      int32_t post_index = -1;
      if (post && !post->is_null(r)) post_index = intern(posts_, post_count_, post->str(r));
      else ++skipped_.null_post_id;
      for (int32_t t : row_tags) {
        ++tag_rows_[t];
        incidences_.push_back({account, t});
        if (post_index >= 0) tag_posts_.push_back({t, post_index});
        if (src_state >= 0) tag_states_.push_back({t, src_state});
      }
      if (src_state >= 0) source_states_.push_back({account, src_state});
    }
  }

  const SkipCounts& skipped() const { return skipped_; }

  // Builds the bipartite graph, counts the projection (calling on_edge for
  // each of the first max_edges edges, source < target in byte order; a null
  // on_edge emits none) and measures components and the diameter.
  void finish(const std::function<void(std::string_view, std::string_view, int64_t)>& on_edge) {
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
      if (is_node[a]) { node_of_[a] = static_cast<int32_t>(node_account_.size()); node_account_.push_back(a); }
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

  const NetworkSummary& summary() const { return summary_; }

  Batch network() const {
    Batch out(network_schema());
    const NetworkSummary& s = summary_;
    const int64_t ints_before[] = {s.nodes, s.edges};
    for (int i = 0; i < 2; ++i) out.column(i).append_int(ints_before[i]);
    out.column(2).append_double(s.density());
    out.column(3).append_double(s.average_degree());
    out.column(4).append_int(s.components);
    out.column(5).append_int(s.largest_nodes);
    out.column(6).append_int(s.largest_edges);
    if (s.diameter) out.column(7).append_int(*s.diameter);
    else out.column(7).append_null();
    const int64_t ints_after[] = {s.diameter_bfs_runs, s.hashtags, s.network_hashtags, s.excluded_hashtags,
                                  s.interactions, s.interactions_with_hashtags, s.edges_emitted};
    for (int i = 0; i < 7; ++i) out.column(8 + i).append_int(ints_after[i]);
    out.column(15).append_bool(s.edges_truncated);
    return out;
  }

  Batch states() const {
    // state -> (accounts in the selected interactions, accounts in the network)
    std::map<std::string, std::pair<int64_t, int64_t>> per_state;
    for (const auto& [a, s] : participants_) ++per_state[state_names_[s]].first;
    int64_t unattributed_nodes = 0;
    std::vector<int32_t> node_state(account_names_.size(), -1);
    for (const auto& [a, s] : source_states_)
      if (node_state[a] < 0 || state_names_[s] < state_names_[node_state[a]]) node_state[a] = s;
    for (int32_t a : node_account_) {
      if (node_state[a] < 0) ++unattributed_nodes;
      else ++per_state[state_names_[node_state[a]]].second;
    }
    Batch out(states_schema());
    const double nodes = static_cast<double>(summary_.nodes);
    auto row = [&](const std::string* state, int64_t inter, int64_t net) {
      if (state) out.column(0).append_string(*state);
      else out.column(0).append_null();
      out.column(1).append_int(inter);
      out.column(2).append_int(net);
      if (nodes > 0) out.column(3).append_double(static_cast<double>(net) / nodes);
      else out.column(3).append_null();
      if (inter > 0) out.column(4).append_double(static_cast<double>(net) / static_cast<double>(inter));
      else out.column(4).append_null();
    };
    if (unattributed_nodes > 0) row(nullptr, 0, unattributed_nodes);
    for (const auto& [state, counts] : per_state) row(&state, counts.first, counts.second);
    return out;
  }

  Batch top_hashtags() const {
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
      out.column(6).append_bool(std::binary_search(cfg_.follow_train.begin(), cfg_.follow_train.end(),
                                                   fold_case(hashtag_names_[t])));
      out.column(7).append_bool(kept_tag_[t] != 0);
    }
    return out;
  }

  // The bipartite graph and its account count (for tests and the benchmark).
  const CsrGraph& bipartite() const { return bipartite_; }

 private:
  using Pairs = std::vector<std::pair<int32_t, int32_t>>;

  static const Column* optional_column(const Batch& b, const char* name) {
    const int i = b.index_of(name);
    return i < 0 ? nullptr : &b.column(static_cast<size_t>(i));
  }
  static void sort_unique(Pairs& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  static int32_t intern(std::unordered_map<std::string, int32_t>& map, std::vector<std::string>& names,
                        std::string_view key) {
    auto [it, inserted] = map.try_emplace(std::string(key), static_cast<int32_t>(names.size()));
    if (inserted) names.push_back(it->first);
    return it->second;
  }
  static int32_t intern(std::unordered_map<std::string, int32_t>& map, int32_t& count, std::string_view key) {
    auto [it, inserted] = map.try_emplace(std::string(key), count);
    if (inserted) ++count;
    return it->second;
  }
  int32_t state_of(const Column* c, int64_t r) {
    if (!c || c->is_null(r) || c->str(r).empty()) return -1;
    return intern(states_, state_names_, c->str(r));
  }

  // Degrees and edge count by projection_degrees (bitsets for heavy
  // hashtags), then the first max_edges edges by emit_projection.
  void project(const std::function<void(std::string_view, std::string_view, int64_t)>& on_edge) {
    const int32_t n = static_cast<int32_t>(node_account_.size());
    ProjectionDegrees p = projection_degrees(bipartite_, n);
    degree_ = std::move(p.degree);
    summary_.edges = p.edges;
    if (on_edge)
      summary_.edges_emitted =
          emit_projection(bipartite_, n, cfg_.max_edges, [&](int32_t a, int32_t b, int64_t weight) {
            on_edge(account_names_[node_account_[a]], account_names_[node_account_[b]], weight);
          });
    summary_.edges_truncated = summary_.edges_emitted < summary_.edges;
  }

  // Components of the projection = account-holding components of the
  // bipartite graph. The largest: most accounts, then the smallest account id.
  void measure_components() {
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
        if (v < n) { ++accounts; degree_sum += degree_[v]; }
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

  Config cfg_;
  std::unordered_map<std::string, int32_t> accounts_, hashtags_, states_, posts_;
  std::vector<std::string> account_names_, hashtag_names_, state_names_;
  int32_t post_count_ = 0;
  Pairs incidences_;     // (account, hashtag)
  Pairs tag_posts_;      // (hashtag, post)
  Pairs tag_states_;     // (hashtag, state of a source that used it)
  Pairs participants_;   // (account, state) of sources and targets of the selected interactions
  Pairs source_states_;  // (account, state) of sources of rows with hashtags
  std::vector<int64_t> tag_rows_, tag_accounts_;
  std::vector<uint8_t> kept_tag_;
  std::vector<int32_t> node_of_, node_account_;
  std::vector<int64_t> degree_;
  CsrGraph bipartite_;
  NetworkSummary summary_;
  SkipCounts skipped_;
};

}  // namespace chorus::network_hashtags
