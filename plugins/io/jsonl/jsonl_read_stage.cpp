#include "jsonl_read_stage.hpp"

#include <simdjson.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/common/input.hpp"
#include "io/common/reader_output.hpp"
#include "io/common/reader_support.hpp"
#include "json_pointer.hpp"
#include "value_converter.hpp"

namespace chorus::io_jsonl {

using io_common::config_files;
using io_common::Declared;
using io_common::emit_out;
using io_common::FileSource;
using io_common::finish_out;
using io_common::LineReader;
using io_common::quote_value;
using io_common::RejectSink;

static_assert(simdjson::SIMDJSON_PADDING <= LineReader::kPadding,
              "LineReader must leave simdjson's padding after every line");

namespace {

sdk::Json columns_schema() {
  return sdk::Json::parse(R"json({
    "type": "array",
    "minItems": 1,
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
  })json");
}

ColumnList column_list(const sdk::Json& items) {
  ColumnList out;
  out.columns = io_common::column_list(items, {"name", "type", "pointer"});
  for (size_t i = 0; i < out.columns.size(); ++i) {
    std::string p = default_pointer(out.columns[i].name);
    if (items[i].contains("pointer")) {
      const sdk::Json& v = items[i]["pointer"];
      const std::string where = "with.columns[" + std::to_string(i) + "].pointer";
      if (!v.is_string()) throw sdk::ConfigError(where + ": expected a JSON pointer (a string)");
      p = v.get<std::string>();
      if (std::string why = pointer_problem(p); !why.empty()) throw sdk::ConfigError(where + ": " + why);
    }
    out.pointers.push_back(std::move(p));
  }
  return out;
}

Declared declared_of(const JsonlReadConfig& o, const sdk::Context& ctx) {
  std::optional<Schema> columns;
  if (o.columns) columns = o.columns->columns;
  return io_common::declared_columns(columns, o.schema, ctx);
}

// One pointer per column: the declared ones, or each name's default.
std::vector<std::string> pointers_of(const JsonlReadConfig& o, const Declared& d) {
  if (o.columns) return o.columns->pointers;
  std::vector<std::string> out;
  for (const auto& f : d.columns) out.push_back(default_pointer(f.name));
  return out;
}

}  // namespace

const sdk::OptionTable<JsonlReadConfig>& JsonlReadStage::options() {
  using C = JsonlReadConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .string("path", &C::path,
                  "File path or glob pattern (e.g. data/*.jsonl.gz); relative to the pipeline file's folder. Gzip is "
                  "recognised by content. It is an error if nothing matches.")
          .json("columns", &C::columns, columns_schema(), sdk::Json(),
                "The columns to read, in output order. Give either this or 'schema'.", column_list)
          .optional()
          .string("schema", &C::schema,
                  "Name of a dataset type (schemas/datasets) whose columns are read, each from the top-level field "
                  "of its name; the out port then has that type. Give either this or 'columns'.")
          .optional()
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch.")
          .at_least(1)
          .check([](const C& c) { io_common::require_columns_or_schema(c.columns.has_value(), c.schema.has_value()); });
  return table;
}

std::optional<sdk::PortTypes> JsonlReadStage::infer(const JsonlReadConfig& config, const sdk::PortTypes&,
                                                    sdk::Context& ctx) {
  return io_common::reader_port_types(declared_of(config, ctx), ctx);
}

void JsonlReadStage::fingerprint(const JsonlReadConfig& config, sdk::Context& ctx) {
  io_common::add_config_files(config.path, ctx);
}

void JsonlReadStage::run(const JsonlReadConfig& o, sdk::Context& ctx) {
  const Declared declared = declared_of(o, ctx);
  const Schema& cols = declared.columns;
  const std::vector<std::string> pointers = pointers_of(o, declared);
  const auto files = config_files(o.path, ctx);
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
      if (lineno == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);
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
        if (doc.at_pointer(pointers[c]).get(v)) {
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

}  // namespace chorus::io_jsonl
