// network/roles' RoleNetwork without a host: degrees and roles at the
// threshold boundary, worked out by hand.
#include <catch2/catch.hpp>

#include <string>

#include "edge_rows.hpp"
#include "role_network.hpp"
#include "roles_stage.hpp"

namespace nr = chorus::network_roles;
using namespace chorus::network_roles::testing;

namespace {

// The roles of `edges` with the configuration the stage would run with.
Batch run_roles(const Json& config, const Batch& edges) {
  nr::RoleNetwork net(nr::RolesStage::options().parse(config));
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
  CHECK(cell_of(weighted, "w1", "role") == "follower");  // 3 out
  Batch low = run_roles({{"in_threshold", 9}, {"out_threshold", 11}}, planted_roles().to_batch());
  CHECK(cell_of(low, "G", "role") == "influencer");  // 10 > 9
  CHECK(cell_of(low, "P", "role") == "follower");    // 11 is not > 11
  CHECK(cell_of(low, "B", "role") == "influencer");  // in 11 > 9, out 11 not > 11
  Batch zero = run_roles({{"in_threshold", 0}, {"out_threshold", 0}}, planted_roles().to_batch());
  CHECK(cell_of(zero, "w1", "role") == "promoter");  // out 1 > 0, in 0
  CHECK(cell_of(zero, "W", "role") == "influencer");
}
