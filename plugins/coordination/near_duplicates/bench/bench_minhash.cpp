// Benchmark of coordination/near_duplicates: 1,000,000 generated posts
// (seeded) with planted templates, through the stage's core (NearDuplicates:
// tokenize, shingle, MinHash/LSH, verify, cluster, build the tables) without
// host or store. Goals: under 30 s; every planted similarity component
// (copies of one template linked by exact Jaccard >= threshold) found as
// exactly one cluster, up to the LSH miss rate (>= 99%); no background post
// in any cluster.
//
//   bench_coordination_near_duplicates_bench_minhash [posts] [templates] [copies] [shingle_size]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <chorus/sdk.hpp>

#include "clusters.hpp"
#include "near_duplicates_stage.hpp"

namespace nd = chorus::coordination_near_duplicates;

namespace {

struct Rng {
  uint64_t s;
  uint64_t next() { return nd::mix64(s += 0x9e3779b97f4a7c15ULL); }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

// A vocabulary of pronounceable words; the first 60 are frequent "stop words".
std::vector<std::string> vocabulary(Rng& rng, size_t n) {
  static const char* syl[] = {"ka",  "lo", "mi", "ne", "ru", "ta", "vo", "sha", "pre", "dis", "con", "ment",
                              "ing", "ur", "al", "ex", "po", "li", "ti", "ca",  "de",  "mo",  "ra",  "ve"};
  std::set<std::string> seen;
  std::vector<std::string> v;
  while (v.size() < n) {
    std::string w;
    const size_t parts = 1 + rng.below(4);
    for (size_t i = 0; i < parts; ++i) w += syl[rng.below(sizeof syl / sizeof *syl)];
    if (seen.insert(w).second) v.push_back(w);
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const size_t templates = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2000;
  const size_t copies = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 10;
  Rng rng{20261122};
  const std::vector<std::string> vocab = vocabulary(rng, 30000);
  auto word = [&] {
    // Half the words from 60 frequent ones, half from the long tail.
    return rng.below(2) ? vocab[rng.below(60)] : vocab[60 + rng.below(vocab.size() - 60)];
  };
  auto sentence = [&](size_t words) {
    std::vector<std::string> s;
    for (size_t i = 0; i < words; ++i) s.push_back(word());
    return s;
  };
  auto join = [](const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
    return s;
  };

  // Planted: each template posted by `copies` distinct accounts, with 0-2
  // substituted words, a varying @mention in front and a varying URL and
  // hashtag at the end (URL and mention are stripped by the tokenizer).
  const chorus::Schema schema = {{"post_id", {chorus::TypeId::Utf8}},
                                 {"author_id", {chorus::TypeId::Utf8}},
                                 {"created_at", {chorus::TypeId::Timestamp, chorus::TimeUnit::Milli}},
                                 {"text", {chorus::TypeId::Utf8}},
                                 {"interaction_type", {chorus::TypeId::Utf8}}};
  std::vector<chorus::Batch> batches;
  std::map<std::string, size_t> planted_of;                   // post_id -> template
  std::map<std::string, std::vector<uint64_t>> planted_sets;  // post_id -> shingle set
  // The stage's defaults: k = 2, 128 hashes, 32 bands, J >= 0.6.
  nd::Config cfg = nd::NearDuplicatesStage::options().parse(chorus::sdk::Json::object());
  if (argc > 4) cfg.shingle_size = std::atoi(argv[4]);
  auto add_post = [&](const std::string& id, const std::string& author, int64_t t, const std::string& text) {
    if (batches.empty() || batches.back().rows() == 65536) batches.emplace_back(schema);
    chorus::Batch& b = batches.back();
    b.column("post_id").append_string(id);
    b.column("author_id").append_string(author);
    b.column("created_at").append_int(t);
    b.column("text").append_string(text);
    b.column("interaction_type").append_string("original");
    b.set_empty_rows(b.rows());
  };
  const size_t planted_posts = templates * copies;
  // Planted copies every `stride` posts, background posts in between.
  const size_t stride = planted_posts == 0 ? total + 1 : std::max<size_t>(1, total / planted_posts);
  size_t next_template = 0, copy = 0;
  std::vector<std::string> base;
  for (size_t i = 0; i < total; ++i) {
    const bool planted = next_template < templates && i % stride == 0;
    const std::string id = "p" + std::to_string(1000000000 + i);
    const int64_t t = 1600000000000LL + static_cast<int64_t>(i) * 1000;
    if (planted) {
      if (copy == 0) base = sentence(18 + rng.below(12));
      std::vector<std::string> w = base;
      const size_t edits = rng.below(3);
      for (size_t e = 0; e < edits; ++e) w[rng.below(w.size())] = word();
      const std::string text = "@user" + std::to_string(rng.below(100000)) + " " + join(w) + " #tag" +
                               std::to_string(rng.below(3)) + " https://bit.ly/" + std::to_string(rng.next() % 1000000);
      add_post(id, "acct" + std::to_string(next_template * copies + copy), t, text);
      planted_of[id] = next_template;
      std::vector<uint64_t> tokens, set;
      nd::token_hashes(text, cfg.tokenize, tokens);
      nd::shingle_set(tokens, cfg.shingle_size, set);
      planted_sets[id] = set;
      if (++copy == copies) copy = 0, ++next_template;
    } else {
      add_post(id, "user" + std::to_string(rng.below(200000)), t, join(sentence(10 + rng.below(25))));
    }
  }

  const std::clock_t cpu_start = std::clock();
  const auto start = std::chrono::steady_clock::now();
  nd::NearDuplicates stage(cfg);
  for (const auto& b : batches) stage.add(b);
  nd::NearDuplicates::Output out = stage.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  // Expected clusters: within each template, the connected components of
  // copies whose exact Jaccard is >= threshold (all pairs, no LSH); a
  // component of two or more copies must come out as exactly one cluster.
  // Whole templates are reported too (all copies in one cluster), for
  // information: a copy more than the threshold away from every other copy
  // is rightly left out.
  std::map<std::string, std::vector<std::string>> members;
  for (int64_t r = 0; r < out.members.rows(); ++r)
    members[std::string(out.members.column("cluster_id").str(r))].push_back(
        std::string(out.members.column("post_id").str(r)));
  std::set<std::vector<std::string>> reported;
  size_t foreign_clusters = 0;
  for (auto& [cluster, posts] : members) {
    for (const auto& p : posts) foreign_clusters += planted_of.count(p) == 0;
    std::sort(posts.begin(), posts.end());
    reported.insert(posts);
  }
  std::vector<std::vector<std::pair<std::string, std::vector<uint64_t>>>> by_template(templates);
  for (const auto& [id, tpl] : planted_of) by_template[tpl].push_back({id, planted_sets[id]});
  size_t expected = 0, found = 0, whole = 0;
  for (const auto& copies_of : by_template) {
    const size_t m = copies_of.size();
    std::vector<size_t> label(m);
    for (size_t i = 0; i < m; ++i) label[i] = i;
    std::function<size_t(size_t)> root = [&](size_t x) { return label[x] == x ? x : label[x] = root(label[x]); };
    for (size_t a = 0; a < m; ++a)
      for (size_t b = a + 1; b < m; ++b)
        if (nd::jaccard(copies_of[a].second, copies_of[b].second) >= cfg.minhash.threshold) label[root(b)] = root(a);
    std::map<size_t, std::vector<std::string>> comps;
    for (size_t i = 0; i < m; ++i) comps[root(i)].push_back(copies_of[i].first);
    for (auto& [r, ids] : comps) {
      if (ids.size() < 2) continue;
      ++expected;
      std::sort(ids.begin(), ids.end());
      found += reported.count(ids);
      whole += ids.size() == m && reported.count(ids);
    }
  }
  const auto sum = [&](const char* c) { return out.summary.column(c).int64(0); };
  std::printf("posts %zu, planted templates %zu x %zu copies, clusters %lld, clustered posts %lld\n", total, templates,
              copies, static_cast<long long>(sum("clusters")), static_cast<long long>(sum("clustered_posts")));
  std::printf("distinct texts %lld, jaccard checks %lld, similar %lld\n", static_cast<long long>(sum("distinct_texts")),
              static_cast<long long>(sum("jaccard_checks")), static_cast<long long>(sum("similar_checks")));
  std::printf("RESULT near_duplicates_seconds %.3f\n", seconds);
  std::printf("RESULT near_duplicates_cpu_seconds %.3f\n", cpu_seconds);
  std::printf("RESULT near_duplicates_expected_clusters %zu\n", expected);
  std::printf("RESULT near_duplicates_found_clusters %zu\n", found);
  std::printf("ROW|near_duplicates: %zu posts (MinHash 128x32, k=%d)|%.2f s|< 30 s|%s\n", total, cfg.shingle_size,
              seconds, seconds < 30 ? "PASS" : "MISS");
  std::printf("ROW|near_duplicates: planted similarity components found as one cluster|%zu / %zu|>= 99%%|%s\n", found,
              expected, found * 100 >= expected * 99 ? "PASS" : "MISS");
  std::printf("ROW|near_duplicates: planted templates found whole|%zu / %zu|-|-\n", whole, templates);
  std::printf("ROW|near_duplicates: clusters reported / holding background posts|%lld / %zu|%zu / 0|%s\n",
              static_cast<long long>(sum("clusters")), foreign_clusters, expected,
              static_cast<size_t>(sum("clusters")) == expected && foreign_clusters == 0 ? "PASS" : "MISS");
  return 0;
}
