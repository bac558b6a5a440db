// stats/engagement, PostTable: interaction edges folded into posts, a post
// counted once with inter over intra over external, and what is left out.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "interaction_rows.hpp"
#include "post_table.hpp"

using namespace chorus::sdk::testing;
using chorus::stats_engagement::test::edge;
using chorus::stats_engagement::test::interactions_schema;

namespace {}  // namespace

TEST_CASE("stats/engagement: a post counts once with inter over intra over external", "[stats.engagement]") {
  chorus::stats_engagement::PostTable t({"likes"}, {"retweet"});
  t.add(batch(
      interactions_schema(),
      {edge("p1", "reply", "XA", "intra", 5, 0, 0), edge("p1", "mention", "XA", "inter", 5, 0, 0),
       edge("p2", "mention", "XA", "external", 3, 0, 0), edge("p2", "mention", "XA", "intra", 3, 0, 0),
       edge("p3", "quote", "XA", "external", 1, 0, 0), edge("p4", "retweet", "XA", "inter", 9, 0, 0),  // excluded type
       edge("p5", "mention", "", "unattributed", 9, 0, 0),                                             // no state
       edge("p6", "mention", "XB", "sideways", 9, 0, 0),                                               // unknown scope
       edge("p7", "mention", "XB", "intra", -1, 0, 0),    // null likes: a post with a null
       edge("p1", "mention", "XA", "intra", 6, 0, 0)}));  // conflicting value, first kept
  REQUIRE(t.size() == 4);
  CHECK(t.key(0) == std::string("twitter\x1fp1"));
  CHECK(t.scope_of(0) == chorus::stats_engagement::PostScope::Inter);
  CHECK(t.scope_of(1) == chorus::stats_engagement::PostScope::Intra);
  CHECK(t.scope_of(2) == chorus::stats_engagement::PostScope::External);
  CHECK(t.value(0, 0) == 5);
  CHECK(std::isnan(t.value(3, 0)));
  CHECK(t.tally().rows == 10);
  CHECK(t.tally().excluded_type == 1);
  CHECK(t.tally().unattributed == 1);
  CHECK(t.tally().bad_scope == 1);
  CHECK(t.tally().conflicting_posts == 1);
  CHECK(t.states() == std::vector<std::string>{"XA", "XB"});
}
