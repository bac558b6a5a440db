// The ingest/table stage: any CSV or JSONL table mapped column by column onto
// the posts dataset type, with named presets for the CooRTweet and
// coordination-network-toolkit interchange formats. Header-only so the unit
// tests can drive it through a fake host; plugin.cpp only adds the descriptor.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>
#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../../io/common/input.hpp"
#include "../../io/common/reader_support.hpp"
#include "../../io/csv/csv_parser.hpp"
#include "../../io/csv/utf8_check.hpp"
#include "list_text.hpp"

namespace chorus::ingest::table {

using io::quote_value;

static_assert(simdjson::SIMDJSON_PADDING <= io::LineReader::kPadding,
              "LineReader must leave simdjson's padding after every line");

// --- presets ---------------------------------------------------------------

// The `with:` values a preset stands for; the pipeline's own values win
// (mapping: field by field).
inline sdk::Json preset_config(const std::string& name) {
  if (name == "coortweet")
    // One row = one account sharing one object in one post (content).
    return sdk::Json::parse(R"json({
      "format": "csv", "header": true, "platform": "twitter",
      "time_format": "epoch_seconds",
      "mapping": {"post_id": "content_id", "author_id": "account_id", "created_at": "timestamp_share"},
      "interaction": [{"type": "share", "target_post_id": "object_id"}]
    })json");
  if (name == "coordination_network_toolkit")
    // Positional: message_id, user_id, username, repost_id, reply_id,
    // message, timestamp, urls. The header line is required; its names are ignored.
    return sdk::Json::parse(R"json({
      "format": "csv", "header": true, "platform": "twitter",
      "time_format": "epoch_seconds", "list_separator": " ",
      "mapping": {"post_id": 0, "author_id": 1, "author_handle": 2, "text": 5,
                  "created_at": 6, "urls": 7},
      "interaction": [{"column": 3, "type": "share", "target_post_id": 3},
                      {"column": 4, "type": "reply", "target_post_id": 4}]
    })json");
  throw std::invalid_argument("unknown preset '" + name +
                              "' (known: coortweet, coordination_network_toolkit)");
}

// The effective config: the preset's values overridden by the pipeline's.
inline sdk::Json effective_config(const sdk::Json& config) {
  if (!config.contains("preset") || config["preset"].is_null()) return config;
  sdk::Json eff = preset_config(config["preset"].get<std::string>());
  for (auto it = config.begin(); it != config.end(); ++it) {
    if (it.key() == "preset") continue;
    if (it.key() == "mapping" && it->is_object()) {
      for (auto m = it->begin(); m != it->end(); ++m) eff["mapping"][m.key()] = *m;
    } else {
      eff[it.key()] = *it;
    }
  }
  return eff;
}

// --- options -----------------------------------------------------------------

enum class Kind { Text, Bool, Time, Count, List, Interaction };

struct FieldSpec {
  const char* name;
  Kind kind;
};

// Posts columns a mapping may fill (the others are constants or derived).
inline const std::vector<FieldSpec>& mappable_fields() {
  static const std::vector<FieldSpec> f = {
      {"post_id", Kind::Text},        {"author_id", Kind::Text},
      {"author_handle", Kind::Text},  {"author_display_name", Kind::Text},
      {"is_hashed_author", Kind::Bool}, {"created_at", Kind::Time},
      {"text", Kind::Text},           {"language", Kind::Text},
      {"interaction_type", Kind::Interaction}, {"target_post_id", Kind::Text},
      {"target_author_id", Kind::Text}, {"hashtags", Kind::List},
      {"urls", Kind::List},           {"mentions", Kind::List},
      {"likes", Kind::Count},         {"shares", Kind::Count},
      {"replies", Kind::Count},       {"quotes", Kind::Count},
      {"views", Kind::Count}};
  return f;
}

inline const std::vector<std::string>& interaction_types() {
  static const std::vector<std::string> t = {"original", "share", "reply", "quote", "forward", "comment"};
  return t;
}

enum class Format { Auto, Csv, Jsonl };
enum class TimeFormat { Iso8601, EpochSeconds, EpochMillis };

// Where a value comes from: a column name (CSV header name or JSONL key /
// JSON pointer) or a 0-based CSV position.
struct SourceRef {
  bool positional = false;
  size_t position = 0;
  std::string name;  // header name, or JSONL key / pointer
  std::string label() const { return positional ? "#" + std::to_string(position) : name; }
  bool operator==(const SourceRef& o) const {
    return positional == o.positional && (positional ? position == o.position : name == o.name);
  }
};

struct Rule {
  int column = -1;  // slot, -1: always
  std::optional<std::string> equals;
  std::string type;
  int target_post = -1, target_author = -1;  // slots
};

struct Options {
  std::string path;
  Format format = Format::Auto;
  bool header = true;
  std::optional<char> delimiter;
  std::vector<std::string> null_values{""};
  std::string platform;
  std::optional<std::string> campaign, state;
  TimeFormat time_format = TimeFormat::Iso8601;
  std::string time_precision = "auto";
  std::string list_separator;
  std::string mentions_kind = "handle";
  std::string default_interaction = "original";
  std::vector<SourceRef> slots;           // distinct sources, read once per row
  std::map<std::string, int> field_slot;  // posts column -> slot
  std::vector<Rule> rules;
  int64_t batch_rows = 65536;
};

inline SourceRef source_of(const sdk::Json& v, const std::string& where) {
  SourceRef s;
  if (v.is_number_integer()) {
    if (v.get<int64_t>() < 0) throw std::invalid_argument(where + ": a position must be >= 0");
    s.positional = true;
    s.position = v.get<size_t>();
  } else if (v.is_string() && !v.get<std::string>().empty()) {
    s.name = v.get<std::string>();
  } else {
    throw std::invalid_argument(where + ": expected a column name or a 0-based position");
  }
  return s;
}

inline Options parse_options(const sdk::Json& raw) {
  const sdk::Json c = effective_config(raw);
  Options o;
  if (!c.contains("path") || !c["path"].is_string())
    throw std::invalid_argument("'path' (a file or glob pattern) is required");
  o.path = c["path"].get<std::string>();
  const std::string fmt = c.value("format", std::string("auto"));
  if (fmt == "auto") o.format = Format::Auto;
  else if (fmt == "csv") o.format = Format::Csv;
  else if (fmt == "jsonl") o.format = Format::Jsonl;
  else throw std::invalid_argument("'format' must be auto, csv or jsonl, not '" + fmt + "'");
  o.header = c.value("header", true);
  if (c.contains("delimiter")) {
    std::string d = c["delimiter"].get<std::string>();
    if (d.size() != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r')
      throw std::invalid_argument("'delimiter' must be one byte, not a quote or a line break");
    o.delimiter = d[0];
  }
  if (c.contains("null_values")) o.null_values = c["null_values"].get<std::vector<std::string>>();
  if (!c.contains("platform") || !c["platform"].is_string() || c["platform"].get<std::string>().empty())
    throw std::invalid_argument("'platform' is required (e.g. twitter) unless a preset gives it");
  o.platform = c["platform"].get<std::string>();
  if (c.contains("campaign") && c["campaign"].is_string()) o.campaign = c["campaign"].get<std::string>();
  if (c.contains("state") && c["state"].is_string()) o.state = c["state"].get<std::string>();
  const std::string tf = c.value("time_format", std::string("iso8601"));
  if (tf == "iso8601") o.time_format = TimeFormat::Iso8601;
  else if (tf == "epoch_seconds") o.time_format = TimeFormat::EpochSeconds;
  else if (tf == "epoch_millis") o.time_format = TimeFormat::EpochMillis;
  else throw std::invalid_argument("'time_format' must be iso8601, epoch_seconds or epoch_millis, not '" + tf + "'");
  o.time_precision = c.value("time_precision", std::string("auto"));
  {
    static const std::vector<std::string> ok = {"auto", "millisecond", "second", "minute", "day"};
    if (std::find(ok.begin(), ok.end(), o.time_precision) == ok.end())
      throw std::invalid_argument("'time_precision' must be one of auto, millisecond, second, minute, day");
  }
  o.list_separator = c.value("list_separator", std::string());
  o.mentions_kind = c.value("mentions_kind", std::string("handle"));
  if (o.mentions_kind != "id" && o.mentions_kind != "handle")
    throw std::invalid_argument("'mentions_kind' must be id or handle");
  o.default_interaction = c.value("default_interaction", std::string("original"));
  const auto& types = interaction_types();
  if (std::find(types.begin(), types.end(), o.default_interaction) == types.end())
    throw std::invalid_argument("'default_interaction' must be one of original, share, reply, quote, forward, comment");
  o.batch_rows = io::batch_rows_of(c);

  auto slot_of = [&](const SourceRef& s) {
    for (size_t i = 0; i < o.slots.size(); ++i)
      if (o.slots[i] == s) return static_cast<int>(i);
    o.slots.push_back(s);
    return static_cast<int>(o.slots.size() - 1);
  };
  if (!c.contains("mapping") || !c["mapping"].is_object())
    throw std::invalid_argument("'mapping' (posts column -> source column) is required unless a preset gives it");
  std::vector<std::string> names;
  for (const auto& f : mappable_fields()) names.emplace_back(f.name);
  for (auto it = c["mapping"].begin(); it != c["mapping"].end(); ++it) {
    if (std::find(names.begin(), names.end(), it.key()) == names.end())
      throw std::invalid_argument("mapping." + it.key() + ": not a mappable posts column" +
                                  sdk::did_you_mean(it.key(), names, "columns"));
    if (it->is_null()) continue;  // a preset's field switched off
    o.field_slot[it.key()] = slot_of(source_of(*it, "mapping." + it.key()));
  }
  if (!o.field_slot.count("post_id")) throw std::invalid_argument("mapping.post_id is required");
  if (c.contains("interaction")) {
    const auto& rules = c["interaction"];
    if (!rules.is_array()) throw std::invalid_argument("'interaction' must be a list of rules");
    for (size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      const std::string where = "interaction[" + std::to_string(i) + "]";
      Rule rule;
      rule.type = r.value("type", std::string());
      if (std::find(types.begin(), types.end(), rule.type) == types.end())
        throw std::invalid_argument(where + ".type must be one of original, share, reply, quote, forward, comment");
      if (r.contains("column") && !r["column"].is_null())
        rule.column = slot_of(source_of(r["column"], where + ".column"));
      if (r.contains("equals") && !r["equals"].is_null()) {
        if (rule.column < 0) throw std::invalid_argument(where + ".equals needs a column");
        rule.equals = r["equals"].get<std::string>();
      }
      if (r.contains("target_post_id") && !r["target_post_id"].is_null())
        rule.target_post = slot_of(source_of(r["target_post_id"], where + ".target_post_id"));
      if (r.contains("target_author_id") && !r["target_author_id"].is_null())
        rule.target_author = slot_of(source_of(r["target_author_id"], where + ".target_author_id"));
      o.rules.push_back(std::move(rule));
    }
  }
  return o;
}

inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// CSV or JSONL for one file: the `format` option, else its name (.gz ignored).
inline Format format_of(const std::string& file, Format configured) {
  if (configured != Format::Auto) return configured;
  std::string n = file;
  for (auto& ch : n) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ends_with(n, ".gz")) n.resize(n.size() - 3);
  if (ends_with(n, ".csv") || ends_with(n, ".tsv")) return Format::Csv;
  if (ends_with(n, ".jsonl") || ends_with(n, ".ndjson") || ends_with(n, ".json")) return Format::Jsonl;
  throw std::invalid_argument("cannot tell the format of '" + file +
                              "' from its name (.csv, .tsv, .jsonl, .ndjson, optionally .gz): set 'format'");
}

// --- values --------------------------------------------------------------------

// One source value of the current row.
struct Cell {
  bool null = true;
  bool is_list = false;  // a JSON array (items), else text
  std::string text;
  std::vector<std::string> items;
};

inline bool parse_bool_text(std::string_view s, bool& out) {
  if (s == "true" || s == "True" || s == "TRUE" || s == "1") { out = true; return true; }
  if (s == "false" || s == "False" || s == "FALSE" || s == "0") { out = false; return true; }
  return false;
}

// A whole count: 12, or 12.0 (some exports print counts as floats).
inline bool parse_count(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return true;
  const char c0 = s[0] == '-' ? (s.size() > 1 ? s[1] : '\0') : s[0];
  if (!(c0 >= '0' && c0 <= '9')) return false;
  double d;
  auto r2 = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r2.ec != std::errc() || r2.ptr != s.data() + s.size() || !std::isfinite(d)) return false;
  if (d != std::floor(d) || std::fabs(d) > 9.0e15) return false;
  out = static_cast<int64_t>(d);
  return true;
}

// A decimal number of some unit ("1606451170.518101", "-5", "12.") scaled
// by 1000 ("seconds" -> milliseconds), digits beyond the thousandth
// truncated toward the past; scientific notation (1.6e9) is read as a
// double. `fraction` is set when the text has a non-zero fractional part.
inline bool parse_decimal_milli(std::string_view s, int64_t& out, bool& fraction) {
  fraction = false;
  if (s.empty()) return false;
  size_t p = 0;
  const bool neg = s[0] == '-';
  if (s[0] == '-' || s[0] == '+') p = 1;
  const size_t int_start = p;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
  const size_t int_end = p;
  int64_t frac = 0;
  bool beyond = false;
  size_t frac_digits = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    int used = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      if (s[p] != '0') fraction = true;
      if (used < 3) { frac = frac * 10 + (s[p] - '0'); ++used; }
      else if (s[p] != '0') beyond = true;
      ++p;
      ++frac_digits;
    }
    for (; used < 3; ++used) frac *= 10;
  }
  if (p != s.size() || (int_end == int_start && frac_digits == 0)) {
    // Not a plain decimal: scientific notation?
    if (s.find_first_of("eE") == std::string_view::npos) return false;
    double d;
    const char* b = s.data() + (s[0] == '+' ? 1 : 0);
    auto r = std::from_chars(b, s.data() + s.size(), d);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(d) || std::fabs(d) > 9.0e15)
      return false;
    out = static_cast<int64_t>(std::floor(d * 1000.0));
    fraction = d != std::floor(d);
    return true;
  }
  int64_t whole = 0;
  if (int_end > int_start) {
    auto r = std::from_chars(s.data() + int_start, s.data() + int_end, whole);
    if (r.ec != std::errc()) return false;
  }
  int64_t v;
  if (__builtin_mul_overflow(whole, int64_t(1000), &v) || __builtin_add_overflow(v, frac, &v)) return false;
  if (neg) v = -v - (beyond ? 1 : 0);
  out = v;
  return true;
}

// Epoch seconds (integer or decimal) -> milliseconds.
inline bool parse_epoch_seconds(std::string_view s, int64_t& ms, bool& fraction) {
  return parse_decimal_milli(s, ms, fraction);
}

// Epoch milliseconds (integer, or decimal truncated toward the past) -> milliseconds.
inline bool parse_epoch_millis(std::string_view s, int64_t& ms) {
  bool fraction;
  int64_t micro;
  if (!parse_decimal_milli(s, micro, fraction)) return false;
  // Floor division without negating (INT64_MIN has no positive counterpart).
  ms = micro / 1000 - (micro % 1000 < 0 ? 1 : 0);
  return true;
}

// What an ISO 8601 text gives: day, minute, second or millisecond.
inline const char* iso_precision(std::string_view s) {
  if (s.size() <= 10) return "day";
  // YYYY-MM-DDTHH:MM[:SS[.fff]][zone]
  if (s.size() < 19 || s[16] != ':') return "minute";
  if (s.size() > 19 && (s[19] == '.' || s[19] == ',')) return "millisecond";
  return "second";
}

// --- the stage -------------------------------------------------------------------

class RowBuilder;

struct TableIngest : sdk::Stage {
  static constexpr const char* type = "ingest/table";
  static constexpr const char* description =
      "Reads any CSV or JSONL table into posts through a column mapping (presets: coortweet, coordination_network_toolkit)";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "ingest/table",
  "description": "Maps the columns of CSV or JSONL files (optionally gzip-compressed) onto the posts dataset type. A preset fills the mapping for a known interchange format; values given here override the preset's (mapping: column by column). Records that cannot be used go to the rejects port.",
  "type": "object",
  "definitions": {
    "source": {
      "description": "Where a value comes from: a CSV header name or a JSONL key (or a JSON pointer starting with '/'), or a 0-based CSV column position (with header: true the header line is then skipped and its names ignored).",
      "oneOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}]
    },
    "optional_source": {
      "description": "A source (see 'source'), or null to switch off a preset's mapping of this column.",
      "oneOf": [{"$ref": "#/definitions/source"}, {"type": "null"}]
    }
  },
  "properties": {
    "path": {"type": "string", "minLength": 1, "description": "File path or glob pattern (e.g. data/*.csv.gz); relative to the pipeline file's folder. Files are read in name order; gzip is recognised by its content."},
    "format": {"type": "string", "enum": ["auto", "csv", "jsonl"], "description": "csv or jsonl; auto (the default) decides per file by its name (.csv, .tsv, .jsonl, .ndjson, .json, each optionally followed by .gz)."},
    "preset": {"type": "string", "enum": ["coortweet", "coordination_network_toolkit"], "description": "A named mapping: coortweet (object_id, account_id, content_id, timestamp_share: one account sharing one object; post_id = content_id, author_id = account_id, share of target_post_id = object_id) or coordination_network_toolkit (positional message_id, user_id, username, repost_id, reply_id, message, timestamp, urls). See docs/ingest-table.md."},
    "mapping": {
      "type": "object",
      "description": "posts column -> source. post_id is required (here or from the preset). Unmapped columns are null.",
      "properties": {
        "post_id": {"$ref": "#/definitions/optional_source", "description": "Post id (text; an empty value rejects the record)."},
        "author_id": {"$ref": "#/definitions/optional_source", "description": "Account id."},
        "author_handle": {"$ref": "#/definitions/optional_source", "description": "Screen name / username."},
        "author_display_name": {"$ref": "#/definitions/optional_source", "description": "Display name."},
        "is_hashed_author": {"$ref": "#/definitions/optional_source", "description": "Boolean (true/false/True/False/1/0)."},
        "created_at": {"$ref": "#/definitions/optional_source", "description": "Post time, read as time_format says."},
        "text": {"$ref": "#/definitions/optional_source", "description": "Post text."},
        "language": {"$ref": "#/definitions/optional_source", "description": "Language code as given."},
        "interaction_type": {"$ref": "#/definitions/optional_source", "description": "A column holding original, share, reply, quote, forward or comment (case-insensitive); used when no interaction rule matches."},
        "target_post_id": {"$ref": "#/definitions/optional_source", "description": "Target post id, used when the matching interaction rule gives none."},
        "target_author_id": {"$ref": "#/definitions/optional_source", "description": "Target author id, used when the matching interaction rule gives none."},
        "hashtags": {"$ref": "#/definitions/optional_source", "description": "List column (JSON array, Python-repr list or list_separator-separated text); a leading '#' is removed."},
        "urls": {"$ref": "#/definitions/optional_source", "description": "List column of URLs."},
        "mentions": {"$ref": "#/definitions/optional_source", "description": "List column of mentioned accounts (ids or handles, see mentions_kind); a leading '@' is removed from handles."},
        "likes": {"$ref": "#/definitions/optional_source", "description": "Count (integer, or a float with no fraction such as 3.0)."},
        "shares": {"$ref": "#/definitions/optional_source", "description": "Count."},
        "replies": {"$ref": "#/definitions/optional_source", "description": "Count."},
        "quotes": {"$ref": "#/definitions/optional_source", "description": "Count."},
        "views": {"$ref": "#/definitions/optional_source", "description": "Count."}
      },
      "additionalProperties": false
    },
    "time_format": {"type": "string", "enum": ["iso8601", "epoch_seconds", "epoch_millis"], "description": "How created_at is written: iso8601 (the default unless a preset says otherwise; no zone = UTC), epoch seconds (integer or decimal such as 1606451170.518), or epoch milliseconds."},
    "time_precision": {"type": "string", "enum": ["auto", "millisecond", "second", "minute", "day"], "default": "auto", "description": "time_precision of every row; auto takes it from each value (ISO text: the fields present; epoch seconds: second, or millisecond when the value has a non-zero fraction; epoch millis: millisecond)."},
    "list_separator": {"type": "string", "description": "Separator of list columns given as plain text (e.g. \" \" or \"|\"). Cells that look like [..] are always read as a JSON array or Python-repr list. Without a separator a plain text is one item."},
    "mentions_kind": {"type": "string", "enum": ["id", "handle"], "default": "handle", "description": "What the mentions column holds (mentions_kind of every row with mentions)."},
    "interaction": {
      "type": "array",
      "description": "Rules tried in order; the first that matches sets interaction_type and its targets. No match: the interaction_type column if mapped and non-empty, else default_interaction.",
      "items": {
        "type": "object",
        "description": "One rule.",
        "properties": {
          "column": {"$ref": "#/definitions/source", "description": "The rule matches when this column is non-empty (or equals 'equals'); without column the rule always matches."},
          "equals": {"type": "string", "description": "Match only when the column holds exactly this text."},
          "type": {"type": "string", "enum": ["original", "share", "reply", "quote", "forward", "comment"], "description": "interaction_type given by the rule."},
          "target_post_id": {"$ref": "#/definitions/source", "description": "Column holding the target post id."},
          "target_author_id": {"$ref": "#/definitions/source", "description": "Column holding the target author id."}
        },
        "required": ["type"],
        "additionalProperties": false
      }
    },
    "default_interaction": {"type": "string", "enum": ["original", "share", "reply", "quote", "forward", "comment"], "default": "original", "description": "interaction_type when no rule matches and no interaction_type column gives one."},
    "platform": {"type": "string", "minLength": 1, "description": "platform of every row (required unless a preset gives it; both presets give twitter)."},
    "campaign": {"type": "string", "description": "campaign label of every row (default null)."},
    "state": {"type": "string", "description": "Attributed state of every row (default null)."},
    "header": {"type": "boolean", "description": "CSV (default true): the first record is a header (names for name sources; skipped). false: only positions can be used."},
    "delimiter": {"type": "string", "minLength": 1, "maxLength": 1, "description": "CSV field separator; default \",\" (tab for .tsv files)."},
    "null_values": {"type": "array", "items": {"type": "string", "description": "A text read as null."}, "default": [""], "description": "CSV texts read as null in scalar columns (an empty list cell is an empty list)."},
    "batch_rows": {"type": "integer", "minimum": 1, "default": 65536, "description": "Maximum rows per emitted batch."}
  },
  "required": ["path"],
  "additionalProperties": false
})json";
  // Properties a preset sets have no JSON Schema default: the host fills
  // defaults into `with:` before the stage sees it, which would override the
  // preset's value.
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per record, with the columns of the posts type (hashtags_folded and urls_normalized null)."},
    {"name": "rejects", "type": "rejects", "description": "Records that could not be used: file, line, reason naming the field, raw text."}
  ]
})json";

  static Schema posts_schema(const sdk::Context& ctx) {
    auto s = ctx.dataset_type("posts");
    if (!s) throw std::runtime_error("ingest/table: the host does not know the dataset type 'posts'");
    return *s;
  }

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context& ctx) override {
    parse_options(config);
    return sdk::PortTypes{{"posts", {"posts", posts_schema(ctx)}},
                          {"rejects", {"rejects", io::rejects_schema(ctx)}}};
  }

  void fingerprint(const sdk::Json& config, sdk::Context& ctx) override {
    for (const auto& f : io::expand_paths(ctx.resolve_path(config.at("path").get<std::string>())))
      ctx.add_input_file(f);
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override;
};

// Turns the cells of one record into one posts row (or a reject reason).
class RowBuilder {
 public:
  RowBuilder(const Options& o, Schema schema) : o_(o), schema_(std::move(schema)), batch_(schema_) {
    for (const auto& f : mappable_fields()) {
      auto it = o.field_slot.find(f.name);
      slot_[f.name] = it == o.field_slot.end() ? -1 : it->second;
    }
    interaction_slot_ = slot_["interaction_type"];
  }

  Batch& batch() { return batch_; }
  Batch take() {
    Batch b = std::move(batch_);
    batch_ = Batch(schema_);
    return b;
  }

  // Appends the row; false with `reason` set when it cannot be used.
  bool add(const std::vector<Cell>& cells, const std::string& file, int64_t line, std::string& reason) {
    // post_id first: nothing without it.
    const Cell* pid = cell(cells, "post_id");
    if (!pid || pid->null || (!pid->is_list && pid->text.empty())) {
      reason = "post_id (source '" + label("post_id") + "'): empty";
      return false;
    }
    // Interaction.
    std::optional<std::string> itype, tpost, tauthor;
    bool matched = false;
    for (const auto& r : o_.rules) {
      if (r.column >= 0) {
        const Cell& c = cells[r.column];
        if (c.null || (!c.is_list && c.text.empty())) continue;
        if (r.equals && (c.is_list || c.text != *r.equals)) continue;
      }
      matched = true;
      itype = r.type;
      if (r.target_post >= 0) tpost = text_of(cells[r.target_post]);
      if (r.target_author >= 0) tauthor = text_of(cells[r.target_author]);
      break;
    }
    if (!matched && interaction_slot_ >= 0) {
      auto v = text_of(cells[interaction_slot_]);
      if (v) {
        std::string low = *v;
        for (auto& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto& types = interaction_types();
        if (std::find(types.begin(), types.end(), low) == types.end()) {
          reason = "interaction_type (source '" + label("interaction_type") + "'): " + quote_value(*v) +
                   " is not one of original, share, reply, quote, forward, comment";
          return false;
        }
        itype = low;
      }
    }
    if (!itype) itype = o_.default_interaction;
    if (!tpost) tpost = field_text(cells, "target_post_id");
    if (!tauthor) tauthor = field_text(cells, "target_author_id");

    // Time.
    std::optional<int64_t> created;
    std::optional<std::string> precision;
    if (const Cell* t = cell(cells, "created_at"); t && !t->null && !t->is_list && !t->text.empty()) {
      int64_t ms = 0;
      const char* prec = nullptr;
      std::string_view s = trim_ws(t->text);
      bool ok = false;
      switch (o_.time_format) {
        case TimeFormat::Iso8601: {
          time::ParseOptions po;
          po.epoch_integers = false;
          ok = static_cast<bool>(time::parse_timestamp(s, TimeUnit::Milli, ms, po));
          prec = iso_precision(s);
          break;
        }
        case TimeFormat::EpochSeconds: {
          bool frac = false;
          ok = parse_epoch_seconds(s, ms, frac);
          prec = frac ? "millisecond" : "second";
          break;
        }
        case TimeFormat::EpochMillis:
          ok = parse_epoch_millis(s, ms);
          prec = "millisecond";
          break;
      }
      if (!ok) {
        static const char* names[] = {"an ISO 8601 timestamp", "epoch seconds", "epoch milliseconds"};
        reason = "created_at (source '" + label("created_at") + "'): cannot read " + quote_value(t->text) +
                 " as " + names[static_cast<int>(o_.time_format)];
        return false;
      }
      created = ms;
      precision = o_.time_precision == "auto" ? std::string(prec) : o_.time_precision;
    }

    // Typed fields.
    std::optional<bool> hashed;
    if (auto v = field_text(cells, "is_hashed_author")) {
      bool b;
      if (!parse_bool_text(*v, b)) {
        reason = "is_hashed_author (source '" + label("is_hashed_author") + "'): cannot read " +
                 quote_value(*v) + " as a boolean";
        return false;
      }
      hashed = b;
    }
    static const char* counts[] = {"likes", "shares", "replies", "quotes", "views"};
    std::optional<int64_t> count_values[5];
    for (int k = 0; k < 5; ++k) {
      if (auto v = field_text(cells, counts[k])) {
        int64_t n;
        if (!parse_count(trim_ws(*v), n)) {
          reason = std::string(counts[k]) + " (source '" + label(counts[k]) + "'): cannot read " +
                   quote_value(*v) + " as a count";
          return false;
        }
        count_values[k] = n;
      }
    }
    std::optional<std::vector<std::string>> hashtags = list_of(cells, "hashtags", '#');
    std::optional<std::vector<std::string>> urls = list_of(cells, "urls", 0);
    std::optional<std::vector<std::string>> mentions =
        list_of(cells, "mentions", o_.mentions_kind == "handle" ? '@' : 0);

    // Append, column by column of the posts type.
    for (size_t i = 0; i < schema_.size(); ++i) {
      Column& col = batch_.column(i);
      const std::string& n = schema_[i].name;
      auto put_text = [&](const std::optional<std::string>& v) {
        if (v && col.type().id == TypeId::Utf8) col.append_string(*v);
        else col.append_null();
      };
      if (n == "platform") put_text(o_.platform);
      else if (n == "source_file") put_text(file);
      else if (n == "source_line") col.append_int(line);
      else if (n == "post_id" || n == "author_id" || n == "author_handle" || n == "author_display_name" ||
               n == "text" || n == "language")
        put_text(field_text(cells, n.c_str()));
      else if (n == "is_hashed_author") { if (hashed) col.append_bool(*hashed); else col.append_null(); }
      else if (n == "campaign") put_text(o_.campaign);
      else if (n == "state") put_text(o_.state);
      else if (n == "created_at") { if (created) col.append_int(*created); else col.append_null(); }
      else if (n == "time_precision") put_text(precision);
      else if (n == "interaction_type") put_text(itype);
      else if (n == "target_post_id") put_text(tpost);
      else if (n == "target_author_id") put_text(tauthor);
      else if (n == "hashtags") put_list(col, hashtags);
      else if (n == "urls") put_list(col, urls);
      else if (n == "mentions") put_list(col, mentions);
      else if (n == "mentions_kind") put_text(mentions ? std::optional<std::string>(o_.mentions_kind) : std::nullopt);
      else {
        bool done = false;
        for (int k = 0; k < 5 && !done; ++k)
          if (n == counts[k]) {
            if (count_values[k]) col.append_int(*count_values[k]);
            else col.append_null();
            done = true;
          }
        if (!done) col.append_null();  // hashtags_folded, urls_normalized, unknown columns
      }
    }
    return true;
  }

  std::string label(const char* field) const {
    auto it = slot_.find(field);
    return it == slot_.end() || it->second < 0 ? std::string("?") : o_.slots[it->second].label();
  }

 private:
  const Cell* cell(const std::vector<Cell>& cells, const char* field) const {
    auto it = slot_.find(field);
    if (it == slot_.end() || it->second < 0) return nullptr;
    return &cells[it->second];
  }
  // Text of a cell; nullopt for null or empty. A JSON array becomes its JSON text.
  static std::optional<std::string> text_of(const Cell& c) {
    if (c.null) return std::nullopt;
    if (c.is_list) {
      sdk::Json a = c.items;
      return a.dump();
    }
    if (c.text.empty()) return std::nullopt;
    return c.text;
  }
  std::optional<std::string> field_text(const std::vector<Cell>& cells, const char* field) const {
    const Cell* c = cell(cells, field);
    return c ? text_of(*c) : std::nullopt;
  }
  std::optional<std::vector<std::string>> list_of(const std::vector<Cell>& cells, const char* field,
                                                  char strip) const {
    const Cell* c = cell(cells, field);
    if (!c || c->null) return std::nullopt;
    std::vector<std::string> items;
    if (c->is_list) items = c->items;
    else parse_list_text(c->text, o_.list_separator, items);
    if (strip)
      for (auto& s : items)
        if (!s.empty() && s[0] == strip) s.erase(0, 1);
    return items;
  }
  static void put_list(Column& col, const std::optional<std::vector<std::string>>& v) {
    if (v && col.type().id == TypeId::ListUtf8) col.append_list(*v);
    else col.append_null();
  }

  const Options& o_;
  Schema schema_;
  Batch batch_;
  std::map<std::string, int> slot_;
  int interaction_slot_ = -1;
};

// "/" + key with the RFC 6901 escapes, unless it is a pointer already.
inline std::string json_pointer_of(const std::string& name) {
  if (!name.empty() && name[0] == '/') return name;
  std::string p = "/";
  for (char ch : name) {
    if (ch == '~') p += "~0";
    else if (ch == '/') p += "~1";
    else p.push_back(ch);
  }
  return p;
}

inline void cell_from_json(simdjson::dom::element el, Cell& c) {
  using T = simdjson::dom::element_type;
  c.null = false;
  c.is_list = false;
  c.text.clear();
  c.items.clear();
  switch (el.type()) {
    case T::NULL_VALUE: c.null = true; break;
    case T::STRING: c.text = std::string(el.get_string().value_unsafe()); break;
    case T::INT64: c.text = std::to_string(el.get_int64().value_unsafe()); break;
    case T::UINT64: c.text = std::to_string(el.get_uint64().value_unsafe()); break;
    case T::BOOL: c.text = el.get_bool().value_unsafe() ? "true" : "false"; break;
    case T::ARRAY:
      c.is_list = true;
      for (simdjson::dom::element item : simdjson::dom::array(el.get_array().value_unsafe())) {
        if (item.type() == T::NULL_VALUE) continue;
        if (item.type() == T::STRING) c.items.emplace_back(item.get_string().value_unsafe());
        else c.items.push_back(simdjson::minify(item));
      }
      break;
    default: c.text = simdjson::minify(el); break;  // double, object
  }
}

inline void TableIngest::run(const sdk::Json& config, sdk::Context& ctx) {
  const Options o = parse_options(config);
  const auto files = io::expand_paths(ctx.resolve_path(o.path));
  io::RejectSink rejects(ctx, o.batch_rows);
  RowBuilder rows(o, posts_schema(ctx));
  std::vector<Cell> cells(o.slots.size());
  int64_t done = 0, records = 0;
  std::string reason, scratch;

  auto flush_if_full = [&] {
    if (rows.batch().rows() < o.batch_rows) return;
    done += rows.batch().rows();
    ctx.emit("posts", rows.take());
    ctx.progress(done);
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  };
  auto add = [&](const std::string& file, int64_t line, std::string_view raw) {
    if ((++records & 0x3FFF) == 0 && ctx.cancelled()) throw std::runtime_error("cancelled");
    if (!rows.add(cells, file, line, reason)) {
      rejects.add(file, line, reason, raw);
      return;
    }
    flush_if_full();
  };

  for (const auto& file : files) {
    const Format fmt = format_of(file, o.format);
    io::FileSource src(file);
    if (fmt == Format::Csv) {
      char delim = o.delimiter ? *o.delimiter : ',';
      if (!o.delimiter) {
        std::string n = file;
        if (ends_with(n, ".gz")) n.resize(n.size() - 3);
        if (ends_with(n, ".tsv") || ends_with(n, ".TSV")) delim = '\t';
      }
      io::csv::CsvReader reader(src, delim);
      io::csv::Record rec;
      std::vector<size_t> field_of(o.slots.size());
      size_t expected = 0;
      size_t max_pos = 0;
      for (const auto& s : o.slots)
        if (s.positional) max_pos = std::max(max_pos, s.position + 1);
      std::vector<std::string> names;  // the header's, to name a column in a reject
      if (o.header) {
        if (!reader.next(rec)) {
          ctx.warn("ingest/table: '" + file + "' is empty (no header)");
          continue;
        }
        if (rec.error) throw std::runtime_error(file + ": cannot read the header: " + rec.error);
        for (size_t i = 0; i < rec.size(); ++i) names.emplace_back(rec.field(i, scratch));
        expected = names.size();
        for (size_t k = 0; k < o.slots.size(); ++k) {
          const SourceRef& s = o.slots[k];
          if (s.positional) {
            if (s.position >= names.size())
              throw std::runtime_error(file + ": column position " + std::to_string(s.position) +
                                       " is past the " + std::to_string(names.size()) + " header columns");
            field_of[k] = s.position;
            continue;
          }
          auto it = std::find(names.begin(), names.end(), s.name);
          if (it == names.end())
            throw std::runtime_error(file + ": no column '" + s.name + "' in the header" +
                                     sdk::did_you_mean(s.name, names, "columns"));
          field_of[k] = static_cast<size_t>(it - names.begin());
        }
      } else {
        for (size_t k = 0; k < o.slots.size(); ++k) {
          if (!o.slots[k].positional)
            throw std::invalid_argument("'" + o.slots[k].name +
                                        "': with header: false, CSV columns are given by position");
          field_of[k] = o.slots[k].position;
        }
      }
      while (reader.next(rec)) {
        if (rec.error) {
          rejects.add(file, rec.line, rec.error, rec.raw());
          continue;
        }
        if (o.header ? rec.size() != expected : rec.size() < max_pos) {
          rejects.add(file, rec.line,
                      "expected " + std::string(o.header ? "" : "at least ") +
                          std::to_string(o.header ? expected : max_pos) + " fields, got " +
                          std::to_string(rec.size()),
                      rec.raw());
          continue;
        }
        if (std::string why = io::csv::invalid_utf8_reason(rec.raw(), rec.fields.data(), rec.size(), names);
            !why.empty()) {
          rejects.add(file, rec.line, why, rec.raw());
          continue;
        }
        for (size_t k = 0; k < cells.size(); ++k) {
          Cell& c = cells[k];
          const io::csv::FieldRef& f = rec.fields[field_of[k]];
          std::string_view v = io::csv::field_text(f, scratch);
          c.is_list = false;
          c.items.clear();
          c.text.assign(v.data(), v.size());
          c.null = false;
          if (!f.quoted)
            for (const auto& nv : o.null_values)
              if (v == nv && !nv.empty()) { c.null = true; break; }
        }
        add(file, rec.line, rec.raw());
      }
    } else {
      for (const auto& s : o.slots)
        if (s.positional)
          throw std::invalid_argument("'" + file + "' is JSONL: a position (" + std::to_string(s.position) +
                                      ") cannot name a JSON field");
      std::vector<std::string> pointers;
      for (const auto& s : o.slots) pointers.push_back(json_pointer_of(s.name));
      io::LineReader reader(src);
      simdjson::dom::parser parser;
      std::string_view line;
      while (reader.next(line)) {
        const int64_t lineno = reader.line_number();
        if (lineno == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);
        if (trim_ws(line).empty()) continue;
        simdjson::dom::element doc;
        auto err = parser.parse(line.data(), line.size(), false).get(doc);
        if (err) {
          rejects.add(file, lineno, std::string("invalid JSON: ") + simdjson::error_message(err), line);
          continue;
        }
        if (doc.type() != simdjson::dom::element_type::OBJECT) {
          rejects.add(file, lineno, "not a JSON object", line);
          continue;
        }
        for (size_t k = 0; k < cells.size(); ++k) {
          simdjson::dom::element v;
          if (doc.at_pointer(pointers[k]).get(v)) {
            cells[k].null = true;
            cells[k].is_list = false;
            continue;
          }
          cell_from_json(v, cells[k]);
        }
        add(file, lineno, line);
      }
    }
  }
  done += rows.batch().rows();
  if (rows.batch().rows() > 0) ctx.emit("posts", rows.take());
  rejects.flush();
  ctx.progress(done);
  if (rejects.count() > 0)
    ctx.warn("ingest/table: " + std::to_string(rejects.count()) + " record(s) rejected (see the rejects output)");
}

}  // namespace chorus::ingest::table
