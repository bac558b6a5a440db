#include "row_filter.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace chorus::table_filter {

namespace {

template <class T>
bool compare_values(Op op, const T& a, const T& b) {
  switch (op) {
    case Op::Eq:
      return a == b;
    case Op::Ne:
      return a != b;
    case Op::Lt:
      return a < b;
    case Op::Le:
      return a <= b;
    case Op::Gt:
      return a > b;
    case Op::Ge:
      return a >= b;
    default:
      return false;
  }
}

}  // namespace

void apply_condition(const Bound& b, const Column& col, std::vector<uint8_t>& keep) {
  const int64_t n = col.size();
  if (b.op == Op::IsNull || b.op == Op::NotNull) {
    const bool want_null = b.op == Op::IsNull;
    for (int64_t r = 0; r < n; ++r)
      if (keep[r] && col.is_null(r) != want_null) keep[r] = 0;
    return;
  }
  const bool in = b.op == Op::In, not_in = b.op == Op::NotIn;
  for (int64_t r = 0; r < n; ++r) {
    if (!keep[r]) continue;
    if (col.is_null(r)) {
      keep[r] = 0;
      continue;
    }
    bool ok = false;
    switch (b.type.id) {
      case TypeId::Bool:
      case TypeId::Int64:
      case TypeId::Timestamp: {
        int64_t v = col.int64(r);
        if (in || not_in)
          ok = std::binary_search(b.ints.begin(), b.ints.end(), v) == in;
        else
          ok = compare_values(b.op, v, b.i);
        break;
      }
      case TypeId::Float64: {
        double v = col.float64(r);
        if (in || not_in)
          ok = std::binary_search(b.doubles.begin(), b.doubles.end(), v) == in;
        else
          ok = compare_values(b.op, v, b.d);
        break;
      }
      case TypeId::Utf8: {
        std::string_view v = col.str(r);
        if (in || not_in)
          ok = std::binary_search(b.strings.begin(), b.strings.end(), v, std::less<>()) == in;
        else if (b.op == Op::Contains)
          ok = v.find(b.s) != std::string_view::npos;
        else
          ok = compare_values(b.op, v, std::string_view(b.s));
        break;
      }
      case TypeId::ListUtf8: {  // only contains reaches here
        for (int64_t j = 0; j < col.list_size(r) && !ok; ++j) ok = col.list_item(r, j) == b.s;
        break;
      }
    }
    if (!ok) keep[r] = 0;
  }
}

Batch filter_batch(const std::vector<Bound>& conds, const Batch& in) {
  const int64_t n = in.rows();
  std::vector<uint8_t> keep(static_cast<size_t>(n), 1);
  for (const auto& b : conds) apply_condition(b, in.column(b.col), keep);
  size_t kept = static_cast<size_t>(std::count(keep.begin(), keep.end(), 1));
  Batch out(in.schema());
  for (size_t c = 0; c < in.num_columns(); ++c) {
    const Column& src = in.column(c);
    Column& dst = out.column(c);
    dst.reserve(kept);
    for (int64_t r = 0; r < n; ++r)
      if (keep[r]) dst.append_from(src, r);
  }
  out.set_empty_rows(static_cast<int64_t>(kept));
  return out;
}

}  // namespace chorus::table_filter
