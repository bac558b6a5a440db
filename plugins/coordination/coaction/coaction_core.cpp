#include "coaction_core.hpp"

#include <cmath>
#include <cstdlib>
#include <numeric>
#include <stdexcept>

namespace chorus::coordination_coaction {

ShareTable ShareTableBuilder::finish() {
  const size_t n = t_.accounts.size();
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return t_.accounts[a] < t_.accounts[b]; });
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

int32_t ShareTableBuilder::intern(std::unordered_map<std::string, int32_t>& ids, std::vector<std::string>& names,
                                  std::string_view s) {
  auto it = ids.find(std::string(s));
  if (it != ids.end()) return it->second;
  const int32_t id = static_cast<int32_t>(names.size());
  if (names.size() >= static_cast<size_t>(INT32_MAX)) throw std::length_error("more than 2^31 distinct ids");
  names.emplace_back(s);
  ids.emplace(names.back(), id);
  return id;
}

Csr group_by(size_t rows, const std::vector<int32_t>& row_of_item) {
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

KeyIndex build_key_index(const ShareTable& t, const std::vector<int64_t>& post_time) {
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

uint64_t pairs_within_window(const KeyIndex& x, size_t key, int64_t window_ms) {
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

Prepared prepare(const ShareTable& t, const KeyIndex& x, int64_t window_ms, uint64_t max_pairs_per_object,
                 int64_t min_shares_per_account) {
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

ScanInputs scan_inputs(const ShareTable& t, const Prepared& p, int64_t window_ms) {
  ScanInputs in;
  in.table = &t;
  in.posts_of_account = &p.posts_of_account;
  in.shares_of_post = &p.shares_of_post;
  in.key_excluded = &p.key_excluded;
  in.account_active = &p.account_active;
  in.window_ms = window_ms;
  return in;
}

DirectedPairStats gather_directed_by_account(const ShareTable& t, const Prepared& p, const KeyIndex& x,
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

int64_t utc_day(int64_t ms) {
  constexpr int64_t kDay = 86400000;
  return ms >= 0 ? ms / kDay : -((-ms + kDay - 1) / kDay);  // floor, also before 1970
}

namespace {

// Stable LSD radix sort by a uint64 key, 16-bit digits; digits equal in
// every item are skipped.
template <class T, class KeyOf>
void radix_sort_by_key(std::vector<T>& v, KeyOf key_of, int first_bit = 0) {
  if (v.size() < 2) return;
  uint64_t all_or = 0, all_and = ~0ULL;
  for (const auto& r : v) all_or |= key_of(r), all_and &= key_of(r);
  std::vector<T> tmp;
  std::vector<size_t> count(65536 + 1);
  for (int shift = first_bit; shift < 64; shift += 16) {          // bits below first_bit: order not needed
    if ((((all_or ^ all_and) >> shift) & 0xFFFF) == 0) continue;  // digit constant
    if (tmp.empty()) tmp.resize(v.size());
    std::fill(count.begin(), count.end(), 0);
    for (const auto& r : v) ++count[((key_of(r) >> shift) & 0xFFFF) + 1];
    for (size_t d = 0; d < 65536; ++d) count[d + 1] += count[d];
    for (const auto& r : v) tmp[count[(key_of(r) >> shift) & 0xFFFF]++] = r;
    v.swap(tmp);
  }
}

}  // namespace

PairStats gather_pair_stats(const ShareTable& t, const Prepared& p, const KeyIndex& x, int64_t window_ms) {
  PairStats r;
  const auto& active = p.account_active;
  std::vector<char> has_partner(t.num_posts(), 0);
  uint64_t bound = 0;
  for (size_t k = 0; k < t.num_keys(); ++k)
    if (!p.key_excluded[k]) bound += p.key_pairs[k];
  std::vector<PairRecord> rec;
  rec.reserve(bound);
  const uint64_t n_acc = t.num_accounts();
  auto bits_for = [](uint64_t v) {
    int b = 0;
    while (b < 64 && (v >> b) != 0) ++b;
    return b;
  };
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
        rec.push_back(
            {dt_bits > 0 ? (key << dt_bits | dt) : key, a_low ? x.post[i] : x.post[j], a_low ? x.post[j] : x.post[i]});
        has_partner[x.post[i]] = has_partner[x.post[j]] = 1;
      }
    }
  }
  r.visits = 2 * rec.size();
  radix_sort_by_key(
      rec, [](const PairRecord& q) { return q.packed; }, dt_bits);
  const uint64_t dt_mask = dt_bits > 0 ? (~0ULL >> (64 - dt_bits)) : 0;
  auto key_of = [&](const PairRecord& q) { return q.packed >> dt_bits; };
  auto dt_of = [&](const PairRecord& q) -> int64_t {
    if (dt_packed) return static_cast<int64_t>(q.packed & dt_mask);
    return std::llabs(t.post_time_ms[q.post_lo] - t.post_time_ms[q.post_hi]);
  };
  for (auto* v : {&r.lo, &r.hi}) v->reserve(rec.size());
  r.posts_lo.reserve(rec.size()), r.posts_hi.reserve(rec.size());
  r.days_lo.reserve(rec.size()), r.days_hi.reserve(rec.size()), r.days_pair.reserve(rec.size());
  r.pairs.reserve(rec.size()), r.sum_dt_ms.reserve(rec.size());
  std::vector<int32_t> scratch;
  auto distinct = [&](size_t g0, size_t g1, bool low) -> uint32_t {
    if (g1 - g0 == 1) return 1;
    scratch.clear();
    for (size_t q = g0; q < g1; ++q) scratch.push_back(low ? rec[q].post_lo : rec[q].post_hi);
    std::sort(scratch.begin(), scratch.end());
    return static_cast<uint32_t>(std::unique(scratch.begin(), scratch.end()) - scratch.begin());
  };
  // side 0: days of lo's posts, 1: of hi's posts, 2: of the earlier share of each pair.
  std::vector<int64_t> day_scratch;
  auto distinct_days = [&](size_t g0, size_t g1, int side) -> uint32_t {
    day_scratch.clear();
    for (size_t q = g0; q < g1; ++q) {
      const int64_t tl = t.post_time_ms[rec[q].post_lo], th = t.post_time_ms[rec[q].post_hi];
      day_scratch.push_back(utc_day(side == 0 ? tl : side == 1 ? th : std::min(tl, th)));
    }
    std::sort(day_scratch.begin(), day_scratch.end());
    return static_cast<uint32_t>(std::unique(day_scratch.begin(), day_scratch.end()) - day_scratch.begin());
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
    r.days_lo.push_back(distinct_days(g0, g1, 0));
    r.days_hi.push_back(distinct_days(g0, g1, 1));
    r.days_pair.push_back(distinct_days(g0, g1, 2));
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

double quantile_type7(std::vector<double> values, double q) {
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
