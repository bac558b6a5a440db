// Field text -> a typed value appended to a column, for io/csv_read.
// Header-only on purpose: append() runs for every field of every record,
// and inlined into the read loop it skips a call and the type checks of
// Column's own append functions.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "value_parse.hpp"

namespace chorus::io_csv {

// Converts the text of one field and appends it to a column. Returns false
// (and leaves the column untouched) when the text is not a value of its type.
class FieldConverter {
 public:
  explicit FieldConverter(std::vector<std::string> null_values) : nulls_(std::move(null_values)) {
    only_empty_ = nulls_.size() == 1 && nulls_[0].empty();
  }

  bool is_null(std::string_view v, bool quoted, TypeId t) const {
    // A quoted text field is taken literally: "" is the empty string, not null.
    if (quoted && (t == TypeId::Utf8 || t == TypeId::ListUtf8)) return false;
    if (only_empty_) return v.empty();
    for (const auto& n : nulls_)
      if (v == n) return true;
    return false;
  }

  bool append(Column& col, std::string_view v, bool quoted) {
    const DataType& t = col.type();
    if (is_null(v, quoted, t.id)) {
      col.append_null();
      return true;
    }
    switch (t.id) {
      case TypeId::Utf8: {
        // Text must be valid UTF-8: anything else is a reject, never a
        // silently mangled value further down the pipeline.
        if (!simdjson::validate_utf8(v.data(), v.size())) return false;
        // Hot path: straight into the column's buffers, skipping the type
        // check of Column::append_string.
        col.valid().push_back(1);
        std::string& chars = col.chars();
        chars.append(v.data(), v.size());
        if (chars.size() > static_cast<size_t>(INT32_MAX))
          throw std::length_error("a utf8 column exceeds 2 GiB in one batch");
        col.offsets().push_back(static_cast<int32_t>(chars.size()));
        return true;
      }
      case TypeId::Int64: {
        int64_t x;
        if (!parse_int64(v, x)) return false;
        col.valid().push_back(1);
        col.ints().push_back(x);
        return true;
      }
      case TypeId::Float64: {
        double x;
        if (!parse_float64(v, x)) return false;
        col.append_double(x);
        return true;
      }
      case TypeId::Bool: {
        bool x;
        if (!parse_bool(v, x)) return false;
        col.append_bool(x);
        return true;
      }
      case TypeId::Timestamp: {
        int64_t x;
        if (!time::parse_timestamp(v, t.unit, x)) return false;
        col.append_int(x);
        return true;
      }
      case TypeId::ListUtf8: {
        size_t n;
        if (!simdjson::validate_utf8(v.data(), v.size())) return false;
        if (!parse_list(v, items_, n)) return false;
        views_.assign(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(n));
        col.append_list(views_);
        return true;
      }
    }
    return false;
  }

 private:
  std::vector<std::string> nulls_;
  bool only_empty_;
  std::vector<std::string> items_;
  std::vector<std::string_view> views_;
};

}  // namespace chorus::io_csv
