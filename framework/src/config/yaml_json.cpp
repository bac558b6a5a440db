#include "config/yaml_json.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <utility>

#include <yaml-cpp/yaml.h>

namespace chorus {

// ---------------------------------------------------------------------------
// LocatedJson

namespace {
std::string parent_pointer(const std::string& p) {
  const auto pos = p.rfind('/');
  return pos == std::string::npos ? std::string() : p.substr(0, pos);
}
}  // namespace

SourceLocation LocatedJson::at(const std::string& pointer) const {
  std::string cur = pointer;
  for (;;) {
    if (auto it = key_marks.find(cur); it != key_marks.end()) return it->second;
    if (auto it = value_marks.find(cur); it != value_marks.end()) return it->second;
    if (cur.empty()) break;
    cur = parent_pointer(cur);
  }
  return SourceLocation{file, 0, 0};
}

SourceLocation LocatedJson::value_at(const std::string& pointer) const {
  if (auto it = value_marks.find(pointer); it != value_marks.end()) return it->second;
  return at(pointer);
}

std::vector<std::string> LocatedJson::ordered_keys(const std::string& pointer) const {
  std::vector<std::string> keys;
  if (auto it = key_order.find(pointer); it != key_order.end()) keys = it->second;
  const nlohmann::json* node = nullptr;
  try {
    node = &value.at(nlohmann::json::json_pointer(pointer));
  } catch (const std::exception&) {
    return keys;
  }
  if (!node->is_object()) return keys;
  std::set<std::string> listed(keys.begin(), keys.end());
  std::vector<std::string> present;
  for (auto it = node->begin(); it != node->end(); ++it) present.push_back(it.key());
  // Drop listed keys that are gone, append new ones.
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (node->contains(k)) out.push_back(k);
  for (const auto& k : present)
    if (!listed.count(k)) out.push_back(k);
  return out;
}

std::string json_pointer_escape(const std::string& token) {
  std::string r;
  r.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      r += "~0";
    else if (c == '/')
      r += "~1";
    else
      r += c;
  }
  return r;
}

std::string json_pointer_unescape(const std::string& token) {
  std::string r;
  r.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      r += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      r += token[i];
    }
  }
  return r;
}

std::string json_pointer_join(const std::string& pointer, const std::string& token) {
  return pointer + "/" + json_pointer_escape(token);
}

std::string json_pointer_join(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

// ---------------------------------------------------------------------------
// Scalar resolution (YAML 1.2 core schema)

namespace {

enum class ScalarKind { Null, Bool, Int, Float, String, IntOutOfRange };

bool all_of_chars(const std::string& s, std::size_t from, bool (*pred)(char)) {
  if (from >= s.size()) return false;
  for (std::size_t i = from; i < s.size(); ++i)
    if (!pred(s[i])) return false;
  return true;
}
bool is_dec(char c) { return c >= '0' && c <= '9'; }
bool is_oct(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool parse_int(const std::string& digits, int base, bool negative, std::int64_t& out) {
  // Accumulate as unsigned to detect overflow exactly (INT64_MIN allowed).
  const std::uint64_t limit = negative ? static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1
                                       : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t v = 0;
  for (char c : digits) {
    const unsigned d = is_dec(c) ? unsigned(c - '0') : unsigned((c | 0x20) - 'a' + 10);
    if (v > (limit - d) / static_cast<std::uint64_t>(base)) return false;
    v = v * static_cast<std::uint64_t>(base) + d;
  }
  if (negative)
    out = v == limit ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(v);
  else
    out = static_cast<std::int64_t>(v);
  return true;
}

bool is_core_float(const std::string& s) {
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_dec(s[i])) ++i, ++int_digits;
  bool dot = false;
  if (i < s.size() && s[i] == '.') {
    dot = true;
    ++i;
    while (i < s.size() && is_dec(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && (!dot || frac_digits == 0)) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && is_dec(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

ScalarKind resolve_plain(const std::string& s, nlohmann::json& out) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    out = nullptr;
    return ScalarKind::Null;
  }
  if (s == "true" || s == "True" || s == "TRUE") {
    out = true;
    return ScalarKind::Bool;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    out = false;
    return ScalarKind::Bool;
  }
  // Integers.
  {
    const bool sign = s[0] == '-' || s[0] == '+';
    if (all_of_chars(s, sign ? 1 : 0, is_dec)) {
      std::int64_t v;
      if (!parse_int(s.substr(sign ? 1 : 0), 10, s[0] == '-', v)) return ScalarKind::IntOutOfRange;
      out = v;
      return ScalarKind::Int;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
      const bool hex = s[1] == 'x';
      if (all_of_chars(s, 2, hex ? is_hex : is_oct)) {
        std::int64_t v;
        if (!parse_int(s.substr(2), hex ? 16 : 8, false, v)) return ScalarKind::IntOutOfRange;
        out = v;
        return ScalarKind::Int;
      }
    }
  }
  // Floats.
  if (is_core_float(s)) {
    out = std::strtod(s.c_str(), nullptr);
    return ScalarKind::Float;
  }
  {
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    const std::string rest = s.substr(i);
    if (rest == ".inf" || rest == ".Inf" || rest == ".INF") {
      out = s[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      return ScalarKind::Float;
    }
    if (i == 0 && (s == ".nan" || s == ".NaN" || s == ".NAN")) {
      out = std::numeric_limits<double>::quiet_NaN();
      return ScalarKind::Float;
    }
  }
  out = s;
  return ScalarKind::String;
}

const char* const kTagPrefix = "tag:yaml.org,2002:";

// ---------------------------------------------------------------------------
// Conversion

constexpr std::size_t kMaxDepth = 256;
constexpr std::size_t kMaxNodes = 2000000;

class Converter {
 public:
  Converter(const std::string& text, Diagnostics& diags, LocatedJson& out) : text_(text), diags_(diags), out_(out) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }

  nlohmann::json convert(const YAML::Node& node, const std::string& ptr) {
    out_.value_marks[ptr] = loc(node.Mark());
    return convert_value(node, ptr);
  }

  SourceLocation loc(const YAML::Mark& m) const {
    if (m.line < 0 || m.column < 0) return SourceLocation{out_.file, 0, 0};
    return SourceLocation{out_.file, m.line + 1, m.column + 1};
  }

  // Length of an explicit null word (~, null, Null, NULL) at the mark, or 0
  // when the source there holds something else (yaml-cpp gives an empty
  // value the mark of the next token).
  std::size_t null_word_at(const YAML::Mark& m) const {
    if (m.line < 0 || m.column < 0 || std::size_t(m.line) >= line_starts_.size()) return 0;
    const std::size_t pos = line_starts_[m.line] + std::size_t(m.column);
    if (pos >= text_.size()) return 0;
    auto word_end = [&](std::size_t n) {
      return pos + n >= text_.size() || std::string(" \t\r\n,]}#").find(text_[pos + n]) != std::string::npos;
    };
    if (text_[pos] == '~' && word_end(1)) return 1;
    for (const char* w : {"null", "Null", "NULL"})
      if (text_.compare(pos, 4, w) == 0 && word_end(4)) return 4;
    return 0;
  }

 private:
  nlohmann::json convert_value(const YAML::Node& node, const std::string& ptr) {
    if (aborted_) return nullptr;
    if (++nodes_ > kMaxNodes) {
      diags_.error(loc(node.Mark()), "document too large (too many nodes after expanding aliases)");
      aborted_ = true;
      return nullptr;
    }
    for (const auto& a : stack_) {
      if (a.is(node)) {
        diags_.error(loc(node.Mark()), "recursive alias: a node contains itself");
        return nullptr;
      }
    }
    if (stack_.size() >= kMaxDepth) {
      diags_.error(loc(node.Mark()), "document nested too deeply");
      return nullptr;
    }
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return nullptr;
      case YAML::NodeType::Scalar:
        return convert_scalar(node);
      case YAML::NodeType::Sequence: {
        stack_.push_back(node);
        nlohmann::json arr = nlohmann::json::array();
        std::size_t i = 0;
        for (auto it = node.begin(); it != node.end(); ++it, ++i) {
          const std::string child = json_pointer_join(ptr, i);
          const YAML::Node item = *it;
          out_.value_marks[child] = loc(item.Mark());
          arr.push_back(convert_value(item, child));
        }
        stack_.pop_back();
        return arr;
      }
      case YAML::NodeType::Map: {
        stack_.push_back(node);
        nlohmann::json obj = nlohmann::json::object();
        auto& order = out_.key_order[ptr];
        std::map<std::string, SourceLocation> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
          const YAML::Node k = it->first;
          const YAML::Node v = it->second;
          std::string key;
          if (k.IsScalar()) {
            key = k.Scalar();
          } else if (k.IsNull()) {
            const std::size_t n = null_word_at(k.Mark());
            if (n) key = text_.substr(line_starts_[k.Mark().line] + k.Mark().column, n);
          } else {
            diags_.error(loc(k.Mark()),
                         "mapping keys must be scalars, not " + std::string(k.IsMap() ? "mappings" : "sequences"));
            continue;
          }
          const SourceLocation key_loc = loc(k.Mark());
          if (auto s = seen.find(key); s != seen.end()) {
            diags_.error(key_loc,
                         "duplicate key '" + key + "' (first defined at line " + std::to_string(s->second.line) + ")");
            continue;
          }
          seen.emplace(key, key_loc);
          order.push_back(key);
          const std::string child = json_pointer_join(ptr, key);
          out_.key_marks[child] = key_loc;
          // An empty value has no position of its own: use its key's.
          if (v.IsNull() && !null_word_at(v.Mark()))
            out_.value_marks[child] = key_loc;
          else
            out_.value_marks[child] = loc(v.Mark());
          obj[key] = convert_value(v, child);
        }
        stack_.pop_back();
        return obj;
      }
    }
    return nullptr;
  }

  nlohmann::json convert_scalar(const YAML::Node& node) {
    const std::string& s = node.Scalar();
    const std::string& tag = node.Tag();
    nlohmann::json v;
    if (tag == "!") return s;  // quoted or block scalar
    if (tag == "?" || tag.empty()) {
      if (resolve_plain(s, v) == ScalarKind::IntOutOfRange) {
        diags_.error(loc(node.Mark()), "integer out of range: " + s);
        return s;
      }
      return v;
    }
    if (tag.rfind(kTagPrefix, 0) == 0) {
      const std::string t = tag.substr(std::string(kTagPrefix).size());
      if (t == "str") return s;
      const ScalarKind k = resolve_plain(s, v);
      if (k == ScalarKind::IntOutOfRange && (t == "int" || t == "float")) {
        if (t == "float") return std::strtod(s.c_str(), nullptr);
        diags_.error(loc(node.Mark()), "integer out of range: " + s);
        return s;
      }
      if ((t == "null" && k == ScalarKind::Null) || (t == "bool" && k == ScalarKind::Bool) ||
          (t == "int" && k == ScalarKind::Int) || (t == "float" && k == ScalarKind::Float))
        return v;
      if (t == "float" && k == ScalarKind::Int) return static_cast<double>(v.get<std::int64_t>());
      if (t == "null" || t == "bool" || t == "int" || t == "float") {
        diags_.error(loc(node.Mark()), "'" + s + "' is not a valid !!" + t);
        return s;
      }
    }
    diags_.warning(loc(node.Mark()), "unknown tag '" + tag + "' ignored");
    if (resolve_plain(s, v) == ScalarKind::IntOutOfRange) return s;
    return v;
  }

  const std::string& text_;
  Diagnostics& diags_;
  LocatedJson& out_;
  std::vector<std::size_t> line_starts_;
  std::vector<YAML::Node> stack_;
  std::size_t nodes_ = 0;
  bool aborted_ = false;
};

}  // namespace

std::optional<LocatedJson> yaml_to_json(const std::string& text, const std::string& file, Diagnostics& diags) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLocation where{file, 0, 0};
    if (e.mark.line >= 0 && e.mark.column >= 0) {
      where.line = e.mark.line + 1;
      where.column = e.mark.column + 1;
    }
    diags.error(where, e.msg.empty() ? std::string("invalid YAML") : e.msg);
    return std::nullopt;
  }
  LocatedJson out;
  out.file = file;
  Converter conv(text, diags, out);
  out.value = conv.convert(root, "");
  return out;
}

}  // namespace chorus
