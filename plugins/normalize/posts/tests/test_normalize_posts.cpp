// normalize/posts: folding and URL rules worked out by hand, and the stage
// driven through the SDK's fake host with two upstreams on one port.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <map>
#include <string>
#include <vector>

#include "normalize/posts/normalize_posts.hpp"

using chorus::Batch;
using chorus::Schema;
using chorus::TypeId;
using chorus::sdk::Json;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::read_file;
using chorus::normalize::posts::fold_hashtag;
using chorus::normalize::posts::normalize_url;
using chorus::normalize::posts::NormalizePosts;

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
      if (it == r.end()) { column.append_null(); continue; }
      if (auto* str = std::get_if<std::string>(&it->second)) column.append_string(*str);
      else if (auto* n = std::get_if<int64_t>(&it->second)) column.append_int(*n);
      else column.append_list(std::get<std::vector<std::string>>(it->second));
    }
  }
  return b;
}

void with_types(FakeHost& host) {
  host.dataset_types["posts"] = read_file(kRoot + "/schemas/datasets/posts.json");
  host.input_types["in"] = {"posts", posts_schema()};
}

const std::vector<std::string> kStrip = {"www", "m", "mobile"};

}  // namespace

TEST_CASE("normalize/posts: hashtag folding by hand", "[normalize.posts]") {
  CHECK(fold_hashtag("Straße") == "strasse");  // full folding: ß -> ss
  CHECK(fold_hashtag("STRASSE") == "strasse");
  // Every sigma folds to σ (U+03C3), final ς too; Ί (U+038A) -> ί (U+03AF).
  CHECK(fold_hashtag("ΣΊΣΥΦΟΣ") == "\xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x83");
  CHECK(fold_hashtag("σίσυφος") == fold_hashtag("ΣΊΣΥΦΟΣ"));
  // Turkish dotted capital I (U+0130): by default i + U+0307 COMBINING DOT ABOVE,
  // which has no precomposed form, so NFC keeps two code points.
  CHECK(fold_hashtag("\xC4\xB0stanbul") == "i\xCC\x87stanbul");
  CHECK(fold_hashtag("\xC4\xB0stanbul", true) == "istanbul");
  CHECK(fold_hashtag("DIYARBAKIR", true) == "d\xC4\xB1yarbak\xC4\xB1r");  // I -> ı (U+0131)
  CHECK(fold_hashtag("DIYARBAKIR") == "diyarbakir");
  // NFC after folding: e + U+0301 -> é (U+00E9); Å (A + U+030A) -> å (U+00E5).
  CHECK(fold_hashtag("Cafe\xCC\x81") == "caf\xC3\xA9");
  CHECK(fold_hashtag("A\xCC\x8Aland") == "\xC3\xA5land");
  CHECK(fold_hashtag("\xEF\xAC\x81x") == "fix");  // ligature ﬁ (U+FB01) -> fi
  CHECK(fold_hashtag("新疆") == "新疆");
  CHECK(fold_hashtag("") == "");
}

TEST_CASE("normalize/posts: URL normalization by hand", "[normalize.posts]") {
  CHECK(normalize_url("https://www.Example.COM/Path/To?utm_source=x#frag", kStrip) == "example.com/Path/To");
  CHECK(normalize_url("http://m.facebook.com/story.php?id=1", kStrip) == "facebook.com/story.php");
  CHECK(normalize_url("HTTPS://Mobile.Twitter.com/user/status/1/", kStrip) == "twitter.com/user/status/1");
  CHECK(normalize_url("www.example.com", kStrip) == "example.com");
  CHECK(normalize_url("https://example.com/", kStrip) == "example.com");
  CHECK(normalize_url("https://example.com?q=1", kStrip) == "example.com");
  CHECK(normalize_url("https://example.com:443/a", kStrip) == "example.com/a");
  CHECK(normalize_url("http://example.com:8080/a", kStrip) == "example.com:8080/a");
  CHECK(normalize_url("https://user:pw@www.example.com/x", kStrip) == "example.com/x");
  CHECK(normalize_url("https://www.com/x", kStrip) == "www.com/x");  // a bare TLD is not left
  CHECK(normalize_url("https://www.m.example.org/a", kStrip) == "example.org/a");
  CHECK(normalize_url("https://www2.example.org/a", kStrip) == "www2.example.org/a");
  CHECK(normalize_url("//cdn.example.com/lib.js", kStrip) == "cdn.example.com/lib.js");
  CHECK(normalize_url("https://EXAMPLE.com/A%20B/", kStrip) == "example.com/A%20B");
  CHECK(normalize_url("https://Example.com./x", kStrip) == "example.com/x");
  CHECK(normalize_url("https://[2001:DB8::1]:8443/x", kStrip) == "[2001:db8::1]:8443/x");
  CHECK(normalize_url("https://amp.example.com/x", {"amp"}) == "example.com/x");
  CHECK(normalize_url("https://www.example.com/x", {"amp"}) == "www.example.com/x");
  // Kept as written: not URLs this can read.
  CHECK(normalize_url("not a url", kStrip) == "not a url");
  CHECK(normalize_url("twitter[.]com/x", kStrip) == "twitter[.]com/x");
  CHECK(normalize_url("mailto:someone@example.com", kStrip) == "mailto:someone@example.com");
  CHECK(normalize_url("https://", kStrip) == "https://");
  CHECK(normalize_url("https://exa mple.com", kStrip) == "https://exa mple.com");
  CHECK(normalize_url("http://example.com:80x/", kStrip) == "http://example.com:80x/");
  CHECK(normalize_url("hello", kStrip) == "hello");
  CHECK(normalize_url("", kStrip) == "");
  std::string out;
  CHECK_FALSE(normalize_url("javascript:alert(1)", kStrip, out));
  CHECK(out == "javascript:alert(1)");
}

TEST_CASE("normalize/posts: duplicates across two upstreams, nulls filled", "[normalize.posts]") {
  FakeHost host;
  with_types(host);
  // Upstream A (e.g. a TMRC reader), then upstream B (e.g. twarc2): the port reads them in order.
  host.inputs["in"] = {
      posts({{{"platform", std::string("twitter")}, {"post_id", std::string("1")}, {"source_file", std::string("a.csv")},
              {"source_line", int64_t{2}}, {"text", std::string("first")},
              {"hashtags", std::vector<std::string>{"Straße", "ΣΊΣΥΦΟΣ"}},
              {"urls", std::vector<std::string>{"https://www.Example.com/A?x=1", "bad url"}}},
             {{"platform", std::string("twitter")}, {"post_id", std::string("2")}, {"source_file", std::string("a.csv")},
              {"source_line", int64_t{3}}, {"likes", int64_t{0}}, {"hashtags", std::vector<std::string>{}}}}),
      posts({{{"platform", std::string("twitter")}, {"post_id", std::string("1")}, {"source_file", std::string("b.jsonl")},
              {"source_line", int64_t{1}}, {"text", std::string("second")}, {"likes", int64_t{5}},
              {"views", int64_t{70}}, {"mentions", std::vector<std::string>{"u9"}}},
             {{"platform", std::string("telegram")}, {"post_id", std::string("1")}, {"source_file", std::string("b.jsonl")},
              {"source_line", int64_t{2}}},
             {{"platform", std::string("twitter")}, {"post_id", std::string("2")}, {"source_file", std::string("b.jsonl")},
              {"source_line", int64_t{3}}, {"likes", int64_t{8}}, {"shares", int64_t{4}}},
             {{"platform", std::string("twitter")}, {"post_id", std::string("1")}, {"source_file", std::string("b.jsonl")},
              {"source_line", int64_t{4}}, {"likes", int64_t{9}}, {"replies", int64_t{1}}},
             {{"platform", std::string("twitter")}, {"source_file", std::string("b.jsonl")}, {"source_line", int64_t{5}}},
             {{"platform", std::string("twitter")}, {"post_id", std::string("3")}, {"source_file", std::string("b.jsonl")},
              {"source_line", int64_t{6}}, {"urls", std::vector<std::string>{"http://m.Facebook.com/p/"}}}})};
  REQUIRE(host.run<NormalizePosts>(Json::object()) == 0);
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
  CHECK(col(p, "replies") == "1|null|null|null|null");   // from the third copy
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
    Row r{{"platform", std::string("twitter")}, {"post_id", id}, {"source_file", std::string("f")},
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
    REQUIRE(host.run<NormalizePosts>({{"batch_rows", 2}}) == 0);
    REQUIRE(host.outputs["posts"].size() == 3);
    CHECK(host.outputs["posts"][0].rows() == 2);
    const Batch p = host.collected("posts");
    CHECK(col(p, "post_id") == "a|b|c|d|e");
    CHECK(col(p, "likes") == "11|22|33|null|null");
    CHECK(col(host.collected("duplicates"), "source_line") == "5|6|8");
  }
  SECTION("fill_nulls_from_duplicates: false streams batches and keeps nulls") {
    host.cancel_after_reads = -1;
    REQUIRE(host.run<NormalizePosts>({{"batch_rows", 2}, {"fill_nulls_from_duplicates", false}}) == 0);
    const Batch p = host.collected("posts");
    CHECK(col(p, "post_id") == "a|b|c|d|e");
    CHECK(col(p, "likes") == "null|null|null|null|null");
    CHECK(col(host.collected("duplicates"), "kept_source_line") == "1|3|2");
  }
}

TEST_CASE("normalize/posts: inputs with fewer or extra columns, and types", "[normalize.posts]") {
  FakeHost host;
  with_types(host);
  Schema narrow = {{"platform", {TypeId::Utf8}}, {"post_id", {TypeId::Utf8}}, {"extra", {TypeId::Utf8}},
                   {"hashtags", {TypeId::ListUtf8}}};
  host.inputs["in"] = {posts({{{"platform", std::string("reddit")}, {"post_id", std::string("t3_x")},
                               {"extra", std::string("dropped")}, {"hashtags", std::vector<std::string>{"ABC"}}}},
                             narrow)};
  REQUIRE(host.run<NormalizePosts>({{"turkic_case_folding", true}}) == 0);
  const Batch p = host.collected("posts");
  CHECK(p.num_columns() == 28);
  CHECK(p.index_of("extra") == -1);
  CHECK(col(p, "hashtags_folded") == "[abc]");
  CHECK(col(p, "source_line") == "null");

  INFO(host.last_error());
  REQUIRE(host.infer<NormalizePosts>(Json::object()) == 0);
  auto t = host.output_types();
  CHECK(t["posts"].name == "posts");
  CHECK(t["duplicates"].columns.size() == 6);
  CHECK(host.infer<NormalizePosts>({{"strip_subdomains", {"www.x"}}}) != 0);
  CHECK(Json::parse(NormalizePosts::ports)["inputs"][0]["multiple"] == true);
}
