#include "config/json_schema.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

// valijson reports schema problems through throwRuntimeError, which aborts
// unless exceptions are enabled. Only this file includes valijson.
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "util/did_you_mean.hpp"

namespace chorus {

using nlohmann::json;

// ---------------------------------------------------------------------------
// Impl

namespace {

struct SchemaData {
  json doc;
  std::map<std::string, std::regex> regexes;  // every pattern in the schema

  bool search(const std::string& pattern, const std::string& s) const {
    auto it = regexes.find(pattern);
    if (it != regexes.end()) return std::regex_search(s, it->second);
    return std::regex_search(s, std::regex(pattern));
  }
};

}  // namespace

struct JsonSchema::Impl : SchemaData {
  valijson::Schema schema;
};

namespace {

const json* resolve_ref(const json& root, const json* s) {
  for (int guard = 0; s && s->is_object() && guard < 64; ++guard) {
    auto it = s->find("$ref");
    if (it == s->end() || !it->is_string()) return s;
    const std::string& ref = it->get_ref<const std::string&>();
    if (ref.empty() || ref[0] != '#') return nullptr;
    try {
      s = &root.at(json::json_pointer(ref.substr(1)));
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  return s;
}

// `s` with $ref resolved, plus its allOf parts (and, when `alternatives`,
// its anyOf/oneOf/then/else parts), recursively. Only object schemas.
void expand(const json& root, const json* s, bool alternatives, std::vector<const json*>& out, int depth = 0) {
  s = resolve_ref(root, s);
  if (!s || !s->is_object() || depth > 32) return;
  if (std::find(out.begin(), out.end(), s) != out.end()) return;
  out.push_back(s);
  std::vector<const char*> keys = {"allOf"};
  if (alternatives) keys = {"allOf", "anyOf", "oneOf"};
  for (const char* k : keys) {
    auto it = s->find(k);
    if (it != s->end() && it->is_array())
      for (const auto& sub : *it) expand(root, &sub, alternatives, out, depth + 1);
  }
  if (alternatives)
    for (const char* k : {"then", "else"}) {
      auto it = s->find(k);
      if (it != s->end()) expand(root, &*it, alternatives, out, depth + 1);
    }
}

struct Segment {
  std::string token;  // unescaped key, or the index digits
  bool index = false;
};

std::string to_pointer(const std::vector<Segment>& path) {
  std::string p;
  for (const auto& s : path) p += "/" + json_pointer_escape(s.token);
  return p;
}

std::string to_display(const std::vector<Segment>& path) {
  static const std::regex plain("^[A-Za-z0-9_-]+$");
  std::string d;
  for (const auto& s : path) {
    if (s.index)
      d += "[" + s.token + "]";
    else if (std::regex_match(s.token, plain))
      d += "." + s.token;
    else
      d += "['" + s.token + "']";
  }
  return d;
}

std::string quote_value(const std::string& s) {
  if (s.size() > 60) return "'" + s.substr(0, 57) + "...'";
  return "'" + s + "'";
}

std::string format_number(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  std::ostringstream os;
  os.precision(15);
  os << v;
  return os.str();
}

std::string describe_value(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return std::string("boolean ") + (v.get<bool>() ? "true" : "false");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer " + v.dump();
    case json::value_t::number_float:
      return "number " + format_number(v.get<double>());
    case json::value_t::string:
      return "string " + quote_value(v.get_ref<const std::string&>());
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    default:
      return "value";
  }
}

std::string json_type_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    default:
      return "value";
  }
}

std::string with_article(const std::string& type) {
  if (type == "null") return "null";
  if (type == "integer" || type == "object" || type == "array") return "an " + type;
  return "a " + type;
}

std::string join_alternatives(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) s += i + 1 == items.size() ? " or " : ", ";
    s += items[i];
  }
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool looks_like_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end && *end == '\0' && !std::isspace(static_cast<unsigned char>(s[0]));
}

struct Issue {
  std::string pointer;  // within the instance
  std::string display;  // dotted path
  std::string message;
  bool type_error = false;
  bool from_valijson = false;
};

class Checker {
 public:
  Checker(const SchemaData& impl, const json& instance) : impl_(impl), instance_(instance) {}

  // Schemas that apply to the value at `path`, following the instance.
  std::vector<const json*> schemas_at(const std::vector<Segment>& path, bool alternatives) const {
    std::vector<const json*> cur;
    expand(impl_.doc, &impl_.doc, alternatives, cur);
    const json* node = &instance_;
    for (const auto& seg : path) {
      cur = children(cur, node, seg, alternatives);
      node = child_value(node, seg);
      if (cur.empty()) break;
    }
    return cur;
  }

  std::vector<const json*> children(const std::vector<const json*>& parents, const json* node, const Segment& seg,
                                    bool alternatives) const {
    std::vector<const json*> out;
    const bool as_array = seg.index && node && node->is_array();
    for (const json* s : parents) {
      if (as_array) {
        auto items = s->find("items");
        if (items == s->end()) continue;
        if (items->is_array()) {
          const std::size_t i = std::stoul(seg.token);
          if (i < items->size()) {
            expand(impl_.doc, &(*items)[i], alternatives, out);
          } else if (auto add = s->find("additionalItems"); add != s->end()) {
            expand(impl_.doc, &*add, alternatives, out);
          }
        } else {
          expand(impl_.doc, &*items, alternatives, out);
        }
        continue;
      }
      bool matched = false;
      if (auto props = s->find("properties"); props != s->end() && props->is_object()) {
        if (auto p = props->find(seg.token); p != props->end()) {
          matched = true;
          expand(impl_.doc, &*p, alternatives, out);
        }
      }
      if (auto pats = s->find("patternProperties"); pats != s->end() && pats->is_object()) {
        for (auto it = pats->begin(); it != pats->end(); ++it) {
          if (impl_.search(it.key(), seg.token)) {
            matched = true;
            expand(impl_.doc, &it.value(), alternatives, out);
          }
        }
      }
      if (!matched)
        if (auto add = s->find("additionalProperties"); add != s->end() && add->is_object())
          expand(impl_.doc, &*add, alternatives, out);
    }
    return out;
  }

  static const json* child_value(const json* node, const Segment& seg) {
    if (!node) return nullptr;
    if (node->is_array() && seg.index) {
      const std::size_t i = std::stoul(seg.token);
      return i < node->size() ? &(*node)[i] : nullptr;
    }
    if (node->is_object()) {
      auto it = node->find(seg.token);
      return it == node->end() ? nullptr : &*it;
    }
    return nullptr;
  }

  // valijson's context ("<root>", "[key]", "[2]") -> path.
  std::vector<Segment> path_of(const std::vector<std::string>& context) const {
    std::vector<Segment> path;
    const json* node = &instance_;
    for (std::size_t i = 0; i < context.size(); ++i) {
      const std::string& c = context[i];
      if (i == 0 && c == "<root>") continue;
      std::string tok = c;
      if (tok.size() >= 2 && tok.front() == '[' && tok.back() == ']') tok = tok.substr(1, tok.size() - 2);
      Segment seg{tok, false};
      if (node && node->is_array() && !tok.empty() &&
          std::all_of(tok.begin(), tok.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        seg.index = true;
      node = child_value(node, seg);
      path.push_back(seg);
    }
    return path;
  }

  const json* value_at(const std::vector<Segment>& path) const {
    const json* node = &instance_;
    for (const auto& seg : path) node = child_value(node, seg);
    return node;
  }

  // Own pass: unknown properties and property names.
  void unknown_pass(const json& node, std::vector<Segment>& path, const std::vector<const json*>& schemas,
                    std::vector<Issue>& issues) const {
    if (schemas.empty()) return;
    if (node.is_object()) {
      std::set<std::string> unknown;
      for (const json* s : schemas) {
        auto add = s->find("additionalProperties");
        if (add == s->end() || !add->is_boolean() || add->get<bool>()) continue;
        std::vector<std::string> allowed;
        const json* props = nullptr;
        if (auto p = s->find("properties"); p != s->end() && p->is_object()) {
          props = &*p;
          for (auto it = p->begin(); it != p->end(); ++it) allowed.push_back(it.key());
        }
        const json* pats = nullptr;
        if (auto p = s->find("patternProperties"); p != s->end() && p->is_object()) pats = &*p;
        for (auto it = node.begin(); it != node.end(); ++it) {
          const std::string& key = it.key();
          if (props && props->contains(key)) continue;
          bool pat = false;
          if (pats)
            for (auto pt = pats->begin(); pt != pats->end() && !pat; ++pt) pat = impl_.search(pt.key(), key);
          if (pat) continue;
          unknown.insert(key);
          path.push_back({key, false});
          issues.push_back(
              {to_pointer(path), to_display(path), "unknown property" + did_you_mean_suffix(key, allowed)});
          path.pop_back();
        }
      }
      for (const json* s : schemas) {
        auto pn = s->find("propertyNames");
        if (pn == s->end()) continue;
        std::vector<const json*> name_schemas;
        expand(impl_.doc, &*pn, false, name_schemas);
        for (auto it = node.begin(); it != node.end(); ++it)
          for (const json* ns : name_schemas) check_name(it.key(), *ns, path, issues);
      }
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (unknown.count(it.key())) continue;
        Segment seg{it.key(), false};
        auto child = children(schemas, &node, seg, false);
        path.push_back(seg);
        unknown_pass(it.value(), path, child, issues);
        path.pop_back();
      }
    } else if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        Segment seg{std::to_string(i), true};
        auto child = children(schemas, &node, seg, false);
        path.push_back(seg);
        unknown_pass(node[i], path, child, issues);
        path.pop_back();
      }
    }
  }

  void check_name(const std::string& key, const json& s, std::vector<Segment>& path, std::vector<Issue>& issues) const {
    std::string problem;
    if (auto p = s.find("pattern"); p != s.end() && p->is_string() && !impl_.search(p->get<std::string>(), key))
      problem = "must match pattern '" + p->get<std::string>() + "'";
    else if (auto e = s.find("enum");
             e != s.end() && e->is_array() && std::find(e->begin(), e->end(), json(key)) == e->end())
      problem = "must be one of: " + list_values(*e);
    else if (auto m = s.find("minLength"); m != s.end() && m->is_number() && key.size() < m->get<double>())
      problem = "must be at least " + m->dump() + " characters long";
    else if (auto m = s.find("maxLength"); m != s.end() && m->is_number() && key.size() > m->get<double>())
      problem = "must be at most " + m->dump() + " characters long";
    if (problem.empty()) return;
    // Located at the key: the pointer of the entry, shown with the map's path.
    path.push_back({key, false});
    const std::string ptr = to_pointer(path);
    path.pop_back();
    issues.push_back({ptr, to_display(path), "invalid name '" + key + "': " + problem});
  }

  static std::string list_values(const json& values) {
    std::string s;
    for (const auto& v : values) {
      if (!s.empty()) s += ", ";
      s += v.is_string() ? v.get<std::string>() : v.dump();
    }
    return s;
  }

  // Translate one valijson error; returns false to drop it.
  bool translate(const valijson::ValidationResults::Error& e, Issue& out,
                 std::vector<std::pair<std::vector<Segment>, std::string>>& unknown_seen) const {
    const std::string& d = e.description;
    auto starts = [&](const char* p) { return d.rfind(p, 0) == 0; };
    if (starts("Failed to validate against schema associated with property name") ||
        starts("Failed to validate item #") || starts("Failed to validate against additional properties schema") ||
        starts("Failed to validate against schema associated with pattern") ||
        starts("Failed to validate against child schema #") || starts("Failed to validate against dependent schema"))
      return false;
    const std::vector<Segment> path = path_of(e.context);
    out.pointer = to_pointer(path);
    out.display = to_display(path);
    out.from_valijson = true;
    const json* value = value_at(path);

    if (starts("Object contains a property that could not be validated")) {
      const std::string marker = "constraints: '";
      const auto b = d.find(marker);
      const auto a = d.rfind('\'');
      const std::size_t from = b == std::string::npos ? 0 : b + marker.size();
      const std::string name = (b != std::string::npos && a >= from) ? d.substr(from, a - from) : "";
      unknown_seen.emplace_back(path, name);
      return false;  // reported by the own pass (or afterwards)
    }
    if (starts("Value type not permitted by 'type' constraint")) {
      if (!value) return false;
      std::vector<std::string> types;
      for (const json* s : schemas_at(path, true)) {
        auto t = s->find("type");
        if (t == s->end()) continue;
        auto add = [&](const json& x) {
          if (x.is_string() && std::find(types.begin(), types.end(), x.get<std::string>()) == types.end())
            types.push_back(x.get<std::string>());
        };
        if (t->is_array())
          for (const auto& x : *t) add(x);
        else
          add(*t);
      }
      const std::string actual = json_type_of(*value);
      auto allows = [&](const std::string& t) { return std::find(types.begin(), types.end(), t) != types.end(); };
      // A branch of anyOf/oneOf that wanted another type: other errors explain.
      if (allows(actual) || (actual == "integer" && allows("number"))) return false;
      std::vector<std::string> phrases;
      for (const auto& t : types) phrases.push_back(with_article(t));
      std::string msg = phrases.empty() ? std::string("wrong type, got ") + describe_value(*value)
                                        : "expected " + join_alternatives(phrases) + ", got " + describe_value(*value);
      if (value->is_string()) {
        const std::string s = value->get<std::string>();
        const std::string l = lower(s);
        if (allows("boolean") && (l == "yes" || l == "no" || l == "on" || l == "off" || l == "y" || l == "n"))
          msg += " (YAML 1.1 booleans such as yes/on are not booleans here; write true or false)";
        else if (allows("boolean") && (l == "true" || l == "false"))
          msg += " (quoted, so it is a string; write " + l + " without quotes)";
        else if ((allows("number") || allows("integer")) && looks_like_number(s))
          msg += " (quoted, so it is a string; remove the quotes)";
      }
      out.message = msg;
      out.type_error = true;
      return true;
    }
    if (starts("Missing required property '")) {
      std::string name = d.substr(std::string("Missing required property '").size());
      if (!name.empty() && name.back() == '.') name.pop_back();
      if (!name.empty() && name.back() == '\'') name.pop_back();
      out.message = "missing required property '" + name + "'";
      return true;
    }
    if (starts("Failed to match against any enum values")) {
      json values = json::array();
      for (const json* s : schemas_at(path, true))
        if (auto en = s->find("enum"); en != s->end() && en->is_array())
          for (const auto& v : *en)
            if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
      out.message = "must be one of: " + list_values(values);
      if (value && value->is_string()) {
        std::vector<std::string> names;
        for (const auto& v : values)
          if (v.is_string()) names.push_back(v.get<std::string>());
        out.message +=
            "; got " + quote_value(value->get<std::string>()) + did_you_mean_suffix(value->get<std::string>(), names);
      } else if (value) {
        out.message += "; got " + describe_value(*value);
      }
      return true;
    }
    if (starts("Failed to match regex specified by 'pattern' constraint")) {
      std::string pattern, description;
      if (value && value->is_string())
        for (const json* s : schemas_at(path, true))
          if (auto p = s->find("pattern");
              p != s->end() && p->is_string() && !impl_.search(p->get<std::string>(), value->get<std::string>())) {
            pattern = p->get<std::string>();
            if (auto ds = s->find("description"); ds != s->end() && ds->is_string())
              description = ds->get<std::string>();
            break;
          }
      const std::string what = value && value->is_string() ? quote_value(value->get<std::string>()) : "value";
      out.message = pattern.empty() ? what + " does not match the required pattern"
                                    : what + " does not match pattern '" + pattern + "'";
      // A short description usually says what was meant: add it.
      if (!description.empty() && description.size() <= 120) out.message += " (" + description + ")";
      return true;
    }
    if (starts("Failed to match expected value set by 'const' constraint")) {
      for (const json* s : schemas_at(path, true))
        if (auto c = s->find("const"); c != s->end()) {
          out.message = "must be " + (c->is_string() ? quote_value(c->get<std::string>()) : c->dump());
          return true;
        }
      out.message = "does not have the required constant value";
      return true;
    }
    static const std::regex number_bound(
        "^Expected number (less|greater) than (or equal to )?([-+0-9.eE]+|inf|-inf|nan)$");
    static const std::regex count_bound(
        "^(Array should contain|String should be|Object should have) no (fewer|more) than ([0-9]+) "
        "(elements|characters in length|properties)\\.?$");
    std::smatch m;
    if (std::regex_match(d, m, number_bound)) {
      const double bound = std::strtod(m[3].str().c_str(), nullptr);
      const std::string op = std::string(m[1] == "less" ? "<" : ">") + (m[2].matched ? "=" : "");
      out.message = "must be " + op + " " + format_number(bound);
      if (value) out.message += ", got " + describe_value(*value);
      return true;
    }
    if (std::regex_match(d, m, count_bound)) {
      const std::string n = m[3];
      const bool at_least = m[2] == "fewer";
      const std::string kind = m[1];
      if (kind.rfind("Array", 0) == 0)
        out.message =
            std::string("must have at ") + (at_least ? "least " : "most ") + n + (n == "1" ? " item" : " items");
      else if (kind.rfind("String", 0) == 0)
        out.message = std::string("must be at ") + (at_least ? "least " : "most ") + n +
                      (n == "1" ? " character long" : " characters long");
      else if (at_least && n == "1")
        out.message = "must not be empty";
      else
        out.message =
            std::string("must have at ") + (at_least ? "least " : "most ") + n + (n == "1" ? " entry" : " entries");
      return true;
    }
    if (starts("Failed to validate against any schemas allowed by anyOf") ||
        starts("Failed to validate against any child schemas allowed by oneOf")) {
      out.message = "does not match any of the allowed forms";
      return true;
    }
    if (starts("Failed to validate against exactly one child schema")) {
      out.message = "matches more than one of the allowed forms (oneOf)";
      return true;
    }
    out.message = d;
    if (!out.message.empty()) {
      out.message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out.message[0])));
      if (out.message.back() == '.') out.message.pop_back();
    }
    return true;
  }

 private:
  const SchemaData& impl_;
  const json& instance_;
};

// Walk the schema: check $refs are local and resolvable, compile patterns.
void precheck(const json& root, const json& node, std::map<std::string, std::regex>& regexes, int depth = 0) {
  if (depth > 200) return;
  auto compile = [&](const std::string& p) {
    if (regexes.count(p)) return;
    try {
      regexes.emplace(p, std::regex(p));
    } catch (const std::regex_error& e) {
      throw std::invalid_argument("invalid JSON Schema: bad regular expression '" + p + "': " + e.what());
    }
  };
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string& k = it.key();
      const json& v = it.value();
      if (k == "enum" || k == "const" || k == "default" || k == "examples") continue;
      if (k == "$ref" && v.is_string()) {
        const std::string& ref = v.get_ref<const std::string&>();
        if (ref.empty() || ref[0] != '#')
          throw std::invalid_argument("invalid JSON Schema: only local references are supported, got '" + ref + "'");
        if (!resolve_ref(root, &node))
          throw std::invalid_argument("invalid JSON Schema: cannot resolve $ref '" + ref + "'");
        continue;
      }
      if (k == "pattern" && v.is_string()) {
        compile(v.get<std::string>());
        continue;
      }
      if (k == "patternProperties" && v.is_object())
        for (auto p = v.begin(); p != v.end(); ++p) compile(p.key());
      precheck(root, v, regexes, depth + 1);
    }
  } else if (node.is_array()) {
    for (const auto& v : node) precheck(root, v, regexes, depth + 1);
  }
}

json fill_defaults(const json& root, const json& node, const std::vector<const json*>& schemas, const Checker& checker,
                   int depth) {
  if (schemas.empty() || depth > 200) return node;
  json result = node;
  if (result.is_object()) {
    for (const json* s : schemas) {
      auto props = s->find("properties");
      if (props == s->end() || !props->is_object()) continue;
      for (auto it = props->begin(); it != props->end(); ++it) {
        if (result.contains(it.key())) continue;
        const json* ps = &it.value();
        for (int guard = 0; ps && ps->is_object() && guard < 64; ++guard) {
          if (auto d = ps->find("default"); d != ps->end()) {
            result[it.key()] = *d;
            break;
          }
          auto ref = ps->find("$ref");
          if (ref == ps->end()) break;
          const json* next = resolve_ref(root, ps);
          if (next == ps) break;
          ps = next;
        }
      }
    }
    for (auto it = result.begin(); it != result.end(); ++it) {
      Segment seg{it.key(), false};
      it.value() = fill_defaults(root, it.value(), checker.children(schemas, &result, seg, false), checker, depth + 1);
    }
  } else if (result.is_array()) {
    for (std::size_t i = 0; i < result.size(); ++i) {
      Segment seg{std::to_string(i), true};
      result[i] = fill_defaults(root, result[i], checker.children(schemas, &result, seg, false), checker, depth + 1);
    }
  }
  return result;
}

}  // namespace

// ---------------------------------------------------------------------------
// JsonSchema

JsonSchema::JsonSchema(const json& schema) {
  if (!schema.is_object() && !schema.is_boolean())
    throw std::invalid_argument("invalid JSON Schema: expected an object, got " + json_type_of(schema));
  auto impl = std::make_shared<Impl>();
  impl->doc = schema;
  precheck(impl->doc, impl->doc, impl->regexes);
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(impl->doc);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("invalid JSON Schema: ") + e.what());
  }
  impl_ = std::move(impl);
}

const json& JsonSchema::document() const { return impl_->doc; }

bool JsonSchema::accepts(const json& instance) const {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::adapters::NlohmannJsonAdapter adapter(instance);
  return validator.validate(impl_->schema, adapter, nullptr);
}

void JsonSchema::validate(const json& instance, const LocatedJson& where, const std::string& pointer_prefix,
                          const std::string& label, Diagnostics& diags) const {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::adapters::NlohmannJsonAdapter adapter(instance);
  valijson::ValidationResults results;
  const bool ok = validator.validate(impl_->schema, adapter, &results);

  Checker checker(*impl_, instance);
  std::vector<Issue> issues;
  {
    std::vector<Segment> path;
    std::vector<const json*> root;
    expand(impl_->doc, &impl_->doc, false, root);
    checker.unknown_pass(instance, path, root, issues);
  }
  std::vector<std::pair<std::vector<Segment>, std::string>> unknown_seen;
  std::set<std::string> type_errors;
  std::vector<Issue> translated;
  for (const auto& e : results) {
    Issue issue;
    if (!checker.translate(e, issue, unknown_seen)) continue;
    if (issue.type_error) type_errors.insert(issue.pointer);
    translated.push_back(std::move(issue));
  }
  for (auto& i : translated)
    if (i.type_error || !type_errors.count(i.pointer)) issues.push_back(std::move(i));
  // Unknown properties valijson found where the own pass could not tell
  // (e.g. inside anyOf alternatives).
  for (const auto& [where_path, name] : unknown_seen) {
    const std::string child = to_pointer(where_path) + "/" + json_pointer_escape(name);
    const bool covered = std::any_of(issues.begin(), issues.end(), [&](const Issue& i) {
      return i.pointer == child && i.message.rfind("unknown property", 0) == 0;
    });
    if (covered) continue;
    std::vector<Segment> path = where_path;
    std::vector<std::string> allowed;
    for (const json* s : checker.schemas_at(path, true))
      if (auto props = s->find("properties"); props != s->end() && props->is_object())
        for (auto it = props->begin(); it != props->end(); ++it)
          if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) allowed.push_back(it.key());
    path.push_back({name, false});
    issues.push_back({child, to_display(path), "unknown property" + did_you_mean_suffix(name, allowed), false, true});
  }
  if (!ok && issues.empty()) issues.push_back({"", "", "does not match its schema", false, true});

  struct Out {
    SourceLocation where;
    std::string message;
    std::size_t depth;  // breaks ties: a container's errors before its members'
  };
  std::vector<Out> outs;
  std::set<std::string> seen;
  for (const auto& i : issues) {
    std::string head = label;
    if (!i.display.empty()) {
      if (head.empty())
        head = i.display[0] == '.' ? i.display.substr(1) : i.display;
      else
        head += i.display;
    }
    std::string msg = head.empty() ? i.message : head + ": " + i.message;
    SourceLocation loc = where.at(pointer_prefix + i.pointer);
    const std::string key = std::to_string(loc.line) + ":" + std::to_string(loc.column) + ":" + msg;
    if (!seen.insert(key).second) continue;
    outs.push_back({std::move(loc), std::move(msg),
                    static_cast<std::size_t>(std::count(i.pointer.begin(), i.pointer.end(), '/'))});
  }
  std::stable_sort(outs.begin(), outs.end(), [](const Out& a, const Out& b) {
    auto rank = [](const Out& o) {
      return std::make_tuple(o.where.line > 0 ? o.where.line : 1 << 30, o.where.column, o.depth);
    };
    return rank(a) < rank(b);
  });
  for (auto& o : outs) diags.error(std::move(o.where), std::move(o.message));
}

json JsonSchema::with_defaults(const json& instance) const {
  Checker checker(*impl_, instance);
  std::vector<const json*> root;
  expand(impl_->doc, &impl_->doc, false, root);
  return fill_defaults(impl_->doc, instance, root, checker, 0);
}

}  // namespace chorus
