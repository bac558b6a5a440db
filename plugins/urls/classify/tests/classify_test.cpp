// urls/classify: hosts and registrable domains, subdomain suffix matching,
// with.domains overrides, the three tables on hand-made rows, config errors,
// the shipped list against the synthetic world's planted domains and its
// ground truth.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <map>
#include <set>
#include <string>

#include "ingest/synthetic/synthetic_stage.hpp"
#include "urls/classify/classify.hpp"

using namespace chorus::sdk::testing;
using namespace chorus::urls_classify;

namespace {

Match classify(const std::string& url, const Json& config = Json::object()) {
  DomainTable table;
  build_table(parse_config(config), table);
  return table.classify_host(host_of(url));
}

chorus::Schema rows_schema() {
  return schema({{"post_id", "utf8"}, {"source_state", "utf8"}, {"scope", "utf8"}, {"urls", "list<utf8>"}});
}
chorus::Schema accounts_schema() {
  return schema({{"author_id", "utf8"}, {"profile_url", "utf8"}, {"state", "utf8"}});
}

}  // namespace

TEST_CASE("urls/classify: hosts and registrable domains", "[urls.classify]") {
  CHECK(host_of("https://www.RT.com:443/news?x=1#y") == "www.rt.com");
  CHECK(host_of("rt.com/news/1.html") == "rt.com");  // the normalized form has no scheme
  CHECK(host_of("//m.youtube.com/watch?v=1") == "m.youtube.com");
  CHECK(host_of("http://user:pw@Bit.ly/x") == "bit.ly");
  CHECK(host_of("example.com./a") == "example.com");
  CHECK(host_of("http://[::1]:8080/x") == "[::1]");
  CHECK(host_of("") == "");
  CHECK(host_of("/relative/path") == "");
  CHECK(host_of("goo.gl") == "goo.gl");
  CHECK(registrable_domain("news.bbc.co.uk") == "bbc.co.uk");
  CHECK(registrable_domain("a.b.example.com") == "example.com");
  CHECK(registrable_domain("www.news.sina.com.cn") == "sina.com.cn");
  CHECK(registrable_domain("x.vtv.gob.ve") == "vtv.gob.ve");
  CHECK(registrable_domain("example.co") == "example.co");
  CHECK(registrable_domain("localhost") == "localhost");
  CHECK(registrable_domain("10.0.0.1") == "10.0.0.1");
  CHECK(registrable_domain("a.example.net") == "example.net");
}

TEST_CASE("urls/classify: subdomains match their listed parent and unknown hosts are other", "[urls.classify]") {
  CHECK(classify("https://m.youtube.com/watch?v=1").category == "social");
  CHECK(classify("https://m.youtube.com/watch?v=1").domain == "youtube.com");
  CHECK(classify("mundo.sputniknews.com/a").category == "state_news");
  CHECK(classify("http://abc.blogspot.com/2020/01/x.html").category == "blog");
  CHECK(classify("abc.blogspot.com/2020/01/x.html").domain == "blogspot.com");
  CHECK(classify("https://t.co/xyz").category == "shortener");
  CHECK(classify("twitlonger.com/show/n_1").category == "content_tool");
  // Suffixes match at label boundaries only.
  CHECK(classify("https://notyoutube.com/x").category == "other");
  CHECK(classify("https://notyoutube.com/x").domain == "notyoutube.com");
  CHECK(classify("https://youtube.com.evil.net/x").category == "other");
  CHECK(classify("https://youtube.com.evil.net/x").domain == "evil.net");
  CHECK(classify("https://news.bbc.co.uk/x").domain == "bbc.co.uk");
  CHECK(classify("https://news.bbc.co.uk/x").category == "other");
}

TEST_CASE("urls/classify: with.domains extends and overrides the shipped list", "[urls.classify]") {
  const Json with{{"domains",
                   {{"example.org", "political_news"}, {"youtube.com", nullptr}, {"example.com", "blog"},
                    {"news.example.com", "state_news"}, {"WWW.RT.com", "other"}}}};
  CHECK(classify("https://a.example.org/x", with).category == "political_news");
  CHECK(classify("https://a.example.org/x", with).domain == "example.org");
  CHECK(classify("https://m.youtube.com/x", with).category == "other");       // removed
  CHECK(classify("https://m.youtube.com/x", with).domain == "youtube.com");   // registrable domain
  CHECK(classify("https://news.example.com/x", with).category == "state_news");  // most specific wins
  CHECK(classify("https://a.news.example.com/x", with).category == "state_news");
  CHECK(classify("https://shop.example.com/x", with).category == "blog");
  CHECK(classify("https://rt.com/x", with).category == "other");  // www. dropped from the key
  CHECK(classify("https://facebook.com/x", with).category == "social");  // the rest stays
  // Without the shipped list only with.domains counts.
  const Json only{{"default_domains", false}, {"domains", {{"example.org", "blog"}}}};
  CHECK(classify("https://facebook.com/x", only).category == "other");
  CHECK(classify("https://example.org/x", only).category == "blog");
  DomainTable t;
  CHECK(build_table(parse_config(only), t) == std::vector<std::string>{"blog", "other"});
  CHECK(build_table(parse_config(with), t) ==
        std::vector<std::string>{"blog", "content_tool", "political_news", "shortener", "social", "state_news", "other"});
}

TEST_CASE("urls/classify: the three tables on hand-made rows", "[urls.classify]") {
  FakeHost host;
  host.inputs["in"] = {
      batch(rows_schema(),
            {{std::string("p1"), std::string("XA"), std::string("inter"),
              StrList{"rt.com/a", "bit.ly/x", "rt.com/a"}},                       // rt.com/a twice in a row
             {std::string("p2"), std::string("XA"), std::string("intra"), StrList{"m.youtube.com/w"}},
             {std::string("p3"), std::string("XA"), std::string("intra"), StrList{}},
             {std::string("p4"), std::string("XA"), std::string("external"), null},  // null list
             {std::string("p5"), std::string("XB"), std::string("inter"), StrList{"rt.com/a", "example.net/z"}},
             {std::string("p6"), null, std::string("unattributed"), StrList{""}}}),  // no host
  };
  host.inputs["accounts"] = {batch(accounts_schema(), {{std::string("u1"), std::string("https://www.cgtn.com/p"), std::string("XA")},
                                                       {std::string("u2"), null, std::string("XA")},
                                                       {std::string("u3"), std::string("https://vk.com/u3"), std::string("XC")}})};
  REQUIRE(host.run<Classify>(Json::object()) == 0);

  CHECK(col(host.outputs["urls"], "url") == "rt.com/a||bit.ly/x|example.net/z|m.youtube.com/w|https://vk.com/u3|https://www.cgtn.com/p");
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
  REQUIRE(by_scope.run<Classify>({{"group_by", "scope"}}) == 0);
  CHECK(col(by_scope.outputs["groups"], "group") == "external|inter|intra|unattributed");
  CHECK(col(by_scope.outputs["groups"], "url_occurrences") == "0|5|1|1");
  CHECK(col(by_scope.outputs["groups"], "unique_urls") == "0|3|1|1");
}

TEST_CASE("urls/classify: configuration errors name the key", "[urls.classify]") {
  FakeHost host;
  host.inputs["in"] = {batch(rows_schema(), {})};
  REQUIRE(host.infer<Classify>({{"urls_column", "url"}}) != 0);
  CHECK(host.last_error() == "with.urls_column: no column 'url' in input 'in' (did you mean 'urls'?)");
  REQUIRE(host.infer<Classify>({{"group_by", "urls"}}) != 0);
  CHECK(host.last_error() == "with.group_by: column 'urls' is list<utf8>, expected utf8");
  REQUIRE(host.infer<Classify>({{"domains", {{"rt.com/news", "state_news"}}}}) != 0);
  CHECK(host.last_error() ==
        "with.domains.rt.com/news: 'rt.com/news' is not a domain name (expected e.g. rt.com, without scheme or path)");
  REQUIRE(host.infer<Classify>({{"domains", {{"rt.com", "State News"}}}}) != 0);
  CHECK(host.last_error() ==
        "with.domains.rt.com: category 'State News' must be lower-case letters, digits or '_' (e.g. state_news)");
  REQUIRE(host.infer<Classify>({{"group_bye", "scope"}}) != 0);
  CHECK(host.last_error() == "with: unknown key 'group_bye' (did you mean 'group_by'?)");
  REQUIRE(host.infer<Classify>({{"group_by", "scope"}}) == 0);
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
  REQUIRE(host.fingerprint<Classify>(Json::object()) == 0);
  CHECK(host.input_values["domains.json"] == hex);
  FakeHost without;
  REQUIRE(without.fingerprint<Classify>({{"default_domains", false}}) == 0);
  CHECK(without.input_values.empty());
}

TEST_CASE("urls/classify: the shipped list classifies the synthetic world as its ground truth", "[urls.classify]") {
  TempDir dir;
  FakeHost world;
  for (const char* t : {"posts", "accounts"})
    world.dataset_types[t] = read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/" + t + ".json");
  const std::string out = dir.path() + "/w";
  // Eight states: every outlet of the generator is planted.
  const Json wc{{"seed", 5}, {"out_dir", out}, {"states", 8}, {"accounts_per_state", 12},
                {"posts_per_account", 10}, {"unaffiliated_accounts", 10}};
  REQUIRE(world.run<chorus::ingest::synthetic::SyntheticWorld>(wc) == 0);
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
  REQUIRE(host.run<Classify>({{"group_by", "state"}, {"null_group", "unaffiliated"}}) == 0);
  const Batch c = host.collected("classes");
  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> got;
  for (int64_t i = 0; i < c.rows(); ++i)
    got[{std::string(c.column("group").str(i)), std::string(c.column("category").str(i))}] = {
        {"occurrences", c.column("occurrences").int64(i)}, {"posts", c.column("rows").int64(i)},
        {"distinct", c.column("urls").int64(i)}, {"profile_urls", c.column("profile_urls").int64(i)}};
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
