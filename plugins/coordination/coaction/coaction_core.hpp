// coordination/coaction, the engine: shares of objects by accounts, the
// sliding-window pair scan, and the per-account-pair statistics both
// semantics (coordination-network-toolkit, CooRTweet) are built from.
//
// A "share" is one (post, object key) pair: a retweet of tweet X, a post
// carrying URL U, hashtag H, mention M or normalized text T. Two shares
// co-occur when they have the same key, come from different accounts and are
// at most W apart (|t1 - t2| <= W, inclusive).
//
// Cost. Shares are sorted by (key, time, post) once; each share's partners
// are found by walking left and right from its own position until the time
// gap exceeds W, so the cost is (shares + pairs inside W), never the square
// of an object's share count. An object whose pairs inside W exceed
// `max_pairs_per_object` is left out entirely and reported (see docs).
//
// Statistics per account pair: posts(A->B) = A's distinct posts with a B
// share within W (the toolkit's weight), pairs(A,B) = share pairs within W
// (CooRTweet's weight, the same seen from either side) and the sum of their
// |dt|. Two routes compute them: gather_pair_stats (the observed network:
// sweep each object in key order, record every cross-account pair in 16
// bytes, radix-sort by account pair, reduce) and scan_pairs (the null model:
// account by account into scratch arrays indexed by partner, reading only
// the sources of the tested edges). Tests check both against brute force.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chorus::coordination_coaction {

// --- the shares ----------------------------------------------------------------

// Posts with at least one key, and their shares. Account ids are indices
// into `accounts`, which is sorted by byte order, so comparing ids compares
// the account strings (the edges.json rule "source < target" for undirected).
struct ShareTable {
  std::vector<std::string> accounts;  // sorted, unique
  std::vector<std::string> keys;      // id -> key text, in order of first appearance
  std::vector<int32_t> post_account;  // per post
  std::vector<int64_t> post_time_ms;  // per post
  std::vector<int32_t> share_post;    // per share
  std::vector<int32_t> share_key;     // per share

  size_t num_posts() const { return post_account.size(); }
  size_t num_shares() const { return share_post.size(); }
  size_t num_accounts() const { return accounts.size(); }
  size_t num_keys() const { return keys.size(); }
};

// Interns account and key strings; a post's repeated keys count once.
class ShareTableBuilder {
 public:
  // Adds a post of `account` at `time_ms` with its keys; nothing when `keys`
  // is empty. Returns the number of distinct keys added.
  template <class Keys>
  size_t add_post(std::string_view account, int64_t time_ms, const Keys& keys) {
    scratch_.clear();
    for (const auto& k : keys) {
      const int32_t id = intern(key_ids_, t_.keys, std::string_view(k));
      if (std::find(scratch_.begin(), scratch_.end(), id) == scratch_.end()) scratch_.push_back(id);
    }
    if (scratch_.empty()) return 0;
    const int32_t post = static_cast<int32_t>(t_.post_account.size());
    t_.post_account.push_back(intern(account_ids_, t_.accounts, account));
    t_.post_time_ms.push_back(time_ms);
    for (int32_t id : scratch_) {
      t_.share_post.push_back(post);
      t_.share_key.push_back(id);
    }
    return scratch_.size();
  }

  // The table, with account ids renumbered in byte order of their strings.
  ShareTable finish() {
    const size_t n = t_.accounts.size();
    std::vector<int32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int32_t a, int32_t b) { return t_.accounts[a] < t_.accounts[b]; });
    std::vector<int32_t> new_id(n);
    std::vector<std::string> sorted(n);
    for (size_t i = 0; i < n; ++i) {
      new_id[order[i]] = static_cast<int32_t>(i);
      sorted[i] = std::move(t_.accounts[order[i]]);
    }
    t_.accounts = std::move(sorted);
    for (auto& a : t_.post_account) a = new_id[a];
    account_ids_.clear();
    key_ids_.clear();
    return std::move(t_);
  }

 private:
  static int32_t intern(std::unordered_map<std::string, int32_t>& ids, std::vector<std::string>& names,
                        std::string_view s) {
    auto it = ids.find(std::string(s));
    if (it != ids.end()) return it->second;
    const int32_t id = static_cast<int32_t>(names.size());
    if (names.size() >= static_cast<size_t>(INT32_MAX)) throw std::length_error("more than 2^31 distinct ids");
    names.emplace_back(s);
    ids.emplace(names.back(), id);
    return id;
  }

  ShareTable t_;
  std::unordered_map<std::string, int32_t> account_ids_, key_ids_;
  std::vector<int32_t> scratch_;
};

// --- the index ------------------------------------------------------------------

// Compressed rows: the items of row r are items[begin[r] .. begin[r+1]).
struct Csr {
  std::vector<int64_t> begin;
  std::vector<int32_t> items;
};

inline Csr group_by(size_t rows, const std::vector<int32_t>& row_of_item) {
  Csr c;
  c.begin.assign(rows + 1, 0);
  for (int32_t r : row_of_item) ++c.begin[static_cast<size_t>(r) + 1];
  for (size_t r = 0; r < rows; ++r) c.begin[r + 1] += c.begin[r];
  c.items.resize(row_of_item.size());
  std::vector<int64_t> next(c.begin.begin(), c.begin.end() - 1);
  for (size_t i = 0; i < row_of_item.size(); ++i)
    c.items[static_cast<size_t>(next[static_cast<size_t>(row_of_item[i])]++)] = static_cast<int32_t>(i);
  return c;
}

// Shares sorted by (key, time, post): position -> share, time, account; and
// share -> position. Rebuilt for every permutation of the null model.
struct KeyIndex {
  std::vector<int64_t> key_begin;  // positions of key k: [key_begin[k], key_begin[k+1])
  std::vector<int64_t> time;       // per position
  std::vector<int32_t> account;    // per position
  std::vector<int32_t> post;       // per position
  std::vector<int32_t> share;      // per position
  std::vector<int64_t> position_of_share;
};

inline KeyIndex build_key_index(const ShareTable& t, const std::vector<int64_t>& post_time) {
  KeyIndex x;
  Csr by_key = group_by(t.num_keys(), t.share_key);  // shares of each key, in share order
  x.key_begin = by_key.begin;
  std::vector<int32_t>& shares = by_key.items;
  for (size_t k = 0; k < t.num_keys(); ++k) {
    auto b = shares.begin() + x.key_begin[k], e = shares.begin() + x.key_begin[k + 1];
    std::sort(b, e, [&](int32_t s1, int32_t s2) {
      const int32_t p1 = t.share_post[s1], p2 = t.share_post[s2];
      const int64_t t1 = post_time[p1], t2 = post_time[p2];
      return t1 != t2 ? t1 < t2 : p1 < p2;
    });
  }
  const size_t n = shares.size();
  x.time.resize(n);
  x.account.resize(n);
  x.post.resize(n);
  x.share = shares;
  x.position_of_share.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const int32_t s = shares[i];
    const int32_t p = t.share_post[s];
    x.time[i] = post_time[p];
    x.account[i] = t.post_account[p];
    x.post[i] = p;
    x.position_of_share[s] = static_cast<int64_t>(i);
  }
  return x;
}

// Unordered share pairs of one key at most `window_ms` apart (every pair,
// also two shares of one account): what the scan of that key costs.
inline uint64_t pairs_within_window(const KeyIndex& x, size_t key, int64_t window_ms) {
  uint64_t pairs = 0;
  int64_t hi = x.key_begin[key];
  const int64_t end = x.key_begin[key + 1];
  for (int64_t i = x.key_begin[key]; i < end; ++i) {
    if (hi < i + 1) hi = i + 1;
    while (hi < end && x.time[hi] - x.time[i] <= window_ms) ++hi;
    pairs += static_cast<uint64_t>(hi - i - 1);
  }
  return pairs;
}

// --- the scan --------------------------------------------------------------------

// Per-target accumulators of the account being scanned, and per-post marks.
struct Scratch {
  std::vector<int32_t> last_post;     // the post of the scanned account that last counted this target
  std::vector<int32_t> counted_for;   // per post: the scanned account that last counted this post
  std::vector<uint32_t> posts;        // posts(A->B)
  std::vector<uint32_t> posts_rev;    // posts(B->A): B's distinct posts with an A share within W
  std::vector<uint64_t> pairs;        // share pairs (A,B)
  std::vector<int64_t> sum_dt_ms;     // sum of |dt| over those pairs
  std::vector<int32_t> touched;       // targets with pairs > 0, in first-touch order

  Scratch(size_t accounts, size_t posts_total)
      : last_post(accounts, -1), counted_for(posts_total, -1), posts(accounts, 0), posts_rev(accounts, 0),
        pairs(accounts, 0), sum_dt_ms(accounts, 0) {}
  void clear() {
    for (int32_t b : touched) posts[b] = 0, posts_rev[b] = 0, pairs[b] = 0, sum_dt_ms[b] = 0;
    touched.clear();
  }
};

struct ScanInputs {
  const ShareTable* table = nullptr;
  const Csr* posts_of_account = nullptr;
  const Csr* shares_of_post = nullptr;
  const std::vector<char>* key_excluded = nullptr;     // objects left out (the cap)
  const std::vector<char>* account_active = nullptr;   // accounts taking part (CooRTweet prefilter)
  const std::vector<char>* scan_account = nullptr;     // sources to scan; nullptr: every active account
  int64_t window_ms = 0;
};

struct ScanCounts {
  uint64_t visits = 0;  // directed share pairs between two active accounts inside W (2 per pair)
};

// Calls flush(A, scratch, coordinated_posts_of_A) once per active account A
// (in id order) after gathering A's statistics against every partner B.
// flush may read scratch.touched and the arrays; the scan clears them after.
template <class Flush>
ScanCounts scan_pairs(const ScanInputs& in, const KeyIndex& x, Scratch& s, Flush&& flush) {
  ScanCounts counts;
  const ShareTable& t = *in.table;
  const auto& excluded = *in.key_excluded;
  const auto& active = *in.account_active;
  const int64_t w = in.window_ms;
  for (size_t a = 0; a < t.num_accounts(); ++a) {
    if (!active[a] || (in.scan_account && !(*in.scan_account)[a])) continue;
    const int32_t A = static_cast<int32_t>(a);
    int64_t coordinated = 0;
    const Csr& pa = *in.posts_of_account;
    for (int64_t pi = pa.begin[a]; pi < pa.begin[a + 1]; ++pi) {
      const int32_t p = pa.items[static_cast<size_t>(pi)];
      bool any = false;
      auto visit = [&](int64_t j, int64_t dt) {
        const int32_t B = x.account[static_cast<size_t>(j)];
        if (B == A || !active[B]) return;
        ++counts.visits;
        if (s.pairs[B] == 0) s.touched.push_back(B);
        ++s.pairs[B];
        s.sum_dt_ms[B] += dt;
        if (s.last_post[B] != p) {
          s.last_post[B] = p;
          ++s.posts[B];
        }
        const int32_t q = x.post[static_cast<size_t>(j)];
        if (s.counted_for[q] != A) {
          s.counted_for[q] = A;
          ++s.posts_rev[B];
        }
        any = true;
      };
      const Csr& sp = *in.shares_of_post;
      for (int64_t si = sp.begin[p]; si < sp.begin[p + 1]; ++si) {
        const int32_t share = sp.items[static_cast<size_t>(si)];
        const int32_t key = t.share_key[share];
        if (excluded[key]) continue;
        const int64_t pos = x.position_of_share[share];
        const int64_t b = x.key_begin[key], e = x.key_begin[key + 1];
        const int64_t tp = x.time[pos];
        for (int64_t j = pos - 1; j >= b && tp - x.time[j] <= w; --j) visit(j, tp - x.time[j]);
        for (int64_t j = pos + 1; j < e && x.time[j] - tp <= w; ++j) visit(j, x.time[j] - tp);
      }
      coordinated += any;
    }
    flush(A, s, coordinated);
    s.clear();
  }
  return counts;
}

// Every directed account pair with at least one share pair inside W, as rows
// by source (targets ascending), plus per-account coordinated posts: what
// scan_pairs (the null model's scan) sees, gathered whole. The observed
// network uses the faster gather_pair_stats below; tests check both against
// a naive all-pairs computation.
struct DirectedPairStats {
  std::vector<int64_t> row;  // per source account, into the arrays below
  std::vector<int32_t> source;
  std::vector<int32_t> target;
  std::vector<uint32_t> posts;      // posts(source -> target)
  std::vector<uint32_t> posts_rev;  // posts(target -> source)
  std::vector<uint64_t> pairs;      // share pairs (symmetric)
  std::vector<int64_t> sum_dt_ms;   // symmetric
  std::vector<int64_t> coordinated_posts;  // per account: posts with >= 1 partner
  uint64_t visits = 0;

  size_t size() const { return target.size(); }
  // Index of (a -> b), or -1.
  int64_t find(int32_t a, int32_t b) const {
    auto first = target.begin() + row[a], last = target.begin() + row[a + 1];
    auto it = std::lower_bound(first, last, b);
    return it != last && *it == b ? it - target.begin() : -1;
  }
};

// The whole engine for the observed data: index, scan, gathered rows.
struct Prepared {
  Csr posts_of_account;
  Csr shares_of_post;
  std::vector<char> key_excluded;
  std::vector<char> account_active;
  std::vector<int64_t> shares_of_account;  // share rows per account
  std::vector<uint64_t> key_pairs;         // pairs inside W per key (cost), all keys
};

inline Prepared prepare(const ShareTable& t, const KeyIndex& x, int64_t window_ms,
                        uint64_t max_pairs_per_object, int64_t min_shares_per_account) {
  Prepared p;
  p.posts_of_account = group_by(t.num_accounts(), t.post_account);
  p.shares_of_post = group_by(t.num_posts(), t.share_post);
  p.key_excluded.assign(t.num_keys(), 0);
  p.key_pairs.resize(t.num_keys());
  for (size_t k = 0; k < t.num_keys(); ++k) {
    p.key_pairs[k] = pairs_within_window(x, k, window_ms);
    if (max_pairs_per_object > 0 && p.key_pairs[k] > max_pairs_per_object) p.key_excluded[k] = 1;
  }
  p.shares_of_account.assign(t.num_accounts(), 0);
  for (int32_t post : t.share_post) ++p.shares_of_account[t.post_account[post]];
  p.account_active.assign(t.num_accounts(), 1);
  for (size_t a = 0; a < t.num_accounts(); ++a)
    if (p.shares_of_account[a] < min_shares_per_account) p.account_active[a] = 0;
  return p;
}

inline ScanInputs scan_inputs(const ShareTable& t, const Prepared& p, int64_t window_ms) {
  ScanInputs in;
  in.table = &t;
  in.posts_of_account = &p.posts_of_account;
  in.shares_of_post = &p.shares_of_post;
  in.key_excluded = &p.key_excluded;
  in.account_active = &p.account_active;
  in.window_ms = window_ms;
  return in;
}

inline DirectedPairStats gather_directed_by_account(const ShareTable& t, const Prepared& p, const KeyIndex& x,
                                                   int64_t window_ms) {
  DirectedPairStats r;
  r.row.assign(t.num_accounts() + 1, 0);
  r.coordinated_posts.assign(t.num_accounts(), 0);
  Scratch s(t.num_accounts(), t.num_posts());
  // At most one entry per directed pair visit: reserve the bound so the
  // arrays grow once (2 x pairs inside W, same-account pairs included).
  uint64_t bound = 0;
  for (size_t k = 0; k < t.num_keys(); ++k)
    if (!p.key_excluded[k]) bound += 2 * p.key_pairs[k];
  bound = std::min<uint64_t>(bound, 1ULL << 20);  // beyond: grow by doubling
  r.source.reserve(bound), r.target.reserve(bound), r.posts.reserve(bound), r.posts_rev.reserve(bound);
  r.pairs.reserve(bound), r.sum_dt_ms.reserve(bound);
  int64_t filled_to = 0;  // rows of accounts before the current one are final
  ScanCounts c = scan_pairs(scan_inputs(t, p, window_ms), x, s, [&](int32_t a, Scratch& sc, int64_t coord) {
    for (int64_t q = filled_to; q <= a; ++q) r.row[q] = static_cast<int64_t>(r.target.size());
    filled_to = a + 1;
    r.coordinated_posts[a] = coord;
    std::sort(sc.touched.begin(), sc.touched.end());
    for (int32_t b : sc.touched) {
      r.source.push_back(a);
      r.target.push_back(b);
      r.posts.push_back(sc.posts[b]);
      r.posts_rev.push_back(sc.posts_rev[b]);
      r.pairs.push_back(sc.pairs[b]);
      r.sum_dt_ms.push_back(sc.sum_dt_ms[b]);
    }
  });
  for (size_t q = static_cast<size_t>(filled_to); q <= t.num_accounts(); ++q)
    r.row[q] = static_cast<int64_t>(r.target.size());
  r.visits = c.visits;
  return r;
}

// --- the observed pair statistics, in key order ------------------------------------

// One share pair inside W between two different accounts, lo < hi: 16
// bytes, so the radix sort moves little. `packed` is
// (lo * num_accounts + hi) << dt_bits | |dt| when that fits in 64 bits
// (e.g. 1M accounts and W up to 4.6 h); otherwise dt_bits = 0 and |dt| is
// recomputed from the two posts' times.
struct PairRecord {
  uint64_t packed;
  int32_t post_lo, post_hi;
};

// Stable LSD radix sort by a uint64 key, 16-bit digits; digits equal in
// every item are skipped.
template <class T, class KeyOf>
void radix_sort_by_key(std::vector<T>& v, KeyOf key_of, int first_bit = 0) {
  if (v.size() < 2) return;
  uint64_t all_or = 0, all_and = ~0ULL;
  for (const auto& r : v) all_or |= key_of(r), all_and &= key_of(r);
  std::vector<T> tmp;
  std::vector<size_t> count(65536 + 1);
  for (int shift = first_bit; shift < 64; shift += 16) {  // bits below first_bit: order not needed
    if ((((all_or ^ all_and) >> shift) & 0xFFFF) == 0) continue;  // digit constant
    if (tmp.empty()) tmp.resize(v.size());
    std::fill(count.begin(), count.end(), 0);
    for (const auto& r : v) ++count[((key_of(r) >> shift) & 0xFFFF) + 1];
    for (size_t d = 0; d < 65536; ++d) count[d + 1] += count[d];
    for (const auto& r : v) tmp[count[(key_of(r) >> shift) & 0xFFFF]++] = r;
    v.swap(tmp);
  }
}

// Undirected account pairs (lo < hi by id, so by byte order of the ids) with
// at least one share pair inside W, sorted by (lo, hi).
struct PairStats {
  std::vector<int32_t> lo, hi;
  std::vector<uint32_t> posts_lo;  // posts(lo -> hi): lo's distinct posts with a hi share within W
  std::vector<uint32_t> posts_hi;  // posts(hi -> lo)
  std::vector<uint64_t> pairs;     // share pairs
  std::vector<int64_t> sum_dt_ms;  // sum of |dt| over them
  std::vector<int64_t> coordinated_posts;   // per account: posts with >= 1 partner
  std::vector<int64_t> coordinated_shares;  // per account: share rows (post, object) of those posts
  uint64_t visits = 0;                      // 2 x share pairs between different active accounts

  size_t size() const { return lo.size(); }
};

// Walks each object's time-sorted shares with a sliding window (each pair
// once, j > i), records the pairs between different active accounts, sorts
// the records by account pair and reduces them. Memory: 16 bytes per share
// pair inside W (between different accounts), plus a sort buffer as large.
inline PairStats gather_pair_stats(const ShareTable& t, const Prepared& p, const KeyIndex& x, int64_t window_ms) {
  PairStats r;
  const auto& active = p.account_active;
  std::vector<char> has_partner(t.num_posts(), 0);
  uint64_t bound = 0;
  for (size_t k = 0; k < t.num_keys(); ++k)
    if (!p.key_excluded[k]) bound += p.key_pairs[k];
  std::vector<PairRecord> rec;
  rec.reserve(bound);
  const uint64_t n_acc = t.num_accounts();
  auto bits_for = [](uint64_t v) { int b = 0; while (b < 64 && (v >> b) != 0) ++b; return b; };
  const int key_bits = n_acc > 0 ? bits_for(n_acc * n_acc - 1) : 0;  // n_acc < 2^31, so n_acc^2 < 2^62
  const int want_dt_bits = bits_for(static_cast<uint64_t>(window_ms));
  const int dt_bits = key_bits + want_dt_bits <= 64 ? want_dt_bits : 0;
  const bool dt_packed = key_bits + want_dt_bits <= 64;
  for (size_t k = 0; k < t.num_keys(); ++k) {
    if (p.key_excluded[k]) continue;
    const int64_t b = x.key_begin[k], e = x.key_begin[k + 1];
    for (int64_t i = b; i < e; ++i) {
      const int32_t A = x.account[i];
      if (!active[A]) continue;
      for (int64_t j = i + 1; j < e && x.time[j] - x.time[i] <= window_ms; ++j) {
        const int32_t B = x.account[j];
        if (B == A || !active[B]) continue;
        const bool a_low = A < B;
        const uint64_t key = a_low ? static_cast<uint64_t>(A) * n_acc + static_cast<uint64_t>(B)
                                   : static_cast<uint64_t>(B) * n_acc + static_cast<uint64_t>(A);
        const uint64_t dt = dt_packed ? static_cast<uint64_t>(x.time[j] - x.time[i]) : 0;
        rec.push_back({dt_bits > 0 ? (key << dt_bits | dt) : key, a_low ? x.post[i] : x.post[j],
                       a_low ? x.post[j] : x.post[i]});
        has_partner[x.post[i]] = has_partner[x.post[j]] = 1;
      }
    }
  }
  r.visits = 2 * rec.size();
  radix_sort_by_key(rec, [](const PairRecord& q) { return q.packed; }, dt_bits);
  const uint64_t dt_mask = dt_bits > 0 ? (~0ULL >> (64 - dt_bits)) : 0;
  auto key_of = [&](const PairRecord& q) { return q.packed >> dt_bits; };
  auto dt_of = [&](const PairRecord& q) -> int64_t {
    if (dt_packed) return static_cast<int64_t>(q.packed & dt_mask);
    return std::llabs(t.post_time_ms[q.post_lo] - t.post_time_ms[q.post_hi]);
  };
  for (auto* v : {&r.lo, &r.hi}) v->reserve(rec.size());
  r.posts_lo.reserve(rec.size()), r.posts_hi.reserve(rec.size());
  r.pairs.reserve(rec.size()), r.sum_dt_ms.reserve(rec.size());
  std::vector<int32_t> scratch;
  auto distinct = [&](size_t g0, size_t g1, bool low) -> uint32_t {
    if (g1 - g0 == 1) return 1;
    scratch.clear();
    for (size_t q = g0; q < g1; ++q) scratch.push_back(low ? rec[q].post_lo : rec[q].post_hi);
    std::sort(scratch.begin(), scratch.end());
    return static_cast<uint32_t>(std::unique(scratch.begin(), scratch.end()) - scratch.begin());
  };
  for (size_t g0 = 0; g0 < rec.size();) {
    size_t g1 = g0 + 1;
    const uint64_t key = key_of(rec[g0]);
    int64_t dt = dt_of(rec[g0]);
    while (g1 < rec.size() && key_of(rec[g1]) == key) dt += dt_of(rec[g1++]);
    r.lo.push_back(static_cast<int32_t>(key / n_acc));
    r.hi.push_back(static_cast<int32_t>(key % n_acc));
    r.posts_lo.push_back(distinct(g0, g1, true));
    r.posts_hi.push_back(distinct(g0, g1, false));
    r.pairs.push_back(g1 - g0);
    r.sum_dt_ms.push_back(dt);
    g0 = g1;
  }
  r.coordinated_posts.assign(t.num_accounts(), 0);
  r.coordinated_shares.assign(t.num_accounts(), 0);
  for (size_t q = 0; q < t.num_posts(); ++q) {
    if (!has_partner[q]) continue;
    r.coordinated_posts[t.post_account[q]] += 1;
    r.coordinated_shares[t.post_account[q]] += p.shares_of_post.begin[q + 1] - p.shares_of_post.begin[q];
  }
  return r;
}

// --- small statistics -----------------------------------------------------------

// The q-quantile of `values` by linear interpolation between order statistics
// (R's quantile type 7, CooRTweet's default): h = (n-1) q,
// x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). NaN when empty.
inline double quantile_type7(std::vector<double> values, double q) {
  if (values.empty()) return std::nan("");
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  // Two order statistics in linear time (no full sort of millions of weights).
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double x_lo = values[lo];
  if (lo + 1 >= values.size()) return x_lo;
  const double x_hi = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

}  // namespace chorus::coordination_coaction
