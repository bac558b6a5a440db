// stats/engagement, PostTable: interaction edges folded into posts, a post
// counted once with inter over intra over external, and what is left out.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "post_table.hpp"

using namespace chorus::sdk::testing;

namespace {

chorus::Schema interactions_schema() {
  return schema({{"platform", "utf8"},
                 {"post_id", "utf8"},
                 {"source", "utf8"},
                 {"target", "utf8"},
                 {"type", "utf8"},
                 {"time", "timestamp[ms]"},
                 {"likes", "int64"},
                 {"shares", "int64"},
                 {"replies", "int64"},
                 {"source_state", "utf8"},
                 {"target_state", "utf8"},
                 {"scope", "utf8"},
                 {"hashtags", "list<utf8>"},
                 {"urls", "list<utf8>"}});
}

// One interactions row; state "" and metrics < 0 are nulls.
std::vector<Cell> edge(const std::string& post, const std::string& type, const std::string& state,
                       const std::string& scope, int64_t likes, int64_t shares, int64_t replies,
                       const std::string& target_state = "") {
  auto n = [](int64_t v) -> Cell { return v < 0 ? Cell(null) : Cell(v); };
  auto s = [](const std::string& v) -> Cell { return v.empty() ? Cell(null) : Cell(v); };
  return {std::string("twitter"),
          post,
          std::string("a_") + post,
          std::string("b"),
          type,
          int64_t{0},
          n(likes),
          n(shares),
          n(replies),
          s(state),
          s(target_state),
          scope,
          StrList{},
          StrList{}};
}

}  // namespace

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
