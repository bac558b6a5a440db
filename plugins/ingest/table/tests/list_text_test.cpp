// List cells of ingest/table in every encoding.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "list_text.hpp"

TEST_CASE("ingest/table: list cells in every encoding", "[ingest.table]") {
  using chorus::ingest_table::parse_list_text;
  std::vector<std::string> v;
  parse_list_text(R"(["a", "b\"c", "\u00e9"])", "", v);
  CHECK(v == std::vector<std::string>{"a", "b\"c", "\xC3\xA9"});
  parse_list_text("['tag1', 'tag2']", "", v);
  CHECK(v == std::vector<std::string>{"tag1", "tag2"});
  parse_list_text(R"(['it\'s', "x, y"])", "", v);
  CHECK(v == std::vector<std::string>{"it's", "x, y"});
  parse_list_text("[tag1, tag2]", "", v);  // Oct-2018 TMRC: bare items
  CHECK(v == std::vector<std::string>{"tag1", "tag2"});
  parse_list_text("[]", "", v);
  CHECK(v.empty());
  parse_list_text("  ", " ", v);
  CHECK(v.empty());
  parse_list_text("http://a.example/x  http://b.example/y ", " ", v);
  CHECK(v == std::vector<std::string>{"http://a.example/x", "http://b.example/y"});
  parse_list_text("a|b||c", "|", v);
  CHECK(v == std::vector<std::string>{"a", "b", "c"});
  parse_list_text("one item, with comma", "", v);
  CHECK(v == std::vector<std::string>{"one item, with comma"});
  parse_list_text("[1, 2]", "", v);  // JSON numbers become their text
  CHECK(v == std::vector<std::string>{"1", "2"});
}

TEST_CASE("ingest/table: repr lists keep quoted commas and empty quoted items", "[ingest.table]") {
  using chorus::ingest_table::split_repr_list;
  std::vector<std::string> v;
  split_repr_list(R"('a, b', '', "c")", v);
  CHECK(v == std::vector<std::string>{"a, b", "", "c"});
  v.clear();
  split_repr_list(" don't , x ", v);  // a quote opens only at the start of an item
  CHECK(v == std::vector<std::string>{"don't", "x"});
}
