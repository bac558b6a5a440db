// urls/classify, the domain table build_table makes: the shipped list,
// subdomain suffix matching, with.domains overrides.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>

#include <string>
#include <vector>

#include "classify_helper.hpp"
#include "classify_stage.hpp"

using namespace chorus::sdk::testing;
using namespace chorus::urls_classify;
using chorus::urls_classify::test::classify;

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
                   {{"example.org", "political_news"},
                    {"youtube.com", nullptr},
                    {"example.com", "blog"},
                    {"news.example.com", "state_news"},
                    {"WWW.RT.com", "other"}}}};
  CHECK(classify("https://a.example.org/x", with).category == "political_news");
  CHECK(classify("https://a.example.org/x", with).domain == "example.org");
  CHECK(classify("https://m.youtube.com/x", with).category == "other");          // removed
  CHECK(classify("https://m.youtube.com/x", with).domain == "youtube.com");      // registrable domain
  CHECK(classify("https://news.example.com/x", with).category == "state_news");  // most specific wins
  CHECK(classify("https://a.news.example.com/x", with).category == "state_news");
  CHECK(classify("https://shop.example.com/x", with).category == "blog");
  CHECK(classify("https://rt.com/x", with).category == "other");         // www. dropped from the key
  CHECK(classify("https://facebook.com/x", with).category == "social");  // the rest stays
  // Without the shipped list only with.domains counts.
  const Json only{{"default_domains", false}, {"domains", {{"example.org", "blog"}}}};
  CHECK(classify("https://facebook.com/x", only).category == "other");
  CHECK(classify("https://example.org/x", only).category == "blog");
  DomainTable t;
  CHECK(build_table(ClassifyStage::options().parse(only), t) == std::vector<std::string>{"blog", "other"});
  CHECK(
      build_table(ClassifyStage::options().parse(with), t) ==
      std::vector<std::string>{"blog", "content_tool", "political_news", "shortener", "social", "state_news", "other"});
}
