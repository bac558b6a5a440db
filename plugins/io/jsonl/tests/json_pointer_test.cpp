// JSON pointers of io/jsonl_read's columns.
#include <catch2/catch.hpp>

#include "json_pointer.hpp"

using chorus::io_jsonl::default_pointer;
using chorus::io_jsonl::pointer_problem;

TEST_CASE("jsonl_read: default pointers escape ~ and /", "[io.jsonl]") {
  CHECK(default_pointer("a/b~c") == "/a~1b~0c");
  CHECK(default_pointer("plain") == "/plain");
  CHECK(default_pointer("") == "/");
}

TEST_CASE("jsonl_read: pointer problems", "[io.jsonl]") {
  CHECK(pointer_problem("/a/0/b~0~1").empty());
  CHECK(pointer_problem("").empty());  // the whole document
  CHECK(pointer_problem("a") == "pointer 'a' must start with '/'");
  CHECK(pointer_problem("/a~") == "pointer '/a~' has a '~' not followed by 0 or 1");
  CHECK(pointer_problem("/a~2") == "pointer '/a~2' has a '~' not followed by 0 or 1");
}
