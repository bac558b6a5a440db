// JSON values -> typed column values, for io/jsonl_read. Header-only on
// purpose: append() runs for every column of every line, and inlined into
// the read loop it costs no call.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::io_jsonl {

// "array", "number", ... for reject reasons.
inline const char* json_kind(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  switch (t) {
    case T::ARRAY:
      return "array";
    case T::OBJECT:
      return "object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
      return "number";
    case T::STRING:
      return "string";
    case T::BOOL:
      return "boolean";
    case T::NULL_VALUE:
      return "null";
  }
  return "value";
}

// Appends one JSON value to a column. Returns false, with the column
// untouched, when the value does not fit the column's type.
class ValueConverter {
 public:
  bool append(Column& col, simdjson::dom::element el) {
    using T = simdjson::dom::element_type;
    const T t = el.type();
    if (t == T::NULL_VALUE) {
      col.append_null();
      return true;
    }
    switch (col.type().id) {
      case TypeId::Utf8:
        if (t == T::STRING) {
          col.append_string(el.get_string().value_unsafe());
        } else {
          text_ = simdjson::minify(el);
          col.append_string(text_);
        }
        return true;
      case TypeId::Int64: {
        int64_t v;
        if (!integer(el, t, v)) return false;
        col.append_int(v);
        return true;
      }
      case TypeId::Float64:
        if (t != T::INT64 && t != T::UINT64 && t != T::DOUBLE) return false;
        col.append_double(el.get_double().value_unsafe());
        return true;
      case TypeId::Bool:
        if (t != T::BOOL) return false;
        col.append_bool(el.get_bool().value_unsafe());
        return true;
      case TypeId::Timestamp: {
        int64_t v;
        if (t == T::STRING) {
          if (!time::parse_timestamp(el.get_string().value_unsafe(), col.type().unit, v)) return false;
        } else if (!integer(el, t, v)) {
          return false;
        }
        col.append_int(v);
        return true;
      }
      case TypeId::ListUtf8: {
        if (t != T::ARRAY) return false;
        items_.clear();
        const simdjson::dom::array arr = el.get_array().value_unsafe();
        for (simdjson::dom::element item : arr) {
          if (item.type() != T::STRING) return false;
          items_.push_back(item.get_string().value_unsafe());
        }
        col.append_list(items_);
        return true;
      }
    }
    return false;
  }

 private:
  // A JSON integer, or a float with an integral value, in int64 range.
  static bool integer(simdjson::dom::element el, simdjson::dom::element_type t, int64_t& v) {
    using T = simdjson::dom::element_type;
    if (t == T::INT64) {
      v = el.get_int64().value_unsafe();
      return true;
    }
    if (t == T::DOUBLE) {
      double d = el.get_double().value_unsafe();
      // 2^63 is exactly representable; anything >= it or < -2^63 overflows.
      if (!(std::floor(d) == d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) return false;
      v = static_cast<int64_t>(d);
      return true;
    }
    return false;  // UINT64 (above int64), strings, booleans, arrays, objects
  }

  std::string text_;
  std::vector<std::string_view> items_;
};

}  // namespace chorus::io_jsonl
