#include "hashtag_fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <stdexcept>
#include <utility>

namespace chorus::normalize_posts {

std::string fold_hashtag_icu(std::string_view s, bool turkic) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase(turkic ? U_FOLD_CASE_EXCLUDE_SPECIAL_I : U_FOLD_CASE_DEFAULT);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU: no NFC normalizer: ") + u_errorName(err));
  icu::UnicodeString n = nfc->normalize(u, err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU: NFC failed: ") + u_errorName(err));
  std::string out;
  n.toUTF8String(out);
  return out;
}

void HashtagFolder::append_other(std::string_view s, std::string& out) {
  auto it = memo_.find(s);
  if (it != memo_.end()) {
    out += it->second;
    return;
  }
  std::string folded = fold_hashtag_icu(s, turkic_);
  out += folded;
  if (memo_.size() < max_) {
    keys_.emplace_back(s);
    memo_.emplace(std::string_view(keys_.back()), std::move(folded));
  }
}

}  // namespace chorus::normalize_posts
