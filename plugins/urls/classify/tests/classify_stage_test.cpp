// urls/classify, the stage: the three tables on hand-made rows, the option
// table's defaults and errors, the compiled-in list, and the shipped list
// against the synthetic world's planted domains and its ground truth.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "classify_helper.hpp"
#include "classify_stage.hpp"
#include "support/skip.hpp"
#include "support/plugin_stage.hpp"
#include "urls_classify/default_domains.hpp"  // generated from domains.json

using namespace chorus::sdk::testing;
using namespace chorus::urls_classify;
using chorus::urls_classify::test::classify;

namespace {

chorus::Schema rows_schema() {
  return schema({{"post_id", "utf8"}, {"source_state", "utf8"}, {"scope", "utf8"}, {"urls", "list<utf8>"}});
}
chorus::Schema accounts_schema() { return schema({{"author_id", "utf8"}, {"profile_url", "utf8"}, {"state", "utf8"}}); }

}  // namespace

TEST_CASE("urls/classify: the three tables on hand-made rows", "[urls.classify]") {
  FakeHost host;
  host.inputs["in"] = {
      batch(rows_schema(),
            {{std::string("p1"), std::string("XA"), std::string("inter"),
              StrList{"rt.com/a", "bit.ly/x", "rt.com/a"}},  // rt.com/a twice in a row
             {std::string("p2"), std::string("XA"), std::string("intra"), StrList{"m.youtube.com/w"}},
             {std::string("p3"), std::string("XA"), std::string("intra"), StrList{}},
             {std::string("p4"), std::string("XA"), std::string("external"), null},  // null list
             {std::string("p5"), std::string("XB"), std::string("inter"), StrList{"rt.com/a", "example.net/z"}},
             {std::string("p6"), null, std::string("unattributed"), StrList{""}}}),  // no host
  };
  host.inputs["accounts"] = {
      batch(accounts_schema(), {{std::string("u1"), std::string("https://www.cgtn.com/p"), std::string("XA")},
                                {std::string("u2"), null, std::string("XA")},
                                {std::string("u3"), std::string("https://vk.com/u3"), std::string("XC")}})};
  REQUIRE(host.run<ClassifyStage>(Json::object()) == 0);

  CHECK(col(host.outputs["urls"], "url") ==
        "rt.com/a||bit.ly/x|example.net/z|m.youtube.com/w|https://vk.com/u3|https://www.cgtn.com/p");
  const Batch urls = host.collected("urls");
  CHECK(col(urls, "count") == "3|1|1|1|1|0|0");
  CHECK(col(urls, "profiles") == "0|0|0|0|0|1|1");
  CHECK(col(urls, "domain") == "rt.com|null|bit.ly|example.net|youtube.com|vk.com|cgtn.com");
  CHECK(col(urls, "category") == "state_news|other|shortener|other|social|social|state_news");

  const Batch g = host.collected("groups");
  CHECK(col(g, "group") == "XA|XB|XC|unattributed");
  CHECK(col(g, "rows") == "4|1|0|1");
  CHECK(col(g, "rows_null_urls") == "1|0|0|0");
  CHECK(col(g, "rows_with_urls") == "2|1|0|1");
  CHECK(col(g, "share_rows_with_urls") == "0.5|1|null|1");
  CHECK(col(g, "url_occurrences") == "4|2|0|1");
  CHECK(col(g, "unique_urls") == "3|2|0|1");
  CHECK(col(g, "accounts") == "2|0|1|0");
  CHECK(col(g, "profile_urls") == "1|0|1|0");

  const Batch c = host.collected("classes");
  REQUIRE(c.rows() == 4 * 6);
  CHECK(col(c, "category").substr(0, 47) == "blog|content_tool|shortener|social|state_news|o");
  // XA: blog 0, tool 0, shortener 1 (1 row), social 1 (1 row), state_news 2 occurrences of 1 URL
  // in 1 row and 1 profile (cgtn), other 0. Shares over XA's 4 occurrences.
  std::string xa;
  for (int64_t i = 0; i < 6; ++i)
    xa += cell_text(c.column("urls"), i) + "/" + cell_text(c.column("occurrences"), i) + "/" +
          cell_text(c.column("share"), i) + "/" + cell_text(c.column("rows"), i) + "/" +
          cell_text(c.column("profile_urls"), i) + " ";
  CHECK(xa == "0/0/0/0/0 0/0/0/0/0 1/1/0.25/1/0 1/1/0.25/1/0 1/2/0.5/1/1 0/0/0/0/0 ");
  // XC has a profile URL but no rows: its shares are null.
  CHECK(cell_text(c.column("share"), 12) == "null");
  CHECK(cell_text(c.column("profile_urls"), 15) == "1");  // XC social
  CHECK(host.logged(CHORUS_LOG_WARN, "1 rows have a null URL list"));
  CHECK(host.logged(CHORUS_LOG_WARN, "1 URL occurrences have no host"));

  // Grouping by another column (the subnetwork): scope.
  FakeHost by_scope;
  by_scope.inputs["in"] = host.inputs["in"];
  REQUIRE(by_scope.run<ClassifyStage>({{"group_by", "scope"}}) == 0);
  CHECK(col(by_scope.outputs["groups"], "group") == "external|inter|intra|unattributed");
  CHECK(col(by_scope.outputs["groups"], "url_occurrences") == "0|5|1|1");
  CHECK(col(by_scope.outputs["groups"], "unique_urls") == "0|3|1|1");
}

TEST_CASE("urls/classify: configuration errors name the key", "[urls.classify]") {
  FakeHost host;
  host.inputs["in"] = {batch(rows_schema(), {})};
  REQUIRE(host.infer<ClassifyStage>({{"urls_column", "url"}}) != 0);
  CHECK(host.last_error() == "with.urls_column: no column 'url' in input 'in' (did you mean 'urls'?)");
  REQUIRE(host.infer<ClassifyStage>({{"group_by", "urls"}}) != 0);
  CHECK(host.last_error() == "with.group_by: column 'urls' is list<utf8>, expected utf8");
  REQUIRE(host.infer<ClassifyStage>({{"domains", {{"rt.com/news", "state_news"}}}}) != 0);
  CHECK(host.last_error() ==
        "with.domains.rt.com/news: 'rt.com/news' is not a domain name (expected e.g. rt.com, without scheme or path)");
  REQUIRE(host.infer<ClassifyStage>({{"domains", {{"rt.com", "State News"}}}}) != 0);
  CHECK(host.last_error() ==
        "with.domains.rt.com: category 'State News' must be lower-case letters, digits or '_' (e.g. state_news)");
  REQUIRE(host.infer<ClassifyStage>({{"group_bye", "scope"}}) != 0);
  CHECK(host.last_error() == "with: unknown option 'group_bye' (did you mean 'group_by'?)");
  REQUIRE(host.infer<ClassifyStage>({{"group_by", "scope"}}) == 0);
}

TEST_CASE("urls/classify: the option table's defaults are what the stage runs with", "[urls.classify]") {
  const Config c = ClassifyStage::options().parse(Json::object());
  CHECK(c.urls_column == "urls");
  CHECK(c.group_by == std::optional<std::string>("source_state"));
  CHECK(c.null_group == "unattributed");
  CHECK(c.accounts_group_by == "state");
  CHECK(c.default_domains);
  CHECK(c.domains.empty());
  CHECK_FALSE(ClassifyStage::options().parse({{"group_by", nullptr}}).group_by.has_value());

  auto run = [](const Json& with) {
    FakeHost host;
    host.inputs["in"] = {batch(rows_schema(), {{std::string("p1"), std::string("XA"), std::string("inter"),
                                                StrList{"https://www.rt.com/a", "example.org/x"}},
                                               {std::string("p2"), null, std::string("intra"), StrList{"t.co/x"}}})};
    host.inputs["accounts"] = {
        batch(accounts_schema(), {{std::string("u1"), std::string("https://vk.com/u1"), std::string("XB")}})};
    REQUIRE(host.run<ClassifyStage>(with) == 0);
    return col(host.collected("groups"), "group") + " " + col(host.collected("groups"), "profile_urls") + " " +
           col(host.collected("urls"), "category");
  };
  // Grouped by source_state (a null one: "unattributed"), accounts by state,
  // URLs in urls, classified by the shipped list.
  const std::string by_default = run(Json::object());
  CHECK(by_default == "XA|XB|unattributed 0|1|0 other|state_news|shortener|social");
  CHECK(run({{"urls_column", "urls"},
             {"group_by", "source_state"},
             {"null_group", "unattributed"},
             {"accounts_group_by", "state"},
             {"default_domains", true},
             {"domains", Json::object()}}) == by_default);
  const Json schema = ClassifyStage::options().schema();
  CHECK(schema["properties"]["urls_column"]["default"] == "urls");
  CHECK(schema["properties"]["group_by"]["default"] == "source_state");
  CHECK(schema["properties"]["group_by"]["type"] == Json::array({"string", "null"}));
  CHECK(schema["properties"]["null_group"]["default"] == "unattributed");
  CHECK(schema["properties"]["accounts_group_by"]["default"] == "state");
  CHECK(schema["properties"]["default_domains"]["default"] == true);
  CHECK(schema["properties"]["domains"]["default"] == Json::object());
  CHECK(schema["properties"]["domains"]["additionalProperties"]["type"] == Json::array({"string", "null"}));
  for (const char* k : {"urls_column", "group_by", "null_group", "accounts_group_by"})
    CHECK(schema["properties"][k]["minLength"] == 1);
}

TEST_CASE("urls/classify: a bad option gives one error naming its key", "[urls.classify]") {
  FakeHost host;
  host.inputs["in"] = {
      batch(rows_schema(), {{std::string("p1"), std::string("XA"), std::string("inter"), StrList{"rt.com"}}})};
  REQUIRE(host.run<ClassifyStage>({{"group_by", ""}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.group_by: expected a string of at least 1 character(s), got \"\"");
  CHECK(host.outputs.empty());
  REQUIRE(host.infer<ClassifyStage>({{"default_domains", 1}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.default_domains: expected true or false, got 1");
  REQUIRE(host.infer<ClassifyStage>({{"domains", {{"rt.com", 5}}}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.domains.rt.com: expected a category name or null, got 5");
  REQUIRE(host.infer<ClassifyStage>({{"domains", Json::array({"rt.com"})}}) != 0);
  CHECK(host.errors.size() == 1);
  CHECK(host.last_error() == "with.domains: expected an object {domain: category}, e.g. {rt.com: state_news}");
}

TEST_CASE("urls/classify: the compiled-in list is domains.json and lists each domain once", "[urls.classify]") {
  const Json file = Json::parse(read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/plugins/urls/classify/domains.json"));
  CHECK(Json::parse(kDefaultDomainsJson) == file);
  std::map<std::string, std::string> seen;
  for (auto it = file["categories"].begin(); it != file["categories"].end(); ++it)
    for (const auto& d : (*it)["domains"]) {
      const std::string domain = d;
      INFO(domain);
      CHECK(seen.emplace(domain, it.key()).second);
      CHECK(canonical_domain(domain, "x") == domain);
    }
  CHECK(seen.size() > 100);
  // The list's digest (FNV-1a 64 of the file's text) is part of the cache key.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/plugins/urls/classify/domains.json"))
    h = (h ^ ch) * 1099511628211ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  FakeHost host;
  REQUIRE(host.fingerprint<ClassifyStage>(Json::object()) == 0);
  CHECK(host.input_values["domains.json"] == hex);
  FakeHost without;
  REQUIRE(without.fingerprint<ClassifyStage>({{"default_domains", false}}) == 0);
  CHECK(without.input_values.empty());
}

TEST_CASE("urls/classify: the shipped list classifies the synthetic world as its ground truth", "[urls.classify]") {
  const chorus_stage_api* synthetic =
      chorus::testing::built_plugin_stage("libchorus_ingest_synthetic.so", "ingest/synthetic");
  if (!synthetic)
    CHORUS_SKIP("the ingest/synthetic plugin is not built (libchorus_ingest_synthetic.so; CHORUS_PLUGINS)");
  TempDir dir;
  FakeHost world;
  for (const char* t : {"posts", "accounts"})
    world.dataset_types[t] = read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
  const std::string out = dir.path() + "/w";
  // Eight states: every outlet of the generator is planted.
  const Json wc{{"seed", 5},
                {"out_dir", out},
                {"states", 8},
                {"accounts_per_state", 12},
                {"posts_per_account", 10},
                {"unaffiliated_accounts", 10}};
  INFO(world.last_error());
  REQUIRE(world.run(synthetic, wc) == 0);
  const Json gt = Json::parse(read_file(out + "/ground_truth.json"));

  // Every planted domain, and a subdomain of it, is in the planted category.
  int domains = 0;
  for (const auto& c : gt["url_categories"])
    for (const auto& d : c["domains"]) {
      INFO(d.get<std::string>());
      CHECK(classify("https://" + d.get<std::string>() + "/x").category == c["category"].get<std::string>());
      CHECK(classify("https://m." + d.get<std::string>() + "/x").category == c["category"].get<std::string>());
      ++domains;
    }
  CHECK(domains == 8 + 4 + 3 + 3 + 3);

  // The stage on the world's posts (URLs as given, grouped by state) and accounts.
  FakeHost host;
  host.inputs["in"] = world.outputs["posts"];
  host.inputs["accounts"] = world.outputs["accounts"];
  REQUIRE(host.run<ClassifyStage>({{"group_by", "state"}, {"null_group", "unaffiliated"}}) == 0);
  const Batch c = host.collected("classes");
  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> got;
  for (int64_t i = 0; i < c.rows(); ++i)
    got[{std::string(c.column("group").str(i)), std::string(c.column("category").str(i))}] = {
        {"occurrences", c.column("occurrences").int64(i)},
        {"posts", c.column("rows").int64(i)},
        {"distinct", c.column("urls").int64(i)},
        {"profile_urls", c.column("profile_urls").int64(i)}};
  int checked = 0;
  for (const auto& cat : gt["url_categories"])
    for (auto it = cat["by_group"].begin(); it != cat["by_group"].end(); ++it) {
      INFO(cat["category"].get<std::string>() << " " << it.key());
      const auto& mine = got[{it.key(), cat["category"].get<std::string>()}];
      for (const char* k : {"occurrences", "posts", "distinct", "profile_urls"}) {
        INFO(k);
        CHECK(mine.at(k) == it.value()[k].get<int64_t>());
      }
      ++checked;
    }
  CHECK(checked >= 9 * 5 - 5);  // nearly every group uses every category
  // Nothing planted falls into other.
  for (int64_t i = 0; i < c.rows(); ++i)
    if (c.column("category").str(i) == "other") {
      CHECK(c.column("occurrences").int64(i) == 0);
      CHECK(c.column("profile_urls").int64(i) == 0);
    }
}
