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
//
// Inline here: the templates (ShareTableBuilder::add_post, runs per post;
// scan_pairs, the null model's inner loop, instantiated with its flush).
// Everything else is in coaction_core.cpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
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
  ShareTable finish();

 private:
  static int32_t intern(std::unordered_map<std::string, int32_t>& ids, std::vector<std::string>& names,
                        std::string_view s);

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

Csr group_by(size_t rows, const std::vector<int32_t>& row_of_item);

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

KeyIndex build_key_index(const ShareTable& t, const std::vector<int64_t>& post_time);

// Unordered share pairs of one key at most `window_ms` apart (every pair,
// also two shares of one account): what the scan of that key costs.
uint64_t pairs_within_window(const KeyIndex& x, size_t key, int64_t window_ms);

// --- the scan --------------------------------------------------------------------

// Per-target accumulators of the account being scanned, and per-post marks.
struct Scratch {
  std::vector<int32_t> last_post;    // the post of the scanned account that last counted this target
  std::vector<int32_t> counted_for;  // per post: the scanned account that last counted this post
  std::vector<uint32_t> posts;       // posts(A->B)
  std::vector<uint32_t> posts_rev;   // posts(B->A): B's distinct posts with an A share within W
  std::vector<uint64_t> pairs;       // share pairs (A,B)
  std::vector<int64_t> sum_dt_ms;    // sum of |dt| over those pairs
  std::vector<int32_t> touched;      // targets with pairs > 0, in first-touch order

  Scratch(size_t accounts, size_t posts_total)
      : last_post(accounts, -1),
        counted_for(posts_total, -1),
        posts(accounts, 0),
        posts_rev(accounts, 0),
        pairs(accounts, 0),
        sum_dt_ms(accounts, 0) {}
  void clear() {
    for (int32_t b : touched) posts[b] = 0, posts_rev[b] = 0, pairs[b] = 0, sum_dt_ms[b] = 0;
    touched.clear();
  }
};

struct ScanInputs {
  const ShareTable* table = nullptr;
  const Csr* posts_of_account = nullptr;
  const Csr* shares_of_post = nullptr;
  const std::vector<char>* key_excluded = nullptr;    // objects left out (the cap)
  const std::vector<char>* account_active = nullptr;  // accounts taking part (CooRTweet prefilter)
  const std::vector<char>* scan_account = nullptr;    // sources to scan; nullptr: every active account
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
  std::vector<uint32_t> posts;             // posts(source -> target)
  std::vector<uint32_t> posts_rev;         // posts(target -> source)
  std::vector<uint64_t> pairs;             // share pairs (symmetric)
  std::vector<int64_t> sum_dt_ms;          // symmetric
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

Prepared prepare(const ShareTable& t, const KeyIndex& x, int64_t window_ms, uint64_t max_pairs_per_object,
                 int64_t min_shares_per_account);

ScanInputs scan_inputs(const ShareTable& t, const Prepared& p, int64_t window_ms);

// Every directed pair by source account (scan_pairs gathered whole): the
// reference the tests hold gather_pair_stats to.
DirectedPairStats gather_directed_by_account(const ShareTable& t, const Prepared& p, const KeyIndex& x,
                                             int64_t window_ms);

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

// Undirected account pairs (lo < hi by id, so by byte order of the ids) with
// at least one share pair inside W, sorted by (lo, hi).
struct PairStats {
  std::vector<int32_t> lo, hi;
  std::vector<uint32_t> posts_lo;  // posts(lo -> hi): lo's distinct posts with a hi share within W
  std::vector<uint32_t> posts_hi;  // posts(hi -> lo)
  std::vector<uint64_t> pairs;     // share pairs
  std::vector<int64_t> sum_dt_ms;  // sum of |dt| over them
  // Repetition over time (UTC calendar days, floor(ms / 86400000)): days of
  // lo's posts counted in posts_lo, of hi's posts counted in posts_hi, and of
  // the share pairs (each pair on the day of its earlier share).
  std::vector<uint32_t> days_lo, days_hi, days_pair;
  std::vector<int64_t> coordinated_posts;   // per account: posts with >= 1 partner
  std::vector<int64_t> coordinated_shares;  // per account: share rows (post, object) of those posts
  uint64_t visits = 0;                      // 2 x share pairs between different active accounts

  size_t size() const { return lo.size(); }
};

// Walks each object's time-sorted shares with a sliding window (each pair
// once, j > i), records the pairs between different active accounts, sorts
// the records by account pair and reduces them. Memory: 16 bytes per share
// pair inside W (between different accounts), plus a sort buffer as large.
PairStats gather_pair_stats(const ShareTable& t, const Prepared& p, const KeyIndex& x, int64_t window_ms);

// --- small statistics -----------------------------------------------------------

// The UTC calendar day of a time in ms since the epoch: floor(ms / 86400000).
int64_t utc_day(int64_t ms);

// The q-quantile of `values` by linear interpolation between order statistics
// (R's quantile type 7, CooRTweet's default): h = (n-1) q,
// x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). NaN when empty.
double quantile_type7(std::vector<double> values, double q);

}  // namespace chorus::coordination_coaction
