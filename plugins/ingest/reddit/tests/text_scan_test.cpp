// ingest/reddit: the URLs and u/ mentions found in the text of a post.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "text_scan.hpp"

using chorus::ingest_reddit::add_unique;
using chorus::ingest_reddit::find_mentions;
using chorus::ingest_reddit::find_urls;
using chorus::ingest_reddit::unescape_url;

TEST_CASE("ingest/reddit: mentions and URLs found in text", "[ingest-reddit]") {
  std::vector<std::string> m;
  find_mentions("u/a1 /u/b_2, (u/c-3) x/u/no eu/no https://reddit.com/u/no u/a1 /u/", m);
  CHECK(m == std::vector<std::string>{"a1", "b_2", "c-3"});
  std::vector<std::string> u;
  find_urls(
      "go to HTTPS://A.example/1, then <http://b.example/2> or xhttp://no.example and "
      "[t](https://c.example/3?x=1&amp;y=2) https://A.example/1 http://",
      u);
  // Exact repeats are dropped; a different spelling of the scheme is kept.
  CHECK(u == std::vector<std::string>{"HTTPS://A.example/1", "http://b.example/2", "https://c.example/3?x=1&y=2",
                                      "https://A.example/1"});
}

TEST_CASE("ingest/reddit: entities in URLs and first occurrences", "[ingest-reddit]") {
  CHECK(unescape_url("a?b=1&amp;c=&lt;2&gt;&amp") == "a?b=1&c=<2>&amp");
  std::vector<std::string> v;
  add_unique(v, "x");
  add_unique(v, "y");
  add_unique(v, "x");
  CHECK(v == std::vector<std::string>{"x", "y"});
}
