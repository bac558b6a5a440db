// coordination/coaction, the co_post_text key (text_key.hpp).
#include <catch2/catch.hpp>

#include "text_key.hpp"

using chorus::coordination_coaction::normalize_post_text;

TEST_CASE("coordination/coaction: co_post_text normalization", "[coordination.coaction]") {
  CHECK(normalize_post_text("  Buy NOW\thttp://t.co/AbC @bob  ") == "buy now");
  CHECK(normalize_post_text("buy now https://t.co/x") == "buy now");
  CHECK(normalize_post_text("STRASSE www.example.com") == normalize_post_text("Straße"));
  CHECK(normalize_post_text("RT @user: hello\u00A0world mail@example.org") == "rt hello world mail");
  CHECK(normalize_post_text("@only @mentions") == "");
}
