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
// Statistics are gathered source account by source account in scratch arrays
// indexed by target account (no hash map): for each account A and each
// partner B, posts(A->B) = A's distinct posts with a B share within W (the
// toolkit's weight), pairs(A,B) = share pairs within W (CooRTweet's weight,
// the same seen from either side) and the sum of their |dt|.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
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

// Per-target accumulators of the account being scanned.
struct Scratch {
  std::vector<int32_t> last_post;  // the post of the scanned account that last counted this target
  std::vector<uint32_t> posts;     // posts(A->B)
  std::vector<uint64_t> pairs;     // share pairs (A,B)
  std::vector<int64_t> sum_dt_ms;  // sum of |dt| over those pairs
  std::vector<int32_t> touched;    // targets with pairs > 0, in first-touch order

  explicit Scratch(size_t accounts)
      : last_post(accounts, -1), posts(accounts, 0), pairs(accounts, 0), sum_dt_ms(accounts, 0) {}
  void clear() {
    for (int32_t b : touched) posts[b] = 0, pairs[b] = 0, sum_dt_ms[b] = 0;
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
// by source (targets ascending), plus per-account coordinated posts.
struct PairStats {
  std::vector<int64_t> row;  // per source account, into the arrays below
  std::vector<int32_t> target;
  std::vector<uint32_t> posts;     // posts(source -> target)
  std::vector<uint64_t> pairs;     // share pairs (symmetric)
  std::vector<int64_t> sum_dt_ms;  // symmetric
  std::vector<int64_t> coordinated_posts;  // per account: posts with >= 1 partner
  uint64_t visits = 0;

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

inline PairStats gather_pair_stats(const ShareTable& t, const Prepared& p, const KeyIndex& x, int64_t window_ms) {
  PairStats r;
  r.row.assign(t.num_accounts() + 1, 0);
  r.coordinated_posts.assign(t.num_accounts(), 0);
  Scratch s(t.num_accounts());
  int64_t filled_to = 0;  // rows of accounts before the current one are final
  ScanCounts c = scan_pairs(scan_inputs(t, p, window_ms), x, s, [&](int32_t a, Scratch& sc, int64_t coord) {
    for (int64_t q = filled_to; q <= a; ++q) r.row[q] = static_cast<int64_t>(r.target.size());
    filled_to = a + 1;
    r.coordinated_posts[a] = coord;
    std::sort(sc.touched.begin(), sc.touched.end());
    for (int32_t b : sc.touched) {
      r.target.push_back(b);
      r.posts.push_back(sc.posts[b]);
      r.pairs.push_back(sc.pairs[b]);
      r.sum_dt_ms.push_back(sc.sum_dt_ms[b]);
    }
  });
  for (size_t q = static_cast<size_t>(filled_to); q <= t.num_accounts(); ++q)
    r.row[q] = static_cast<int64_t>(r.target.size());
  r.visits = c.visits;
  return r;
}

// --- small statistics -----------------------------------------------------------

// The q-quantile of `values` by linear interpolation between order statistics
// (R's quantile type 7, CooRTweet's default): h = (n-1) q,
// x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). NaN when empty.
inline double quantile_type7(std::vector<double> values, double q) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values.back();
  return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

}  // namespace chorus::coordination_coaction
