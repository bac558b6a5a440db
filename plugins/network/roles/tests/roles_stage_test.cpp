// network/roles through the fake host: the admin flag and state from the
// accounts input, components of a state subnetwork, bad rows, configuration.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "edge_rows.hpp"
#include "roles_stage.hpp"

namespace nr = chorus::network_roles;
using namespace chorus::network_roles::testing;

TEST_CASE("network/roles: admin flag and state from the accounts input", "[network.roles]") {
  FakeHost host;
  EdgeRows e;
  e.add("u1", "u2");
  e.add("u2", "u3");
  e.add("u3", "u4");
  host.inputs["interactions"] = {e.to_batch()};
  Schema acc = schema({{"author_id", "utf8"}, {"description", "utf8"}, {"state", "utf8"}});
  host.inputs["accounts"] = {batch(acc, {{"u1", "Admin del tren", "XB"},
                                         {"u2", "just a fan", "XB"},
                                         {"u3", null, "XD"},
                                         {"u3", "Team Leader", null}})};  // a second profile row
  REQUIRE(host.run<nr::RolesStage>(Json::object()) == 0);
  Batch roles = host.collected("roles");
  CHECK(col(roles, "account") == "u1|u2|u3|u4");
  CHECK(col(roles, "is_admin") == "true|false|true|null");  // u4 has no profile
  CHECK(col(roles, "state") == "XB|XB|XD|null");            // interactions have no state here
  CHECK(col(roles, "in_degree") == "0|1|1|1");
  CHECK(col(roles, "out_degree") == "1|1|1|0");
}

TEST_CASE("network/roles: components of a two-state subnetwork with tied representatives", "[network.roles]") {
  EdgeRows e;
  // {z1..z4}: the largest component (4 accounts); z2 has 3 within-component interactions.
  e.add("z1", "z2", 1, "intra", "XB", "XB");
  e.add("z2", "z3", 1, "inter", "XB", "XA");
  e.add("z3", "z4", 1, "intra", "XA", "XA");
  e.add("z2", "z4", 1, "inter", "XB", "XA");
  // {a1, a2, b1}: a1 and b1 tie with 3 interactions each.
  e.add("a1", "b1", 2, "inter", "XA", "XB");
  e.add("b1", "a2", 1, "inter", "XB", "XA");
  e.add("a2", "a1", 1, "intra", "XA", "XA");
  // {a3, b2, b3}: same size as the one above, later by smallest id (a3 > a1).
  e.add("a3", "b2", 1, "inter", "XA", "XB");
  e.add("b3", "a3", 1, "inter", "XB", "XA");
  // {b4, b5}: both representatives.
  e.add("b4", "b5", 1, "intra", "XB", "XB");
  // XC is outside the subnetwork: c1 joins nothing, but counts in the roles.
  e.add("c1", "a1", 1, "inter", "XC", "XA");
  e.add("c1", "c2", 1, "intra", "XC", "XC");

  FakeHost host;
  host.inputs["interactions"] = {e.to_batch()};
  REQUIRE(host.run<nr::RolesStage>({{"states", {"XA", "XB"}}}) == 0);
  Batch comps = host.collected("components");
  CHECK(col(comps, "component") == "1|2|3|4");
  CHECK(col(comps, "size") == "4|3|3|2");
  CHECK(col(comps, "interactions") == "4|4|2|1");
  CHECK(col(comps, "states") == "XA:2,XB:2|XA:2,XB:1|XA:1,XB:2|XB:2");
  CHECK(col(comps, "n_states") == "2|2|2|1");
  CHECK(col(comps, "representatives") == "[z2]|[a1,b1]|[a3]|[b4,b5]");
  CHECK(col(comps, "representative_interactions") == "3|3|2|1");
  Batch members = host.collected("members");
  CHECK(col(members, "account") == "z1|z2|z3|z4|a1|a2|b1|a3|b2|b3|b4|b5");
  CHECK(col(members, "interactions") == "1|3|2|2|3|2|3|2|1|1|1|1");
  CHECK(col(members, "is_representative") == "false|true|false|false|true|false|true|true|false|false|true|true");
  Batch roles = host.collected("roles");
  CHECK(cell_of(roles, "a1", "in_degree") == "2");  // a2, c1
  CHECK(cell_of(roles, "a1", "out_degree") == "1");
  CHECK(cell_of(roles, "a1", "weighted_out_degree") == "2");
  CHECK(cell_of(roles, "c1", "state") == "XC");

  // Only inter-state interactions: z3-z4, a2-a1, b4-b5, c1-c2 leave.
  FakeHost inter;
  inter.inputs["interactions"] = {e.to_batch()};
  REQUIRE(inter.run<nr::RolesStage>({{"scope", {"inter"}}, {"states", {"XA", "XB"}}}) == 0);
  Batch ic = inter.collected("components");
  CHECK(col(ic, "size") == "3|3|3");                      // {a1,a2,b1}, {a3,b2,b3}, {z2,z3,z4}: by smallest id
  CHECK(col(ic, "representatives") == "[b1]|[a3]|[z2]");  // b1: a1->b1 twice, b1->a2
  Batch ir = inter.collected("roles");
  CHECK(cell_of(ir, "a1", "in_degree") == "1");  // c1 only
  CHECK(cell_of(ir, "b4", "role") == "<missing>");
}

TEST_CASE("network/roles: bad rows are counted and reported", "[network.roles]") {
  FakeHost host;
  host.inputs["interactions"] = {batch(edge_schema(), {{"a", null, "intra", null, null},
                                                       {"a", "a", "intra", null, null},
                                                       {"", "b", "intra", null, null},
                                                       {"a", "b", "intra", null, null}})};
  REQUIRE(host.run<nr::RolesStage>(Json::object()) == 0);
  CHECK(host.logged(CHORUS_LOG_WARN, "2 interactions skipped: null or empty source or target"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 interactions skipped: self-edges"));
  CHECK(col(host.collected("roles"), "account") == "a|b");
}

TEST_CASE("network/roles: configuration errors name the key", "[network.roles]") {
  auto error = [](const Json& config) {
    FakeHost host;
    host.input_types["interactions"] = {"interactions", edge_schema()};
    REQUIRE(host.infer<nr::RolesStage>(config) != 0);
    CHECK(host.errors.size() == 1);  // one mistake, one error
    return host.last_error();
  };
  CHECK(error({{"degree", "heavy"}}) == "with.degree: unknown value \"heavy\" (expected distinct or weighted)");
  CHECK(error({{"in_threshold", -1}}) == "with.in_threshold: expected a number >= 0, got -1");
  CHECK(error({{"out_threshold", 2.5}}) == "with.out_threshold: expected an integer, got 2.5");
  CHECK(error({{"scope", {"inner"}}}) ==
        "with.scope: unknown value \"inner\" (expected intra, inter, external or unattributed)");
  CHECK(error({{"states", "XA"}}) == "with.states: expected a list, got \"XA\"");
  CHECK(
      error({{"admin_patterns", {"admin", "("}}}).rfind("with.admin_patterns[1]: invalid regular expression '('", 0) ==
      0);
  CHECK(error({{"treshold", 3}}).rfind("with: unknown option 'treshold'", 0) == 0);
}

TEST_CASE("network/roles: the option table's defaults are what the stage runs with", "[network.roles]") {
  const nr::RolesConfig d = nr::RolesStage::options().parse(Json::object());
  CHECK(d.in_threshold == 10);
  CHECK(d.out_threshold == 10);
  CHECK_FALSE(d.weighted);  // degree: distinct
  CHECK(d.scopes.empty());  // every scope
  CHECK(d.states.empty());  // every interaction in the components
  CHECK(d.admin_patterns == nr::default_admin_patterns());
  FakeHost host;
  EdgeRows e = planted_roles();
  e.add("G", "I", 1, "inter", "XA", "XB");
  host.inputs["interactions"] = {e.to_batch()};
  host.inputs["accounts"] = {
      batch(schema({{"author_id", "utf8"}, {"description", "utf8"}}), {{"I", "Team leader"}, {"G", "just a fan"}})};
  REQUIRE(host.run<nr::RolesStage>(Json::object()) == 0);
  const Batch roles = host.collected("roles");
  CHECK(cell_of(roles, "I", "role") == "influencer");  // 12 distinct in-neighbours > 10
  CHECK(cell_of(roles, "G", "role") == "follower");    // 10 in, 1 out
  CHECK(cell_of(roles, "W", "role") == "follower");    // 4 distinct in-neighbours (12 interactions)
  CHECK(cell_of(roles, "I", "is_admin") == "true");    // the default patterns
  CHECK(cell_of(roles, "G", "is_admin") == "false");
  // No scope filter, every interaction in the components: B's 22 neighbours,
  // I's and G's joined by G -> I, P's 11, Q's 10, W's 4.
  CHECK(col(host.collected("components"), "size") == "23|23|12|11|5");
}
