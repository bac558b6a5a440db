// The normalize/pseudonymize stage: account ids, handles, mentions and
// display names of posts or accounts replaced by keyed HMAC-SHA256
// pseudonyms. Header-only so the unit tests can drive it through a fake host;
// plugin.cpp only adds the descriptor.
#pragma once

#include <chorus/sdk.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hmac.hpp"

namespace chorus::normalize::pseudonymize {

constexpr size_t kMinKeyBytes = 16;

// The key and where it came from (for messages).
struct Key {
  std::string bytes;
  std::string source;  // "key_file '<path>'" or "environment variable '<name>'"
  std::string path;    // key_file only, resolved
};

inline Key load_key(const sdk::Json& c, const sdk::Context& ctx) {
  const bool has_file = c.contains("key_file") && c["key_file"].is_string();
  const bool has_env = c.contains("key_env") && c["key_env"].is_string();
  if (has_file == has_env)
    throw std::invalid_argument("give exactly one of 'key_file' and 'key_env' (the key itself never goes in the pipeline)");
  Key k;
  if (has_file) {
    k.path = ctx.resolve_path(c["key_file"].get<std::string>());
    k.source = "key_file '" + k.path + "'";
    std::ifstream in(k.path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + k.source + ": " + std::strerror(errno));
    std::stringstream ss;
    ss << in.rdbuf();
    k.bytes = ss.str();
    // One line end, as `echo ... > key` writes, is not part of the key.
    if (!k.bytes.empty() && k.bytes.back() == '\n') k.bytes.pop_back();
    if (!k.bytes.empty() && k.bytes.back() == '\r') k.bytes.pop_back();
  } else {
    const std::string name = c["key_env"].get<std::string>();
    k.source = "environment variable '" + name + "'";
    const char* v = std::getenv(name.c_str());
    if (!v) throw std::runtime_error(k.source + " (key_env) is not set");
    k.bytes = v;
  }
  if (k.bytes.size() < kMinKeyBytes)
    throw std::runtime_error(k.source + " holds a key of " + std::to_string(k.bytes.size()) +
                             " byte(s); at least " + std::to_string(kMinKeyBytes) + " are needed");
  return k;
}

enum class DisplayNames { Drop, Keep, Pseudonymize };
enum class Kind { Posts, Accounts };

struct Options {
  DisplayNames display = DisplayNames::Pseudonymize;
  bool text_mentions = true;
  std::string dataset = "auto";
};

inline Options parse_options(const sdk::Json& c) {
  Options o;
  const std::string d = c.value("display_names", std::string("pseudonymize"));
  if (d == "drop") o.display = DisplayNames::Drop;
  else if (d == "keep") o.display = DisplayNames::Keep;
  else if (d == "pseudonymize") o.display = DisplayNames::Pseudonymize;
  else throw std::invalid_argument("'display_names' must be drop, keep or pseudonymize");
  const std::string t = c.value("text_mentions", std::string("replace"));
  if (t != "replace" && t != "keep") throw std::invalid_argument("'text_mentions' must be replace or keep");
  o.text_mentions = t == "replace";
  o.dataset = c.value("dataset", std::string("auto"));
  if (o.dataset != "auto" && o.dataset != "posts" && o.dataset != "accounts")
    throw std::invalid_argument("'dataset' must be auto, posts or accounts");
  return o;
}

// posts if the columns have post_id, accounts if they have author_id.
inline Kind kind_of(const Options& o, const Schema& s) {
  auto has = [&](const char* n) {
    for (const auto& f : s)
      if (f.name == n) return true;
    return false;
  };
  if (o.dataset == "posts") return Kind::Posts;
  if (o.dataset == "accounts") return Kind::Accounts;
  if (has("post_id")) return Kind::Posts;
  if (has("author_id")) return Kind::Accounts;
  throw std::invalid_argument("the input is neither posts (no post_id column) nor accounts (no author_id column)");
}

inline bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Replaces every @handle (an '@' not preceded by a letter, digit or '_', then
// letters, digits and '_') by "@" + the handle's pseudonym. E-mail addresses
// (x@y) are left alone.
inline std::string replace_text_mentions(std::string_view text, std::string_view platform, Pseudonymizer& p) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '@' && (i == 0 || !word_char(text[i - 1])) && i + 1 < text.size() && word_char(text[i + 1])) {
      size_t e = i + 1;
      while (e < text.size() && word_char(text[e])) ++e;
      out.push_back('@');
      out += p.handle(platform, text.substr(i + 1, e - i - 1));
      i = e;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

struct Pseudonymize : sdk::Stage {
  static constexpr const char* type = "normalize/pseudonymize";
  static constexpr const char* description =
      "Replaces account ids, handles, mentions and display names by keyed HMAC-SHA256 pseudonyms";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "normalize/pseudonymize",
  "description": "Replaces account identifiers of posts (author_id, author_handle, author_display_name, target_author_id, mentions, @handles in text) or accounts (author_id, author_handle, display_name, @handles in description) by 'ps_' + 32 hex digits of HMAC-SHA256(key, '<platform>\\0<value>'). The same value gives the same pseudonym in every file and run with the same key. The key comes from a file or an environment variable, never from the pipeline. See docs/normalize.md.",
  "type": "object",
  "properties": {
    "key_file": {"type": "string", "minLength": 1, "description": "File holding the key (at least 16 bytes; one trailing line end is ignored); relative to the pipeline file's folder. Its content keys the cache. Give this or key_env."},
    "key_env": {"type": "string", "minLength": 1, "description": "Name of the environment variable holding the key (at least 16 bytes). An identifier derived from the key (HMAC(key, 'chorus-key-id'), never the key) keys the cache. Give this or key_file."},
    "display_names": {"type": "string", "enum": ["drop", "keep", "pseudonymize"], "default": "pseudonymize", "description": "Display names: drop (null), keep as written, or pseudonymize (same name, same pseudonym)."},
    "text_mentions": {"type": "string", "enum": ["replace", "keep"], "default": "replace", "description": "@handles inside posts.text and accounts.description: replace by '@' + the handle's pseudonym, or keep."},
    "dataset": {"type": "string", "enum": ["auto", "posts", "accounts"], "default": "auto", "description": "What the input is; auto: posts if it has post_id, else accounts if it has author_id."}
  },
  "oneOf": [{"required": ["key_file"]}, {"required": ["key_env"]}],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "posts or accounts."}],
  "outputs": [{"name": "out", "type": "any", "description": "The same rows and columns with identifiers replaced."}]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes& inputs,
                                      sdk::Context&) override {
    const Options o = parse_options(config);
    const bool has_file = config.contains("key_file"), has_env = config.contains("key_env");
    if (has_file == has_env) throw std::invalid_argument("give exactly one of 'key_file' and 'key_env'");
    auto it = inputs.find("in");
    if (it == inputs.end()) return std::nullopt;
    kind_of(o, it->second.columns);
    return sdk::PortTypes{{"out", it->second}};  // same type, same columns
  }

  void fingerprint(const sdk::Json& config, sdk::Context& ctx) override {
    if (config.contains("key_file") && config["key_file"].is_string()) {
      ctx.add_input_file(ctx.resolve_path(config["key_file"].get<std::string>()));
      return;
    }
    // An identifier of the key, never the key: a new key gives new pseudonyms,
    // so it must give a new cache key.
    const Key k = load_key(config, ctx);
    ctx.add_input_value("key_id", key_id(k.bytes));
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const Options o = parse_options(config);
    const Key key = load_key(config, ctx);
    Pseudonymizer p(key.bytes);
    int64_t rows = 0;
    Batch b;
    while (ctx.read("in", b)) {
      ctx.emit("out", apply(o, b, p));
      rows += b.rows();
      ctx.progress(rows);
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
    }
  }

  // The batch with identifiers replaced (same schema).
  static Batch apply(const Options& o, const Batch& in, Pseudonymizer& p) {
    const Kind kind = kind_of(o, in.schema());
    enum class Role { Copy, Id, Handle, Display, Mentions, Text };
    std::vector<Role> roles;
    for (const auto& f : in.schema()) {
      const std::string& n = f.name;
      Role r = Role::Copy;
      if (n == "author_id" || (kind == Kind::Posts && n == "target_author_id")) r = Role::Id;
      else if (n == "author_handle") r = Role::Handle;
      else if ((kind == Kind::Posts && n == "author_display_name") || (kind == Kind::Accounts && n == "display_name"))
        r = Role::Display;
      else if (kind == Kind::Posts && n == "mentions") r = Role::Mentions;
      else if (o.text_mentions && ((kind == Kind::Posts && n == "text") || (kind == Kind::Accounts && n == "description")))
        r = Role::Text;
      const TypeId want = r == Role::Mentions ? TypeId::ListUtf8 : TypeId::Utf8;
      if (r != Role::Copy && f.type.id != want)
        throw std::runtime_error("normalize/pseudonymize: column '" + n + "' is " + f.type.name() + ", expected " +
                                 DataType{want}.name());
      roles.push_back(r);
    }
    const int pf = in.index_of("platform");
    const int mk = in.index_of("mentions_kind");
    auto platform = [&](int64_t i) -> std::string_view {
      if (pf < 0 || in.schema()[pf].type.id != TypeId::Utf8 || in.column(pf).is_null(i)) return {};
      return in.column(pf).str(i);
    };
    Batch out(in.schema());
    std::vector<std::string> items;
    for (size_t c = 0; c < in.num_columns(); ++c) {
      const Column& src = in.column(c);
      Column& dst = out.column(c);
      dst.reserve(static_cast<size_t>(in.rows()));
      for (int64_t i = 0; i < in.rows(); ++i) {
        if (roles[c] == Role::Copy || src.is_null(i)) {
          dst.append_from(src, i);
          continue;
        }
        switch (roles[c]) {
          case Role::Id: dst.append_string(p.id(platform(i), src.str(i))); break;
          case Role::Handle: dst.append_string(p.handle(platform(i), src.str(i))); break;
          case Role::Display:
            if (o.display == DisplayNames::Drop) dst.append_null();
            else if (o.display == DisplayNames::Keep) dst.append_from(src, i);
            else dst.append_string(p.display_name(platform(i), src.str(i)));
            break;
          case Role::Mentions: {
            const bool handles = mk >= 0 && in.schema()[mk].type.id == TypeId::Utf8 && !in.column(mk).is_null(i) &&
                                 in.column(mk).str(i) == "handle";
            items.clear();
            for (int64_t j = 0; j < src.list_size(i); ++j)
              items.push_back(handles ? p.handle(platform(i), src.list_item(i, j))
                                      : p.id(platform(i), src.list_item(i, j)));
            dst.append_list(items);
            break;
          }
          case Role::Text: dst.append_string(replace_text_mentions(src.str(i), platform(i), p)); break;
          case Role::Copy: break;
        }
      }
    }
    if (in.num_columns() == 0) out.set_empty_rows(in.rows());
    return out;
  }
};

}  // namespace chorus::normalize::pseudonymize
