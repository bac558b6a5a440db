#include "csv_read_stage.hpp"

#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "csv_parser.hpp"
#include "delimiter_option.hpp"
#include "field_converter.hpp"
#include "io/common/input.hpp"
#include "io/common/prefetch.hpp"
#include "io/common/reader_output.hpp"
#include "io/common/reader_support.hpp"

namespace chorus::io_csv {

using io_common::config_files;
using io_common::Declared;
using io_common::declared_columns;
using io_common::emit_out;
using io_common::FileSource;
using io_common::finish_out;
using io_common::Prefetcher;
using io_common::quote_value;
using io_common::RejectSink;

namespace {

// The JSON Schema of one `columns:` item (the host checks it; column_list()
// converts it).
sdk::Json columns_schema() {
  return sdk::Json::parse(R"json({
    "type": "array",
    "minItems": 1,
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
  })json");
}

}  // namespace

const sdk::OptionTable<CsvReadConfig>& CsvReadStage::options() {
  using C = CsvReadConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .string("path", &C::path,
                  "File path or glob pattern (e.g. data/*.csv.gz); relative to the pipeline file's folder. It is an "
                  "error if nothing matches.")
          .json("columns", &C::columns, columns_schema(), sdk::Json(),
                "The columns to read, in output order. Give either this or 'schema'.",
                [](const sdk::Json& v) {
                  return io_common::column_list(v, {"name", "type"});
                })
          .optional()
          .string("schema", &C::schema,
                  "Name of a dataset type (schemas/datasets) whose columns are read; the out port then has that "
                  "type. Give either this or 'columns'.")
          .optional()
          .boolean("header", &C::header, true,
                   "true: the first record names the columns, which are matched by name (extra file columns are "
                   "ignored, a missing one is an error). false: columns are taken by position and every record "
                   "must have exactly as many fields.")
          .string("delimiter", &C::delimiter, ",", "Field separator, one byte (e.g. \",\", \";\", \"\\t\").")
          .min_length(1)
          .max_length(1)
          .strings("null_values", &C::null_values, {""},
                   "Field texts read as null. A quoted field of a utf8 or list<utf8> column is never null (\"\" is "
                   "the empty string).")
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch.")
          .at_least(1)
          .check([](const C& c) {
            io_common::require_columns_or_schema(c.columns.has_value(), c.schema.has_value());
            delimiter_byte(c.delimiter);
          });
  return table;
}

std::optional<sdk::PortTypes> CsvReadStage::infer(const CsvReadConfig& config, const sdk::PortTypes&,
                                                  sdk::Context& ctx) {
  return io_common::reader_port_types(declared_columns(config.columns, config.schema, ctx), ctx);
}

void CsvReadStage::fingerprint(const CsvReadConfig& config, sdk::Context& ctx) {
  io_common::add_config_files(config.path, ctx);
}

void CsvReadStage::run(const CsvReadConfig& o, sdk::Context& ctx) {
  const Declared declared = declared_columns(o.columns, o.schema, ctx);
  const Schema& cols = declared.columns;
  const char delimiter = delimiter_byte(o.delimiter);
  const auto files = config_files(o.path, ctx);
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
    CsvReader reader(src, delimiter);
    std::vector<size_t> field_of(cols.size());
    size_t expected_fields = cols.size();
    if (o.header) {
      if (!reader.next(rec)) {
        ctx.warn("io/csv_read: '" + file + "' is empty (no header)");
        continue;
      }
      if (rec.error) throw std::runtime_error(file + ": cannot read the header: " + rec.error);
      std::vector<std::string> names;
      for (size_t i = 0; i < rec.size(); ++i) names.emplace_back(rec.field(i, scratch));
      for (size_t c = 0; c < cols.size(); ++c) {
        size_t k = 0;
        while (k < names.size() && names[k] != cols[c].name) ++k;
        if (k == names.size()) throw std::runtime_error(file + ": no column '" + cols[c].name + "' in the header");
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
          reason = "expected " + std::to_string(expected_fields) + " fields, got " + std::to_string(r.n_fields);
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
              reason = "column '" + cols[c].name + "': cannot read " + quote_value(v) + " as " + cols[c].type.name();
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

}  // namespace chorus::io_csv
