// normalize/posts, hashtag folding: rules worked out by hand, and the ASCII
// fast path and the memo of HashtagFolder against fold_hashtag_icu (the
// definition) on many generated ASCII and non-ASCII strings.
#include <catch2/catch.hpp>

#include <chorus/sdk/random.hpp>

#include <string>
#include <vector>

#include "hashtag_fold.hpp"
#include "random_text.hpp"

using chorus::sdk::SplitMix64;
using namespace chorus::normalize_posts;
using chorus::normalize_posts::test::random_text;

TEST_CASE("normalize/posts: hashtag folding by hand", "[normalize.posts]") {
  CHECK(fold_hashtag("Straße") == "strasse");  // full folding: ß -> ss
  CHECK(fold_hashtag("STRASSE") == "strasse");
  // Every sigma folds to σ (U+03C3), final ς too; Ί (U+038A) -> ί (U+03AF).
  CHECK(fold_hashtag("ΣΊΣΥΦΟΣ") == "\xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x83");
  CHECK(fold_hashtag("σίσυφος") == fold_hashtag("ΣΊΣΥΦΟΣ"));
  // Turkish dotted capital I (U+0130): by default i + U+0307 COMBINING DOT ABOVE,
  // which has no precomposed form, so NFC keeps two code points.
  CHECK(fold_hashtag("\xC4\xB0stanbul") == "i\xCC\x87stanbul");
  CHECK(fold_hashtag("\xC4\xB0stanbul", true) == "istanbul");
  CHECK(fold_hashtag("DIYARBAKIR", true) == "d\xC4\xB1yarbak\xC4\xB1r");  // I -> ı (U+0131)
  CHECK(fold_hashtag("DIYARBAKIR") == "diyarbakir");
  // NFC after folding: e + U+0301 -> é (U+00E9); Å (A + U+030A) -> å (U+00E5).
  CHECK(fold_hashtag("Cafe\xCC\x81") == "caf\xC3\xA9");
  CHECK(fold_hashtag("A\xCC\x8Aland") == "\xC3\xA5land");
  CHECK(fold_hashtag("\xEF\xAC\x81x") == "fix");  // ligature ﬁ (U+FB01) -> fi
  CHECK(fold_hashtag("新疆") == "新疆");
  CHECK(fold_hashtag("") == "");
}

TEST_CASE("normalize/posts: ASCII fast path and memo fold as ICU does", "[normalize.posts]") {
  SplitMix64 r(7);
  int ascii = 0, other = 0;
  for (bool turkic : {false, true}) {
    HashtagFolder folder(turkic, 16);  // a small memo: most strings fold past it
    HashtagFolder remembering(turkic);
    std::vector<std::string> seen;
    for (int k = 0; k < 20000; ++k) {
      std::string s = k % 3 == 2 && !seen.empty() ? seen[r.below(seen.size())] : random_text(r, k % 2 == 0);
      seen.push_back(s);
      const std::string expected = fold_hashtag_icu(s, turkic);
      bool is_ascii = true;
      for (char c : s) is_ascii = is_ascii && static_cast<unsigned char>(c) < 0x80;
      (is_ascii ? ascii : other)++;
      INFO("text '" << s << "', turkic " << turkic);
      REQUIRE(fold_hashtag(s, turkic) == expected);
      std::string out = "prefix";
      folder.append(s, out);
      REQUIRE(out == "prefix" + expected);
      out.clear();
      remembering.append(s, out);
      REQUIRE(out == expected);
    }
  }
  CHECK(ascii > 10000);
  CHECK(other > 10000);
  // Every ASCII byte alone, both cases of every letter.
  for (int b = 0; b < 128; ++b)
    for (bool turkic : {false, true}) {
      const std::string s(1, static_cast<char>(b));
      CHECK(fold_hashtag(s, turkic) == fold_hashtag_icu(s, turkic));
    }
  CHECK(fold_hashtag("DIYARBAKIR", true) == "d\xC4\xB1yarbak\xC4\xB1r");  // the Turkic I is not the fast path's
}
