// Internal to the rules, the lint and their driver (stix_validate): a bundle's
// objects are checked as the JSON lines they are written as, each parsed
// with simdjson's DOM (a few microseconds an object) instead of held as
// nlohmann trees. The index is what a check needs to know about other
// objects: where an id first appears, whether that object has `created`
// (an SCO has none) and its `modified`.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stix_json.hpp"
#include "stix_rules.hpp"

namespace chorus::export_stix::dom {

using El = simdjson::dom::element;
using simdjson::dom::element_type;

inline bool is_object(El v) { return v.type() == element_type::OBJECT; }
inline bool is_array(El v) { return v.type() == element_type::ARRAY; }
inline bool is_string(El v) { return v.type() == element_type::STRING; }
inline bool is_container(El v) { return is_object(v) || is_array(v); }
// A member of an object (false when `o` is no object or lacks the key).
inline bool member(El o, std::string_view key, El& out) {
  return is_object(o) && o.at_key(key).get(out) == simdjson::SUCCESS;
}
inline bool has(El o, std::string_view key) {
  El v;
  return member(o, key, v);
}
// A string member, else `fallback`.
inline std::string_view string_or(El o, std::string_view key, std::string_view fallback) {
  El v;
  std::string_view s;
  if (member(o, key, v) && v.get_string().get(s) == simdjson::SUCCESS) return s;
  return fallback;
}
inline std::string_view str(El v) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}
// A JSON integer in [lo, hi] (int64 or uint64 as nlohmann's is_number_integer).
inline bool integer_in(El v, int64_t lo, int64_t hi) {
  int64_t x = 0;
  uint64_t u = 0;
  if (v.type() == element_type::INT64 && v.get_int64().get(x) == simdjson::SUCCESS) return x >= lo && x <= hi;
  if (v.type() == element_type::UINT64 && v.get_uint64().get(u) == simdjson::SUCCESS)
    return u <= static_cast<uint64_t>(hi);
  return false;
}
inline std::string text(El v) { return simdjson::minify(v); }
// The array / object of a value known to be one, by value (a range-for over
// get_array().value_unsafe() would iterate a destroyed temporary).
inline simdjson::dom::array array_of(El v) {
  simdjson::dom::array a;
  if (v.get_array().get(a) != simdjson::SUCCESS) return {};
  return a;
}
inline simdjson::dom::object object_of(El v) {
  simdjson::dom::object o;
  if (v.get_object().get(o) != simdjson::SUCCESS) return {};
  return o;
}

struct ObjectFacts {
  bool parsed = false, object = false, has_id = false, has_created = false;
  std::string id;
};

struct BundleIndex {
  const std::vector<std::string>* lines = nullptr;  // the objects' text (re-read for the rare duplicate id)
  std::vector<ObjectFacts> objects;
  std::unordered_map<std::string_view, size_t> first;  // id -> its first position

  // The position of an id's first object, or -1.
  long position(std::string_view id) const {
    auto it = first.find(id);
    return it == first.end() ? -1 : static_cast<long>(it->second);
  }
  const ObjectFacts* resolve(std::string_view id) const {
    const long p = position(id);
    return p < 0 ? nullptr : &objects[static_cast<size_t>(p)];
  }
  std::string id_at(size_t i) const { return objects[i].has_id ? objects[i].id : std::string(); }
  // The minified `modified` of object i, "null" when absent.
  std::string modified_at(size_t i) const;
};

// expected_sco_id of stix_rules.hpp on a parsed object.
std::string expected_sco_id(El o);

// The rules of stix_rules.hpp, one object at a time.
class RuleChecker {
 public:
  RuleChecker(const BundleIndex& index, const RuleOptions& options) : index_(index), opt_(options) {}
  void check(size_t i, El o, std::vector<Issue>& out) const;

 private:
  bool is_sco_ref(std::string_view id) const;
  void order(size_t i, El o, const char* a, const char* b, const char* rule, std::vector<Issue>& out) const;
  void walk_refs(size_t i, El node, const std::string& ptr, std::vector<Issue>& out) const;
  void relationship(size_t i, El o, std::vector<Issue>& out) const;
  void sighting(size_t i, El o, std::vector<Issue>& out) const;
  void issue(size_t i, const std::string& pointer, const char* rule, const std::string& msg, std::vector<Issue>& out,
             Issue::Severity sev = Issue::Severity::Error) const;

  const BundleIndex& index_;
  const RuleOptions& opt_;
};

// The importer lint of stix_lint.hpp, one object at a time, plus what the
// observed-data-only-evidence check gathers over the whole bundle.
class Linter {
 public:
  struct Evidence {
    bool any_container = false, bundle_obs = false, bundle_other = false;
    size_t first_obs = 0;
    std::vector<Issue> issues;  // containers whose only evidence is observed-data
  };

  explicit Linter(const BundleIndex& index) : index_(index) {}
  void lint(size_t i, El o, std::vector<Issue>& out) const;
  void evidence(size_t i, El o, Evidence& acc) const;
  // After every object: the bundle-level evidence issue, if any.
  void finish(const Evidence& all, std::vector<Issue>& out) const;

 private:
  void walk(size_t i, El node, const std::string& ptr, std::vector<Issue>& out) const;
  template <class Pointer>
  void check_ref(size_t i, std::string_view ref, Pointer pointer, bool marking, std::vector<Issue>& out) const;
  void issue(size_t i, const std::string& ptr, const char* rule, const std::string& msg, std::vector<Issue>& out) const;

  const BundleIndex& index_;
};

}  // namespace chorus::export_stix::dom
