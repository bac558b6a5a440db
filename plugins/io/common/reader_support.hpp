// Pieces shared by the io readers: the declared output columns (from
// `columns:` or `schema:`) and the rejects port. (A half-appended row is
// rolled back with Column::truncate.)
#pragma once

#include <chorus/sdk.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace chorus::io {

// The columns a reader produces and the dataset type name of its "out" port.
struct Declared {
  std::string type_name;  // empty unless `schema:` was used
  Schema columns;
};

// Reads `columns:` (array of {name, type, ...}) or `schema:` (dataset type name);
// exactly one must be present.
inline Declared declared_columns(const sdk::Json& config, const sdk::Context& ctx) {
  const bool has_columns = config.contains("columns") && !config["columns"].is_null();
  const bool has_schema = config.contains("schema") && !config["schema"].is_null();
  if (has_columns == has_schema)
    throw std::invalid_argument("give exactly one of 'columns' and 'schema'");
  Declared d;
  if (has_schema) {
    d.type_name = config["schema"].get<std::string>();
    auto s = ctx.dataset_type(d.type_name);
    if (!s) throw std::invalid_argument("unknown dataset type '" + d.type_name + "'");
    d.columns = std::move(*s);
  } else {
    const auto& cols = config["columns"];
    if (!cols.is_array() || cols.empty())
      throw std::invalid_argument("'columns' must be a non-empty array of {name, type}");
    for (const auto& c : cols) {
      Field f;
      f.name = c.at("name").get<std::string>();
      std::string t = c.at("type").get<std::string>();
      if (!DataType::parse(t, f.type))
        throw std::invalid_argument("column '" + f.name + "': unknown type '" + t + "'");
      d.columns.push_back(std::move(f));
    }
  }
  for (size_t i = 0; i < d.columns.size(); ++i) {
    if (d.columns[i].name.empty()) throw std::invalid_argument("a column has an empty name");
    for (size_t j = 0; j < i; ++j)
      if (d.columns[j].name == d.columns[i].name)
        throw std::invalid_argument("column '" + d.columns[i].name + "' is declared twice");
  }
  return d;
}

// Columns of the rejects dataset type (schemas/datasets/rejects.json); built
// here when the host does not know the type.
inline Schema rejects_schema(const sdk::Context& ctx) {
  if (auto s = ctx.dataset_type("rejects")) return *s;
  return {{"file", DataType{TypeId::Utf8}},
          {"line", DataType{TypeId::Int64}},
          {"reason", DataType{TypeId::Utf8}},
          {"raw", DataType{TypeId::Utf8}}};
}

inline sdk::PortTypes reader_port_types(const Declared& d, const sdk::Context& ctx) {
  return sdk::PortTypes{{"out", {d.type_name, d.columns}},
                        {"rejects", {"rejects", rejects_schema(ctx)}}};
}

inline int64_t batch_rows_of(const sdk::Json& config) {
  int64_t n = config.value("batch_rows", int64_t(65536));
  if (n < 1) throw std::invalid_argument("'batch_rows' must be at least 1");
  return n;
}

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
inline std::string_view truncate_utf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// A value for a reject reason: quoted, shortened.
inline std::string quote_value(std::string_view v) {
  constexpr size_t kMax = 80;
  std::string out = "'";
  out += truncate_utf8(v, kMax);
  if (v.size() > kMax) out += "...";
  out += "'";
  return out;
}

// Collects rejected records and emits them on the "rejects" port.
class RejectSink {
 public:
  RejectSink(sdk::Context& ctx, int64_t batch_rows)
      : ctx_(ctx), schema_(rejects_schema(ctx)), batch_rows_(batch_rows), batch_(schema_) {
    file_ = batch_.index_of("file");
    line_ = batch_.index_of("line");
    reason_ = batch_.index_of("reason");
    raw_ = batch_.index_of("raw");
  }

  void add(std::string_view file, int64_t line, std::string_view reason, std::string_view raw) {
    for (size_t i = 0; i < batch_.num_columns(); ++i) {
      Column& c = batch_.column(i);
      const int k = static_cast<int>(i);
      if (k == file_ && c.type().id == TypeId::Utf8) c.append_string(file);
      else if (k == line_ && c.type().id == TypeId::Int64) c.append_int(line);
      else if (k == reason_ && c.type().id == TypeId::Utf8) c.append_string(reason);
      else if (k == raw_ && c.type().id == TypeId::Utf8) c.append_string(truncate_utf8(raw, 4096));
      else c.append_null();
    }
    ++count_;
    if (batch_.rows() >= batch_rows_) flush();
  }
  void flush() {
    if (batch_.rows() == 0) return;
    ctx_.emit("rejects", std::move(batch_));
    batch_ = Batch(schema_);
  }
  int64_t count() const { return count_; }

 private:
  sdk::Context& ctx_;
  Schema schema_;
  int64_t batch_rows_;
  Batch batch_;
  int file_, line_, reason_, raw_;
  int64_t count_ = 0;
};

}  // namespace chorus::io
