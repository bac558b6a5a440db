// The directed interaction network of network/roles: degrees, roles,
// administrator flags, and the weakly connected components of a subnetwork.
// Host-free (works on Batches) so the tests drive it directly; the code is in
// role_network.cpp.
//
// Definitions (docs/methods.md):
//  - in_degree / out_degree: distinct accounts that interacted with / were
//    interacted with by the account; weighted_*: interaction rows.
//  - role from the configured degree (distinct by default): influencer
//    (in > in_threshold, out <= out_threshold), promoter (out > out_threshold,
//    in <= in_threshold), broker (both above), follower (neither).
//  - components: weakly connected components of the interactions whose
//    source_state and target_state are both in with.states (all interactions
//    when states is not given); representatives: the accounts with the most
//    within-component interactions (rows where the account is source or
//    target), every one of them on ties.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <chorus/sdk.hpp>

#include "admin_patterns.hpp"

namespace chorus::network_roles {

// The with: of network/roles (its option table is in roles_stage.cpp).
struct RolesConfig {
  int64_t in_threshold;             // influencer: in-degree > this
  int64_t out_threshold;            // promoter: out-degree > this
  bool weighted;                    // degree: weighted (roles from interaction counts), else distinct
  std::vector<std::string> scopes;  // scope: keep only these scopes; empty: all
  std::vector<std::string> states;  // states: subnetwork of the components; empty: all
  // admin_patterns: an option without default in the table; left out, these.
  std::vector<std::string> admin_patterns = default_admin_patterns();
};

// Columns of the roles, components and members ports.
const Schema& roles_schema();
const Schema& components_schema();
const Schema& members_schema();

// influencer, promoter, broker or follower from the degrees the roles use.
const char* role_name(int64_t in, int64_t out, int64_t in_threshold, int64_t out_threshold);

// Rows that could not be used, by reason (reported with ctx.warn).
struct SkipCounts {
  int64_t null_endpoint = 0;    // source or target null or empty
  int64_t self_edge = 0;        // source == target
  int64_t other_scope = 0;      // filtered out by with.scope (not an error)
  int64_t state_conflicts = 0;  // an account seen with two different states
};

class RoleNetwork {
 public:
  explicit RoleNetwork(RolesConfig cfg);

  // Folds in a batch of interactions (columns source, target, and the
  // source_state, target_state, scope when present).
  void add_interactions(const Batch& b);
  // Folds in a batch of accounts (author_id, description, state when present).
  void add_accounts(const Batch& b);

  const SkipCounts& skipped() const { return skipped_; }
  size_t num_accounts() const { return names_.size(); }
  size_t num_interactions() const { return edges_.size(); }

  // Computes everything; call once after the last add_*.
  void finish();

  Batch roles() const;
  Batch components() const;
  Batch members() const;

 private:
  struct Edge {
    int32_t source, target;
    bool in_subnetwork;
  };
  struct AccountInfo {
    bool has_description = false, is_admin = false;
    std::string state;
  };
  struct Component {
    std::vector<int32_t> members;  // sorted by account id (byte order)
    int64_t interactions = 0;      // subnetwork rows inside the component
    int64_t top_interactions = 0;  // the representatives' within-component interactions
  };

  int32_t intern(std::string_view id);
  void note_state(int32_t node, const Column* column, int64_t r);
  bool in_states(const Column* column, int64_t r) const;
  void compute_degrees();
  void compute_components();

  RolesConfig cfg_;
  AdminMatcher matcher_;
  std::set<std::string> state_filter_;
  std::unordered_map<std::string, int32_t> ids_;
  std::vector<std::string> names_, states_;
  std::vector<Edge> edges_;
  std::unordered_map<std::string, AccountInfo> accounts_;
  bool have_accounts_ = false;
  SkipCounts skipped_;
  std::vector<int32_t> order_;
  std::vector<int64_t> in_, out_, win_, wout_, sub_interactions_;
  std::vector<Component> comps_;
};

}  // namespace chorus::network_roles
