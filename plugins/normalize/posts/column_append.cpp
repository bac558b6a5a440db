#include "column_append.hpp"

#include <cstring>
#include <stdexcept>
#include <vector>

namespace chorus::normalize_posts {

void text_too_long() {
  // Column::push_chars' message, for the same failure.
  throw std::length_error("utf8 column exceeds 2 GiB in one batch; emit smaller batches");
}

namespace {

// Appends src[begin, begin + n) of a Utf8 offsets array to dst, rebased so the
// first appended string starts at dst's text end.
void append_rebased(std::vector<int32_t>& dst, const std::vector<int32_t>& src, int64_t begin, int64_t n,
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
bool content_under_null(const uint8_t* valid, const std::vector<int32_t>& offsets, size_t b, size_t count) {
  for (size_t k = 0; k < count; ++k)
    if (valid[k] == 0 && offsets[b + k + 1] != offsets[b + k]) return true;
  return false;
}

// Appends the text bytes [from, to) of src; undoes the count valid() entries
// already appended when the column would pass 2 GiB of text.
int32_t append_chars(Column& dst, const Column& src, size_t from, size_t to, size_t count) {
  auto& chars = dst.chars();
  if (chars.size() + (to - from) > static_cast<size_t>(INT32_MAX)) {
    dst.valid().resize(dst.valid().size() - count);
    text_too_long();
  }
  const int32_t base = static_cast<int32_t>(chars.size());
  chars.append(src.chars().data() + from, to - from);
  return base;
}

}  // namespace

void append_nulls(Column& dst, int64_t n) {
  if (n <= 0) return;
  const size_t count = static_cast<size_t>(n);
  dst.valid().insert(dst.valid().end(), count, uint8_t{0});
  switch (dst.type().id) {
    case TypeId::Float64:
      dst.doubles().insert(dst.doubles().end(), count, 0.0);
      break;
    case TypeId::Utf8:
      dst.offsets().insert(dst.offsets().end(), count, static_cast<int32_t>(dst.chars().size()));
      break;
    case TypeId::ListUtf8:
      dst.list_offsets().insert(dst.list_offsets().end(), count, dst.list_offsets().back());
      break;
    default:
      dst.ints().insert(dst.ints().end(), count, int64_t{0});
  }
}

void append_range(Column& dst, const Column& src, int64_t begin, int64_t n) {
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
    case TypeId::Timestamp:
      append_values(dst.ints(), src.ints().data() + b, sv, count, any_null);
      break;
    case TypeId::Float64:
      append_values(dst.doubles(), src.doubles().data() + b, sv, count, any_null);
      break;
    case TypeId::Utf8:
    case TypeId::ListUtf8: {
      const bool list = dst.type().id == TypeId::ListUtf8;
      if (any_null && content_under_null(sv, list ? src.list_offsets() : src.offsets(), b, count)) {
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
      const int32_t base = append_chars(dst, src, from, to, count);
      append_rebased(dst.offsets(), so, first, strings, base);
      if (list) append_rebased(dst.list_offsets(), src.list_offsets(), begin, n, dst.list_offsets().back());
      break;
    }
  }
}

}  // namespace chorus::normalize_posts
