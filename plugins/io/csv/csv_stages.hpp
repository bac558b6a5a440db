// The io/csv_read and io/csv_write stages. Header-only so that the unit tests
// can drive them through a fake host; plugin.cpp only adds the descriptor.
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../common/input.hpp"
#include "../common/prefetch.hpp"
#include "../common/reader_output.hpp"
#include "../common/reader_support.hpp"
#include "csv_parser.hpp"
#include "value_parse.hpp"

namespace chorus::io::csv {

inline char delimiter_of(const sdk::Json& config) {
  std::string d = config.value("delimiter", std::string(","));
  if (d.size() != 1)
    throw std::invalid_argument("'delimiter' must be a single byte, got '" + d + "'");
  if (d[0] == '"' || d[0] == '\n' || d[0] == '\r')
    throw std::invalid_argument("'delimiter' cannot be a quote or a line break");
  return d[0];
}

struct ReadOptions {
  Declared declared;
  bool header = true;
  char delimiter = ',';
  std::vector<std::string> null_values{""};
  int64_t batch_rows = 65536;
};

inline ReadOptions read_options(const sdk::Json& config, const sdk::Context& ctx) {
  ReadOptions o;
  if (!config.contains("path") || !config["path"].is_string())
    throw std::invalid_argument("'path' (a file or glob pattern) is required");
  o.declared = declared_columns(config, ctx);
  o.header = config.value("header", true);
  o.delimiter = delimiter_of(config);
  if (config.contains("null_values")) o.null_values = config["null_values"].get<std::vector<std::string>>();
  o.batch_rows = batch_rows_of(config);
  return o;
}

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
    if (is_null(v, quoted, t.id)) { col.append_null(); return true; }
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

struct CsvRead : sdk::Stage {
  static constexpr const char* type = "io/csv_read";
  static constexpr const char* description =
      "Reads CSV files (RFC 4180, optionally gzip-compressed) into typed columns";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "io/csv_read",
  "description": "Reads one CSV file, or every file a glob pattern matches (in name order), into typed columns. Gzip input is recognised by its content. Rows that cannot be read go to the rejects port.",
  "type": "object",
  "properties": {
    "path": {
      "type": "string",
      "description": "File path or glob pattern (e.g. data/*.csv.gz); relative to the pipeline file's folder. It is an error if nothing matches."
    },
    "columns": {
      "type": "array",
      "minItems": 1,
      "description": "The columns to read, in output order. Give either this or 'schema'.",
      "items": {
        "type": "object",
        "description": "One output column.",
        "properties": {
          "name": {"type": "string", "minLength": 1, "description": "Column name; with header: true it is looked up in the file's header."},
          "type": {"type": "string", "enum": ["bool", "int64", "float64", "utf8", "string", "timestamp", "timestamp[s]", "timestamp[ms]", "timestamp[us]", "timestamp[ns]", "list<utf8>"], "description": "Column type. timestamp is timestamp[us]; list<utf8> reads a JSON array of strings or a '|'-separated text."}
        },
        "required": ["name", "type"],
        "additionalProperties": false
      }
    },
    "schema": {
      "type": "string",
      "description": "Name of a dataset type (schemas/datasets) whose columns are read; the out port then has that type. Give either this or 'columns'."
    },
    "header": {
      "type": "boolean",
      "default": true,
      "description": "true: the first record names the columns, which are matched by name (extra file columns are ignored, a missing one is an error). false: columns are taken by position and every record must have exactly as many fields."
    },
    "delimiter": {
      "type": "string",
      "minLength": 1,
      "maxLength": 1,
      "default": ",",
      "description": "Field separator, one byte (e.g. \",\", \";\", \"\\t\")."
    },
    "null_values": {
      "type": "array",
      "items": {"type": "string", "description": "A text read as null."},
      "default": [""],
      "description": "Field texts read as null. A quoted field of a utf8 or list<utf8> column is never null (\"\" is the empty string)."
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
    {"name": "rejects", "type": "rejects", "description": "Records that could not be read: file, line, reason and raw text."}
  ]
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context& ctx) override {
    ReadOptions o = read_options(config, ctx);
    return reader_port_types(o.declared, ctx);
  }

  void fingerprint(const sdk::Json& config, sdk::Context& ctx) override {
    add_config_files(config, ctx);
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    ReadOptions o = read_options(config, ctx);
    const Schema& cols = o.declared.columns;
    const auto files = config_files(config, ctx);
    RejectSink rejects(ctx, o.batch_rows);
    FieldConverter conv(o.null_values);
    const size_t reserve_rows = static_cast<size_t>(std::min<int64_t>(o.batch_rows, 65536));
    // Text bytes per column in the previous batch: reserved up front for the next.
    std::vector<size_t> chars_hint(cols.size(), 0);
    auto new_batch = [&] {
      Batch b(cols);
      for (size_t i = 0; i < b.num_columns(); ++i) {
        Column& c = b.column(i);
        c.reserve(reserve_rows);
        if (c.type().id == TypeId::Utf8 || c.type().id == TypeId::ListUtf8) {
          c.reserve_chars(chars_hint[i] + chars_hint[i] / 8);
          if (c.type().id == TypeId::ListUtf8) c.offsets().reserve(reserve_rows + 1);
        }
      }
      return b;
    };
    auto remember_sizes = [&](const Batch& b) {
      for (size_t i = 0; i < b.num_columns(); ++i) chars_hint[i] = b.column(i).chars().size();
    };
    constexpr size_t kMaxChars = static_cast<size_t>(INT32_MAX);
    Batch batch = new_batch();
    int64_t rows_done = 0, records = 0;
    std::string scratch, reason;
    Record rec;

    for (const auto& file : files) {
      FileSource src(file);
      CsvReader reader(src, o.delimiter);
      std::vector<size_t> field_of(cols.size());
      size_t expected_fields = cols.size();
      if (o.header) {
        if (!reader.next(rec)) {
          ctx.warn("io/csv_read: '" + file + "' is empty (no header)");
          continue;
        }
        if (rec.error)
          throw std::runtime_error(file + ": cannot read the header: " + rec.error);
        std::vector<std::string> names;
        for (size_t i = 0; i < rec.size(); ++i) names.emplace_back(rec.field(i, scratch));
        for (size_t c = 0; c < cols.size(); ++c) {
          size_t k = 0;
          while (k < names.size() && names[k] != cols[c].name) ++k;
          if (k == names.size())
            throw std::runtime_error(file + ": no column '" + cols[c].name + "' in the header");
          field_of[c] = k;
        }
        expected_fields = names.size();
      } else {
        for (size_t c = 0; c < cols.size(); ++c) field_of[c] = c;
      }

      // Parsing runs one block ahead on a second thread; conversion and all
      // host calls stay on this one.
      Prefetcher<RecordBlock> blocks([&reader](RecordBlock& b) { return reader.next_block(b); });
      while (const RecordBlock* blk = blocks.next()) {
        for (const RecordBlock::Info& r : blk->records) {
          if ((++records & 0xFFFF) == 0 && ctx.cancelled()) throw std::runtime_error("cancelled");
          const FieldRef* fields = blk->fields.data() + r.first_field;
          if (r.error) {
            rejects.add(file, r.line, r.error, r.raw());
            continue;
          }
          if (r.n_fields != expected_fields) {
            reason = "expected " + std::to_string(expected_fields) + " fields, got " +
                     std::to_string(r.n_fields);
            rejects.add(file, r.line, reason, r.raw());
            continue;
          }
          const int64_t row = batch.rows();
          for (size_t c = 0; c < cols.size(); ++c) {
            const FieldRef& f = fields[field_of[c]];
            std::string_view v = f.escaped ? field_text(f, scratch) : std::string_view(f.data, f.size);
            if (!conv.append(batch.column(c), v, f.quoted)) {
              for (size_t k = 0; k < c; ++k) batch.column(k).truncate(row);
              const TypeId id = cols[c].type.id;
              if ((id == TypeId::Utf8 || id == TypeId::ListUtf8) && !simdjson::validate_utf8(v.data(), v.size()))
                reason = "column '" + cols[c].name + "': not valid UTF-8";
              else
                reason = "column '" + cols[c].name + "': cannot read " + quote_value(v) + " as " +
                         cols[c].type.name();
              rejects.add(file, r.line, reason, r.raw());
              break;
            }
          }
          bool full = batch.rows() >= o.batch_rows;
          for (size_t c = 0; c < cols.size() && !full; ++c)
            full = batch.column(c).chars().size() > kMaxChars / 2;  // keep offsets in int32
          if (full) {
            remember_sizes(batch);
            emit_out(ctx, batch, rows_done, new_batch);
          }
        }
      }
    }
    finish_out(ctx, batch, rows_done, rejects, "io/csv_read", "record(s)");
  }
};

// ---------------------------------------------------------------------------

// Output file written under a temporary name and renamed on commit(); removed
// if never committed. Plain, or gzip when the path ends in ".gz".
class AtomicOutput {
 public:
  explicit AtomicOutput(const std::string& path) : path_(path), tmp_(path + ".tmp") {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    gzip_ = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    if (gzip_) {
      gz_ = gzopen(tmp_.c_str(), "wb6");
      if (!gz_) throw std::runtime_error("cannot create '" + tmp_ + "'");
    } else {
      f_ = std::fopen(tmp_.c_str(), "wb");
      if (!f_) throw std::runtime_error("cannot create '" + tmp_ + "': " + std::strerror(errno));
    }
  }
  ~AtomicOutput() {
    if (f_) std::fclose(f_);
    if (gz_) gzclose(gz_);
    if (!committed_) std::remove(tmp_.c_str());
  }
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  void write(const std::string& data) {
    if (data.empty()) return;
    if (gz_) {
      if (gzwrite(gz_, data.data(), static_cast<unsigned>(data.size())) != static_cast<int>(data.size()))
        throw std::runtime_error("cannot write '" + tmp_ + "'");
    } else if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) {
      throw std::runtime_error("cannot write '" + tmp_ + "': " + std::strerror(errno));
    }
  }
  void commit() {
    if (gz_) {
      int rc = gzclose(gz_);
      gz_ = nullptr;
      if (rc != Z_OK) throw std::runtime_error("cannot write '" + tmp_ + "'");
    } else {
      int rc = std::fclose(f_);
      f_ = nullptr;
      if (rc != 0) throw std::runtime_error("cannot write '" + tmp_ + "': " + std::strerror(errno));
    }
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
      throw std::runtime_error("cannot rename '" + tmp_ + "' to '" + path_ + "': " + std::strerror(errno));
    committed_ = true;
  }

 private:
  std::string path_, tmp_;
  bool gzip_ = false;
  FILE* f_ = nullptr;
  gzFile gz_ = nullptr;
  bool committed_ = false;
};

// Appends one CSV field, quoted when it holds the delimiter, a quote or a
// line break, or is empty (so that "" and null stay apart).
inline void append_csv_field(std::string& out, std::string_view v, char delim) {
  bool quote = v.empty();
  for (char c : v)
    if (c == delim || c == '"' || c == '\n' || c == '\r') { quote = true; break; }
  if (!quote) { out.append(v.data(), v.size()); return; }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// Appends the text of row i of a column (nothing for null).
inline void append_csv_value(std::string& out, const Column& c, int64_t i, char delim,
                             std::string& tmp) {
  if (c.is_null(i)) return;
  char num[64];
  switch (c.type().id) {
    case TypeId::Bool: out += c.boolean(i) ? "true" : "false"; break;
    case TypeId::Int64: out.append(num, std::to_chars(num, num + sizeof num, c.int64(i)).ptr); break;
    case TypeId::Float64:
      out.append(num, std::to_chars(num, num + sizeof num, c.float64(i)).ptr);
      break;
    case TypeId::Utf8: append_csv_field(out, c.str(i), delim); break;
    case TypeId::Timestamp: time::format_timestamp(c.int64(i), c.type().unit, out); break;
    case TypeId::ListUtf8: {
      tmp.clear();
      tmp.push_back('[');
      for (int64_t j = 0; j < c.list_size(i); ++j) {
        if (j) tmp.push_back(',');
        append_json_string(tmp, c.list_item(i, j));
      }
      tmp.push_back(']');
      append_csv_field(out, tmp, delim);
      break;
    }
  }
}

struct CsvWrite : sdk::Stage {
  static constexpr const char* type = "io/csv_write";
  static constexpr const char* description = "Writes its input to a CSV file (RFC 4180)";
  // 2: an input without any batch gives the header line (was an empty file).
  static constexpr const char* code_version = "2";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "io/csv_write",
  "description": "Writes the input rows to a CSV file: LF line ends, fields quoted when needed, nulls as empty fields, timestamps as ISO 8601 UTC, list<utf8> as JSON arrays. The file appears only when complete (written as <path>.tmp, then renamed); a path ending in .gz is gzip-compressed.",
  "type": "object",
  "properties": {
    "path": {
      "type": "string",
      "minLength": 1,
      "description": "Output file; relative to the pipeline file's folder. Missing parent folders are created."
    },
    "delimiter": {
      "type": "string",
      "minLength": 1,
      "maxLength": 1,
      "default": ",",
      "description": "Field separator, one byte."
    },
    "header": {
      "type": "boolean",
      "default": true,
      "description": "Write the column names as the first line (also when the input has no row)."
    }
  },
  "required": ["path"],
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "The rows to write."}],
  "outputs": []
})json";

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context&) override {
    if (!config.contains("path") || !config["path"].is_string())
      throw std::invalid_argument("'path' is required");
    delimiter_of(config);
    return sdk::PortTypes{};
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override {
    const std::string path = ctx.resolve_path(config.at("path").get<std::string>());
    const char delim = delimiter_of(config);
    const bool header = config.value("header", true);
    AtomicOutput file(path);
    std::string out, tmp;
    out.reserve(1 << 21);
    Schema schema;
    bool first = true;
    int64_t rows = 0;
    auto write_header = [&](const Schema& s) {
      for (size_t c = 0; c < s.size(); ++c) {
        if (c) out.push_back(delim);
        append_csv_field(out, s[c].name, delim);
      }
      out.push_back('\n');
    };
    Batch b;
    while (ctx.read("in", b)) {
      if (first) {
        schema = b.schema();
        first = false;
        if (header) write_header(schema);
      } else if (b.schema() != schema) {
        throw std::runtime_error("io/csv_write: the input's columns changed between batches");
      }
      const size_t nc = b.num_columns();
      for (int64_t i = 0; i < b.rows(); ++i) {
        for (size_t c = 0; c < nc; ++c) {
          if (c) out.push_back(delim);
          append_csv_value(out, b.column(c), i, delim, tmp);
        }
        out.push_back('\n');
        if (out.size() >= (1 << 20)) {
          file.write(out);
          out.clear();
        }
      }
      rows += b.rows();
      ctx.progress(rows);
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
    }
    if (first && header) {
      // No batch arrived: the columns are still known from the inferred type.
      if (auto t = ctx.input_type("in")) write_header(t->columns);
    }
    file.write(out);
    file.commit();
  }
};

}  // namespace chorus::io::csv
