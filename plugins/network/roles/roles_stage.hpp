// network/roles: per-account degrees and roles (influencer, promoter, broker,
// follower), administrator flags from profile descriptions, and the weakly
// connected components of a (two-)state subnetwork with their representative
// accounts. The work is in role_network.hpp; this is the stage around it.
#pragma once

#include <optional>

#include <chorus/sdk.hpp>

#include "role_network.hpp"

namespace chorus::network_roles {

struct RolesStage : sdk::ConfiguredStage<RolesConfig> {
  static constexpr const char* type = "network/roles";
  static constexpr const char* description =
      "Account roles (influencer, promoter, broker, follower) from interaction degrees, admin flags, "
      "and connected components of a state subnetwork";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "interactions", "description": "directed interaction edges (network/interactions)"},
      {"name": "accounts", "type": "accounts", "optional": true, "description": "profiles: description for the admin flag, state when the interactions lack it"}],
    "outputs": [
      {"name": "roles", "type": "any", "description": "one row per account: account, state, in_degree, out_degree, weighted_in_degree, weighted_out_degree, role, is_admin; sorted by account"},
      {"name": "components", "type": "any", "description": "weakly connected components of the state subnetwork: component, size, interactions, n_states, states, representatives, representative_interactions; by size descending"},
      {"name": "members", "type": "any", "description": "component membership: component, account, state, interactions, is_representative; by component then account"}]})json";

  static const sdk::OptionTable<RolesConfig>& options();

  std::optional<sdk::PortTypes> infer(const RolesConfig& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const RolesConfig& config, sdk::Context& ctx);
};

}  // namespace chorus::network_roles
