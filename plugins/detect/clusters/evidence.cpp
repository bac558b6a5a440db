#include "evidence.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "fdr.hpp"

namespace chorus::detect_clusters {

namespace {

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kNoDay = std::numeric_limits<int64_t>::min();

int column_of(const Batch& b, const std::string& port, const char* name, std::initializer_list<TypeId> types,
              bool required) {
  const int i = b.index_of(name);
  if (i < 0) {
    if (required) throw std::invalid_argument("input '" + port + "': no column '" + name + "'");
    return -1;
  }
  const TypeId t = b.schema()[static_cast<size_t>(i)].type.id;
  if (std::find(types.begin(), types.end(), t) == types.end()) {
    std::string want;
    for (TypeId x : types) want += (want.empty() ? "" : " or ") + DataType{x}.name();
    throw std::invalid_argument("input '" + port + "': column '" + name + "' is " +
                                b.schema()[static_cast<size_t>(i)].type.name() + ", expected " + want);
  }
  return i;
}

double number_at(const Column& c, int64_t r) {
  return c.type().id == TypeId::Float64 ? c.float64(r) : static_cast<double>(c.int64(r));
}

}  // namespace

int64_t utc_day_of_ms(int64_t ms) { return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs); }

int64_t to_ms(int64_t v, TimeUnit unit) {
  auto floor_div = [](int64_t x, int64_t d) { return x >= 0 ? x / d : -((-x + d - 1) / d); };
  switch (unit) {
    case TimeUnit::Second:
      return v * 1000;
    case TimeUnit::Milli:
      return v;
    case TimeUnit::Micro:
      return floor_div(v, 1000);
    case TimeUnit::Nano:
      return floor_div(v, 1000000);
  }
  return v;
}

// --- account ids -----------------------------------------------------------------

int32_t AccountIds::intern(std::string_view id) {
  auto it = ids_.find(std::string(id));
  if (it != ids_.end()) return it->second;
  if (names_.size() >= static_cast<size_t>(INT32_MAX)) throw std::length_error("more than 2^31 accounts");
  const int32_t n = static_cast<int32_t>(names_.size());
  names_.emplace_back(id);
  ids_.emplace(names_.back(), n);
  return n;
}

int32_t AccountIds::find(std::string_view id) const {
  auto it = ids_.find(std::string(id));
  return it == ids_.end() ? -1 : it->second;
}

std::vector<int32_t> AccountIds::finish() {
  const size_t n = names_.size();
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t x, int32_t y) { return names_[x] < names_[y]; });
  std::vector<int32_t> renumber(n);
  std::vector<std::string> sorted(n);
  for (size_t i = 0; i < n; ++i) {
    renumber[order[i]] = static_cast<int32_t>(i);
    sorted[i] = std::move(names_[order[i]]);
  }
  names_ = std::move(sorted);
  for (auto& [name, id] : ids_) id = renumber[id];
  return renumber;
}

// --- evidence --------------------------------------------------------------------

Evidence::Evidence(RuleOverrides overrides, std::string influence_entity_type, int64_t near_duplicates_max_accounts)
    : overrides_(std::move(overrides)),
      influence_entity_type_(std::move(influence_entity_type)),
      nd_max_accounts_(near_duplicates_max_accounts) {}

Stream& Evidence::stream(const std::string& name, const std::string& port) {
  auto it = index_.find(name);
  if (it != index_.end()) return streams_[it->second];
  Stream s;
  s.name = name;
  s.port = port;
  s.rule = rule_for(name, overrides_);
  index_[name] = streams_.size();
  streams_.push_back(std::move(s));
  return streams_.back();
}

void Evidence::add_row(Stream& s, int32_t a, int32_t b, double weight, double p, int32_t days, double latency) {
  if (!std::isnan(p)) {
    s.has_p = true;
    s.all_p.push_back(p);
  }
  if (weight < s.rule.min_weight) {
    ++s.counts.dropped_weight;
    return;
  }
  if (days >= 0 && days < s.rule.min_days) {
    ++s.counts.dropped_days;
    return;
  }
  s.candidates.push_back({a, b, weight, p, days, latency});
}

void Evidence::add_edges(const std::string& port, const Batch& b) {
  using T = TypeId;
  EdgeColumns c;
  c.source = column_of(b, port, "source", {T::Utf8}, true);
  c.target = column_of(b, port, "target", {T::Utf8}, true);
  c.weight = column_of(b, port, "weight", {T::Float64, T::Int64}, true);
  c.p_value = column_of(b, port, "p_value", {T::Float64}, false);
  c.active_days = column_of(b, port, "active_days", {T::Int64, T::Float64}, false);
  c.latency = column_of(b, port, "mean_time_delta_s", {T::Float64, T::Int64}, false);
  if (port == "influence") c.entity_type = column_of(b, port, "entity_type", {T::Utf8}, false);
  if (port == "signals") c.stream = column_of(b, port, "stream", {T::Utf8}, true);
  const Column& src = b.column(static_cast<size_t>(c.source));
  const Column& dst = b.column(static_cast<size_t>(c.target));
  const Column& w = b.column(static_cast<size_t>(c.weight));
  Stream* fixed = port == "signals" ? nullptr : &stream(port, port);
  for (int64_t r = 0; r < b.rows(); ++r) {
    Stream* s = fixed;
    if (!s) {
      const Column& sc = b.column(static_cast<size_t>(c.stream));
      if (sc.is_null(r) || sc.str(r).empty()) {
        // No stream to count it in: the signals pseudo-stream holds such rows.
        Stream& bad = stream("signals", "signals");
        ++bad.counts.rows, ++bad.counts.invalid;
        continue;
      }
      const std::string name(sc.str(r));
      if (std::find(evidence_ports().begin(), evidence_ports().end(), name) != evidence_ports().end())
        throw std::invalid_argument("input 'signals': column 'stream': '" + name +
                                    "' is the name of an input port; a signal stream needs a name of its own");
      s = &stream(name, port);
    }
    ++s->counts.rows;
    if (c.latency >= 0) s->has_latency = true;
    if (c.active_days >= 0) s->has_days = true;
    if (c.entity_type >= 0) {
      const Column& et = b.column(static_cast<size_t>(c.entity_type));
      if (et.is_null(r) || et.str(r) != influence_entity_type_) {
        ++s->counts.other;
        continue;
      }
    }
    double p = kNull;
    bool bad_p = false;
    if (c.p_value >= 0 && !b.column(static_cast<size_t>(c.p_value)).is_null(r)) {
      p = b.column(static_cast<size_t>(c.p_value)).float64(r);
      bad_p = !(p >= 0 && p <= 1);
    }
    if (src.is_null(r) || dst.is_null(r) || src.str(r).empty() || dst.str(r).empty() || src.str(r) == dst.str(r) ||
        w.is_null(r) || !std::isfinite(number_at(w, r)) || bad_p) {
      ++s->counts.invalid;
      continue;
    }
    int32_t days = -1;
    if (c.active_days >= 0) {
      const Column& d = b.column(static_cast<size_t>(c.active_days));
      // A null count of days is no day of repetition.
      days = d.is_null(r) ? 0 : static_cast<int32_t>(std::clamp<double>(number_at(d, r), 0, INT32_MAX));
    }
    double latency = kNull;
    if (c.latency >= 0 && !b.column(static_cast<size_t>(c.latency)).is_null(r))
      latency = number_at(b.column(static_cast<size_t>(c.latency)), r);
    add_row(*s, ids_.intern(src.str(r)), ids_.intern(dst.str(r)), number_at(w, r), p, days, latency);
  }
}

void Evidence::add_near_duplicates(const Batch& b) {
  const std::string port = "near_duplicates";
  const Column& cl = b.column(static_cast<size_t>(column_of(b, port, "cluster_id", {TypeId::Utf8}, true)));
  const Column& au = b.column(static_cast<size_t>(column_of(b, port, "author_id", {TypeId::Utf8}, true)));
  const int ti = column_of(b, port, "created_at", {TypeId::Timestamp}, false);
  Stream& s = stream(port, port);
  s.has_days = true;
  nd_connected_ = true;
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++s.counts.rows;
    if (cl.is_null(r) || au.is_null(r) || au.str(r).empty()) {
      ++s.counts.invalid;
      continue;
    }
    const std::string key(cl.str(r));
    auto it = nd_clusters_.find(key);
    if (it == nd_clusters_.end()) it = nd_clusters_.emplace(key, static_cast<int32_t>(nd_clusters_.size())).first;
    int64_t day = kNoDay;
    if (ti >= 0 && !b.column(static_cast<size_t>(ti)).is_null(r)) {
      const Column& t = b.column(static_cast<size_t>(ti));
      day = utc_day_of_ms(to_ms(t.int64(r), t.type().unit));
    } else {
      ++nd_no_time_;
    }
    nd_rows_.push_back({it->second, ids_.intern(au.str(r)), day});
  }
}

void Evidence::finish_near_duplicates() {
  if (!nd_connected_) return;
  Stream& s = stream("near_duplicates", "near_duplicates");
  std::sort(nd_rows_.begin(), nd_rows_.end(), [](const NdRow& x, const NdRow& y) {
    return std::tie(x.cluster, x.author, x.day) < std::tie(y.cluster, y.author, y.day);
  });
  nd_rows_.erase(std::unique(nd_rows_.begin(), nd_rows_.end(),
                             [](const NdRow& x, const NdRow& y) {
                               return x.cluster == y.cluster && x.author == y.author && x.day == y.day;
                             }),
                 nd_rows_.end());
  // Per pair (interned ids, a < b): shared clusters (weight) and the days on
  // which both posted a member of one shared cluster.
  auto key = [](int32_t x, int32_t y) {
    const uint32_t lo = static_cast<uint32_t>(std::min(x, y)), hi = static_cast<uint32_t>(std::max(x, y));
    return (static_cast<uint64_t>(lo) << 32) | hi;
  };
  std::vector<uint64_t> cluster_pairs;
  std::vector<std::pair<uint64_t, int64_t>> day_pairs;
  std::vector<int32_t> authors;
  std::vector<std::pair<int64_t, int32_t>> by_day;
  for (size_t i = 0; i < nd_rows_.size();) {
    size_t j = i;
    while (j < nd_rows_.size() && nd_rows_[j].cluster == nd_rows_[i].cluster) ++j;
    authors.clear();
    by_day.clear();
    for (size_t k = i; k < j; ++k) {
      if (authors.empty() || authors.back() != nd_rows_[k].author) authors.push_back(nd_rows_[k].author);
      if (nd_rows_[k].day != kNoDay) by_day.emplace_back(nd_rows_[k].day, nd_rows_[k].author);
    }
    if (static_cast<int64_t>(authors.size()) > nd_max_accounts_) {
      ++nd_capped_;
      s.counts.other += static_cast<int64_t>(j - i);
      i = j;
      continue;
    }
    for (size_t x = 0; x < authors.size(); ++x)
      for (size_t y = x + 1; y < authors.size(); ++y) cluster_pairs.push_back(key(authors[x], authors[y]));
    std::sort(by_day.begin(), by_day.end());
    for (size_t d0 = 0; d0 < by_day.size();) {
      size_t d1 = d0;
      while (d1 < by_day.size() && by_day[d1].first == by_day[d0].first) ++d1;
      for (size_t x = d0; x < d1; ++x)
        for (size_t y = x + 1; y < d1; ++y)
          day_pairs.emplace_back(key(by_day[x].second, by_day[y].second), by_day[x].first);
      d0 = d1;
    }
    i = j;
  }
  nd_rows_.clear();
  nd_rows_.shrink_to_fit();
  std::sort(cluster_pairs.begin(), cluster_pairs.end());
  std::sort(day_pairs.begin(), day_pairs.end());
  day_pairs.erase(std::unique(day_pairs.begin(), day_pairs.end()), day_pairs.end());
  size_t d = 0;
  for (size_t i = 0; i < cluster_pairs.size();) {
    size_t j = i;
    while (j < cluster_pairs.size() && cluster_pairs[j] == cluster_pairs[i]) ++j;
    const uint64_t k = cluster_pairs[i];
    while (d < day_pairs.size() && day_pairs[d].first < k) ++d;
    int32_t days = 0;
    while (d < day_pairs.size() && day_pairs[d].first == k) ++days, ++d;
    add_row(s, static_cast<int32_t>(k >> 32), static_cast<int32_t>(k & 0xffffffffu), static_cast<double>(j - i), kNull,
            days, kNull);
    i = j;
  }
}

void Evidence::finish() {
  finish_near_duplicates();
  const std::vector<int32_t> renumber = ids_.finish();
  for (Stream& s : streams_) {
    std::optional<BenjaminiHochberg> bh;
    if (s.has_p) {
      bh.emplace(std::move(s.all_p));
      s.tests = static_cast<int64_t>(bh->tests());
    }
    s.all_p = {};
    std::vector<PairEvidence> kept;
    for (const Candidate& c : s.candidates) {
      double q = kNull;
      if (bh) {
        q = bh->q(c.p);
        if (std::isnan(q) || q > s.rule.max_q) {
          ++s.counts.dropped_q;
          continue;
        }
      }
      ++s.counts.kept;
      const int32_t a = renumber[c.a], b = renumber[c.b];
      kept.push_back({std::min(a, b), std::max(a, b), c.weight, c.days, q, c.latency});
    }
    s.candidates = {};
    std::sort(kept.begin(), kept.end(),
              [](const PairEvidence& x, const PairEvidence& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    // Merge the rows of one pair (both directions, or repeated upstream rows).
    for (size_t i = 0; i < kept.size();) {
      size_t j = i + 1;
      PairEvidence m = kept[i];
      double lat_sum = std::isnan(m.latency) ? 0 : m.latency;
      int lat_n = std::isnan(m.latency) ? 0 : 1;
      for (; j < kept.size() && kept[j].a == m.a && kept[j].b == m.b; ++j) {
        m.weight = std::max(m.weight, kept[j].weight);
        m.days = std::max(m.days, kept[j].days);
        if (!std::isnan(kept[j].q)) m.q = std::isnan(m.q) ? kept[j].q : std::min(m.q, kept[j].q);
        if (!std::isnan(kept[j].latency)) lat_sum += kept[j].latency, ++lat_n;
      }
      m.latency = lat_n > 0 ? lat_sum / lat_n : kNull;
      s.pairs.push_back(m);
      i = j;
    }
  }
  std::sort(streams_.begin(), streams_.end(), [](const Stream& x, const Stream& y) { return x.name < y.name; });
  index_.clear();
  for (size_t i = 0; i < streams_.size(); ++i) index_[streams_[i].name] = i;
}

}  // namespace chorus::detect_clusters
