// normalize/posts, URL normalization: rules worked out by hand.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "url_normalize.hpp"

using chorus::normalize_posts::normalize_url;

namespace {
const std::vector<std::string> kStrip = {"www", "m", "mobile"};
}  // namespace

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
