// The io/jsonl_read stage: newline-delimited JSON objects -> typed columns.
// Header-only so the unit tests can drive it through a fake host.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "../common/input.hpp"
#include "../common/reader_output.hpp"
#include "../common/reader_support.hpp"

namespace chorus::io::jsonl {

static_assert(simdjson::SIMDJSON_PADDING <= LineReader::kPadding,
              "LineReader must leave simdjson's padding after every line");

// "/" + name with the RFC 6901 escapes (~ -> ~0, / -> ~1).
inline std::string default_pointer(const std::string& name) {
  std::string p = "/";
  for (char c : name) {
    if (c == '~') p += "~0";
    else if (c == '/') p += "~1";
    else p.push_back(c);
  }
  return p;
}

inline void check_pointer(const std::string& name, const std::string& p) {
  if (!p.empty() && p[0] != '/')
    throw std::invalid_argument("column '" + name + "': pointer '" + p + "' must start with '/'");
  for (size_t i = 0; i < p.size(); ++i)
    if (p[i] == '~' && (i + 1 == p.size() || (p[i + 1] != '0' && p[i + 1] != '1')))
      throw std::invalid_argument("column '" + name + "': pointer '" + p +
                                  "' has a '~' not followed by 0 or 1");
}

struct ReadOptions {
  Declared declared;
  std::vector<std::string> pointers;  // one per column
  int64_t batch_rows = 65536;
};

inline ReadOptions read_options(const sdk::Json& config, const sdk::Context& ctx) {
  ReadOptions o;
  if (!config.contains("path") || !config["path"].is_string())
    throw std::invalid_argument("'path' (a file or glob pattern) is required");
  o.declared = declared_columns(config, ctx);
  const bool explicit_columns = config.contains("columns") && config["columns"].is_array();
  for (size_t i = 0; i < o.declared.columns.size(); ++i) {
    const std::string& name = o.declared.columns[i].name;
    std::string p = default_pointer(name);
    if (explicit_columns) p = config["columns"][i].value("pointer", p);
    check_pointer(name, p);
    o.pointers.push_back(std::move(p));
  }
  o.batch_rows = batch_rows_of(config);
  return o;
}

inline const char* json_kind(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  switch (t) {
    case T::ARRAY: return "array";
    case T::OBJECT: return "object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE: return "number";
    case T::STRING: return "string";
    case T::BOOL: return "boolean";
    case T::NULL_VALUE: return "null";
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
    if (t == T::NULL_VALUE) { col.append_null(); return true; }
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
    if (t == T::INT64) { v = el.get_int64().value_unsafe(); return true; }
    if (t == T::DOUBLE) {
      double d = el.get_double().value_unsafe();
      // 2^63 is exactly representable; anything >= it or < -2^63 overflows.
      if (!(std::floor(d) == d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0)
        return false;
      v = static_cast<int64_t>(d);
      return true;
    }
    return false;  // UINT64 (above int64), strings, booleans, arrays, objects
  }

  std::string text_;
  std::vector<std::string_view> items_;
};

struct JsonlRead : sdk::Stage {
  static constexpr const char* type = "io/jsonl_read";
  static constexpr const char* description =
      "Reads JSON Lines files (one JSON object per line, optionally gzip-compressed) into typed columns";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "io/jsonl_read",
  "description": "Reads one JSON Lines file, or every file a glob pattern matches (in name order); each non-empty line is a JSON object and each column is taken from it by a JSON pointer. A missing field is null; a line that is not JSON, or a value of the wrong JSON type, goes to the rejects port.",
  "type": "object",
  "properties": {
    "path": {
      "type": "string",
      "description": "File path or glob pattern (e.g. data/*.jsonl.gz); relative to the pipeline file's folder. Gzip is recognised by content. It is an error if nothing matches."
    },
    "columns": {
      "type": "array",
      "minItems": 1,
      "description": "The columns to read, in output order. Give either this or 'schema'.",
      "items": {
        "type": "object",
        "description": "One output column.",
        "properties": {
          "name": {"type": "string", "minLength": 1, "description": "Column name."},
          "type": {"type": "string", "enum": ["bool", "int64", "float64", "utf8", "string", "timestamp", "timestamp[s]", "timestamp[ms]", "timestamp[us]", "timestamp[ns]", "list<utf8>"], "description": "Column type. int64 takes integers (and floats with an integral value); float64 any number; timestamps ISO 8601 strings or epoch numbers in the unit; list<utf8> arrays of strings; utf8 strings, other values as their JSON text."},
          "pointer": {"type": "string", "description": "JSON pointer (RFC 6901) to the value in each object, e.g. /user/name or /data/0/id. Default: \"/\" + name."}
        },
        "required": ["name", "type"],
        "additionalProperties": false
      }
    },
    "schema": {
      "type": "string",
      "description": "Name of a dataset type (schemas/datasets) whose columns are read, each from the top-level field of its name; the out port then has that type. Give either this or 'columns'."
    },
    "batch_rows": {
      "type": "integer",
      "minimum": 1,
      "default": 65536,
      "description": "Maximum rows per emitted batch."
    }
  },
  "required": ["path"],
  "oneOf": [{"required": ["columns"]}, {"required": ["schema"]}],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [],
  "outputs": [
    {"name": "out", "type": "any", "description": "The rows read, with the declared columns (or the dataset type named by 'schema')."},
    {"name": "rejects", "type": "rejects", "description": "Lines that could not be read: file, line, reason and raw text."}
  ]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context& ctx) override {
    return reader_port_types(read_options(config, ctx).declared, ctx);
  }

  void fingerprint(const sdk::Json& config, sdk::Context& ctx) override {
    add_config_files(config, ctx);
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const ReadOptions o = read_options(config, ctx);
    const Schema& cols = o.declared.columns;
    const auto files = config_files(config, ctx);
    RejectSink rejects(ctx, o.batch_rows);
    ValueConverter conv;
    simdjson::dom::parser parser;
    const size_t reserve_rows = static_cast<size_t>(std::min<int64_t>(o.batch_rows, 65536));
    auto new_batch = [&] {
      Batch b(cols);
      for (size_t i = 0; i < b.num_columns(); ++i) b.column(i).reserve(reserve_rows);
      return b;
    };
    Batch batch = new_batch();
    int64_t rows_done = 0, lines = 0;
    std::string reason;

    for (const auto& file : files) {
      FileSource src(file);
      LineReader reader(src);
      std::string_view line;
      while (reader.next(line)) {
        if ((++lines & 0xFFFF) == 0 && ctx.cancelled()) throw std::runtime_error("cancelled");
        const int64_t lineno = reader.line_number();
        if (lineno == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
          line.remove_prefix(3);
        size_t k = 0;
        while (k < line.size() && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) ++k;
        if (k == line.size()) continue;  // empty line

        simdjson::dom::element doc;
        auto err = parser.parse(line.data(), line.size(), false).get(doc);
        if (err) {
          rejects.add(file, lineno, std::string("invalid JSON: ") + simdjson::error_message(err), line);
          continue;
        }
        if (doc.type() != simdjson::dom::element_type::OBJECT) {
          rejects.add(file, lineno, std::string("not a JSON object but ") + json_kind(doc.type()), line);
          continue;
        }
        const int64_t row = batch.rows();
        bool ok = true;
        for (size_t c = 0; c < cols.size(); ++c) {
          simdjson::dom::element v;
          if (doc.at_pointer(o.pointers[c]).get(v)) {
            batch.column(c).append_null();  // missing: null
            continue;
          }
          if (!conv.append(batch.column(c), v)) {
            for (size_t j = 0; j < c; ++j) batch.column(j).truncate(row);
            reason = "column '" + cols[c].name + "': cannot read " + json_kind(v.type()) + " " +
                     quote_value(simdjson::minify(v)) + " as " + cols[c].type.name();
            rejects.add(file, lineno, reason, line);
            ok = false;
            break;
          }
        }
        if (ok && batch.rows() >= o.batch_rows) emit_out(ctx, batch, rows_done, new_batch);
      }
    }
    finish_out(ctx, batch, rows_done, rejects, "io/jsonl_read", "line(s)");
  }
};

}  // namespace chorus::io::jsonl
