// An in-memory chorus_host_api for unit tests of the table/* stages.
//
// Drives a stage through the same C entry points the real host uses
// (chorus::sdk::detail::Trampoline), so Arrow export/import, exception
// trapping and set_error are exercised too:
//
//   chorus_table_testing::FakeHost host;
//   host.inputs["in"] = {batch1, batch2};
//   REQUIRE(host.run<MyStage>(config) == 0);
//   host.outputs["out"]  // the emitted batches, imported back
//
// Lives in its own namespace: tests of other plugin folders are linked into
// the same binary with their own helpers.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus_table_testing {

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::Schema;
using chorus::TypeId;
using chorus::sdk::Json;

class FakeHost {
 public:
  // Batches served, in order, by read_batch per input port.
  std::map<std::string, std::vector<Batch>> inputs;
  // Batches received by emit_batch per output port.
  std::map<std::string, std::vector<Batch>> outputs;
  // Messages recorded by set_error (the last one is the reason of a failure).
  std::vector<std::string> errors;
  std::vector<std::pair<int, std::string>> logs;
  std::string output_types_json;  // last set_output_types
  int64_t progress_rows = -1;     // last progress report
  int reads = 0;                  // read_batch calls that returned a batch
  // cancelled() turns true once this many batches have been read (-1: never).
  int cancel_after_reads = -1;
  // emit_batch fails (returns non-zero) when set.
  bool refuse_emit = false;

  FakeHost() {
    api_.struct_size = sizeof(chorus_host_api);
    api_.abi_major = CHORUS_ABI_MAJOR;
    api_.abi_minor = CHORUS_ABI_MINOR;
    api_.log = [](void* c, int level, const char* m) { self(c).logs.emplace_back(level, m); };
    api_.set_error = [](void* c, const char* m) { self(c).errors.emplace_back(m); };
    api_.cancelled = [](void* c) -> int {
      FakeHost& h = self(c);
      return h.cancel_after_reads >= 0 && h.reads >= h.cancel_after_reads;
    };
    api_.dataset_type = [](void*, const char*) -> const char* { return nullptr; };
    api_.set_output_types = [](void* c, const char* j) -> int {
      self(c).output_types_json = j;
      return 0;
    };
    api_.read_batch = [](void* c, const char* port, ArrowSchema* s, ArrowArray* a) -> int {
      FakeHost& h = self(c);
      auto it = h.inputs.find(port);
      if (it == h.inputs.end()) return 0;
      size_t& next = h.next_[port];
      if (next >= it->second.size()) return 0;
      Batch copy = it->second[next++];
      chorus::arrow::export_batch(std::move(copy), s, a);
      ++h.reads;
      return 1;
    };
    api_.emit_batch = [](void* c, const char* port, ArrowSchema* s, ArrowArray* a) -> int {
      FakeHost& h = self(c);
      // The host owns the structs whatever happens: import_batch releases them.
      try {
        Batch b = chorus::arrow::import_batch(s, a);
        if (h.refuse_emit) return 1;
        h.outputs[port].push_back(std::move(b));
        return 0;
      } catch (const std::exception& e) {
        h.errors.emplace_back(std::string("emit_batch: ") + e.what());
        return 1;
      }
    };
    api_.progress = [](void* c, int64_t rows) { self(c).progress_rows = rows; };
    api_.add_input_file = [](void*, const char*) {};
    api_.pipeline_dir = [](void*) -> const char* { return ""; };
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  const chorus_host_api* api() const { return &api_; }

  // Runs stage S over `inputs` through its C entry point; returns its status.
  template <class S>
  int run(const Json& config) {
    next_.clear();
    const chorus_stage_api* st = chorus::sdk::detail::Trampoline<S>::api();
    return st->run(&api_, this, config.dump().c_str());
  }

  // Calls infer of stage S with input port types; returns its status. On
  // success the reported types are in output_types_json / output_types().
  template <class S>
  int infer(const Json& config, const chorus::sdk::PortTypes& input_types) {
    const chorus_stage_api* st = chorus::sdk::detail::Trampoline<S>::api();
    return st->infer(&api_, this, config.dump().c_str(),
                     chorus::sdk::to_json(input_types).dump().c_str());
  }
  chorus::sdk::PortTypes output_types() const {
    return chorus::sdk::port_types_from_json(Json::parse(output_types_json));
  }
  std::string last_error() const { return errors.empty() ? std::string() : errors.back(); }

 private:
  static FakeHost& self(void* c) { return *static_cast<FakeHost*>(c); }
  chorus_host_api api_{};
  std::map<std::string, size_t> next_;
};

// --- building and reading batches -------------------------------------------

struct Null {};
inline constexpr Null null{};
using StrList = std::vector<std::string>;
// One cell of a test table; Null for a null cell.
using Cell = std::variant<Null, bool, int64_t, double, std::string, StrList>;

// Schema from {"name", "type name"} pairs, e.g. {{"id", "int64"}, {"t", "timestamp[ms]"}}.
inline Schema schema(std::initializer_list<std::pair<const char*, const char*>> cols) {
  Schema s;
  for (const auto& c : cols) s.push_back({c.first, DataType::from_name(c.second)});
  return s;
}

// A batch from rows of cells; cell types must fit the columns.
inline Batch batch(const Schema& s, const std::vector<std::vector<Cell>>& rows) {
  Batch b(s);
  for (const auto& row : rows) {
    if (row.size() != s.size()) throw std::logic_error("test row has the wrong number of cells");
    for (size_t c = 0; c < row.size(); ++c) {
      Column& col = b.column(c);
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Null>) col.append_null();
            else if constexpr (std::is_same_v<T, bool>) col.append_bool(v);
            else if constexpr (std::is_same_v<T, int64_t>) col.append_int(v);
            else if constexpr (std::is_same_v<T, double>) col.append_double(v);
            else if constexpr (std::is_same_v<T, std::string>) col.append_string(v);
            else col.append_list(v);
          },
          row[c]);
    }
  }
  b.set_empty_rows(static_cast<int64_t>(rows.size()));
  return b;
}

inline std::string format_double(double d) {
  if (std::isnan(d)) return "nan";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

// Cell r of a column as text: "null", "true", "42", "2.5", the string itself,
// "[a,b]" for a list.
inline std::string cell_text(const Column& c, int64_t r) {
  if (c.is_null(r)) return "null";
  switch (c.type().id) {
    case TypeId::Bool: return c.boolean(r) ? "true" : "false";
    case TypeId::Int64:
    case TypeId::Timestamp: return std::to_string(c.int64(r));
    case TypeId::Float64: return format_double(c.float64(r));
    case TypeId::Utf8: return std::string(c.str(r));
    case TypeId::ListUtf8: {
      std::string s = "[";
      for (int64_t j = 0; j < c.list_size(r); ++j) s += (j ? "," : "") + std::string(c.list_item(r, j));
      return s + "]";
    }
  }
  return "?";
}

// A named column over several batches as "v1|v2|..." (readable in failures).
inline std::string col(const std::vector<Batch>& batches, const std::string& name) {
  std::string s;
  bool first = true;
  for (const auto& b : batches) {
    const Column& c = b.column(name);
    for (int64_t r = 0; r < c.size(); ++r) {
      s += (first ? "" : "|") + cell_text(c, r);
      first = false;
    }
  }
  return s;
}
inline std::string col(const Batch& b, const std::string& name) {
  return col(std::vector<Batch>{b}, name);
}

inline int64_t total_rows(const std::vector<Batch>& batches) {
  int64_t n = 0;
  for (const auto& b : batches) n += b.rows();
  return n;
}

// "name:type,name:type" of a schema.
inline std::string schema_text(const Schema& s) {
  std::string out;
  for (const auto& f : s) out += (out.empty() ? "" : ",") + f.name + ":" + f.type.name();
  return out;
}

}  // namespace chorus_table_testing
