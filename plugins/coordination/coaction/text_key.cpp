#include "text_key.hpp"

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace chorus::coordination_coaction {

std::string normalize_post_text(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.foldCase(U_FOLD_CASE_DEFAULT);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU: no NFC normalizer: ") + u_errorName(err));
  icu::UnicodeString n = nfc->normalize(u, err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU: NFC failed: ") + u_errorName(err));

  std::string out, token;
  auto flush = [&] {
    if (token.empty()) return;
    const bool url = token.rfind("http://", 0) == 0 || token.rfind("https://", 0) == 0 || token.rfind("www.", 0) == 0;
    if (!url) {
      const size_t at = token.find('@');
      if (at != std::string::npos) token.resize(at);
      if (!token.empty()) {
        if (!out.empty()) out.push_back(' ');
        out += token;
      }
    }
    token.clear();
  };
  icu::UnicodeString piece;
  for (int32_t i = 0; i < n.length();) {
    const UChar32 c = n.char32At(i);
    const int32_t next = n.moveIndex32(i, 1);
    if (u_isUWhiteSpace(c)) {
      flush();
    } else {
      piece.remove();
      piece.append(c);
      piece.toUTF8String(token);
    }
    i = next;
  }
  flush();
  return out;
}

}  // namespace chorus::coordination_coaction
