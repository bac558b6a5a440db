// One declaration per option: a stage lists its `with:` options once, in an
// OptionTable, and the SDK derives from it the JSON Schema the host checks,
// the parsed and defaulted config struct the stage runs with, and (through
// the schema) the text `chorus inspect` and its `--markdown` docs table show. Modelled on Fluent Bit's config_map.
//
//   struct Config { int64_t n; std::string word; };
//   static const sdk::OptionTable<Config>& options() {
//     static const auto table = sdk::OptionTable<Config>()
//         .integer("n", &Config::n, 15, "Last number.").range(1, 1000000)
//         .string("word", &Config::word, "Fizz", "Word for multiples of 3.");
//     return table;
//   }
//
// A declaration with a default may be left out; one without is required,
// unless `.optional()` follows (the field then keeps the struct's initial
// value). A modifier (required, optional, range, at_least, min_items...)
// applies to the option declared just before it. A check runs after every option is parsed, for
// rules that span options. Every message names the key as `with.<key>`.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "suggest.hpp"

namespace chorus::sdk {

// A `with:` the option table rejects: the message says which key and why.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Where an option lands in a config struct: `nested(&Config::edges, &Edges::min_weight)`
// for a member of a member (a plain member pointer for a direct member).
template <class Outer, class Middle, class Inner, class T>
auto nested(Middle Outer::*outer, T Inner::*inner) {
  static_assert(std::is_same_v<Middle, Inner>, "nested(): the inner member must belong to the outer member's type");
  return [outer, inner](Outer& c) -> T& { return (c.*outer).*inner; };
}

template <class Config>
class OptionTable {
 public:
  using Json = nlohmann::json;

  // The struct member an option lands in: a member pointer or a function of the struct.
  template <class Field>
  static decltype(auto) slot(const Field& field, Config& c) {
    if constexpr (std::is_member_object_pointer_v<Field>)
      return (c.*field);
    else
      return field(c);
  }

  // The type of the struct member an option lands in.
  template <class Field>
  using field_t = std::remove_reference_t<decltype(slot(std::declval<const Field&>(), std::declval<Config&>()))>;

  // --- declarations ------------------------------------------------------------

  template <class Field>
  OptionTable& boolean(const char* name, Field field, bool fallback, const char* description) {
    return add(name, Json{{"type", "boolean"}}, description, Json(fallback),
               [field](const Json& v, Config& c) { slot(field, c) = v.get<bool>(); });
  }
  // Also the target of a `choice` whose values are numbers.
  template <class Field, class T>
  OptionTable& integer(const char* name, Field field, T fallback, const char* description) {
    static_assert(std::is_integral_v<T>, "integer(): the default must be an integer");
    using Target = field_t<Field>;
    auto& o = add(name, Json{{"type", "integer"}}, description, Json(static_cast<int64_t>(fallback)),
                  [field](const Json& v, Config& c) { slot(field, c) = static_cast<Target>(v.get<int64_t>()); });
    if (std::is_unsigned_v<Target>) o.at_least(0);
    return o;
  }
  template <class Field>
  OptionTable& integer(const char* name, Field field, const char* description) {
    using Target = field_t<Field>;
    auto& o = add(name, Json{{"type", "integer"}}, description, Json(),
                  [field](const Json& v, Config& c) { slot(field, c) = static_cast<Target>(v.get<int64_t>()); });
    if (std::is_unsigned_v<Target>) o.at_least(0);
    return o.required();
  }
  template <class Field>
  OptionTable& number(const char* name, Field field, double fallback, const char* description) {
    return add(name, Json{{"type", "number"}}, description, Json(fallback),
               [field](const Json& v, Config& c) { slot(field, c) = v.get<double>(); });
  }
  template <class Field>
  OptionTable& number(const char* name, Field field, const char* description) {
    return add(name, Json{{"type", "number"}}, description, Json(),
               [field](const Json& v, Config& c) { slot(field, c) = v.get<double>(); })
        .required();
  }
  template <class Field>
  OptionTable& string(const char* name, Field field, const char* fallback, const char* description) {
    return add(name, Json{{"type", "string"}}, description, fallback ? Json(fallback) : Json(),
               [field](const Json& v, Config& c) { slot(field, c) = v.get<std::string>(); });
  }
  // A string option without default: required unless `.optional()` follows,
  // in which case the struct keeps its own initial value (e.g. empty).
  template <class Field>
  OptionTable& string(const char* name, Field field, const char* description) {
    return string(name, field, nullptr, description).required();
  }
  // One of named values, each mapped to a C++ value (an enum, usually).
  template <class Field>
  OptionTable& choice(const char* name, Field field, std::vector<std::pair<std::string, field_t<Field>>> values,
                      const char* fallback, const char* description) {
    Json names = Json::array();
    for (const auto& v : values) names.push_back(v.first);
    auto& o = add(name, Json{{"type", "string"}, {"enum", names}}, description, fallback ? Json(fallback) : Json(),
                  [field, values](const Json& v, Config& c) {
                    for (const auto& [n, value] : values)
                      if (n == v.get<std::string>()) slot(field, c) = value;
                  });
    if (!fallback) o.required();
    return o;
  }
  // A list of strings.
  template <class Field>
  OptionTable& strings(const char* name, Field field, std::vector<std::string> fallback, const char* description) {
    return add(name, Json{{"type", "array"}, {"items", {{"type", "string"}}}}, description, Json(fallback),
               [field](const Json& v, Config& c) { slot(field, c) = v.get<std::vector<std::string>>(); });
  }
  template <class Field>
  OptionTable& strings(const char* name, Field field, const char* description) {
    return add(name, Json{{"type", "array"}, {"items", {{"type", "string"}}}}, description, Json(),
               [field](const Json& v, Config& c) { slot(field, c) = v.get<std::vector<std::string>>(); })
        .required();
  }
  // Anything else (an object, a list of objects, a number or a string): the
  // property's JSON Schema is given whole, and `convert` turns the checked
  // value into the field (throwing ConfigError for what a schema cannot say).
  // `fallback` null: no default.
  template <class Field, class Convert>
  OptionTable& json(const char* name, Field field, Json schema, Json fallback, const char* description,
                    Convert convert) {
    auto& o = add(name, std::move(schema), description, std::move(fallback),
                  [field, convert](const Json& v, Config& c) { slot(field, c) = convert(v); });
    o.options_.back().raw = true;
    return o;
  }

  // --- modifiers of the last declaration ------------------------------------------

  OptionTable& required() {
    last().required = true;
    last().schema.erase("default");
    return *this;
  }
  // A declaration without default that may be left out: the field keeps the
  // config struct's initial value.
  OptionTable& optional() {
    last().required = false;
    return *this;
  }
  OptionTable& range(double lo, double hi) { return at_least(lo).at_most(hi); }
  OptionTable& at_least(double lo) { return bound("minimum", lo); }
  OptionTable& at_most(double hi) { return bound("maximum", hi); }
  OptionTable& above(double lo) { return bound("exclusiveMinimum", lo); }
  OptionTable& min_length(size_t n) { return keyword("minLength", n); }
  OptionTable& max_length(size_t n) { return keyword("maxLength", n); }
  OptionTable& min_items(size_t n) { return keyword("minItems", n); }
  // Every item of a list of strings at least n characters long (1: no empty item).
  OptionTable& item_min_length(size_t n) {
    last().schema["items"]["minLength"] = n;
    return *this;
  }
  OptionTable& unique_items() { return keyword("uniqueItems", true); }
  // Also accepts JSON null (the field is then left as the struct has it).
  OptionTable& nullable() {
    Json& s = last().schema;
    if (s.contains("type")) s["type"] = Json::array({s["type"], "null"});
    if (s.contains("enum")) s["enum"].push_back(nullptr);
    last().nullable = true;
    return *this;
  }
  // Values of a string option's list or of a string option: from this set.
  OptionTable& one_of(std::vector<std::string> values) {
    Json& s = last().schema;
    if (s.value("type", Json()) == "array")
      s["items"]["enum"] = values;
    else
      s["enum"] = values;
    return *this;
  }
  // A rule across options, run after all are parsed (throw ConfigError).
  OptionTable& check(std::function<void(const Config&)> rule) {
    checks_.push_back(std::move(rule));
    return *this;
  }
  // Keys the stage accepts but ignores (kept for old pipelines): in the schema,
  // with their description, never in the struct.
  OptionTable& ignored(const char* name, Json schema, const char* description) {
    return add(name, std::move(schema), description, Json(), [](const Json&, Config&) {});
  }

  // --- what is derived ------------------------------------------------------------

  // The JSON Schema (draft-07) of `with:`: what the host checks and documents.
  Json schema() const {
    Json props = Json::object();
    Json required = Json::array();
    for (const auto& o : options_) {
      props[o.name] = o.schema;
      if (o.required) required.push_back(o.name);
    }
    Json s = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
    if (!required.empty()) s["required"] = required;
    return s;
  }
  std::string schema_text() const { return schema().dump(); }

  // The config struct from a `with:` object: every key checked against its
  // declaration, defaults filled in, then the cross-option checks. Throws
  // ConfigError naming the first mistake.
  Config parse(const Json& with) const {
    if (!with.is_null() && !with.is_object())
      throw ConfigError("with: expected a mapping of options, got " + type_name(with));
    std::vector<std::string> names;
    for (const auto& o : options_) names.push_back(o.name);
    if (with.is_object())
      for (auto it = with.begin(); it != with.end(); ++it)
        if (!find(it.key()))
          throw ConfigError("with: unknown option '" + it.key() + "'" + did_you_mean(it.key(), names, "expected"));
    Config c{};
    for (const auto& o : options_) {
      const bool present = with.is_object() && with.contains(o.name);
      if (!present) {
        if (o.required) throw ConfigError("with." + o.name + ": is required (" + o.description + ")");
        if (o.schema.contains("default") && !o.schema["default"].is_null()) o.assign(o.schema["default"], c);
        continue;
      }
      const Json& v = with.at(o.name);
      if (v.is_null() && o.nullable) continue;
      check_value(o, v);
      try {
        o.assign(v, c);
      } catch (const Json::exception& e) {  // a raw option whose value the schema let through
        throw ConfigError("with." + o.name + ": " + e.what());
      }
    }
    for (const auto& rule : checks_) rule(c);
    return c;
  }

 private:
  struct Option {
    std::string name;
    Json schema;
    std::string description;
    bool required = false;
    bool nullable = false;
    bool raw = false;  // checked by the host's schema validator; here only converted
    std::function<void(const Json&, Config&)> assign;
  };

  OptionTable& add(const char* name, Json schema, const char* description, Json fallback,
                   std::function<void(const Json&, Config&)> assign) {
    for (const auto& o : options_)
      if (o.name == name) throw std::logic_error(std::string("option '") + name + "' is declared twice");
    schema["description"] = description;
    if (!fallback.is_null()) schema["default"] = fallback;
    options_.push_back({name, std::move(schema), description, false, false, false, std::move(assign)});
    return *this;
  }
  Option& last() {
    if (options_.empty()) throw std::logic_error("an option modifier needs an option before it");
    return options_.back();
  }
  template <class V>
  OptionTable& keyword(const char* key, V value) {
    last().schema[key] = value;
    return *this;
  }
  OptionTable& bound(const char* key, double v) {
    Json& s = last().schema;
    // Whole bounds print as integers ("> 0", not "> 0.0"); JSON Schema reads both alike.
    if (std::nearbyint(v) == v && std::abs(v) < 9.2e18)
      s[key] = static_cast<int64_t>(v);
    else
      s[key] = v;
    return *this;
  }
  const Option* find(const std::string& name) const {
    for (const auto& o : options_)
      if (o.name == name) return &o;
    return nullptr;
  }

  static std::string type_name(const Json& v) {
    switch (v.type()) {
      case Json::value_t::null:
        return "null";
      case Json::value_t::boolean:
        return v.dump();
      case Json::value_t::object:
        return "a mapping";
      case Json::value_t::array:
        return "a list";
      case Json::value_t::string:
        return v.dump();
      default:
        return v.dump();
    }
  }
  // The checks the schema states, with the host's wording.
  static void check_value(const Option& o, const Json& v) {
    if (o.raw) return;
    const std::string key = "with." + o.name;
    const Json& s = o.schema;
    const Json t = s["type"].is_array() ? s["type"][0] : s["type"];
    auto fail = [&](const std::string& expected) {
      throw ConfigError(key + ": expected " + expected + ", got " + type_name(v));
    };
    if (t == "boolean" && !v.is_boolean()) fail("true or false");
    if (t == "integer" &&
        !(v.is_number_integer() || (v.is_number_float() && std::nearbyint(v.get<double>()) == v.get<double>())))
      fail("an integer");
    if (t == "number" && !v.is_number()) fail("a number");
    if (t == "string" && !v.is_string()) fail("a string");
    if (t == "array") {
      if (!v.is_array()) fail("a list");
      if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>())
        fail("a list of at least " + std::to_string(s["minItems"].get<size_t>()) + " item(s)");
      for (const auto& item : v) {
        if (!item.is_string())
          throw ConfigError(key + ": expected a list of strings, got " + type_name(item) + " in it");
        if (s["items"].contains("minLength") &&
            utf8_length(item.get<std::string>()) < s["items"]["minLength"].get<size_t>())
          throw ConfigError(key + ": expected items of at least " + s["items"]["minLength"].dump() +
                            " character(s), got " + item.dump());
        if (s["items"].contains("enum")) check_enum(key, s["items"]["enum"], item);
      }
      if (s.value("uniqueItems", false))
        for (size_t i = 0; i < v.size(); ++i)
          for (size_t j = i + 1; j < v.size(); ++j)
            if (v[i] == v[j]) throw ConfigError(key + ": " + v[i].dump() + " is listed twice");
    }
    if (v.is_number()) {
      const double x = v.get<double>();
      if (!std::isfinite(x)) fail("a finite number");
      if (s.contains("minimum") && x < s["minimum"].get<double>()) fail("a number >= " + s["minimum"].dump());
      if (s.contains("maximum") && x > s["maximum"].get<double>()) fail("a number <= " + s["maximum"].dump());
      if (s.contains("exclusiveMinimum") && x <= s["exclusiveMinimum"].get<double>())
        fail("a number > " + s["exclusiveMinimum"].dump());
    }
    if (v.is_string()) {
      if (s.contains("minLength") && utf8_length(v.get<std::string>()) < s["minLength"].get<size_t>())
        fail("a string of at least " + s["minLength"].dump() + " character(s)");
      if (s.contains("maxLength") && utf8_length(v.get<std::string>()) > s["maxLength"].get<size_t>())
        fail("a string of at most " + s["maxLength"].dump() + " character(s)");
      if (s.contains("enum")) check_enum(key, s["enum"], v);
    }
  }
  static size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
  static void check_enum(const std::string& key, const Json& allowed, const Json& v) {
    std::vector<std::string> names;
    for (const auto& e : allowed)
      if (e.is_string()) names.push_back(e.get<std::string>());
    for (const auto& n : names)
      if (n == v.get<std::string>()) return;
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    throw ConfigError(key + ": unknown value " + v.dump() + " (expected " + list + ")" +
                      (names.size() > 4 ? did_you_mean(v.get<std::string>(), names) : std::string()));
  }

  std::vector<Option> options_;
  std::vector<std::function<void(const Config&)>> checks_;
};

}  // namespace chorus::sdk
