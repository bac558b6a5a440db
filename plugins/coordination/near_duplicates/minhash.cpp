#include "minhash.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace chorus::coordination_near_duplicates {

// Probability that a pair with Jaccard s becomes an LSH candidate.
double candidate_probability(double s, int num_hashes, int bands) {
  const int rows = num_hashes / bands;
  double p_band = 1.0;
  for (int i = 0; i < rows; ++i) p_band *= s;
  double miss = 1.0;
  for (int b = 0; b < bands; ++b) miss *= 1.0 - p_band;
  return 1.0 - miss;
}

void check_params(const MinHashParams& p) {
  if (p.num_hashes < 1 || p.bands < 1 || p.num_hashes % p.bands != 0)
    throw std::invalid_argument("bands must divide num_hashes");
  if (!(p.threshold > 0 && p.threshold <= 1)) throw std::invalid_argument("threshold must be in (0, 1]");
}

namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  uint32_t find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];  // path halving
    return x;
  }
  // Links the two roots, the larger index under the smaller, so that a root
  // is always the smallest index of its component.
  void unite(uint32_t x, uint32_t y) {
    x = find(x), y = find(y);
    if (x == y) return;
    if (y < x) std::swap(x, y);
    parent_[y] = x;
  }

 private:
  std::vector<uint32_t> parent_;
};

// Stable LSD radix sort of 64-bit values by their high 32 bits only (three
// passes of 11, 11 and 10 bits: 2048 buckets keep the scatter in cache).
// Values whose low 32 bits ascend on input stay in that order among equal
// high halves, so the result is sorted by the whole value.
void radix_sort_high32(std::vector<uint64_t>& v, std::vector<uint64_t>& scratch) {
  scratch.resize(v.size());
  std::vector<size_t> count(2048);
  for (int shift = 32; shift < 64; shift += 11) {
    std::fill(count.begin(), count.end(), 0);
    for (uint64_t x : v) ++count[(x >> shift) & 0x7ff];
    size_t sum = 0;
    for (auto& c : count) {
      const size_t here = c;
      c = sum;
      sum += here;
    }
    for (uint64_t x : v) scratch[count[(x >> shift) & 0x7ff]++] = x;
    v.swap(scratch);
  }
}

}  // namespace

// The seeded multiply-shift coefficients (a_0, b_0, a_1, b_1, ...).
std::vector<uint64_t> hash_coefficients(int num_hashes, uint64_t seed) {
  std::vector<uint64_t> c(2 * static_cast<size_t>(num_hashes));
  uint64_t state = seed;
  for (size_t i = 0; i < c.size(); ++i) {
    state += 0x9e3779b97f4a7c15ULL;  // splitmix64
    c[i] = mix64(state);
    if (i % 2 == 0) c[i] |= 1;  // a_i odd
  }
  return c;
}

// The MinHash signature of one non-empty set.
void minhash_signature(const uint64_t* set, size_t n, const std::vector<uint64_t>& coef, std::vector<uint32_t>& sig) {
  const size_t k = coef.size() / 2;
  sig.assign(k, UINT32_MAX);
  for (size_t s = 0; s < n; ++s) {
    const uint64_t x = set[s];
    for (size_t i = 0; i < k; ++i) {
      const uint32_t h = static_cast<uint32_t>((coef[2 * i] * x + coef[2 * i + 1]) >> 32);
      sig[i] = h < sig[i] ? h : sig[i];
    }
  }
}

NearDuplicateResult find_near_duplicates(const ShingleSets& docs, const MinHashParams& p, bool want_pairs) {
  check_params(p);
  const size_t n = docs.size();
  if (n >= UINT32_MAX) throw std::length_error("near_duplicates: too many documents (2^32)");
  NearDuplicateResult result;
  result.component.resize(n);
  std::iota(result.component.begin(), result.component.end(), 0u);

  // 1. Distinct texts: group documents by set fingerprint, then by equality.
  std::vector<std::pair<uint64_t, uint32_t>> by_set;
  by_set.reserve(n);
  for (size_t i = 0; i < n; ++i)
    if (docs.length(i) > 0)
      by_set.emplace_back(set_fingerprint(docs.data(i), docs.length(i)), static_cast<uint32_t>(i));
  std::sort(by_set.begin(), by_set.end());
  std::vector<uint32_t> rep;                     // distinct text -> its smallest document
  std::vector<uint32_t> text_of(n, UINT32_MAX);  // document -> distinct text
  std::vector<std::vector<uint32_t>> copies;     // with want_pairs: documents of each distinct text
  auto same_set = [&](uint32_t x, uint32_t y) {
    return docs.length(x) == docs.length(y) && std::equal(docs.data(x), docs.data(x) + docs.length(x), docs.data(y));
  };
  for (size_t i = 0; i < by_set.size();) {
    size_t j = i;
    while (j < by_set.size() && by_set[j].first == by_set[i].first) ++j;
    // Within one fingerprint (almost always one set), split by true equality.
    for (size_t x = i; x < j; ++x) {
      const uint32_t d = by_set[x].second;
      if (text_of[d] != UINT32_MAX) continue;
      const uint32_t t = static_cast<uint32_t>(rep.size());
      rep.push_back(d);
      if (want_pairs) copies.emplace_back();
      for (size_t y = x; y < j; ++y) {
        const uint32_t e = by_set[y].second;
        if (text_of[e] == UINT32_MAX && same_set(d, e)) {
          text_of[e] = t;
          if (want_pairs) copies[t].push_back(e);
        }
      }
    }
    i = j;
  }
  const size_t texts = rep.size();
  result.distinct_texts = static_cast<int64_t>(texts);
  {
    // Renumber distinct texts in document order, so that the signature pass
    // below reads the shingle sets front to back (it is memory-bound).
    std::vector<uint32_t> by_doc(texts);
    std::iota(by_doc.begin(), by_doc.end(), 0u);
    std::sort(by_doc.begin(), by_doc.end(), [&](uint32_t a, uint32_t b) { return rep[a] < rep[b]; });
    std::vector<uint32_t> new_id(texts);
    std::vector<uint32_t> new_rep(texts);
    std::vector<std::vector<uint32_t>> new_copies(copies.size());
    for (uint32_t t = 0; t < texts; ++t) {
      new_id[by_doc[t]] = t;
      new_rep[t] = rep[by_doc[t]];
      if (want_pairs) new_copies[t] = std::move(copies[by_doc[t]]);
    }
    for (auto& t : text_of)
      if (t != UINT32_MAX) t = new_id[t];
    rep.swap(new_rep);
    copies.swap(new_copies);
  }

  // 2. Band keys of every distinct text, band-major.
  const int rows = p.num_hashes / p.bands;
  const std::vector<uint64_t> coef = hash_coefficients(p.num_hashes, p.seed);
  std::vector<uint64_t> keys(texts * static_cast<size_t>(p.bands));
  std::vector<uint32_t> sig;
  for (size_t t = 0; t < texts; ++t) {
    minhash_signature(docs.data(rep[t]), docs.length(rep[t]), coef, sig);
    for (int b = 0; b < p.bands; ++b) {
      uint64_t h = mix64(static_cast<uint64_t>(b) + 1);
      for (int r = 0; r < rows; ++r) h = mix64(h ^ sig[static_cast<size_t>(b * rows + r)]);
      keys[static_cast<size_t>(b) * texts + t] = h;
    }
  }

  // 3. Candidates per band, verified by exact Jaccard.
  UnionFind uf(texts);
  std::vector<std::pair<uint32_t, uint32_t>> candidates;  // want_pairs: all of them, deduplicated later
  auto check = [&](uint32_t x, uint32_t y, double* out) {
    ++result.jaccard_checks;
    const double j = jaccard(docs.data(rep[x]), docs.length(rep[x]), docs.data(rep[y]), docs.length(rep[y]));
    if (out) *out = j;
    if (j >= p.threshold) {
      ++result.similar_checks;
      uf.unite(x, y);
      return true;
    }
    return false;
  };
  // Per band, (32-bit band key << 32 | text) sorted: equal keys are adjacent.
  // Keeping 32 of the key's 64 bits adds about texts^2 / 2^33 chance
  // collisions per band (116 for a million texts): only extra candidates,
  // which verification rejects, never a missed one.
  std::vector<uint64_t> bucket(texts), scratch(texts);
  for (int b = 0; b < p.bands; ++b) {
    const uint64_t* band = keys.data() + static_cast<size_t>(b) * texts;
    for (size_t t = 0; t < texts; ++t) bucket[t] = (band[t] & 0xffffffff00000000ULL) | t;
    radix_sort_high32(bucket, scratch);  // text indices were filled in ascending order
    for (size_t i = 0; i < texts;) {
      const uint64_t key = bucket[i] >> 32;
      size_t j = i + 1;
      while (j < texts && (bucket[j] >> 32) == key) ++j;
      for (size_t x = i; x < j; ++x)
        for (size_t y = x + 1; y < j; ++y) {
          const auto u = static_cast<uint32_t>(bucket[x]), v = static_cast<uint32_t>(bucket[y]);  // u < v
          if (want_pairs)
            candidates.emplace_back(u, v);
          else if (uf.find(u) != uf.find(v))
            check(u, v, nullptr);  // already joined: no new edge needed
        }
      i = j;
    }
  }

  // With want_pairs every distinct candidate is checked once, and similar
  // ones are expanded to document pairs.
  if (want_pairs) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    auto add_pair = [&](uint32_t a, uint32_t b, double j) {
      result.pairs.push_back({std::min(a, b), std::max(a, b), j});
    };
    for (const auto& [u, v] : candidates) {
      double j = 0;
      if (check(u, v, &j))
        for (uint32_t a : copies[u])
          for (uint32_t b : copies[v]) add_pair(a, b, j);
    }
    for (const auto& c : copies)
      for (size_t x = 0; x < c.size(); ++x)
        for (size_t y = x + 1; y < c.size(); ++y) add_pair(c[x], c[y], 1.0);
    std::sort(result.pairs.begin(), result.pairs.end(),
              [](const SimilarPair& l, const SimilarPair& r) { return l.a != r.a ? l.a < r.a : l.b < r.b; });
  }

  // 4. Documents take the smallest document index of their component.
  std::vector<uint32_t> root_doc(texts, UINT32_MAX);
  for (size_t t = 0; t < texts; ++t) {
    const uint32_t r = uf.find(static_cast<uint32_t>(t));
    root_doc[r] = std::min(root_doc[r], rep[t]);
  }
  for (size_t i = 0; i < n; ++i)
    if (text_of[i] != UINT32_MAX) result.component[i] = root_doc[uf.find(text_of[i])];
  return result;
}

}  // namespace chorus::coordination_near_duplicates
