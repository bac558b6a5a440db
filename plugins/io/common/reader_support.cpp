#include "reader_support.hpp"

#include <stdexcept>
#include <utility>

namespace chorus::io_common {

Schema column_list(const sdk::Json& items, const std::vector<std::string>& item_keys) {
  if (!items.is_array() || items.empty())
    throw sdk::ConfigError("with.columns: expected a non-empty list of {name, type}");
  Schema out;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string where = "with.columns[" + std::to_string(i) + "]";
    const sdk::Json& c = items[i];
    if (!c.is_object()) throw sdk::ConfigError(where + ": expected a mapping {name, type}");
    for (auto it = c.begin(); it != c.end(); ++it) {
      bool known = false;
      for (const auto& k : item_keys) known = known || k == it.key();
      if (!known)
        throw sdk::ConfigError(where + ": unknown key '" + it.key() + "'" +
                               sdk::did_you_mean(it.key(), item_keys, "expected"));
    }
    if (!c.contains("name") || !c["name"].is_string() || c["name"].get<std::string>().empty())
      throw sdk::ConfigError(where + ".name: expected a non-empty column name");
    if (!c.contains("type") || !c["type"].is_string())
      throw sdk::ConfigError(where + ".type: expected a column type (e.g. utf8, int64, timestamp[ms])");
    Field f;
    f.name = c["name"].get<std::string>();
    const std::string t = c["type"].get<std::string>();
    if (!DataType::parse(t, f.type)) throw sdk::ConfigError(where + ".type: unknown type '" + t + "'");
    for (const auto& g : out)
      if (g.name == f.name) throw sdk::ConfigError(where + ".name: column '" + f.name + "' is declared twice");
    out.push_back(std::move(f));
  }
  return out;
}

void require_columns_or_schema(bool has_columns, bool has_schema) {
  if (has_columns && has_schema)
    throw sdk::ConfigError("with.schema: give exactly one of 'columns' and 'schema', not both");
  if (!has_columns && !has_schema) throw sdk::ConfigError("with.columns: give exactly one of 'columns' and 'schema'");
}

Declared declared_columns(const std::optional<Schema>& columns, const std::optional<std::string>& schema,
                          const sdk::Context& ctx) {
  require_columns_or_schema(columns.has_value(), schema.has_value());
  Declared d;
  if (schema) {
    d.type_name = *schema;
    auto s = ctx.dataset_type(d.type_name);
    if (!s) throw std::invalid_argument("unknown dataset type '" + d.type_name + "'");
    d.columns = std::move(*s);
  } else {
    d.columns = *columns;
  }
  return d;
}

Schema rejects_schema(const sdk::Context& ctx) {
  if (auto s = ctx.dataset_type("rejects")) return *s;
  return {{"file", DataType{TypeId::Utf8}},
          {"line", DataType{TypeId::Int64}},
          {"reason", DataType{TypeId::Utf8}},
          {"raw", DataType{TypeId::Utf8}}};
}

sdk::PortTypes reader_port_types(const Declared& d, const sdk::Context& ctx) {
  return sdk::PortTypes{{"out", {d.type_name, d.columns}}, {"rejects", {"rejects", rejects_schema(ctx)}}};
}

int64_t batch_rows_of(const sdk::Json& config) {
  int64_t n = config.value("batch_rows", int64_t(65536));
  if (n < 1) throw std::invalid_argument("'batch_rows' must be at least 1");
  return n;
}

std::string_view truncate_utf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string quote_value(std::string_view v) {
  constexpr size_t kMax = 80;
  std::string out = "'";
  out += truncate_utf8(v, kMax);
  if (v.size() > kMax) out += "...";
  out += "'";
  return out;
}

RejectSink::RejectSink(sdk::Context& ctx, int64_t batch_rows)
    : ctx_(ctx), schema_(rejects_schema(ctx)), batch_rows_(batch_rows), batch_(schema_) {
  file_ = batch_.index_of("file");
  line_ = batch_.index_of("line");
  reason_ = batch_.index_of("reason");
  raw_ = batch_.index_of("raw");
}

void RejectSink::add(std::string_view file, int64_t line, std::string_view reason, std::string_view raw) {
  for (size_t i = 0; i < batch_.num_columns(); ++i) {
    Column& c = batch_.column(i);
    const int k = static_cast<int>(i);
    if (k == file_ && c.type().id == TypeId::Utf8)
      c.append_string(file);
    else if (k == line_ && c.type().id == TypeId::Int64)
      c.append_int(line);
    else if (k == reason_ && c.type().id == TypeId::Utf8)
      c.append_string(reason);
    else if (k == raw_ && c.type().id == TypeId::Utf8)
      c.append_string(truncate_utf8(raw, 4096));
    else
      c.append_null();
  }
  ++count_;
  if (batch_.rows() >= batch_rows_) flush();
}

void RejectSink::flush() {
  if (batch_.rows() == 0) return;
  ctx_.emit("rejects", std::move(batch_));
  batch_ = Batch(schema_);
}

}  // namespace chorus::io_common
