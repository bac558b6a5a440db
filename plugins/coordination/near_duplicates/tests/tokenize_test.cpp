// coordination/near_duplicates: tokens, shingles and exact Jaccard (tokenize.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "test_helpers.hpp"
#include "tokenize.hpp"

using namespace near_duplicates_test;

TEST_CASE("coordination/near_duplicates: exact Jaccard of hand-made shingle sets", "[coordination.near_duplicates]") {
  CHECK(nd::jaccard({1, 2, 3, 4}, {3, 4, 5}) == Approx(2.0 / 5.0));
  CHECK(nd::jaccard({1, 2, 3}, {1, 2, 3}) == 1.0);
  CHECK(nd::jaccard({1, 2}, {3, 4}) == 0.0);
  CHECK(nd::jaccard({}, {}) == 0.0);
  CHECK(nd::jaccard({7}, {}) == 0.0);
  // Shingles of text: {a b c, b c d, c d e} vs {a b c, b c x, c x e}: 1 / 5.
  CHECK(shingles_of("a b c d e", 3).size() == 3);
  CHECK(nd::jaccard(shingles_of("a b c d e", 3), shingles_of("A b c x e", 3)) == Approx(0.2));
  // Repeated shingles count once: "a b a b a" has {a b, b a}.
  CHECK(shingles_of("a b a b a", 2).size() == 2);
  CHECK(shingles_of("a b", 3).empty());
  // One substitution in the middle of the 20-token template changes 3 of
  // its 18 shingles: 15 shared, 21 in the union.
  std::string edited = kTemplate;
  edited.replace(edited.find("peaceful"), 8, "glorious");
  CHECK(tokens_of(kTemplate).size() == 20);
  CHECK(nd::jaccard(shingles_of(kTemplate, 3), shingles_of(edited, 3)) == Approx(15.0 / 21.0));
}

TEST_CASE("coordination/near_duplicates: tokenization folds case and drops URLs and mentions",
          "[coordination.near_duplicates]") {
  CHECK(tokens_of("Peace, #PEACE peace!") == tokens_of("peace peace peace"));
  CHECK(tokens_of("Peace, #PEACE peace!").size() == 3);
  CHECK(tokens_of("see https://t.co/AbC?x=1 now WWW.example.com/x") == tokens_of("see now"));
  CHECK(tokens_of("@abc_1 hello @Z") == tokens_of("hello"));
  CHECK(tokens_of("mail a@b.com") == tokens_of("mail a b com"));  // '@' inside a word separates
  nd::TokenizeOptions keep;
  keep.strip_urls = false;
  keep.strip_mentions = false;
  CHECK(tokens_of("@abc hello", keep) == tokens_of("abc hello"));
  CHECK(tokens_of("https://x.org", keep) == tokens_of("https x org"));
  CHECK(tokens_of("Ünïcode ÉTÉ", keep) == tokens_of("üNÏCODE été", keep));
  // Ideographs are one token each; Latin words in between stay words.
  CHECK(tokens_of("和平发展").size() == 4);
  CHECK(tokens_of("和平 development 发展") == tokens_of("和 平 DEVELOPMENT 发 展"));
  CHECK(tokens_of("...!!! ").empty());
}
