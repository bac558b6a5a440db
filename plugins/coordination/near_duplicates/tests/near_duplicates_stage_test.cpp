// coordination/near_duplicates through the fake host: a planted template,
// min_accounts, determinism, and the option table (near_duplicates_stage.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "near_duplicates_stage.hpp"
#include "test_helpers.hpp"

using namespace chorus::sdk::testing;
using namespace near_duplicates_test;

namespace {

Schema posts_schema() {
  return schema({{"post_id", "utf8"},
                 {"author_id", "utf8"},
                 {"created_at", "timestamp[ms]"},
                 {"text", "utf8"},
                 {"interaction_type", "utf8"}});
}

}  // namespace

TEST_CASE("coordination/near_duplicates: a planted template is clustered and unrelated texts are not",
          "[coordination.near_duplicates]") {
  // With the default k = 2: one substitution changes 2 of the template's 19
  // bigrams (17 shared, 21 in the union).
  std::string sub = kTemplate;
  sub.replace(sub.find("peaceful"), 8, "glorious");
  const std::string tagged = kTemplate + " #Truth";                               // 20 bigrams, 19 shared: J = 19/20
  const std::string mentioned = "@someone " + kTemplate + " https://bit.ly/abc";  // same tokens: J = 1
  FakeHost host;
  host.inputs["posts"] = {
      batch(posts_schema(), {{"p5", "acc1", int64_t{1000000}, kTemplate, "original"},
                             {"p2", "acc2", int64_t{1060000}, sub, "original"},
                             {"p9", "acc3", int64_t{1120500}, tagged, "reply"},
                             {"p1", "acc4", int64_t{1300000}, mentioned, "original"},
                             {"p3", "acc5", int64_t{1200000}, kTemplate, "share"},  // a retweet: skipped
                             {"p4", "acc6", int64_t{1000000}, null, "original"},
                             {"p6", "acc7", int64_t{1000000}, "too short to matter", "original"},
                             {null, "acc8", int64_t{1000000}, kTemplate, "original"}}),
      batch(posts_schema(), {{"q1", "acc1", int64_t{2000000},
                              "completely different words about a football match in the rain today", "original"},
                             {"q2", "acc2", int64_t{2000000},
                              "another unrelated post on cooking rice with garlic and fresh ginger", "original"},
                             {"q3", "acc3", int64_t{2000000},
                              "the western media hides the score of the football match today", "original"}})};
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
    REQUIRE(host.errors.size() == 1);  // one mistake, one error
    return host.last_error();
  };
  CHECK(error({{"bands", 30}}) ==
        "with.bands: 30 does not divide with.num_hashes 128 (rows per band = num_hashes / bands)");
  CHECK(error({{"min_tokens", 2}, {"shingle_size", 3}}) ==
        "with.min_tokens: 2 is less than with.shingle_size 3 (a post needs at least one shingle)");
  CHECK(error({{"min_tokens", 1}}) ==
        "with.min_tokens: 1 is less than with.shingle_size 2 (a post needs at least one shingle)");
  CHECK(error({{"threshold", 1.5}}) == "with.threshold: expected a number <= 1, got 1.5");
  CHECK(error({{"threshold", 0}}) == "with.threshold: expected a number > 0, got 0");
  CHECK(error({{"shingle_size", 17}}) == "with.shingle_size: expected a number <= 16, got 17");
  CHECK(error({{"min_posts", 1}}) == "with.min_posts: expected a number >= 2, got 1");
  CHECK(error({{"seed", -1}}) == "with.seed: expected a number >= 0, got -1");
  CHECK(error({{"strip_urls", "yes"}}) == "with.strip_urls: expected true or false, got \"yes\"");
  CHECK(error({{"treshold", 0.5}}).rfind("with: unknown option 'treshold'", 0) == 0);
  FakeHost host;
  REQUIRE(host.infer<nd::NearDuplicatesStage>(Json::object()) == 0);
  CHECK(schema_text(host.output_types()["members"].columns) ==
        "cluster_id:utf8,post_id:utf8,author_id:utf8,created_at:timestamp[ms]");
}

TEST_CASE("coordination/near_duplicates: the option table's defaults are what the stage runs with",
          "[coordination.near_duplicates]") {
  const nd::Config c = defaults();
  CHECK(c.shingle_size == 2);
  CHECK(c.minhash.num_hashes == 128);
  CHECK(c.minhash.bands == 32);
  CHECK(c.minhash.threshold == 0.6);
  CHECK(c.minhash.seed == 42);
  CHECK(c.min_tokens == 6);
  CHECK(c.tokenize.strip_urls);
  CHECK(c.tokenize.strip_mentions);
  CHECK(c.exclude_shares);
  CHECK(c.min_posts == 2);
  CHECK(c.min_accounts == 2);
  CHECK_FALSE(c.pairs);
  // With `with: {}`: two accounts post the template (one with a mention and a
  // URL, stripped by default), a share of it is skipped (exclude_shares), a
  // five-token post is short (min_tokens 6), and no pair is emitted.
  FakeHost host;
  host.inputs["posts"] = {
      batch(posts_schema(), {{"a", "acc1", int64_t{1}, kTemplate, "original"},
                             {"b", "acc2", int64_t{2}, "@x " + kTemplate + " http://y.z", "original"},
                             {"c", "acc3", int64_t{3}, kTemplate, "share"},
                             {"d", "acc4", int64_t{4}, "one two three four five", "original"}})};
  REQUIRE(host.run<nd::NearDuplicatesStage>(Json::object()) == 0);
  CHECK(col(host.collected("clusters"), "posts") == "2");
  CHECK(col(host.collected("clusters"), "distinct_texts") == "1");
  CHECK(col(host.collected("summary"), "shares_skipped") == "1");
  CHECK(col(host.collected("summary"), "short_text") == "1");
  CHECK(host.collected("pairs").rows() == 0);
}
