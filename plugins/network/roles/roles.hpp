// network/roles: per-account degrees and roles (influencer, promoter, broker,
// follower), administrator flags from profile descriptions, and the weakly
// connected components of a (two-)state subnetwork with their representative
// accounts. The work is in role_network.hpp; this is the stage around it.
#pragma once

#include <string>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "role_network.hpp"

namespace chorus::network_roles {

struct Roles : sdk::Stage {
  static constexpr const char* type = "network/roles";
  static constexpr const char* description =
      "Account roles (influencer, promoter, broker, follower) from interaction degrees, admin flags, "
      "and connected components of a state subnetwork";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
    "type": "object", "additionalProperties": false,
    "properties": {
      "in_threshold": {"type": "integer", "minimum": 0, "default": 10,
        "description": "an account is an influencer (or broker) when its in-degree is greater than this"},
      "out_threshold": {"type": "integer", "minimum": 0, "default": 10,
        "description": "an account is a promoter (or broker) when its out-degree is greater than this"},
      "degree": {"type": "string", "enum": ["distinct", "weighted"], "default": "distinct",
        "description": "degrees the roles use: distinct neighbours, or weighted (number of interactions)"},
      "scope": {"type": "array", "items": {"type": "string", "enum": ["intra", "inter", "external", "unattributed"]},
        "description": "keep only interactions of these scopes (default: all)"},
      "states": {"type": "array", "items": {"type": "string"},
        "description": "the subnetwork of the components port: interactions whose source_state and target_state are both listed (default: all interactions)"},
      "admin_patterns": {"type": "array", "items": {"type": "string"},
        "description": "ECMAScript regular expressions searched case- and accent-insensitively in profile descriptions (default: English and Spanish admin / team-leader patterns, see docs)"}
    }})json";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "interactions", "type": "interactions", "description": "directed interaction edges (network/interactions)"},
      {"name": "accounts", "type": "accounts", "optional": true, "description": "profiles: description for the admin flag, state when the interactions lack it"}],
    "outputs": [
      {"name": "roles", "type": "any", "description": "one row per account: account, state, in_degree, out_degree, weighted_in_degree, weighted_out_degree, role, is_admin; sorted by account"},
      {"name": "components", "type": "any", "description": "weakly connected components of the state subnetwork: component, size, interactions, n_states, states, representatives, representative_interactions; by size descending"},
      {"name": "members", "type": "any", "description": "component membership: component, account, state, interactions, is_representative; by component then account"}]})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&, sdk::Context&) override {
    parse_config(config);
    return sdk::PortTypes{{"roles", {"", roles_schema()}},
                          {"components", {"", components_schema()}},
                          {"members", {"", members_schema()}}};
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    RoleNetwork network(parse_config(config));
    Batch b;
    int64_t rows = 0;
    ctx.select("interactions", {"source", "target"}, {"scope", "source_state", "target_state"});
    ctx.select("accounts", {"author_id"}, {"description", "state"});
    while (ctx.read("interactions", b)) {
      network.add_interactions(b);
      rows += b.rows();
      ctx.progress(rows);
      if (ctx.cancelled()) return;
    }
    // An unconnected optional input reads as ended at once.
    while (ctx.read("accounts", b)) network.add_accounts(b);
    network.finish();
    const SkipCounts& s = network.skipped();
    if (s.null_endpoint)
      ctx.warn(std::to_string(s.null_endpoint) + " interactions skipped: null or empty source or target");
    if (s.self_edge) ctx.warn(std::to_string(s.self_edge) + " interactions skipped: self-edges");
    if (s.state_conflicts)
      ctx.warn(std::to_string(s.state_conflicts) +
               " interactions gave an account another state than before (the byte-smallest state is kept)");
    if (s.other_scope) ctx.info(std::to_string(s.other_scope) + " interactions outside with.scope left out");
    ctx.emit("roles", network.roles());
    ctx.emit("components", network.components());
    ctx.emit("members", network.members());
  }
};

}  // namespace chorus::network_roles
