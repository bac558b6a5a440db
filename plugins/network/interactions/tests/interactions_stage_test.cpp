// network/interactions: every edge rule on hand-made posts whose answers are
// worked out by hand from docs/methods.md.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <string>
#include <vector>

#include "interactions_stage.hpp"

using namespace chorus::sdk::testing;
using chorus::network_interactions::InteractionsStage;

namespace {

const chorus::Schema kPosts = schema({{"platform", "utf8"},
                                      {"source_file", "utf8"},
                                      {"source_line", "int64"},
                                      {"post_id", "utf8"},
                                      {"author_id", "utf8"},
                                      {"author_handle", "utf8"},
                                      {"state", "utf8"},
                                      {"created_at", "timestamp[ms]"},
                                      {"interaction_type", "utf8"},
                                      {"target_post_id", "utf8"},
                                      {"target_author_id", "utf8"},
                                      {"hashtags_folded", "list<utf8>"},
                                      {"urls_normalized", "list<utf8>"},
                                      {"mentions", "list<utf8>"},
                                      {"mentions_kind", "utf8"},
                                      {"likes", "int64"},
                                      {"shares", "int64"},
                                      {"replies", "int64"}});

const chorus::Schema kAccounts = schema({{"author_id", "utf8"}, {"author_handle", "utf8"}, {"state", "utf8"}});

Cell s(const char* v) { return v ? Cell(std::string(v)) : Cell(null); }

struct PostSpec {
  const char* id;
  const char* author;
  const char* handle;
  const char* state;
  int64_t minute;
  const char* type;
  const char* target_post = nullptr;
  const char* target_author = nullptr;
  StrList mentions = {};
  const char* kind = nullptr;
  StrList hashtags = {};
};

std::vector<Cell> row(const PostSpec& p, int64_t line) {
  return {s("twitter"),
          s("f.csv"),
          line,
          s(p.id),
          s(p.author),
          s(p.handle),
          s(p.state),
          p.minute == INT64_MIN ? Cell(null) : Cell(int64_t{1577836800000} + p.minute * 60000),
          s(p.type),
          s(p.target_post),
          s(p.target_author),
          p.hashtags,
          StrList{},
          p.mentions,
          s(p.kind),
          line * 10,
          null,
          int64_t{0}};
}

chorus::Batch posts(const std::vector<PostSpec>& specs, int64_t line = 1) {
  std::vector<std::vector<Cell>> rows;
  for (const auto& p : specs) rows.push_back(row(p, line++));
  return batch(kPosts, rows);
}

// "source>target:type:scope" of every edge, in output order.
std::string edges_text(const std::vector<chorus::Batch>& out) {
  std::string t;
  for (const auto& b : out)
    for (int64_t r = 0; r < b.rows(); ++r) {
      t += (t.empty() ? "" : " ") + cell_text(b.column("source"), r) + ">" + cell_text(b.column("target"), r) + ":" +
           cell_text(b.column("type"), r) + ":" + cell_text(b.column("scope"), r);
    }
  return t;
}

// The hand world: a1, a2 of XA; b1 of XB; u1 without a state; b2 of XB only
// in the accounts input (never posts).
std::vector<PostSpec> hand_posts() {
  return {
      // p1: mentions by id: b1 (inter), a2 (intra), b1 again (one edge), a1 itself (dropped).
      {"p1", "a1", "Alice", "XA", 1, "original", nullptr, nullptr, {"b1", "a2", "b1", "a1"}, "id", {"peace"}},
      // p2: retweet of a1; its mention of b1 adds nothing.
      {"p2", "a2", "bob", "XA", 2, "share", "p1", "a1", {"b1"}, "id"},
      // p3: reply to a1 with handle mentions: @Alice is the reply target (no second edge),
      // bob -> a2, ERIN -> b2 (state from accounts), zed unknown -> "@zed".
      {"p3", "b1", "Carol", "XB", 3, "reply", "p1", "a1", {"@Alice", "bob", "ERIN", "zed"}, "handle"},
      // p4: quote of a post not in the data, no target author: unresolved, an isolate.
      {"p4", "a1", "Alice", "XA", 4, "quote", "p999", nullptr, {}, nullptr},
      // p5: quote of p2 (author a2, found in the data) that also mentions a2: quote + mention.
      {"p5", "b1", "Carol", "XB", 5, "quote", "p2", nullptr, {"a2"}, "id"},
      // p6: an unattributed account mentions a1.
      {"p6", "u1", "dave", nullptr, 6, "original", nullptr, nullptr, {"a1"}, "id"},
      // p7: an original without mentions: isolate (none).
      {"p7", "a2", "bob", "XA", 7, "original"},
      // p8: a reply to oneself: isolate (self).
      {"p8", "a1", "Alice", "XA", 8, "reply", "p1", "a1"},
      // p9: a retweet of an account outside the data: external.
      {"p9", "a1", "Alice", "XA", 9, "share", "x0", "x9", {}, nullptr},
      // p10: the earliest post: a reply given by target post only (p5, author b1).
      {"p10", "a2", "bob", "XA", 0, "reply", "p5", nullptr, {}, nullptr},
      // Rejects: no author; an unknown interaction type.
      {"p11", nullptr, nullptr, "XA", 11, "original"},
      {"p12", "a1", "Alice", "XA", 12, "like"},
  };
}

FakeHost& with_types(FakeHost& h) {
  const std::string dir = std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/";
  for (const char* t : {"posts", "accounts", "interactions", "rejects"})
    h.dataset_types[t] = read_file(dir + t + ".json");
  return h;
}

}  // namespace

TEST_CASE("network/interactions: every edge rule on hand-made posts", "[network.interactions]") {
  FakeHost host;
  with_types(host);
  host.inputs["posts"] = {posts(hand_posts())};
  host.inputs["accounts"] = {batch(kAccounts, {{s("b2"), s("Erin"), s("XB")}, {null, s("nobody"), s("XC")}})};
  REQUIRE(host.run<InteractionsStage>(Json::object()) == 0);
  const auto& out = host.outputs["interactions"];
  CHECK(edges_text(out) ==
        "a2>b1:reply:inter "                                                                   // p10 (time 0)
        "a1>b1:mention:inter a1>a2:mention:intra "                                             // p1
        "a2>a1:retweet:intra "                                                                 // p2
        "b1>a1:reply:inter b1>a2:mention:inter b1>b2:mention:intra b1>@zed:mention:external "  // p3
        "b1>a2:quote:inter b1>a2:mention:inter "                                               // p5
        "u1>a1:mention:unattributed "                                                          // p6
        "a1>x9:retweet:external");                                                             // p9
  CHECK(col(out, "post_id") == "p10|p1|p1|p2|p3|p3|p3|p3|p5|p5|p6|p9");
  CHECK(col(out, "source_state") == "XA|XA|XA|XA|XB|XB|XB|XB|XB|XB|null|XA");
  CHECK(col(out, "target_state") == "XB|XB|XA|XA|XA|XA|XB|null|XA|XA|XA|null");
  // Engagement and hashtags come from the source post (likes = line * 10 here).
  CHECK(col(out, "likes") == "100|10|10|20|30|30|30|30|50|50|60|90");
  CHECK(col(out, "shares") == "null|null|null|null|null|null|null|null|null|null|null|null");
  CHECK(col(out, "hashtags") == "[]|[peace]|[peace]|[]|[]|[]|[]|[]|[]|[]|[]|[]");
  CHECK(col(out, "time") == std::to_string(1577836800000) + "|" + std::to_string(1577836860000) + "|" +
                                std::to_string(1577836860000) + "|" + std::to_string(1577836920000) + "|" +
                                std::to_string(1577836980000) + "|" + std::to_string(1577836980000) + "|" +
                                std::to_string(1577836980000) + "|" + std::to_string(1577836980000) + "|" +
                                std::to_string(1577837100000) + "|" + std::to_string(1577837100000) + "|" +
                                std::to_string(1577837160000) + "|" + std::to_string(1577837340000));
  const auto& iso = host.outputs["isolates"];
  CHECK(col(iso, "post_id") == "p4|p7|p8");
  CHECK(col(iso, "reason") == "unresolved|none|self");
  CHECK(col(iso, "state") == "XA|XA|XA");
  CHECK(col(iso, "type") == "quote|original|reply");
  CHECK(col(iso, "source") == "a1|a2|a1");
  const auto& rej = host.outputs["rejects"];
  CHECK(col(rej, "line") == "11|12");
  CHECK(col(rej, "reason") ==
        "author_id: null|interaction_type: expected original, share, reply, quote, forward or comment");
  CHECK(col(rej, "raw") == "post_id=p11|post_id=p12");
  CHECK(host.logged(CHORUS_LOG_WARN, "2 posts rejected"));
  // Self-edges dropped: a1 in p1's mentions and p8's reply.
  CHECK(host.logged(CHORUS_LOG_INFO, "2 self-edges dropped"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 accounts rows with a null author_id skipped"));
}

TEST_CASE("network/interactions: unresolved handles dropped on request and without the accounts input",
          "[network.interactions]") {
  FakeHost host;
  with_types(host);
  host.inputs["posts"] = {posts(hand_posts())};
  // No accounts input: ERIN matches nobody, so it becomes @erin (external) or is dropped.
  REQUIRE(host.run<InteractionsStage>(Json::object()) == 0);
  CHECK(edges_text(host.outputs["interactions"]).find("b1>@erin:mention:external b1>@zed:mention:external") !=
        std::string::npos);
  REQUIRE(host.run<InteractionsStage>(Json{{"unresolved_handles", "drop"}}) == 0);
  const std::string t = edges_text(host.outputs["interactions"]);
  CHECK(t.find("@") == std::string::npos);
  CHECK(t.find("b1>a1:reply:inter b1>a2:mention:inter b1>a2:quote:inter") != std::string::npos);
  CHECK(total_rows(host.outputs["interactions"]) == 10);
}

TEST_CASE("network/interactions: ambiguous handles and duplicate post ids resolve to nobody",
          "[network.interactions]") {
  FakeHost host;
  with_types(host);
  host.inputs["posts"] = {posts({
      {"q1", "s1", "Sam", "XA", 1, "original"},
      {"q2", "s2", "sam", "XB", 2, "original"},  // a second account with the handle sam
      {"q3", "t1", "tom", "XA", 3, "original", nullptr, nullptr, {"SAM", "Tom", "s2"}, "handle"},
      // The post id d1 appears with two authors: a reply to it has no known target.
      {"d1", "s1", "Sam", "XA", 4, "original"},
      {"d1", "s2", "sam", "XB", 5, "original"},
      {"r1", "t1", "tom", "XA", 6, "reply", "d1", nullptr},
      // q1 once: a quote of it is found.
      {"r2", "t1", "tom", "XA", 7, "quote", "q1", nullptr},
  })};
  REQUIRE(host.run<InteractionsStage>(Json::object()) == 0);
  // SAM: ambiguous -> @sam; Tom: t1 itself (dropped); "s2" as a handle matches nobody -> @s2.
  CHECK(edges_text(host.outputs["interactions"]) ==
        "t1>@sam:mention:external t1>@s2:mention:external t1>s1:quote:intra");
  CHECK(col(host.outputs["isolates"], "post_id") == "q1|q2|d1|d1|r1");
  CHECK(col(host.outputs["isolates"], "reason") == "none|none|none|none|unresolved");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 posts repeat an earlier post_id"));
  CHECK(host.logged(CHORUS_LOG_WARN, "2 handle mentions not resolved to one account (1 of them ambiguous)"));
}

TEST_CASE("network/interactions: an account with two states is unattributed or an error", "[network.interactions]") {
  const std::vector<PostSpec> specs = {
      {"c1", "m1", "m1", "XA", 1, "original", nullptr, nullptr, {"k1"}, "id"},
      {"c2", "m1", "m1", "XB", 2, "original", nullptr, nullptr, {"k1"}, "id"},
      {"c3", "k1", "k1", "XA", 3, "original", nullptr, nullptr, {"m1"}, "id"},
  };
  FakeHost host;
  with_types(host);
  host.inputs["posts"] = {posts(specs)};
  REQUIRE(host.run<InteractionsStage>(Json::object()) == 0);
  CHECK(col(host.outputs["interactions"], "scope") == "unattributed|unattributed|external");
  CHECK(col(host.outputs["interactions"], "source_state") == "null|null|XA");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 accounts carry two or more states: unattributed (e.g. m1)"));
  host.inputs["posts"] = {posts(specs)};
  CHECK(host.run<InteractionsStage>(Json{{"on_state_conflict", "error"}}) != 0);
  CHECK(host.last_error().find("with.on_state_conflict is error and 1 account(s) carry two or more states in the "
                               "data, e.g. m1") != std::string::npos);
}

TEST_CASE("network/interactions: the output does not depend on the input order or batching", "[network.interactions]") {
  std::vector<PostSpec> specs = hand_posts();
  FakeHost a, b;
  with_types(a), with_types(b);
  a.inputs["posts"] = {posts(specs)};
  std::vector<chorus::Batch> split;
  for (size_t i = specs.size(); i-- > 0;)
    split.push_back(posts({specs[i]}, int64_t(i) + 1));  // reversed, one row a batch
  b.inputs["posts"] = split;
  REQUIRE(a.run<InteractionsStage>(Json{{"batch_rows", 3}}) == 0);
  REQUIRE(b.run<InteractionsStage>(Json{{"batch_rows", 1000}}) == 0);
  for (const char* c : {"post_id", "source", "target", "type", "scope", "time", "likes"})
    CHECK(col(a.outputs["interactions"], c) == col(b.outputs["interactions"], c));
  CHECK(col(a.outputs["isolates"], "post_id") == col(b.outputs["isolates"], "post_id"));
  // A batch is emitted once it holds batch_rows rows, after a whole post: 3 + 5 + 3 + 1 edges.
  REQUIRE(a.outputs["interactions"].size() == 4);
  CHECK(a.outputs["interactions"][1].rows() == 5);
  CHECK(b.outputs["interactions"].size() == 1);
}

TEST_CASE("network/interactions: config errors name the key", "[network.interactions]") {
  FakeHost host;
  with_types(host);
  auto error = [&](const Json& config) {
    REQUIRE(host.infer<InteractionsStage>(config) != 0);
    CHECK(host.errors.size() == 1);  // one mistake, one error
    return host.last_error();
  };
  CHECK(error(Json{{"unresolved_handle", "keep"}}) ==
        "with: unknown option 'unresolved_handle' (did you mean 'unresolved_handles'?)");
  CHECK(error(Json{{"on_state_conflict", "first"}}) ==
        "with.on_state_conflict: unknown value \"first\" (expected unattributed or error)");
  CHECK(error(Json{{"batch_rows", 0}}) == "with.batch_rows: expected a number >= 1, got 0");
  CHECK(error(Json{{"unresolved_handles", true}}) == "with.unresolved_handles: expected a string, got true");
  // A post with mentions needs mentions_kind.
  host.inputs["posts"] = {posts({{"z1", "a", "a", "XA", 1, "original", nullptr, nullptr, {"b"}, nullptr}})};
  REQUIRE(host.run<InteractionsStage>(Json::object()) == 0);
  CHECK(col(host.outputs["rejects"], "reason") == "mentions_kind: expected id or handle for a post with mentions");
  CHECK(total_rows(host.outputs["interactions"]) == 0);
}

TEST_CASE("network/interactions: the option table's defaults are what the stage runs with", "[network.interactions]") {
  const auto defaults = InteractionsStage::options().parse(Json::object());
  CHECK(defaults.builder.keep_unresolved_handles);  // unresolved_handles: keep
  CHECK_FALSE(defaults.builder.conflict_is_error);  // on_state_conflict: unattributed
  CHECK(defaults.batch_rows == 65536);
  // 65,537 one-mention originals: with the default batch_rows the edges come
  // in a batch of 65,536 and one of 1; an unresolved handle is kept as "@zed";
  // an account with two states is unattributed, not an error.
  const chorus::Schema s = schema({{"post_id", "utf8"},
                                   {"author_id", "utf8"},
                                   {"state", "utf8"},
                                   {"created_at", "timestamp[ms]"},
                                   {"interaction_type", "utf8"},
                                   {"mentions", "list<utf8>"},
                                   {"mentions_kind", "utf8"}});
  chorus::Batch b(s);
  const int64_t n = 65537;
  for (int64_t i = 0; i < n; ++i) {
    b.column(0).append_string("p" + std::to_string(i));
    b.column(1).append_string(i == 0 ? "m1" : "a" + std::to_string(i % 100));
    b.column(2).append_string(i == 1 ? "XB" : "XA");
    b.column(3).append_int(1577836800000 + i);
    b.column(4).append_string("original");
    const std::vector<std::string> mention{i == 0 ? "zed" : "b"};
    b.column(5).append_list(mention);
    b.column(6).append_string(i == 0 ? "handle" : "id");
  }
  FakeHost host;
  with_types(host);
  host.inputs["posts"] = {b};
  REQUIRE(host.run<InteractionsStage>(Json::object()) == 0);
  const auto& out = host.outputs["interactions"];
  REQUIRE(out.size() == 2);
  CHECK(out[0].rows() == 65536);
  CHECK(out[1].rows() == 1);
  CHECK(out[0].column("target").str(0) == "@zed");
  CHECK(host.logged(CHORUS_LOG_WARN, "accounts carry two or more states: unattributed"));
}

TEST_CASE("network/interactions: forward counts as a retweet and comment as a reply", "[network.interactions]") {
  FakeHost host;
  with_types(host);
  host.inputs["posts"] = {posts({
      {"t1", "c1", "chan", "XA", 1, "original"},
      // A forward's mentions add nothing, like a retweet's.
      {"t2", "c2", "chan2", "XB", 2, "forward", "t1", nullptr, {"c3"}, "id"},
      // A comment to t1 that also mentions t1's author: one reply edge, plus c3.
      {"t3", "c3", "chan3", "XA", 3, "comment", "t1", nullptr, {"c1", "c3x"}, "id"},
  })};
  REQUIRE(host.run<InteractionsStage>(Json::object()) == 0);
  CHECK(edges_text(host.outputs["interactions"]) == "c2>c1:retweet:inter c3>c1:reply:intra c3>c3x:mention:external");
  CHECK(col(host.outputs["isolates"], "post_id") == "t1");
}
