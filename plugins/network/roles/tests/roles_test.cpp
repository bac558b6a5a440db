#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "network/roles/roles.hpp"

namespace nr = chorus::network_roles;
using namespace chorus::sdk::testing;

namespace {

// A reduced interactions table: the columns network/roles reads.
Schema edge_schema() {
  return schema({{"source", "utf8"}, {"target", "utf8"}, {"scope", "utf8"},
                 {"source_state", "utf8"}, {"target_state", "utf8"}});
}

struct EdgeRows {
  std::vector<std::vector<Cell>> rows;
  void add(const std::string& s, const std::string& t, int times = 1, const std::string& scope = "intra",
           Cell ss = null, Cell ts = null) {
    for (int i = 0; i < times; ++i) rows.push_back({s, t, scope, ss, ts});
  }
  Batch to_batch() const { return batch(edge_schema(), rows); }
};

std::string two(int i) { return (i < 10 ? "0" : "") + std::to_string(i); }

// Planted roles at the threshold boundary (10 vs 11), worked out by hand:
// I: 11 distinct in-neighbours        -> influencer
// G: 10 distinct in-neighbours        -> follower
// P: 11 distinct out-neighbours       -> promoter
// Q: 10 distinct out-neighbours       -> follower
// B: 11 in and 11 out                 -> broker
// W: 4 in-neighbours, 3 times each    -> distinct 4 (follower), weighted 12 (influencer)
EdgeRows planted_roles() {
  EdgeRows e;
  for (int i = 1; i <= 11; ++i) e.add("i" + two(i), "I");
  for (int i = 1; i <= 10; ++i) e.add("g" + two(i), "G");
  for (int i = 1; i <= 11; ++i) e.add("P", "p" + two(i));
  for (int i = 1; i <= 10; ++i) e.add("Q", "q" + two(i));
  for (int i = 1; i <= 11; ++i) e.add("b" + two(i), "B");
  for (int i = 1; i <= 11; ++i) e.add("B", "c" + two(i));
  for (int i = 1; i <= 4; ++i) e.add("w" + std::to_string(i), "W", 3);
  return e;
}

// The value of column `name` in the row of `account` (cell text).
std::string cell_of(const Batch& b, const std::string& account, const std::string& name) {
  const Column& acc = b.column("account");
  for (int64_t r = 0; r < b.rows(); ++r)
    if (acc.str(r) == account) return cell_text(b.column(name), r);
  return "<missing>";
}

Batch run_roles(const Json& config, const Batch& edges) {
  nr::RoleNetwork net(nr::parse_config(config));
  net.add_interactions(edges);
  net.finish();
  return net.roles();
}

}  // namespace

TEST_CASE("network/roles: roles at the threshold boundary 10 vs 11", "[network.roles]") {
  Batch out = run_roles(Json::object(), planted_roles().to_batch());
  CHECK(cell_of(out, "I", "role") == "influencer");
  CHECK(cell_of(out, "I", "in_degree") == "11");
  CHECK(cell_of(out, "I", "out_degree") == "0");
  CHECK(cell_of(out, "G", "role") == "follower");
  CHECK(cell_of(out, "G", "in_degree") == "10");
  CHECK(cell_of(out, "P", "role") == "promoter");
  CHECK(cell_of(out, "P", "out_degree") == "11");
  CHECK(cell_of(out, "Q", "role") == "follower");
  CHECK(cell_of(out, "B", "role") == "broker");
  CHECK(cell_of(out, "W", "role") == "follower");
  CHECK(cell_of(out, "W", "in_degree") == "4");
  CHECK(cell_of(out, "W", "weighted_in_degree") == "12");
  CHECK(cell_of(out, "w1", "out_degree") == "1");
  CHECK(cell_of(out, "w1", "weighted_out_degree") == "3");
  // Accounts: I, G, P, Q, B, W, 11 i + 10 g + 11 p + 10 q + 11 b + 11 c + 4 w.
  CHECK(out.rows() == 6 + 11 + 10 + 11 + 10 + 11 + 11 + 4);
  // Exactly the planted non-followers: I, P and B (W is a follower by distinct degree).
  int64_t non_followers = 0;
  for (int64_t r = 0; r < out.rows(); ++r) non_followers += out.column("role").str(r) != "follower";
  CHECK(non_followers == 3);
  // Rows sorted by account in byte order: upper case first.
  CHECK(out.column("account").str(0) == "B");
  CHECK(out.column("account").str(1) == "G");
  CHECK(out.column("account").str(out.rows() - 1) == "w4");
  // No accounts input: the admin flag is unknown.
  CHECK(cell_of(out, "I", "is_admin") == "null");
}

TEST_CASE("network/roles: weighted degrees and configurable thresholds", "[network.roles]") {
  Batch weighted = run_roles({{"degree", "weighted"}}, planted_roles().to_batch());
  CHECK(cell_of(weighted, "W", "role") == "influencer");  // 12 interactions > 10
  CHECK(cell_of(weighted, "G", "role") == "follower");    // 10 interactions
  CHECK(cell_of(weighted, "I", "role") == "influencer");
  CHECK(cell_of(weighted, "w1", "role") == "follower");   // 3 out
  Batch low = run_roles({{"in_threshold", 9}, {"out_threshold", 11}}, planted_roles().to_batch());
  CHECK(cell_of(low, "G", "role") == "influencer");  // 10 > 9
  CHECK(cell_of(low, "P", "role") == "follower");    // 11 is not > 11
  CHECK(cell_of(low, "B", "role") == "influencer");  // in 11 > 9, out 11 not > 11
  Batch zero = run_roles({{"in_threshold", 0}, {"out_threshold", 0}}, planted_roles().to_batch());
  CHECK(cell_of(zero, "w1", "role") == "promoter");  // out 1 > 0, in 0
  CHECK(cell_of(zero, "W", "role") == "influencer");
}

TEST_CASE("network/roles: admin patterns in English and Spanish", "[network.roles]") {
  nr::AdminMatcher m(nr::default_admin_patterns(), "with.admin_patterns");
  CHECK(m.matches("Admin del tren #SigueMeYTeSigo, l\xC3\xAD" "der de equipo"));
  CHECK(m.matches("Team leader and admin of the #OpenFollow train"));
  CHECK(m.matches("ADMINISTRADORA de la p\xC3\xA1gina"));
  CHECK(m.matches("Administrador oficial"));
  CHECK(m.matches("Page administrator"));
  CHECK(m.matches("L\xC3\x8D" "DER DE EQUIPO"));           // LÍDER, upper-case accent
  CHECK(m.matches("li\xCC\x81" "der del equipo azul"));   // i + combining acute (NFD)
  CHECK(m.matches("Teamleader #1"));
  CHECK(m.matches("jefa de equipo"));
  CHECK(m.matches("one of the admins"));
  CHECK_FALSE(m.matches("Administraci\xC3\xB3n p\xC3\xBA" "blica"));
  CHECK_FALSE(m.matches("badminton fan"));
  CHECK_FALSE(m.matches("I love my team"));
  CHECK_FALSE(m.matches("leader of the pack"));
  CHECK_FALSE(m.matches("l\xC3\xAD" "der natural"));
  CHECK_FALSE(m.matches(""));
  CHECK(nr::fold_accents_and_case("\xC3\x91" "and\xC3\xBA Stra\xC3\x9F" "e") == "nandu strasse");

  // Custom patterns: accents in the pattern are folded too; the match ignores case.
  nr::AdminMatcher custom({"coordinador", "l\xC3\xAD" "der\\b"}, "with.admin_patterns");
  CHECK(custom.matches("COORDINADOR regional"));
  CHECK(custom.matches("Lider nato"));
  CHECK_FALSE(custom.matches("admin"));
  CHECK_FALSE(custom.matches("lideresa"));
}

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
  REQUIRE(host.run<nr::Roles>(Json::object()) == 0);
  Batch roles = host.collected("roles");
  CHECK(col(roles, "account") == "u1|u2|u3|u4");
  CHECK(col(roles, "is_admin") == "true|false|true|null");  // u4 has no profile
  CHECK(col(roles, "state") == "XB|XB|XD|null");            // interactions have no state here
  CHECK(col(roles, "in_degree") == "0|1|1|1");
  CHECK(col(roles, "out_degree") == "1|1|1|0");
}

TEST_CASE("network/roles: components of a two-state subnetwork with tied representatives",
          "[network.roles]") {
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
  REQUIRE(host.run<nr::Roles>({{"states", {"XA", "XB"}}}) == 0);
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
  CHECK(col(members, "is_representative") ==
        "false|true|false|false|true|false|true|true|false|false|true|true");
  Batch roles = host.collected("roles");
  CHECK(cell_of(roles, "a1", "in_degree") == "2");  // a2, c1
  CHECK(cell_of(roles, "a1", "out_degree") == "1");
  CHECK(cell_of(roles, "a1", "weighted_out_degree") == "2");
  CHECK(cell_of(roles, "c1", "state") == "XC");

  // Only inter-state interactions: z3-z4, a2-a1, b4-b5, c1-c2 leave.
  FakeHost inter;
  inter.inputs["interactions"] = {e.to_batch()};
  REQUIRE(inter.run<nr::Roles>({{"scope", {"inter"}}, {"states", {"XA", "XB"}}}) == 0);
  Batch ic = inter.collected("components");
  CHECK(col(ic, "size") == "3|3|3");  // {a1,a2,b1}, {a3,b2,b3}, {z2,z3,z4}: by smallest id
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
  REQUIRE(host.run<nr::Roles>(Json::object()) == 0);
  CHECK(host.logged(CHORUS_LOG_WARN, "2 interactions skipped: null or empty source or target"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 interactions skipped: self-edges"));
  CHECK(col(host.collected("roles"), "account") == "a|b");
}

TEST_CASE("network/roles: configuration errors name the key", "[network.roles]") {
  auto error = [](const Json& config) {
    FakeHost host;
    host.input_types["interactions"] = {"interactions", edge_schema()};
    REQUIRE(host.infer<nr::Roles>(config) != 0);
    return host.last_error();
  };
  CHECK(error({{"degree", "heavy"}}) == "with.degree: expected 'distinct' or 'weighted', got \"heavy\"");
  CHECK(error({{"in_threshold", -1}}) == "with.in_threshold: expected a non-negative integer, got -1");
  CHECK(error({{"scope", {"inner"}}}) ==
        "with.scope[0]: unknown scope 'inner' (expected intra, inter, external or unattributed)");
  CHECK(error({{"admin_patterns", {"admin", "("}}}).rfind("with.admin_patterns[1]: invalid regular expression '('", 0) == 0);
  CHECK(error({{"treshold", 3}}).rfind("with: unknown key 'treshold'", 0) == 0);
}
