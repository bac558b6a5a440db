#include "aggregator.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string_view>

#include <chorus/sdk/suggest.hpp>

namespace chorus::table_aggregate {

const std::pair<const char*, Fn> kFns[6] = {{"count", Fn::Count}, {"count_distinct", Fn::CountDistinct},
                                            {"sum", Fn::Sum},     {"min", Fn::Min},
                                            {"max", Fn::Max},     {"mean", Fn::Mean}};

const char* fn_name(Fn fn) {
  for (const auto& f : kFns)
    if (f.second == fn) return f.first;
  return "?";
}

namespace {

// -0.0 -> 0.0 and every NaN -> one NaN, so equal-looking values group together.
double canonical(double d) {
  if (std::isnan(d)) return std::numeric_limits<double>::quiet_NaN();
  return d == 0 ? 0.0 : d;
}
int64_t double_bits(double d) {
  d = canonical(d);
  int64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}
// Total order on doubles with NaN after every number.
bool less_double(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a < b;
}

const Field& require_field(const Schema& s, const std::string& name, const std::string& path) {
  if (const Field* f = find_field(s, name)) return *f;
  std::vector<std::string> names;
  for (const auto& f : s) names.push_back(f.name);
  throw std::invalid_argument(path + ": no column '" + name + "' in input" + sdk::did_you_mean(name, names, "columns"));
}

// Appends an unambiguous encoding of cell r to `key`.
void encode_cell(const Column& c, int64_t r, std::string& key) {
  if (c.is_null(r)) {
    key.push_back('\0');
    return;
  }
  key.push_back('\1');
  int64_t v = 0;
  switch (c.type().id) {
    case TypeId::Float64:
      v = double_bits(c.float64(r));
      break;
    case TypeId::Utf8: {
      std::string_view s = c.str(r);
      uint32_t len = static_cast<uint32_t>(s.size());
      key.append(reinterpret_cast<const char*>(&len), sizeof len);
      key.append(s.data(), s.size());
      return;
    }
    default:
      v = c.int64(r);
  }
  key.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void append_key(Column& dst, const Column& src, int64_t r) {
  if (src.type().id == TypeId::Float64 && !src.is_null(r))
    dst.append_double(canonical(src.float64(r)));
  else
    dst.append_from(src, r);
}

// -1, 0, 1 comparing key cells a and b of one column; null first.
int compare_cell(const Column& c, int64_t a, int64_t b) {
  const bool na = c.is_null(a), nb = c.is_null(b);
  if (na || nb) return na == nb ? 0 : (na ? -1 : 1);
  switch (c.type().id) {
    case TypeId::Float64: {
      double x = c.float64(a), y = c.float64(b);
      return less_double(x, y) ? -1 : less_double(y, x) ? 1 : 0;
    }
    case TypeId::Utf8: {
      int r = c.str(a).compare(c.str(b));
      return r < 0 ? -1 : r > 0 ? 1 : 0;
    }
    default: {
      int64_t x = c.int64(a), y = c.int64(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

}  // namespace

// --- types -------------------------------------------------------------------

const Field* find_field(const Schema& s, const std::string& name) {
  for (const auto& f : s)
    if (f.name == name) return &f;
  return nullptr;
}

DataType result_type(const AggSpec& a, const Schema& input) {
  if (!a.column) return {TypeId::Int64};  // count of rows
  const DataType t = require_field(input, *a.column, a.path + ".column").type;
  auto undefined = [&](const char* needs) {
    return std::invalid_argument(a.path + ".fn: " + fn_name(a.fn) + " of a " + t.name() + " column '" + *a.column +
                                 "' is not defined (" + fn_name(a.fn) + " needs " + needs + ")");
  };
  switch (a.fn) {
    case Fn::Count:
      return {TypeId::Int64};
    case Fn::CountDistinct:
      if (t.id == TypeId::ListUtf8) throw undefined("bool, int64, float64, utf8 or timestamp");
      return {TypeId::Int64};
    case Fn::Sum:
      if (t.id != TypeId::Int64 && t.id != TypeId::Float64) throw undefined("int64 or float64");
      return t;
    case Fn::Mean:
      if (t.id != TypeId::Int64 && t.id != TypeId::Float64) throw undefined("int64 or float64");
      return {TypeId::Float64};
    case Fn::Min:
    case Fn::Max:
      if (t.id == TypeId::ListUtf8) throw undefined("bool, int64, float64, utf8 or timestamp");
      return t;
  }
  return t;
}

Schema output_schema(const Config& cfg, const Schema& input) {
  Schema out;
  for (size_t i = 0; i < cfg.group_by.size(); ++i) {
    const Field& f = require_field(input, cfg.group_by[i], "with.group_by[" + std::to_string(i) + "]");
    if (f.type.id == TypeId::ListUtf8)
      throw std::invalid_argument("with.group_by[" + std::to_string(i) + "]: cannot group by list<utf8> column '" +
                                  f.name + "' (keys can be bool, int64, float64, utf8 or timestamp)");
    out.push_back(f);
  }
  for (const auto& a : cfg.aggregates) out.push_back({a.name, result_type(a, input)});
  return out;
}

// --- the aggregation -----------------------------------------------------------

Aggregator::Aggregator(Config cfg, const Schema& input)
    : cfg_(std::move(cfg)), out_schema_(table_aggregate::output_schema(cfg_, input)) {
  Schema key_schema(out_schema_.begin(), out_schema_.begin() + cfg_.group_by.size());
  keys_ = Batch(key_schema);
  for (const auto& a : cfg_.aggregates) {
    State s;
    s.spec = a;
    if (a.column) s.in_type = find_field(input, *a.column)->type;
    states_.push_back(std::move(s));
  }
  if (cfg_.group_by.empty()) new_group();  // one row even for an empty input
}

void Aggregator::add(const Batch& b) {
  const int64_t n = b.rows();
  if (n == 0) return;
  std::vector<const Column*> keys;
  for (size_t k = 0; k < cfg_.group_by.size(); ++k)
    keys.push_back(&column_of(b, cfg_.group_by[k], out_schema_[k].type));
  gid_.assign(static_cast<size_t>(n), 0);
  if (!keys.empty()) {
    std::string key;
    for (int64_t r = 0; r < n; ++r) {
      key.clear();
      for (const Column* c : keys) encode_cell(*c, r, key);
      auto [it, inserted] = index_.try_emplace(key, groups_);
      if (inserted) {
        for (size_t k = 0; k < keys.size(); ++k) append_key(keys_.column(k), *keys[k], r);
        new_group();
      }
      gid_[r] = it->second;
    }
  }
  for (auto& s : states_) {
    if (!s.spec.column) {  // count of rows
      for (int64_t r = 0; r < n; ++r) ++s.count[gid_[r]];
      continue;
    }
    update(s, column_of(b, *s.spec.column, s.in_type), n);
  }
  sorted_ = false;
}

Batch Aggregator::result(int64_t begin, int64_t end) {
  sort_groups();
  begin = std::clamp<int64_t>(begin, 0, groups_);
  end = std::clamp<int64_t>(end, begin, groups_);
  Batch out(out_schema_);
  const size_t nk = cfg_.group_by.size();
  for (size_t c = 0; c < out.num_columns(); ++c) out.column(c).reserve(static_cast<size_t>(end - begin));
  for (int64_t i = begin; i < end; ++i) {
    const int64_t g = order_[static_cast<size_t>(i)];
    for (size_t k = 0; k < nk; ++k) out.column(k).append_from(keys_.column(k), g);
    for (size_t a = 0; a < states_.size(); ++a) emit_value(states_[a], g, out.column(nk + a));
  }
  out.set_empty_rows(end - begin);
  return out;
}

const Column& Aggregator::column_of(const Batch& b, const std::string& name, const DataType& want) const {
  int i = b.index_of(name);
  if (i < 0)
    throw std::runtime_error("input batch has no column '" + name +
                             "' (the first batch had it; batches must share one schema)");
  const Column& c = b.column(static_cast<size_t>(i));
  if (c.type() != want)
    throw std::runtime_error("column '" + name + "' is " + c.type().name() + " in this batch but was " + want.name() +
                             " before");
  return c;
}

void Aggregator::new_group() {
  ++groups_;
  const size_t n = static_cast<size_t>(groups_);
  for (auto& s : states_) {
    s.count.resize(n, 0);
    s.has.resize(n, 0);
    switch (s.spec.fn) {
      case Fn::Count:
        break;
      case Fn::CountDistinct:
        if (s.in_type.id == TypeId::Utf8)
          s.distinct_strings.resize(n);
        else
          s.distinct_ints.resize(n);
        break;
      case Fn::Sum:
      case Fn::Mean:
        if (s.spec.fn == Fn::Sum && s.in_type.id == TypeId::Int64)
          s.ints.resize(n, 0);
        else
          s.sums.resize(n, 0);
        break;
      case Fn::Min:
      case Fn::Max:
        if (s.in_type.id == TypeId::Float64)
          s.doubles.resize(n, 0);
        else if (s.in_type.id == TypeId::Utf8)
          s.strings.resize(n);
        else
          s.ints.resize(n, 0);
        break;
    }
  }
}

void Aggregator::update(State& s, const Column& c, int64_t n) {
  const TypeId t = s.in_type.id;
  const bool is_max = s.spec.fn == Fn::Max;
  for (int64_t r = 0; r < n; ++r) {
    if (c.is_null(r)) continue;
    const size_t g = static_cast<size_t>(gid_[r]);
    ++s.count[g];
    switch (s.spec.fn) {
      case Fn::Count:
        break;
      case Fn::CountDistinct:
        if (t == TypeId::Utf8)
          s.distinct_strings[g].emplace(c.str(r));
        else if (t == TypeId::Float64)
          s.distinct_ints[g].insert(double_bits(c.float64(r)));
        else
          s.distinct_ints[g].insert(c.int64(r));
        break;
      case Fn::Sum:
        if (t == TypeId::Int64) {
          if (__builtin_add_overflow(s.ints[g], c.int64(r), &s.ints[g]))
            throw std::overflow_error("aggregate '" + s.spec.name + "': sum of int64 column '" + *s.spec.column +
                                      "' overflows int64");
        } else {
          s.sums[g] += c.float64(r);  // long double, rounded to float64 once at the end
        }
        break;
      case Fn::Mean:
        // Summed in long double (x86-64: 64-bit mantissa, so every int64 is
        // exact and float64 rounding error accumulates 2^11 times slower),
        // not Kahan; divided once at the end.
        s.sums[g] += t == TypeId::Int64 ? static_cast<long double>(c.int64(r)) : static_cast<long double>(c.float64(r));
        break;
      case Fn::Min:
      case Fn::Max: {
        const bool first = !s.has[g];
        if (t == TypeId::Float64) {
          double v = c.float64(r);
          if (first || (is_max ? less_double(s.doubles[g], v) : less_double(v, s.doubles[g])))
            s.doubles[g] = canonical(v);
        } else if (t == TypeId::Utf8) {
          // Byte order: char_traits<char> compares as unsigned char.
          std::string_view v = c.str(r);
          if (first || (is_max ? std::string_view(s.strings[g]) < v : v < std::string_view(s.strings[g])))
            s.strings[g].assign(v.data(), v.size());
        } else {
          int64_t v = c.int64(r);
          if (first || (is_max ? s.ints[g] < v : v < s.ints[g])) s.ints[g] = v;
        }
        break;
      }
    }
    s.has[g] = 1;
  }
}

void Aggregator::emit_value(const State& s, int64_t gi, Column& out) const {
  const size_t g = static_cast<size_t>(gi);
  const TypeId t = s.in_type.id;
  switch (s.spec.fn) {
    case Fn::Count:
      out.append_int(s.count[g]);
      return;
    case Fn::CountDistinct:
      out.append_int(
          static_cast<int64_t>(t == TypeId::Utf8 ? s.distinct_strings[g].size() : s.distinct_ints[g].size()));
      return;
    default:
      break;
  }
  if (!s.has[g]) {
    out.append_null();
    return;
  }
  switch (s.spec.fn) {
    case Fn::Sum:
      if (t == TypeId::Int64)
        out.append_int(s.ints[g]);
      else
        out.append_double(static_cast<double>(s.sums[g]));
      return;
    case Fn::Mean:
      out.append_double(static_cast<double>(s.sums[g] / static_cast<long double>(s.count[g])));
      return;
    default:  // min, max
      if (t == TypeId::Float64)
        out.append_double(s.doubles[g]);
      else if (t == TypeId::Utf8)
        out.append_string(s.strings[g]);
      else if (t == TypeId::Bool)
        out.append_bool(s.ints[g] != 0);
      else
        out.append_int(s.ints[g]);
  }
}

void Aggregator::sort_groups() {
  if (sorted_ && static_cast<int64_t>(order_.size()) == groups_) return;
  order_.resize(static_cast<size_t>(groups_));
  std::iota(order_.begin(), order_.end(), 0);
  std::sort(order_.begin(), order_.end(), [&](int64_t a, int64_t b) {
    for (size_t k = 0; k < keys_.num_columns(); ++k) {
      int c = compare_cell(keys_.column(k), a, b);
      if (c) return c < 0;
    }
    return false;
  });
  sorted_ = true;
}

}  // namespace chorus::table_aggregate
