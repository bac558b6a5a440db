// normalize/posts, the stage driven through the SDK's fake host: two
// upstreams on one port, duplicates and filled nulls, held and streamed
// batches, narrow inputs, the option table's defaults and errors.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "posts_stage.hpp"

using chorus::Batch;
using chorus::Schema;
using chorus::TypeId;
using chorus::normalize_posts::PostsStage;
using chorus::sdk::Json;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::read_file;

namespace {

const std::string kRoot = CHORUS_TEST_SOURCE_DIR;

using Value = std::variant<std::string, int64_t, std::vector<std::string>>;
using Row = std::map<std::string, Value>;

Schema posts_schema() {
  return chorus::sdk::schema_from_json(Json::parse(read_file(kRoot + "/schemas/datasets/posts.json")).at("columns"));
}

// A posts batch; every column not named in a row is null.
Batch posts(const std::vector<Row>& rows, Schema s = posts_schema()) {
  Batch b(s);
  for (const auto& r : rows) {
    for (size_t c = 0; c < s.size(); ++c) {
      auto it = r.find(s[c].name);
      auto& column = b.column(c);
      if (it == r.end()) {
        column.append_null();
        continue;
      }
      if (auto* str = std::get_if<std::string>(&it->second))
        column.append_string(*str);
      else if (auto* n = std::get_if<int64_t>(&it->second))
        column.append_int(*n);
      else
        column.append_list(std::get<std::vector<std::string>>(it->second));
    }
  }
  return b;
}

void with_types(FakeHost& host) {
  host.dataset_types["posts"] = read_file(kRoot + "/schemas/datasets/posts.json");
  host.input_types["in"] = {"posts", posts_schema()};
}

}  // namespace

TEST_CASE("normalize/posts: duplicates across two upstreams, nulls filled", "[normalize.posts]") {
  FakeHost host;
  with_types(host);
  // Upstream A (e.g. a TMRC reader), then upstream B (e.g. twarc2): the port reads them in order.
  host.inputs["in"] = {
      posts({{{"platform", std::string("twitter")},
              {"post_id", std::string("1")},
              {"source_file", std::string("a.csv")},
              {"source_line", int64_t{2}},
              {"text", std::string("first")},
              {"hashtags", std::vector<std::string>{"Straße", "ΣΊΣΥΦΟΣ"}},
              {"urls", std::vector<std::string>{"https://www.Example.com/A?x=1", "bad url"}}},
             {{"platform", std::string("twitter")},
              {"post_id", std::string("2")},
              {"source_file", std::string("a.csv")},
              {"source_line", int64_t{3}},
              {"likes", int64_t{0}},
              {"hashtags", std::vector<std::string>{}}}}),
      posts(
          {{{"platform", std::string("twitter")},
            {"post_id", std::string("1")},
            {"source_file", std::string("b.jsonl")},
            {"source_line", int64_t{1}},
            {"text", std::string("second")},
            {"likes", int64_t{5}},
            {"views", int64_t{70}},
            {"mentions", std::vector<std::string>{"u9"}}},
           {{"platform", std::string("telegram")},
            {"post_id", std::string("1")},
            {"source_file", std::string("b.jsonl")},
            {"source_line", int64_t{2}}},
           {{"platform", std::string("twitter")},
            {"post_id", std::string("2")},
            {"source_file", std::string("b.jsonl")},
            {"source_line", int64_t{3}},
            {"likes", int64_t{8}},
            {"shares", int64_t{4}}},
           {{"platform", std::string("twitter")},
            {"post_id", std::string("1")},
            {"source_file", std::string("b.jsonl")},
            {"source_line", int64_t{4}},
            {"likes", int64_t{9}},
            {"replies", int64_t{1}}},
           {{"platform", std::string("twitter")}, {"source_file", std::string("b.jsonl")}, {"source_line", int64_t{5}}},
           {{"platform", std::string("twitter")},
            {"post_id", std::string("3")},
            {"source_file", std::string("b.jsonl")},
            {"source_line", int64_t{6}},
            {"urls", std::vector<std::string>{"http://m.Facebook.com/p/"}}}})};
  REQUIRE(host.run<PostsStage>(Json::object()) == 0);
  INFO(host.last_error());
  const Batch p = host.collected("posts");
  CHECK(col(p, "platform") == "twitter|twitter|telegram|twitter|twitter");
  CHECK(col(p, "post_id") == "1|2|1|null|3");
  CHECK(col(p, "source_file") == "a.csv|a.csv|b.jsonl|b.jsonl|b.jsonl");  // provenance of the kept row
  CHECK(col(p, "source_line") == "2|3|2|5|6");
  CHECK(col(p, "text") == "first|null|null|null|null");  // a non-null field is never replaced
  CHECK(col(p, "likes") == "5|0|null|null|null");        // 0 is a value: not filled from 8
  CHECK(col(p, "shares") == "null|4|null|null|null");
  CHECK(col(p, "views") == "70|null|null|null|null");
  CHECK(col(p, "replies") == "1|null|null|null|null");  // from the third copy
  CHECK(col(p, "mentions") == "[u9]|null|null|null|null");
  CHECK(col(p, "hashtags_folded") ==
        "[strasse,\xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x83]|[]|null|null|null");
  CHECK(col(p, "urls_normalized") == "[example.com/A,bad url]|null|null|null|[facebook.com/p]");
  CHECK(col(p, "urls") == "[https://www.Example.com/A?x=1,bad url]|null|null|null|[http://m.Facebook.com/p/]");

  const Batch d = host.collected("duplicates");
  CHECK(chorus::sdk::testing::schema_text(d.schema()) ==
        "platform:utf8,post_id:utf8,source_file:utf8,source_line:int64,kept_source_file:utf8,kept_source_line:int64");
  CHECK(col(d, "post_id") == "1|2|1");
  CHECK(col(d, "source_file") == "b.jsonl|b.jsonl|b.jsonl");
  CHECK(col(d, "source_line") == "1|3|4");
  CHECK(col(d, "kept_source_file") == "a.csv|a.csv|a.csv");
  CHECK(col(d, "kept_source_line") == "2|3|2");
  CHECK(host.logged(CHORUS_LOG_INFO, "8 rows read, 5 kept, 3 duplicate(s) merged, 5 null field(s) filled"));
  CHECK(host.logged(CHORUS_LOG_INFO, "1 URL(s) kept as written"));
  CHECK(host.logged(CHORUS_LOG_INFO, "1 row(s) without platform or post_id"));
}

TEST_CASE("normalize/posts: held rows across batches and streaming without filling", "[normalize.posts]") {
  auto row = [](const std::string& id, int64_t line, std::optional<int64_t> likes) {
    Row r{{"platform", std::string("twitter")},
          {"post_id", id},
          {"source_file", std::string("f")},
          {"source_line", line}};
    if (likes) r["likes"] = *likes;
    return r;
  };
  FakeHost host;
  with_types(host);
  host.inputs["in"] = {posts({row("a", 1, {}), row("b", 2, {}), row("c", 3, {})}),
                       posts({row("d", 4, {}), row("a", 5, int64_t{11}), row("c", 6, int64_t{33})}),
                       posts({row("e", 7, {}), row("b", 8, int64_t{22})})};
  SECTION("fill (default): rows held, filled across flushed batches, emitted in order at the end") {
    REQUIRE(host.run<PostsStage>({{"batch_rows", 2}}) == 0);
    REQUIRE(host.outputs["posts"].size() == 3);
    CHECK(host.outputs["posts"][0].rows() == 2);
    const Batch p = host.collected("posts");
    CHECK(col(p, "post_id") == "a|b|c|d|e");
    CHECK(col(p, "likes") == "11|22|33|null|null");
    CHECK(col(host.collected("duplicates"), "source_line") == "5|6|8");
  }
  SECTION("fill_nulls_from_duplicates: false streams batches and keeps nulls") {
    host.cancel_after_reads = -1;
    REQUIRE(host.run<PostsStage>({{"batch_rows", 2}, {"fill_nulls_from_duplicates", false}}) == 0);
    const Batch p = host.collected("posts");
    CHECK(col(p, "post_id") == "a|b|c|d|e");
    CHECK(col(p, "likes") == "null|null|null|null|null");
    CHECK(col(host.collected("duplicates"), "kept_source_line") == "1|3|2");
  }
}

TEST_CASE("normalize/posts: inputs with fewer or extra columns, and types", "[normalize.posts]") {
  FakeHost host;
  with_types(host);
  Schema narrow = {{"platform", {TypeId::Utf8}},
                   {"post_id", {TypeId::Utf8}},
                   {"extra", {TypeId::Utf8}},
                   {"hashtags", {TypeId::ListUtf8}}};
  host.inputs["in"] = {posts({{{"platform", std::string("reddit")},
                               {"post_id", std::string("t3_x")},
                               {"extra", std::string("dropped")},
                               {"hashtags", std::vector<std::string>{"ABC"}}}},
                             narrow)};
  REQUIRE(host.run<PostsStage>({{"turkic_case_folding", true}}) == 0);
  const Batch p = host.collected("posts");
  CHECK(p.num_columns() == 28);
  CHECK(p.index_of("extra") == -1);
  CHECK(col(p, "hashtags_folded") == "[abc]");
  CHECK(col(p, "source_line") == "null");

  INFO(host.last_error());
  REQUIRE(host.infer<PostsStage>(Json::object()) == 0);
  auto t = host.output_types();
  CHECK(t["posts"].name == "posts");
  CHECK(t["duplicates"].columns.size() == 6);
  CHECK(host.infer<PostsStage>({{"strip_subdomains", {"www.x"}}}) != 0);
  CHECK(host.last_error() == "with.strip_subdomains[0]: 'www.x' is not one label");
  CHECK(Json::parse(PostsStage::ports)["inputs"][0]["multiple"] == true);
}

TEST_CASE("normalize/posts: the option table's defaults are what the stage runs with", "[normalize.posts]") {
  const auto c = PostsStage::options().parse(Json::object());
  CHECK(c.strip_subdomains == std::vector<std::string>{"www", "m", "mobile"});
  CHECK(c.fill_nulls);
  CHECK_FALSE(c.turkic);
  CHECK(c.batch_rows == 65536);

  const std::vector<Row> rows = {
      {{"platform", std::string("twitter")},
       {"post_id", std::string("1")},
       {"source_line", int64_t{1}},
       {"hashtags", std::vector<std::string>{"\xC4\xB0stanbul"}},
       {"urls", std::vector<std::string>{"https://Mobile.Example.com/a/", "http://amp.example.org/b"}}},
      {{"platform", std::string("twitter")}, {"post_id", std::string("2")}, {"source_line", int64_t{2}}},
      {{"platform", std::string("twitter")},
       {"post_id", std::string("1")},
       {"source_line", int64_t{3}},
       {"likes", int64_t{7}}}};
  auto run = [&](const Json& with) {
    FakeHost host;
    with_types(host);
    host.inputs["in"] = {posts(rows)};
    REQUIRE(host.run<PostsStage>(with) == 0);
    INFO(host.last_error());
    REQUIRE(host.outputs["posts"].size() == 1);  // 2 kept rows, far below batch_rows
    const Batch p = host.collected("posts");
    return col(p, "post_id") + " " + col(p, "likes") + " " + col(p, "hashtags_folded") + " " +
           col(p, "urls_normalized") + " " + col(host.collected("duplicates"), "source_line");
  };
  // www/m/mobile stripped (amp is not), the later copy's likes filled in,
  // U+0130 folded as Unicode's default folding says (i + U+0307).
  const std::string by_default = run(Json::object());
  CHECK(by_default == "1|2 7|null [i\xCC\x87stanbul]|null [example.com/a,amp.example.org/b]|null 3");
  CHECK(run({{"strip_subdomains", {"www", "m", "mobile"}},
             {"fill_nulls_from_duplicates", true},
             {"turkic_case_folding", false},
             {"batch_rows", 65536}}) == by_default);
  // The schema the host checks carries the same defaults.
  const Json schema = PostsStage::options().schema();
  CHECK(schema["properties"]["strip_subdomains"]["default"] == Json::array({"www", "m", "mobile"}));
  CHECK(schema["properties"]["strip_subdomains"]["items"]["minLength"] == 1);
  CHECK(schema["properties"]["fill_nulls_from_duplicates"]["default"] == true);
  CHECK(schema["properties"]["turkic_case_folding"]["default"] == false);
  CHECK(schema["properties"]["batch_rows"]["default"] == 65536);
  CHECK(schema["properties"]["batch_rows"]["minimum"] == 1);
  CHECK(schema["additionalProperties"] == false);
}

TEST_CASE("normalize/posts: a bad option gives one error naming its key", "[normalize.posts]") {
  FakeHost host;
  with_types(host);
  host.inputs["in"] = {posts({{{"platform", std::string("twitter")}, {"post_id", std::string("1")}}})};
  REQUIRE(host.run<PostsStage>({{"batch_rows", 0}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.batch_rows: expected a number >= 1, got 0");
  CHECK(host.outputs.empty());
  REQUIRE(host.infer<PostsStage>({{"batch_row", 10}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with: unknown option 'batch_row' (did you mean 'batch_rows'?)");
  REQUIRE(host.infer<PostsStage>({{"fill_nulls_from_duplicates", "yes"}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.fill_nulls_from_duplicates: expected true or false, got \"yes\"");
  REQUIRE(host.infer<PostsStage>({{"strip_subdomains", {"www", ""}}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.strip_subdomains[1]: '' is not one label");
}
