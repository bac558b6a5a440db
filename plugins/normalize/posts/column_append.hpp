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

// Appends count values of src (from b), 0 under a null as append_from writes.
template <class T>
void append_values(std::vector<T>& out, const T* src, const uint8_t* valid, size_t count, bool any_null) {
  const size_t old = out.size();
  out.resize(old + count);
  T* d = out.data() + old;
  if (any_null) {
    for (size_t k = 0; k < count; ++k) d[k] = valid[k] != 0 ? src[k] : T{0};
  } else {
    std::memcpy(d, src, count * sizeof(T));
  }
}

// True when a null cell among count cells from b has text or list items
// under it (its offsets differ), which append_from would drop.
inline bool content_under_null(const uint8_t* valid, const std::vector<int32_t>& offsets, size_t b, size_t count) {
  for (size_t k = 0; k < count; ++k)
    if (valid[k] == 0 && offsets[b + k + 1] != offsets[b + k]) return true;
  return false;
}

// Appends the text bytes [from, to) of src; undoes the count valid() entries
// already appended when the column would pass 2 GiB of text.
inline int32_t append_chars(Column& dst, const Column& src, size_t from, size_t to, size_t count) {
  auto& chars = dst.chars();
  if (chars.size() + (to - from) > static_cast<size_t>(INT32_MAX)) {
    dst.valid().resize(dst.valid().size() - count);
    text_too_long();
  }
  const int32_t base = static_cast<int32_t>(chars.size());
  chars.append(src.chars().data() + from, to - from);
  return base;
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
    case TypeId::Bool: {
      auto& out = dst.ints();
      const size_t old = out.size();
      out.resize(old + count);
      const int64_t* s = src.ints().data() + b;
      for (size_t k = 0; k < count; ++k) out[old + k] = sv[k] != 0 && s[k] != 0 ? 1 : 0;
      break;
    }
    case TypeId::Int64:
    case TypeId::Timestamp: detail::append_values(dst.ints(), src.ints().data() + b, sv, count, any_null); break;
    case TypeId::Float64: detail::append_values(dst.doubles(), src.doubles().data() + b, sv, count, any_null); break;
    case TypeId::Utf8:
    case TypeId::ListUtf8: {
      const bool list = dst.type().id == TypeId::ListUtf8;
      if (any_null && detail::content_under_null(sv, list ? src.list_offsets() : src.offsets(), b, count)) {
        // Rare: copied row by row, as append_from drops what lies under a null.
        dst.valid().resize(dst.valid().size() - count);
        for (size_t j = 0; j < count; ++j) dst.append_from(src, begin + static_cast<int64_t>(j));
        return;
      }
      const auto& so = src.offsets();
      // The strings to copy: the rows' own (utf8) or their items (list).
      const int64_t first = list ? src.list_offsets()[b] : begin;
      const int64_t strings = list ? src.list_offsets()[b + count] - first : n;
      const size_t from = static_cast<size_t>(so[static_cast<size_t>(first)]);
      const size_t to = static_cast<size_t>(so[static_cast<size_t>(first + strings)]);
      const int32_t base = detail::append_chars(dst, src, from, to, count);
      detail::append_rebased(dst.offsets(), so, first, strings, base);
      if (list) detail::append_rebased(dst.list_offsets(), src.list_offsets(), begin, n, dst.list_offsets().back());
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
