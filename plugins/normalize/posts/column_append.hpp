// Whole-range column appends for normalize/posts: the same buffers as n calls
// of Column::append_from / append_null, written at once instead of cell by
// cell (normalize/posts copies ~30 columns of every kept row).
//
// "The same buffers" includes what append_from writes for a null cell
// (valid 0, value 0, no text, no list item), whatever the source holds under
// its nulls: a null cell whose source has text or list items under it is
// copied row by row so those bytes are dropped as append_from drops them.
//
// ListAppender stays inline here: it is called once per list item of every
// kept post (hashtags_folded, urls_normalized) and must inline into that loop.
// The range appends (one call per column and run of rows) are in column_append.cpp.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::normalize_posts {

// Throws Column::push_chars' error, for the same failure (a utf8 column past 2 GiB).
[[noreturn]] void text_too_long();

// n null cells: as n calls of dst.append_null().
void append_nulls(Column& dst, int64_t n);

// Rows [begin, begin + n) of src (same type as dst): as n calls of
// dst.append_from(src, i).
void append_range(Column& dst, const Column& src, int64_t begin, int64_t n);

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
    if (c_.chars().size() > static_cast<size_t>(INT32_MAX)) text_too_long();
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

}  // namespace chorus::normalize_posts
