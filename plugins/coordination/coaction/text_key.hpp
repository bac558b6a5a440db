// coordination/coaction: the key of co_post_text, a normalized text.
//
// normalize_post_text (in this order):
//   1. Unicode full case folding, then NFC (ICU), so "Straße" = "STRASSE";
//   2. split at Unicode white space (u_isUWhiteSpace);
//   3. drop URL tokens: tokens starting with "http://", "https://" or "www."
//      (after folding), since shorteners give every copy a different URL;
//   4. cut every token at its first '@' and drop what follows (the
//      coordination-network-toolkit's mention stripping, regex `@\S*`), so
//      "@a buy now" and "@b buy now" are the same text; an emptied token goes;
//   5. join the remaining tokens with one space (collapses and trims space).
// The key is the normalized text itself (no hash, so no collisions).
#pragma once

#include <string>
#include <string_view>

namespace chorus::coordination_coaction {

std::string normalize_post_text(std::string_view text);

}  // namespace chorus::coordination_coaction
