// urls/classify, hosts and registrable domains.
#include <catch2/catch.hpp>

#include "domain_match.hpp"

using namespace chorus::urls_classify;

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
