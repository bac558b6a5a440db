// Reading members of simdjson DOM objects, shared by the JSON ingesters
// (twarc2, telegram, reddit): absent, null and wrongly typed all read as "none".
// Header-only on purpose: these are called for every member of every record,
// and inlined they cost a lookup each, not a call.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string_view>

namespace chorus::ingest_common {

namespace dom = simdjson::dom;

inline bool member(dom::object o, std::string_view key, dom::element& out) { return !o.at_key(key).get(out); }
inline bool has(dom::object o, std::string_view key) {
  dom::element e;
  return member(o, key, e);
}
// A string member; absent, null or another type -> nullopt.
inline std::optional<std::string_view> str_of(dom::object o, std::string_view key) {
  dom::element e;
  std::string_view s;
  if (member(o, key, e) && !e.get_string().get(s)) return s;
  return std::nullopt;
}
// A non-empty string member.
inline std::optional<std::string_view> text_of(dom::object o, std::string_view key) {
  auto s = str_of(o, key);
  if (s && s->empty()) return std::nullopt;
  return s;
}
inline bool obj_of(dom::object o, std::string_view key, dom::object& out) {
  dom::element e;
  return member(o, key, e) && !e.get_object().get(out);
}
inline bool arr_of(dom::object o, std::string_view key, dom::array& out) {
  dom::element e;
  return member(o, key, e) && !e.get_array().get(out);
}

// "an array", "a number", ... for messages about a value of the wrong kind.
inline const char* json_kind(dom::element_type t) {
  using T = dom::element_type;
  switch (t) {
    case T::ARRAY:
      return "an array";
    case T::OBJECT:
      return "an object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
      return "a number";
    case T::STRING:
      return "a string";
    case T::BOOL:
      return "a boolean";
    case T::NULL_VALUE:
      return "null";
  }
  return "a value";
}

}  // namespace chorus::ingest_common
