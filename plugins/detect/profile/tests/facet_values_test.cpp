// The per-value rules of detect/profile, on hand-written values.
#include <catch2/catch.hpp>

#include <string>

#include "facet_values.hpp"

namespace dp = chorus::detect_profile;
using chorus::TimeUnit;

TEST_CASE("detect/profile: domain of a URL", "[detect.profile]") {
  CHECK(dp::url_domain("https://WWW.Example.org/a") == "example.org");
  CHECK(dp::url_domain("example.org/a") == "example.org");  // urls_normalized has no scheme
  CHECK(dp::url_domain("http://user:pw@News.Example.COM:8080/x?y#z") == "news.example.com");
  CHECK(dp::url_domain("www.example.org.") == "example.org");
  CHECK(dp::url_domain("www2.example.org/p") == "www2.example.org");  // only "www." itself
  CHECK(dp::url_domain("m.example.org") == "m.example.org");          // subdomains are kept (no eTLD+1)
  CHECK(dp::url_domain("bbc.co.uk/news") == "bbc.co.uk");
  CHECK(dp::url_domain("//cdn.example.net/x.js") == "cdn.example.net");
  CHECK(dp::url_domain("http://[2001:db8::1]:80/") == "[2001:db8::1]");
  CHECK(dp::url_domain("example.org?q=http://evil.com") == "example.org");
  CHECK(dp::url_domain("https:///nohost") == "");
  CHECK(dp::url_domain("") == "");
  CHECK(dp::url_domain("www.") == "www");
}

TEST_CASE("detect/profile: file name of a source path", "[detect.profile]") {
  CHECK(dp::file_name("data/in/tw1.csv") == "tw1.csv");
  CHECK(dp::file_name("C:\\data\\tw3.csv") == "tw3.csv");
  CHECK(dp::file_name("tw2.csv") == "tw2.csv");
  CHECK(dp::file_name("dir/") == "");
}

TEST_CASE("detect/profile: UTF-8 prefix by code points", "[detect.profile]") {
  // a (1 byte), é (2), € (3), 𝄞 (4)
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E";
  CHECK(dp::utf8_prefix(s, 1) == "a");
  CHECK(dp::utf8_prefix(s, 2) == "a\xC3\xA9");
  CHECK(dp::utf8_prefix(s, 3) == "a\xC3\xA9\xE2\x82\xAC");
  CHECK(dp::utf8_prefix(s, 4) == s);
  CHECK(dp::utf8_prefix(s, 280) == s);
  CHECK(dp::utf8_prefix("", 5).empty());
}

TEST_CASE("detect/profile: days and hours in UTC", "[detect.profile]") {
  // 2024-03-02 23:59 UTC = 1709423940000 ms (date -u -d @1709423940)
  CHECK(dp::day_text(dp::day_of(1709423940000)) == "2024-03-02");
  CHECK(dp::hour_of(1709423940000) == 23);
  CHECK(dp::day_text(0) == "1970-01-01");
  // one millisecond before the epoch: the last hour of 1969-12-31
  CHECK(dp::day_text(dp::day_of(-1)) == "1969-12-31");
  CHECK(dp::hour_of(-1) == 23);
  CHECK(dp::hour_text(7) == "07");
  CHECK(dp::to_millis(1709423940, TimeUnit::Second) == 1709423940000);
  CHECK(dp::to_millis(-1, TimeUnit::Micro) == -1);
  CHECK(dp::to_millis(1709423940000999999, TimeUnit::Nano) == 1709423940000);
}
