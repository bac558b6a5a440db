// normalize/pseudonymize, the stage driven through the SDK's fake host on
// posts and accounts: identifiers replaced, keys, the cache, the option
// table's defaults and errors.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <stdlib.h>

#include <set>
#include <string>
#include <vector>

#include "hmac.hpp"
#include "pseudonymize_stage.hpp"
#include "pseudonymizer.hpp"

using chorus::Batch;
using chorus::Schema;
using chorus::TypeId;
using chorus::sdk::Json;
using chorus::sdk::testing::batch;
using chorus::sdk::testing::Cell;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::null;
using chorus::sdk::testing::StrList;
using chorus::sdk::testing::TempDir;
using namespace chorus::normalize_pseudonymize;

namespace {

const std::string kKeyA = "0123456789abcdef-key-A";
const std::string kKeyB = "0123456789abcdef-key-B";

Schema posts_cols() {
  return chorus::sdk::testing::schema({{"platform", "utf8"},
                                       {"source_file", "utf8"},
                                       {"post_id", "utf8"},
                                       {"author_id", "utf8"},
                                       {"author_handle", "utf8"},
                                       {"author_display_name", "utf8"},
                                       {"text", "utf8"},
                                       {"target_post_id", "utf8"},
                                       {"target_author_id", "utf8"},
                                       {"mentions", "list<utf8>"},
                                       {"mentions_kind", "utf8"},
                                       {"likes", "int64"}});
}

// Raw identifiers that must not survive anywhere in the output.
const std::vector<std::string> kRaw = {"1111111111", "2222222222",  "3333333333", "AliceSmith",
                                       "bob_b",      "Alice Smith", "Bob B"};

Batch sample_posts() {
  return batch(posts_cols(),
               {{std::string("twitter"), std::string("a.csv"), std::string("p1"), std::string("1111111111"),
                 std::string("AliceSmith"), std::string("Alice Smith"),
                 std::string("RT @bob_b: hi @AliceSmith, mail me at x@example.org"), std::string("p0"),
                 std::string("2222222222"), StrList{"2222222222", "3333333333"}, std::string("id"), int64_t{3}},
                {std::string("twitter"), std::string("b.jsonl"), std::string("p2"), std::string("2222222222"),
                 std::string("bob_b"), std::string("Bob B"), std::string("@AliceSmith hello"), null, null,
                 StrList{"@AliceSmith", "bob_b"}, std::string("handle"), null},
                {std::string("twitter"), std::string("b.jsonl"), std::string("p3"), null, null, null, null, null, null,
                 null, null, int64_t{0}}});
}

// Every cell of every column as text (lists item by item).
std::vector<std::string> all_cells(const Batch& b) {
  std::vector<std::string> out;
  for (size_t c = 0; c < b.num_columns(); ++c) {
    const auto& column = b.column(c);
    for (int64_t i = 0; i < b.rows(); ++i) {
      if (column.is_null(i)) continue;
      if (column.type().id == TypeId::ListUtf8)
        for (int64_t j = 0; j < column.list_size(i); ++j) out.emplace_back(column.list_item(i, j));
      else
        out.push_back(chorus::sdk::testing::cell_text(column, i));
    }
  }
  return out;
}

struct EnvVar {
  std::string name;
  EnvVar(std::string n, const std::string& v) : name(std::move(n)) { ::setenv(name.c_str(), v.c_str(), 1); }
  ~EnvVar() { ::unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("pseudonymize: posts, every identifier replaced, no raw id left", "[normalize.pseudonymize]") {
  TempDir dir;
  dir.write("secret.key", kKeyA + "\n");
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["in"] = {sample_posts()};
  REQUIRE(host.run<PseudonymizeStage>({{"key_file", "secret.key"}}) == 0);
  INFO(host.last_error());
  const Batch out = host.collected("out");
  REQUIRE(out.rows() == 3);
  CHECK(chorus::sdk::testing::schema_text(out.schema()) == chorus::sdk::testing::schema_text(posts_cols()));

  Pseudonymizer p(kKeyA);  // the trailing newline of the file is not part of the key
  const std::string alice = p.id("twitter", "1111111111"), bob = p.id("twitter", "2222222222");
  const std::string carol = p.id("twitter", "3333333333");
  const std::string alice_h = p.handle("twitter", "AliceSmith"), bob_h = p.handle("twitter", "bob_b");
  CHECK(col(out, "author_id") == alice + "|" + bob + "|null");
  CHECK(col(out, "author_handle") == alice_h + "|" + bob_h + "|null");
  CHECK(col(out, "target_author_id") == bob + "|null|null");
  CHECK(col(out, "mentions") == "[" + bob + "," + carol + "]|[" + alice_h + "," + bob_h + "]|null");
  CHECK(col(out, "author_display_name") ==
        p.display_name("twitter", "Alice Smith") + "|" + p.display_name("twitter", "Bob B") + "|null");
  CHECK(col(out, "text") ==
        "RT @" + bob_h + ": hi @" + alice_h + ", mail me at x@example.org|@" + alice_h + " hello|null");
  // Untouched columns.
  CHECK(col(out, "post_id") == "p1|p2|p3");
  CHECK(col(out, "target_post_id") == "p0|null|null");
  CHECK(col(out, "likes") == "3|null|0");
  CHECK(col(out, "mentions_kind") == "id|handle|null");
  // Scan every cell for every raw identifier (case-insensitive for handles).
  for (const auto& cell : all_cells(out)) {
    std::string low = cell;
    for (auto& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const auto& raw : kRaw) {
      std::string r = raw;
      for (auto& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      INFO("cell '" << cell << "' holds '" << raw << "'");
      CHECK(low.find(r) == std::string::npos);
    }
  }

  SECTION("display_names: drop and keep") {
    REQUIRE(host.run<PseudonymizeStage>({{"key_file", "secret.key"}, {"display_names", "drop"}}) == 0);
    CHECK(col(host.collected("out"), "author_display_name") == "null|null|null");
    REQUIRE(host.run<PseudonymizeStage>(
                {{"key_file", "secret.key"}, {"display_names", "keep"}, {"text_mentions", "keep"}}) == 0);
    CHECK(col(host.collected("out"), "author_display_name") == "Alice Smith|Bob B|null");
    CHECK(col(host.collected("out"), "text") ==
          "RT @bob_b: hi @AliceSmith, mail me at x@example.org|@AliceSmith hello|null");
  }
}

TEST_CASE("pseudonymize: same key same pseudonyms across runs, other key other pseudonyms",
          "[normalize.pseudonymize]") {
  TempDir dir;
  dir.write("a.key", kKeyA);
  dir.write("b.key", kKeyB);
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["in"] = {sample_posts()};
  REQUIRE(host.run<PseudonymizeStage>({{"key_file", "a.key"}}) == 0);
  const std::string run1 = col(host.collected("out"), "author_id");
  REQUIRE(host.run<PseudonymizeStage>({{"key_file", "a.key"}}) == 0);
  CHECK(col(host.collected("out"), "author_id") == run1);
  {
    EnvVar env("CHORUS_TEST_PSEUDO_KEY", kKeyA);  // the same key from the environment
    REQUIRE(host.run<PseudonymizeStage>({{"key_env", "CHORUS_TEST_PSEUDO_KEY"}}) == 0);
    CHECK(col(host.collected("out"), "author_id") == run1);
  }
  REQUIRE(host.run<PseudonymizeStage>({{"key_file", "b.key"}}) == 0);
  const std::string run3 = col(host.collected("out"), "author_id");
  CHECK(run3 != run1);
  CHECK(run3.substr(0, 3) == "ps_");
  // The id of p2's author (2222222222) equals p1's target author in every run.
  const Batch out = host.collected("out");
  CHECK(std::string(out.column("author_id").str(1)) == std::string(out.column("target_author_id").str(0)));
}

TEST_CASE("pseudonymize: accounts", "[normalize.pseudonymize]") {
  TempDir dir;
  dir.write("k", kKeyA);
  FakeHost host;
  host.pipeline_dir = dir.path();
  Schema s = chorus::sdk::testing::schema({{"platform", "utf8"},
                                           {"author_id", "utf8"},
                                           {"author_handle", "utf8"},
                                           {"display_name", "utf8"},
                                           {"description", "utf8"},
                                           {"followers", "int64"}});
  host.inputs["in"] = {batch(s, {{std::string("twitter"), std::string("1111111111"), std::string("AliceSmith"),
                                  std::string("Alice Smith"), std::string("friend of @bob_b"), int64_t{10}}})};
  REQUIRE(host.run<PseudonymizeStage>({{"key_file", "k"}}) == 0);
  Pseudonymizer p(kKeyA);
  const Batch out = host.collected("out");
  CHECK(col(out, "author_id") == p.id("twitter", "1111111111"));
  CHECK(col(out, "author_handle") == p.handle("twitter", "AliceSmith"));
  CHECK(col(out, "display_name") == p.display_name("twitter", "Alice Smith"));
  CHECK(col(out, "description") == "friend of @" + p.handle("twitter", "bob_b"));
  CHECK(col(out, "followers") == "10");
}

TEST_CASE("pseudonymize: key errors name the file or variable", "[normalize.pseudonymize]") {
  TempDir dir;
  dir.write("short.key", "too short\n");
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["in"] = {sample_posts()};
  CHECK(host.run<PseudonymizeStage>({{"key_file", "short.key"}}) != 0);
  CHECK(host.last_error().find("key_file '" + dir.file("short.key") + "' holds a key of 9 byte(s); at least 16") !=
        std::string::npos);
  CHECK(host.run<PseudonymizeStage>({{"key_file", "missing.key"}}) != 0);
  CHECK(host.last_error().find("cannot read key_file '" + dir.file("missing.key") + "'") != std::string::npos);
  ::unsetenv("CHORUS_TEST_NO_SUCH_KEY");
  CHECK(host.run<PseudonymizeStage>({{"key_env", "CHORUS_TEST_NO_SUCH_KEY"}}) != 0);
  CHECK(host.last_error().find("environment variable 'CHORUS_TEST_NO_SUCH_KEY' (key_env) is not set") !=
        std::string::npos);
  {
    EnvVar env("CHORUS_TEST_SHORT_KEY", "abc");
    CHECK(host.run<PseudonymizeStage>({{"key_env", "CHORUS_TEST_SHORT_KEY"}}) != 0);
    CHECK(host.last_error().find("environment variable 'CHORUS_TEST_SHORT_KEY' holds a key of 3 byte(s)") !=
          std::string::npos);
  }
  CHECK(host.run<PseudonymizeStage>(Json::object()) != 0);
  CHECK(host.last_error().find("exactly one of 'key_file' and 'key_env'") != std::string::npos);
  CHECK(host.errors.size() == 1);
  CHECK(host.infer<PseudonymizeStage>({{"key_file", "k"}, {"key_env", "K"}}) != 0);
  CHECK(host.last_error() == "with.key_env: give exactly one of 'key_file' and 'key_env', not both");
  // The schema has no property that could hold the key itself.
  const Json schema = PseudonymizeStage::options().schema();
  CHECK(schema["additionalProperties"] == false);
  CHECK_FALSE(schema["properties"].contains("key"));
}

TEST_CASE("pseudonymize: the cache sees the key file", "[normalize.pseudonymize]") {
  TempDir dir;
  dir.write("a.key", kKeyA);
  FakeHost host;
  host.pipeline_dir = dir.path();
  REQUIRE(host.fingerprint<PseudonymizeStage>({{"key_file", "a.key"}}) == 0);
  CHECK(host.input_files == std::vector<std::string>{dir.file("a.key")});
}

TEST_CASE("pseudonymize: the cache sees a key id for key_env", "[normalize.pseudonymize]") {
  {
    EnvVar env("CHORUS_TEST_PSEUDO_KEY", kKeyA);
    FakeHost host;
    REQUIRE(host.fingerprint<PseudonymizeStage>({{"key_env", "CHORUS_TEST_PSEUDO_KEY"}}) == 0);
    REQUIRE(host.input_values.size() == 1);
    CHECK(host.input_values["key_id"] == key_id(kKeyA));
    CHECK(host.input_values["key_id"].find(kKeyA) == std::string::npos);
    CHECK(host.input_files.empty());
    EnvVar other("CHORUS_TEST_PSEUDO_KEY", kKeyB);
    REQUIRE(host.fingerprint<PseudonymizeStage>({{"key_env", "CHORUS_TEST_PSEUDO_KEY"}}) == 0);
    CHECK(host.input_values["key_id"] == key_id(kKeyB));
  }
  ::unsetenv("CHORUS_TEST_PSEUDO_KEY");
  FakeHost host;
  CHECK(host.fingerprint<PseudonymizeStage>({{"key_env", "CHORUS_TEST_PSEUDO_KEY"}}) != 0);
  CHECK(host.last_error().find("'CHORUS_TEST_PSEUDO_KEY' (key_env) is not set") != std::string::npos);
}

TEST_CASE("pseudonymize: the option table's defaults are what the stage runs with", "[normalize.pseudonymize]") {
  const Config c = PseudonymizeStage::options().parse({{"key_env", "K"}});
  CHECK(c.display_names == DisplayNames::Pseudonymize);
  CHECK(c.text_mentions);
  CHECK(c.dataset == Dataset::Auto);
  CHECK(c.key_file.empty());

  TempDir dir;
  dir.write("secret.key", kKeyA);
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["in"] = {sample_posts()};
  auto run = [&](const Json& with) {
    REQUIRE(host.run<PseudonymizeStage>(with) == 0);
    const Batch out = host.collected("out");
    return col(out, "author_id") + " " + col(out, "author_display_name") + " " + col(out, "text") + " " +
           col(out, "mentions");
  };
  const std::string by_default = run({{"key_file", "secret.key"}});
  // Display names pseudonymized, @handles in text replaced, posts recognised by post_id.
  Pseudonymizer p(kKeyA);
  CHECK(by_default.find(p.display_name("twitter", "Alice Smith")) != std::string::npos);
  CHECK(by_default.find("@" + p.handle("twitter", "AliceSmith") + " hello") != std::string::npos);
  CHECK(by_default.find("[" + p.id("twitter", "2222222222") + ",") != std::string::npos);
  CHECK(run({{"key_file", "secret.key"},
             {"display_names", "pseudonymize"},
             {"text_mentions", "replace"},
             {"dataset", "auto"}}) == by_default);
  const Json schema = PseudonymizeStage::options().schema();
  CHECK(schema["properties"]["display_names"]["default"] == "pseudonymize");
  CHECK(schema["properties"]["display_names"]["enum"] == Json::array({"drop", "keep", "pseudonymize"}));
  CHECK(schema["properties"]["text_mentions"]["default"] == "replace");
  CHECK(schema["properties"]["text_mentions"]["enum"] == Json::array({"replace", "keep"}));
  CHECK(schema["properties"]["dataset"]["default"] == "auto");
  CHECK(schema["properties"]["dataset"]["enum"] == Json::array({"auto", "posts", "accounts"}));
  CHECK(schema["properties"]["key_file"]["minLength"] == 1);
  CHECK(schema["properties"]["key_env"]["minLength"] == 1);
  CHECK_FALSE(schema.contains("required"));
}

TEST_CASE("pseudonymize: a bad option gives one error naming its key", "[normalize.pseudonymize]") {
  TempDir dir;
  dir.write("secret.key", kKeyA);
  FakeHost host;
  host.pipeline_dir = dir.path();
  host.inputs["in"] = {sample_posts()};
  REQUIRE(host.run<PseudonymizeStage>({{"key_file", "secret.key"}, {"display_names", "hide"}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.display_names: unknown value \"hide\" (expected drop, keep or pseudonymize)");
  CHECK(host.outputs.empty());
  REQUIRE(host.infer<PseudonymizeStage>({{"key_file", ""}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.key_file: expected a string of at least 1 character(s), got \"\"");
  REQUIRE(host.infer<PseudonymizeStage>({{"key", "0123456789abcdef"}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error().rfind("with: unknown option 'key'", 0) == 0);
}
