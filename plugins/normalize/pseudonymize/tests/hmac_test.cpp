// normalize/pseudonymize, HMAC-SHA256 against RFC 4231.
#include <catch2/catch.hpp>

#include <string>

#include "hmac.hpp"

using namespace chorus::normalize_pseudonymize;

TEST_CASE("pseudonymize: HMAC-SHA256 matches RFC 4231", "[normalize.pseudonymize]") {
  // Test case 2: key "Jefe", data "what do ya want for nothing?".
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 1: key 20 x 0x0b, data "Hi There".
  CHECK(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // One context, many messages: the key is reused correctly.
  Hmac h("Jefe");
  CHECK(to_hex(h.mac("what do ya want for nothing?")) == to_hex(h.mac("what do ya want for nothing?")));
}
