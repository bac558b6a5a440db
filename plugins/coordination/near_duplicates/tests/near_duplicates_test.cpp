#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "coordination/near_duplicates/near_duplicates.hpp"

namespace nd = chorus::near_duplicates;
using namespace chorus::sdk::testing;

namespace {

std::vector<uint64_t> tokens_of(const std::string& text, nd::TokenizeOptions opt = {}) {
  std::vector<uint64_t> t;
  nd::token_hashes(text, opt, t);
  return t;
}
std::vector<uint64_t> shingles_of(const std::string& text, int k) {
  std::vector<uint64_t> s;
  nd::shingle_set(tokens_of(text), k, s);
  return s;
}

// The independent oracle: whitespace words (the test texts are lower-case
// ASCII words separated by single spaces) and string shingles.
std::set<std::string> string_shingles(const std::string& text, int k) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  std::set<std::string> out;
  for (size_t i = 0; i + static_cast<size_t>(k) <= words.size(); ++i) {
    std::string s;
    for (int j = 0; j < k; ++j) s += (j ? " " : "") + words[i + static_cast<size_t>(j)];
    out.insert(s);
  }
  return out;
}
double string_jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t common = 0;
  for (const auto& s : a) common += b.count(s);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

// splitmix64, for the seeded test corpus.
struct Rng {
  uint64_t s;
  uint64_t next() { return nd::mix64(s += 0x9e3779b97f4a7c15ULL); }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

// Templates of 20 words from a 400-word vocabulary, each with variants of
// 0-3 random substitutions, plus unrelated random texts.
std::vector<std::string> seeded_corpus(uint64_t seed) {
  Rng rng{seed};
  auto word = [&] { return "w" + std::to_string(rng.below(400)); };
  std::vector<std::string> docs;
  for (int t = 0; t < 15; ++t) {
    std::vector<std::string> base;
    for (int i = 0; i < 20; ++i) base.push_back(word());
    for (int v = 0; v < 8; ++v) {
      std::vector<std::string> copy = base;
      const size_t edits = rng.below(4);
      for (size_t e = 0; e < edits; ++e) copy[rng.below(copy.size())] = word();
      std::string s;
      for (const auto& w : copy) s += (s.empty() ? "" : " ") + w;
      docs.push_back(s);
    }
  }
  for (int r = 0; r < 80; ++r) {
    std::string s;
    for (int i = 0; i < 15 + static_cast<int>(rng.below(10)); ++i) s += (s.empty() ? "" : " ") + word();
    docs.push_back(s);
  }
  return docs;
}

Schema posts_schema() {
  return schema({{"post_id", "utf8"}, {"author_id", "utf8"}, {"created_at", "timestamp[ms]"},
                 {"text", "utf8"}, {"interaction_type", "utf8"}});
}

const std::string kTemplate =
    "the western media hides the truth about our peaceful development and the people of the "
    "region know it very well";  // 20 tokens, 19 distinct two-word shingles

}  // namespace

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

TEST_CASE("coordination/near_duplicates: a planted template is clustered and unrelated texts are not",
          "[coordination.near_duplicates]") {
  // With the default k = 2: one substitution changes 2 of the template's 19
  // bigrams (17 shared, 21 in the union).
  std::string sub = kTemplate;
  sub.replace(sub.find("peaceful"), 8, "glorious");
  const std::string tagged = kTemplate + " #Truth";  // 20 bigrams, 19 shared: J = 19/20
  const std::string mentioned = "@someone " + kTemplate + " https://bit.ly/abc";  // same tokens: J = 1
  FakeHost host;
  host.inputs["posts"] = {
      batch(posts_schema(),
            {{"p5", "acc1", int64_t{1000000}, kTemplate, "original"},
             {"p2", "acc2", int64_t{1060000}, sub, "original"},
             {"p9", "acc3", int64_t{1120500}, tagged, "reply"},
             {"p1", "acc4", int64_t{1300000}, mentioned, "original"},
             {"p3", "acc5", int64_t{1200000}, kTemplate, "share"},  // a retweet: skipped
             {"p4", "acc6", int64_t{1000000}, null, "original"},
             {"p6", "acc7", int64_t{1000000}, "too short to matter", "original"},
             {null, "acc8", int64_t{1000000}, kTemplate, "original"}}),
      batch(posts_schema(),
            {{"q1", "acc1", int64_t{2000000}, "completely different words about a football match in the rain today",
              "original"},
             {"q2", "acc2", int64_t{2000000}, "another unrelated post on cooking rice with garlic and fresh ginger",
              "original"},
             {"q3", "acc3", int64_t{2000000}, "the western media hides the score of the football match today",
              "original"}})};
  REQUIRE(host.run<nd::NearDuplicatesStage>({{"pairs", true}}) == 0);
  Batch clusters = host.collected("clusters");
  REQUIRE(clusters.rows() == 1);
  CHECK(col(clusters, "cluster_id") == "p1");  // smallest post_id
  CHECK(col(clusters, "posts") == "4");
  CHECK(col(clusters, "accounts") == "4");
  CHECK(col(clusters, "distinct_texts") == "3");  // p1 and p5 have the same tokens
  CHECK(col(clusters, "first") == "1000000");
  CHECK(col(clusters, "last") == "1300000");
  CHECK(col(clusters, "span_seconds") == "300");
  CHECK(col(clusters, "representative_post_id") == "p5");  // the earliest
  CHECK(col(clusters, "representative_text") == kTemplate);
  Batch members = host.collected("members");
  CHECK(col(members, "post_id") == "p5|p2|p9|p1");  // by created_at
  CHECK(col(members, "author_id") == "acc1|acc2|acc3|acc4");
  CHECK(col(members, "cluster_id") == "p1|p1|p1|p1");
  Batch pairs = host.collected("pairs");
  // All six pairs of the four posts; J from the bigram counts by hand:
  // p5-p1 identical; p2 vs p5/p1: 17/21; p9 vs p5/p1: 19/20; p2 vs p9: the
  // substitution removes 2 of p9's 20 bigrams and adds 2: 17/22.
  CHECK(col(pairs, "post_id_a") == "p1|p1|p1|p2|p2|p5");
  CHECK(col(pairs, "post_id_b") == "p2|p5|p9|p5|p9|p9");
  const std::vector<double> expected = {17.0 / 21, 1.0, 19.0 / 20, 17.0 / 21, 17.0 / 22, 19.0 / 20};
  REQUIRE(pairs.rows() == 6);
  for (int64_t i = 0; i < 6; ++i) CHECK(pairs.column("jaccard").float64(i) == Approx(expected[static_cast<size_t>(i)]));
  Batch summary = host.collected("summary");
  CHECK(col(summary, "posts_read") == "11");
  CHECK(col(summary, "null_post_id") == "1");
  CHECK(col(summary, "shares_skipped") == "1");
  CHECK(col(summary, "null_text") == "1");
  CHECK(col(summary, "short_text") == "1");
  CHECK(col(summary, "posts_hashed") == "7");
  CHECK(col(summary, "distinct_texts") == "6");
  CHECK(col(summary, "clusters") == "1");
  CHECK(col(summary, "clustered_posts") == "4");
  CHECK(host.logged(CHORUS_LOG_WARN, "1 posts without post_id, 1 without text, 1 with fewer tokens"));
}

TEST_CASE("coordination/near_duplicates: min_accounts drops one account repeating itself",
          "[coordination.near_duplicates]") {
  FakeHost host;
  host.inputs["posts"] = {batch(posts_schema(), {{"a", "same", int64_t{1}, kTemplate, "original"},
                                                 {"b", "same", int64_t{2}, kTemplate + " again", "original"}})};
  REQUIRE(host.run<nd::NearDuplicatesStage>(Json::object()) == 0);
  CHECK(host.collected("clusters").rows() == 0);
  CHECK(col(host.collected("summary"), "clusters") == "0");
  REQUIRE(host.run<nd::NearDuplicatesStage>({{"min_accounts", 1}}) == 0);
  CHECK(col(host.collected("clusters"), "accounts") == "1");
  CHECK(col(host.collected("clusters"), "posts") == "2");
}

TEST_CASE("coordination/near_duplicates: LSH-verified pairs equal the brute-force Jaccard pairs",
          "[coordination.near_duplicates]") {
  // 64 bands of 2 rows: a pair with J >= 0.6 is missed with probability
  // (1 - 0.6^2)^64 < 4e-13, so the LSH result must equal brute force.
  const std::vector<std::string> docs = seeded_corpus(7);
  const int k = 3;
  nd::MinHashParams p;
  p.num_hashes = 128;
  p.bands = 64;
  p.threshold = 0.6;
  REQUIRE(nd::candidate_probability(0.6, 128, 64) > 1 - 1e-12);
  nd::ShingleSets sets;
  for (const auto& d : docs) sets.add(shingles_of(d, k));
  const nd::NearDuplicateResult res = nd::find_near_duplicates(sets, p, true);

  std::vector<std::set<std::string>> oracle_sets;
  for (const auto& d : docs) oracle_sets.push_back(string_shingles(d, k));
  std::vector<nd::SimilarPair> brute;
  for (uint32_t a = 0; a < docs.size(); ++a)
    for (uint32_t b = a + 1; b < docs.size(); ++b) {
      const double j = string_jaccard(oracle_sets[a], oracle_sets[b]);
      if (j >= 0.6) brute.push_back({a, b, j});
    }
  REQUIRE(brute.size() > 100);  // the corpus has many near-duplicate pairs
  REQUIRE(res.pairs.size() == brute.size());
  for (size_t i = 0; i < brute.size(); ++i) {
    CHECK(res.pairs[i].a == brute[i].a);
    CHECK(res.pairs[i].b == brute[i].b);
    CHECK(res.pairs[i].jaccard == Approx(brute[i].jaccard));
  }
  // Components: connected components of the brute-force pairs, by a plain
  // label propagation, labelled with their smallest document.
  std::vector<uint32_t> label(docs.size());
  for (uint32_t i = 0; i < docs.size(); ++i) label[i] = i;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& pr : brute) {
      const uint32_t m = std::min(label[pr.a], label[pr.b]);
      if (label[pr.a] != m || label[pr.b] != m) label[pr.a] = label[pr.b] = m, changed = true;
    }
  }
  CHECK(res.component == label);

  // The default banding (32 x 4) recovers the same components here, and its
  // stream mode (no pair list) gives the same components as pair mode.
  nd::MinHashParams def;
  const nd::NearDuplicateResult streamed = nd::find_near_duplicates(sets, def, false);
  CHECK(streamed.component == label);
  CHECK(streamed.pairs.empty());
}

TEST_CASE("coordination/near_duplicates: MinHash agreement estimates Jaccard", "[coordination.near_duplicates]") {
  // Sets {0..299} and {100..399}: J = 200 / 400 = 0.5. With 1024 hashes the
  // share of equal signature values has standard deviation sqrt(.25/1024) = 0.016.
  std::vector<uint64_t> a, b;
  for (uint64_t i = 0; i < 300; ++i) a.push_back(nd::mix64(i));
  for (uint64_t i = 100; i < 400; ++i) b.push_back(nd::mix64(i));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  REQUIRE(nd::jaccard(a, b) == 0.5);
  for (uint64_t seed : {1u, 2u, 3u}) {
    const auto coef = nd::hash_coefficients(1024, seed);
    std::vector<uint32_t> sa, sb;
    nd::minhash_signature(a.data(), a.size(), coef, sa);
    nd::minhash_signature(b.data(), b.size(), coef, sb);
    int equal = 0;
    for (size_t i = 0; i < sa.size(); ++i) equal += sa[i] == sb[i];
    CHECK(std::abs(equal / 1024.0 - 0.5) < 4 * 0.016);
  }
}

TEST_CASE("coordination/near_duplicates: results are deterministic per seed and independent of row order",
          "[coordination.near_duplicates]") {
  const std::vector<std::string> docs = seeded_corpus(11);
  std::vector<std::vector<Cell>> rows;
  for (size_t i = 0; i < docs.size(); ++i)
    rows.push_back({"post" + std::to_string(1000 + i), "acc" + std::to_string(i % 37),
                    int64_t{1000} * static_cast<int64_t>(i), docs[i], "original"});
  auto run = [&](const std::vector<std::vector<Cell>>& r, uint64_t seed) {
    FakeHost host;
    host.inputs["posts"] = {batch(posts_schema(), r)};
    REQUIRE(host.run<nd::NearDuplicatesStage>({{"seed", seed}, {"pairs", true}, {"bands", 64}}) == 0);
    return col(host.collected("members"), "cluster_id") + "/" + col(host.collected("members"), "post_id") + "/" +
           col(host.collected("pairs"), "jaccard") + "/" + col(host.collected("clusters"), "posts");
  };
  const std::string first = run(rows, 5);
  CHECK(run(rows, 5) == first);
  std::vector<std::vector<Cell>> reversed(rows.rbegin(), rows.rend());
  CHECK(run(reversed, 5) == first);
  // The seed changes the hash functions, not the verified result: with 64
  // bands of 2 rows a pair at J = 0.6 is missed with probability < 4e-13.
  CHECK(nd::hash_coefficients(4, 5) != nd::hash_coefficients(4, 6));
  CHECK(run(rows, 6) == first);
}

TEST_CASE("coordination/near_duplicates: config errors name the key", "[coordination.near_duplicates]") {
  auto error = [](const Json& config) {
    FakeHost host;
    REQUIRE(host.infer<nd::NearDuplicatesStage>(config) != 0);
    return host.last_error();
  };
  CHECK(error({{"bands", 30}}) ==
        "with.bands: 30 does not divide with.num_hashes 128 (rows per band = num_hashes / bands)");
  CHECK(error({{"min_tokens", 2}, {"shingle_size", 3}}) ==
        "with.min_tokens: 2 is less than with.shingle_size 3 (a post needs at least one shingle)");
  CHECK(error({{"min_tokens", 1}}) ==
        "with.min_tokens: 1 is less than with.shingle_size 2 (a post needs at least one shingle)");
  CHECK(error({{"threshold", 1.5}}) == "with.threshold: expected a Jaccard similarity in (0, 1], got 1.5");
  CHECK(error({{"treshold", 0.5}}).rfind("with: unknown key 'treshold'", 0) == 0);
  FakeHost host;
  REQUIRE(host.infer<nd::NearDuplicatesStage>(Json::object()) == 0);
  CHECK(schema_text(host.output_types()["members"].columns) ==
        "cluster_id:utf8,post_id:utf8,author_id:utf8,created_at:timestamp[ms]");
}
