#include "roles_stage.hpp"

#include <stdexcept>
#include <string>

namespace chorus::network_roles {

const sdk::OptionTable<RolesConfig>& RolesStage::options() {
  using C = RolesConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .integer("in_threshold", &C::in_threshold, 10,
                   "an account is an influencer (or broker) when its in-degree is greater than this")
          .at_least(0)
          .integer("out_threshold", &C::out_threshold, 10,
                   "an account is a promoter (or broker) when its out-degree is greater than this")
          .at_least(0)
          .choice("degree", &C::weighted, {{"distinct", false}, {"weighted", true}}, "distinct",
                  "degrees the roles use: distinct neighbours, or weighted (number of interactions)")
          .strings("scope", &C::scopes, "keep only interactions of these scopes (default: all)")
          .optional()
          .item_min_length(1)
          .one_of({"intra", "inter", "external", "unattributed"})
          .strings("states", &C::states,
                   "the subnetwork of the components port: interactions whose source_state and target_state are "
                   "both listed (default: all interactions)")
          .optional()
          .item_min_length(1)
          .strings("admin_patterns", &C::admin_patterns,
                   "ECMAScript regular expressions searched case- and accent-insensitively in profile descriptions "
                   "(default: English and Spanish admin / team-leader patterns, see docs)")
          .optional()
          .item_min_length(1)
          .check([](const C& c) {
            try {
              const AdminMatcher compiled(c.admin_patterns, "with.admin_patterns");  // compiles every expression
              (void)compiled;
            } catch (const std::invalid_argument& e) {
              throw sdk::ConfigError(e.what());
            }
          });
  return table;
}

std::optional<sdk::PortTypes> RolesStage::infer(const RolesConfig&, const sdk::PortTypes&, sdk::Context&) {
  return sdk::PortTypes{
      {"roles", {"", roles_schema()}}, {"components", {"", components_schema()}}, {"members", {"", members_schema()}}};
}

void RolesStage::run(const RolesConfig& config, sdk::Context& ctx) {
  RoleNetwork network(config);
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

}  // namespace chorus::network_roles
