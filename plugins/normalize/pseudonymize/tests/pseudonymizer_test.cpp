// normalize/pseudonymize, the pseudonyms: HMACs of platform and value,
// handles and ids kept apart, @handles in text.
#include <catch2/catch.hpp>

#include <string>

#include "hmac.hpp"
#include "pseudonymizer.hpp"

using namespace chorus::normalize_pseudonymize;

namespace {
const std::string kKeyA = "0123456789abcdef-key-A";
}  // namespace

TEST_CASE("pseudonymize: pseudonyms are HMACs of platform and value", "[normalize.pseudonymize]") {
  // The pseudonym is "ps_" + the first 32 hex digits of HMAC(key, "<platform>\0<id>").
  Pseudonymizer p(kKeyA);
  CHECK(p.id("twitter", "123") ==
        "ps_" + to_hex(hmac_sha256(kKeyA, std::string("twitter") + '\0' + "123")).substr(0, 32));
  CHECK(p.id("twitter", "123").size() == 35);
  CHECK(p.id("twitter", "123") != p.id("telegram", "123"));  // platform is part of the message
  CHECK(p.handle("twitter", "@Bob_B") == p.handle("twitter", "bob_b"));
  CHECK(p.handle("twitter", "123") != p.id("twitter", "123"));  // handles and ids kept apart
  CHECK(key_id(kKeyA).size() == 64);
  CHECK(key_id(kKeyA).find(kKeyA) == std::string::npos);
}

TEST_CASE("pseudonymize: @handles in text are replaced, e-mail addresses are not", "[normalize.pseudonymize]") {
  Pseudonymizer p(kKeyA);
  const std::string bob = p.handle("twitter", "bob_b"), alice = p.handle("twitter", "alice");
  CHECK(replace_text_mentions("RT @Bob_B: hi @alice, mail x@example.org", "twitter", p) ==
        "RT @" + bob + ": hi @" + alice + ", mail x@example.org");
  CHECK(replace_text_mentions("@alice", "twitter", p) == "@" + alice);
  CHECK(replace_text_mentions("a @ b @", "twitter", p) == "a @ b @");
  CHECK(replace_text_mentions("", "twitter", p).empty());
  CHECK(replace_text_mentions("@alice", "telegram", p) != "@" + alice);  // the platform is part of the message
}
