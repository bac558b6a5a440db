// Whole-range column appends for normalize/posts: the same buffers as n calls
// of Column::append_from / append_null, written at once instead of cell by
// cell (normalize/posts copies ~30 columns of every kept row).
//
// "The same buffers" includes what append_from writes for a null cell
// (valid 0, value 0, no text, no list item), whatever the source holds under
// its nulls: a null cell whose source has text or list items under it is
// copied row by row so those bytes are dropped as append_from drops them.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace chorus::normalize::posts {

namespace detail {

[[noreturn]] inline void text_too_long() {
  // Column::push_chars' message, for the same failure.
  throw std::length_error("utf8 column exceeds 2 GiB in one batch; emit smaller batches");
}

// Appends src[begin, begin + n) of a Utf8 offsets array to dst, rebased so the
// first appended string starts at dst's text end.
inline void append_rebased(std::vector<int32_t>& dst, const std::vector<int32_t>& src, int64_t begin, int64_t n,
                           int32_t base) {
  const size_t old = dst.size();
  dst.resize(old + static_cast<size_t>(n));
  const int32_t* s = src.data() + begin + 1;
  const int32_t shift = base - src[static_cast<size_t>(begin)];
  int32_t* d = dst.data() + old;
  for (int64_t k = 0; k < n; ++k) d[k] = s[k] + shift;
}

}  // namespace detail

// n null cells: as n calls of dst.append_null().
inline void append_nulls(Column& dst, int64_t n) {
  if (n <= 0) return;
  const size_t count = static_cast<size_t>(n);
  dst.valid().insert(dst.valid().end(), count, uint8_t{0});
  switch (dst.type().id) {
    case TypeId::Float64: dst.doubles().insert(dst.doubles().end(), count, 0.0); break;
    case TypeId::Utf8: dst.offsets().insert(dst.offsets().end(), count, static_cast<int32_t>(dst.chars().size())); break;
    case TypeId::ListUtf8: dst.list_offsets().insert(dst.list_offsets().end(), count, dst.list_offsets().back()); break;
    default: dst.ints().insert(dst.ints().end(), count, int64_t{0});
  }
}

// Rows [begin, begin + n) of src (same type as dst): as n calls of
// dst.append_from(src, i).
inline void append_range(Column& dst, const Column& src, int64_t begin, int64_t n) {
  if (n <= 0) return;
  if (src.type() != dst.type()) throw std::logic_error("append_range: column types differ");
  const size_t b = static_cast<size_t>(begin), count = static_cast<size_t>(n);
  const uint8_t* sv = src.valid().data() + b;
  bool any_null = false;
  {
    auto& v = dst.valid();
    const size_t old = v.size();
    v.resize(old + count);
    uint8_t* d = v.data() + old;
    uint8_t nulls = 0;
    for (size_t k = 0; k < count; ++k) {
      d[k] = sv[k] != 0;  // append_from writes 1 for every non-null cell
      nulls |= static_cast<uint8_t>(sv[k] == 0);
    }
    any_null = nulls != 0;
  }
  switch (dst.type().id) {
    case TypeId::Bool:
    case TypeId::Int64:
    case TypeId::Timestamp: {
      auto& out = dst.ints();
      const size_t old = out.size();
      out.resize(old + count);
      const int64_t* s = src.ints().data() + b;
      int64_t* d = out.data() + old;
      if (dst.type().id == TypeId::Bool) {
        for (size_t k = 0; k < count; ++k) d[k] = sv[k] != 0 && s[k] != 0 ? 1 : 0;
      } else if (any_null) {
        for (size_t k = 0; k < count; ++k) d[k] = sv[k] != 0 ? s[k] : 0;
      } else {
        std::memcpy(d, s, count * sizeof(int64_t));
      }
      break;
    }
    case TypeId::Float64: {
      auto& out = dst.doubles();
      const size_t old = out.size();
      out.resize(old + count);
      const double* s = src.doubles().data() + b;
      double* d = out.data() + old;
      if (any_null) {
        for (size_t k = 0; k < count; ++k) d[k] = sv[k] != 0 ? s[k] : 0.0;
      } else {
        std::memcpy(d, s, count * sizeof(double));
      }
      break;
    }
    case TypeId::Utf8: {
      const auto& so = src.offsets();
      if (any_null) {
        for (size_t k = 0; k < count; ++k)
          if (sv[k] == 0 && so[b + k + 1] != so[b + k]) {  // text under a null: row by row
            dst.truncate(dst.size() - static_cast<int64_t>(count));
            for (size_t j = 0; j < count; ++j) dst.append_from(src, begin + static_cast<int64_t>(j));
            return;
          }
      }
      const size_t from = static_cast<size_t>(so[b]), to = static_cast<size_t>(so[b + count]);
      auto& chars = dst.chars();
      if (chars.size() + (to - from) > static_cast<size_t>(INT32_MAX)) {
        dst.valid().resize(dst.valid().size() - count);
        detail::text_too_long();
      }
      const int32_t base = static_cast<int32_t>(chars.size());
      chars.append(src.chars().data() + from, to - from);
      detail::append_rebased(dst.offsets(), so, begin, n, base);
      break;
    }
    case TypeId::ListUtf8: {
      const auto& sl = src.list_offsets();
      if (any_null) {
        for (size_t k = 0; k < count; ++k)
          if (sv[k] == 0 && sl[b + k + 1] != sl[b + k]) {  // items under a null: row by row
            dst.truncate(dst.size() - static_cast<int64_t>(count));
            for (size_t j = 0; j < count; ++j) dst.append_from(src, begin + static_cast<int64_t>(j));
            return;
          }
      }
      const int64_t item_begin = sl[b], items = sl[b + count] - sl[b];
      const auto& so = src.offsets();
      const size_t from = static_cast<size_t>(so[static_cast<size_t>(item_begin)]);
      const size_t to = static_cast<size_t>(so[static_cast<size_t>(item_begin + items)]);
      auto& chars = dst.chars();
      if (chars.size() + (to - from) > static_cast<size_t>(INT32_MAX)) {
        dst.valid().resize(dst.valid().size() - count);
        detail::text_too_long();
      }
      const int32_t base_chars = static_cast<int32_t>(chars.size());
      chars.append(src.chars().data() + from, to - from);
      detail::append_rebased(dst.offsets(), so, item_begin, items, base_chars);
      detail::append_rebased(dst.list_offsets(), sl, begin, n, dst.list_offsets().back());
      break;
    }
  }
}

// Appends list<utf8> cells item by item straight into a column's buffers (no
// vector of strings per row): begin_row(), item()..., end_row() is
// append_list(items).
class ListAppender {
 public:
  explicit ListAppender(Column& c) : c_(c) {
    if (c.type().id != TypeId::ListUtf8) throw std::logic_error("ListAppender: not a list<utf8> column");
  }
  void begin_row() { items_ = 0; }
  // The text of the next item goes to chars() (appended by the caller), then:
  void end_item() {
    if (c_.chars().size() > static_cast<size_t>(INT32_MAX)) detail::text_too_long();
    c_.offsets().push_back(static_cast<int32_t>(c_.chars().size()));
    ++items_;
  }
  void item(std::string_view s) {
    c_.chars().append(s.data(), s.size());
    end_item();
  }
  std::string& chars() { return c_.chars(); }
  void end_row() {
    c_.valid().push_back(1);
    c_.list_offsets().push_back(c_.list_offsets().back() + items_);
  }

 private:
  Column& c_;
  int32_t items_ = 0;
};

}  // namespace chorus::normalize::posts
