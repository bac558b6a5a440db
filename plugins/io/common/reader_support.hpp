// Pieces shared by the io readers: the declared output columns (from
// `columns:` or `schema:`) and the rejects port. (A half-appended row is
// rolled back with Column::truncate.)
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::io_common {

// The columns a reader produces and the dataset type name of its "out" port.
struct Declared {
  std::string type_name;  // empty unless `schema:` was used
  Schema columns;
};

// The columns of a `columns:` option, a list of {name, type, ...}: what its
// option converter returns. Items may hold only the keys `item_keys` names
// (the host's schema says so too; this also guards a host that did not
// check). Throws sdk::ConfigError naming with.columns[i].
Schema column_list(const sdk::Json& items, const std::vector<std::string>& item_keys);

// The rule across `columns:` and `schema:`: exactly one of them (a
// sdk::ConfigError otherwise).
void require_columns_or_schema(bool has_columns, bool has_schema);

// The columns read: the declared list, or those of the dataset type named
// by `schema:` (an error if the host does not know it).
Declared declared_columns(const std::optional<Schema>& columns, const std::optional<std::string>& schema,
                          const sdk::Context& ctx);

// Columns of the rejects dataset type (schemas/datasets/rejects.json); built
// here when the host does not know the type.
Schema rejects_schema(const sdk::Context& ctx);

sdk::PortTypes reader_port_types(const Declared& d, const sdk::Context& ctx);

// `batch_rows` of a JSON `with:` (for stages that still read their config
// as JSON; the option table states the same rule as `.at_least(1)`).
int64_t batch_rows_of(const sdk::Json& config);

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view s, size_t max);

// A value for a reject reason: quoted, shortened.
std::string quote_value(std::string_view v);

// Collects rejected records and emits them on the "rejects" port.
class RejectSink {
 public:
  RejectSink(sdk::Context& ctx, int64_t batch_rows);

  void add(std::string_view file, int64_t line, std::string_view reason, std::string_view raw);
  void flush();
  int64_t count() const { return count_; }

 private:
  sdk::Context& ctx_;
  Schema schema_;
  int64_t batch_rows_;
  Batch batch_;
  int file_, line_, reason_, raw_;
  int64_t count_ = 0;
};

}  // namespace chorus::io_common

// Transition: the old name of this namespace (see input.hpp).
namespace chorus {
namespace io = io_common;
}
