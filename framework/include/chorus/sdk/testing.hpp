// A fake host for unit tests of stages, and helpers to build and read test
// batches. Stages are driven through the same C entry points
// (chorus::sdk::stage_api<S>()) and Arrow C structs as with the real host, so
// exception trapping, set_error and the Arrow bridge are exercised too:
//
//   #include <chorus/sdk/testing.hpp>
//   using namespace chorus::sdk::testing;
//
//   FakeHost host;
//   host.inputs["in"] = {batch(schema({{"n", "int64"}}), {{int64_t{1}}, {null}})};
//   REQUIRE(host.run<MyStage>({{"threshold", 3}}) == 0);   // else host.last_error()
//   CHECK(col(host.outputs["out"], "n") == "1|null");
//
// Every call (run, infer, fingerprint) starts with fresh records (outputs,
// errors, logs, progress, reads, input files); the settings (inputs, types,
// dataset types, pipeline_dir, cancel...) are kept. For tests only: never
// include it in a plugin library.
#pragma once

#include <stdlib.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../sdk.hpp"

namespace chorus::sdk::testing {

using chorus::Batch;
using chorus::Column;
using chorus::DataType;
using chorus::Field;
using chorus::Schema;
using chorus::TimeUnit;
using chorus::TypeId;
using chorus::sdk::Json;
using chorus::sdk::PortType;
using chorus::sdk::PortTypes;

// The dataset type every host knows (schemas/datasets/rejects.json): the
// rows an input stage could not use.
inline constexpr const char* kRejectsDatasetType = R"json({
  "name": "rejects",
  "description": "Input rows a reader could not use: where they were and why. Never dropped silently.",
  "columns": [
    {"name": "file", "type": "utf8", "description": "input file path"},
    {"name": "line", "type": "int64", "description": "1-based line where the record starts"},
    {"name": "reason", "type": "utf8", "description": "why the row was rejected"},
    {"name": "raw", "type": "utf8", "description": "the record as read (truncated to 4 KiB)"}
  ]
})json";

class FakeHost {
 public:
  // --- what the stage sees ---------------------------------------------------

  // Batches served in order by read_batch, per input port. A port not listed
  // is at its end at once (a connected input with no batch).
  std::map<std::string, std::vector<Batch>> inputs;
  // The inferred types of input ports, as port_types() reports them during
  // run and infer<S>(config) passes them. A port not listed here but present
  // in `inputs` with a batch has the schema of its first batch (no type name).
  PortTypes input_types;
  // Named dataset types (JSON as in schemas/datasets) served by
  // dataset_type(); "rejects" is there from the start.
  std::map<std::string, std::string> dataset_types{{"rejects", kRejectsDatasetType}};
  // Returned by pipeline_dir(): relative config paths resolve against it.
  std::string pipeline_dir;
  // cancelled() is true when `cancel` is set, or once `cancel_after_reads`
  // batches have been read (-1: never).
  bool cancel = false;
  int cancel_after_reads = -1;
  // emit_batch refuses every batch (returns non-zero) when set.
  bool refuse_emit = false;
  // read_batch fails (returns -1, as for an unreadable spool file) on these ports.
  std::set<std::string> unreadable_inputs;

  // --- what the stage did (reset by every call) --------------------------------

  // Batches received by emit_batch, imported back, per output port.
  std::map<std::string, std::vector<Batch>> outputs;
  // Messages recorded by set_error (the last one is the reason of a failure)
  // and by the fake host itself on a malformed emit.
  std::vector<std::string> errors;
  std::vector<std::pair<int, std::string>> logs;    // (CHORUS_LOG_*, message)
  std::vector<int64_t> progress;                    // every progress report
  std::vector<std::string> input_files;             // add_input_file, in order
  std::map<std::string, std::string> input_values;  // add_input_value
  int reads = 0;                                    // read_batch calls that gave a batch
  // Columns the stage selected per input port (select_columns): read_batch
  // then serves only those, as the host does, so a stage's tests fail when
  // it reads a column it did not select.
  std::map<std::string, std::vector<std::string>> selected;
  // The last set_output_types (reset by infer only): JSON {port: {type, columns}}.
  // During run, port_types() reports it as the output types.
  Json output_types_json;

  FakeHost() {
    api_.struct_size = sizeof(chorus_host_api);
    api_.abi_major = CHORUS_ABI_MAJOR;
    api_.abi_minor = CHORUS_ABI_MINOR;
    api_.log = [](void* c, int level, const char* m) { self(c).logs.emplace_back(level, m); };
    api_.set_error = [](void* c, const char* m) { self(c).errors.emplace_back(m); };
    api_.cancelled = [](void* c) -> int {
      const FakeHost& h = self(c);
      return h.cancel || (h.cancel_after_reads >= 0 && h.reads >= h.cancel_after_reads);
    };
    api_.dataset_type = [](void* c, const char* name) -> const char* {
      const auto& types = self(c).dataset_types;
      auto it = types.find(name);
      return it == types.end() ? nullptr : it->second.c_str();
    };
    api_.set_output_types = [](void* c, const char* j) -> int {
      try {
        self(c).output_types_json = Json::parse(j);
        return 0;
      } catch (const std::exception& e) {
        self(c).errors.emplace_back(std::string("set_output_types: ") + e.what());
        return 1;
      }
    };
    api_.read_batch = [](void* c, const char* port, ArrowSchema* s, ArrowArray* a) -> int {
      FakeHost& h = self(c);
      if (h.unreadable_inputs.count(port)) {
        h.errors.emplace_back(std::string("input '") + port + "' cannot be read (unreadable_inputs)");
        return -1;
      }
      auto it = h.inputs.find(port);
      if (it == h.inputs.end()) return 0;
      size_t& next = h.next_[port];
      if (next >= it->second.size()) return 0;
      const Batch& whole = it->second[next++];
      auto sel = h.selected.find(port);
      Batch copy = sel == h.selected.end() ? whole : whole.project(sel->second);
      arrow::export_batch(std::move(copy), s, a);
      ++h.reads;
      return 1;
    };
    api_.emit_batch = [](void* c, const char* port, ArrowSchema* s, ArrowArray* a) -> int {
      FakeHost& h = self(c);
      // The host owns the structs whatever happens: import_batch releases them.
      try {
        Batch b = arrow::import_batch(s, a);
        if (h.refuse_emit) return 1;
        h.outputs[port].push_back(std::move(b));
        return 0;
      } catch (const std::exception& e) {
        h.errors.emplace_back(std::string("emit_batch: ") + e.what());
        return 1;
      }
    };
    api_.select_columns = [](void* c, const char* port, const char* columns_json) -> int {
      FakeHost& h = self(c);
      try {
        if (h.next_.count(port) && h.next_[port] > 0) throw std::runtime_error("selected after the first read");
        const auto names = Json::parse(columns_json).get<std::vector<std::string>>();
        const PortTypes types = h.input_port_types();
        auto t = types.find(port);
        for (const auto& n : names) {
          bool known = false;
          if (t != types.end())
            for (const auto& f : t->second.columns) known = known || f.name == n;
          if (!known) throw std::runtime_error("no column '" + n + "'");
        }
        h.selected[port] = names;
        return 0;
      } catch (const std::exception& e) {
        h.errors.emplace_back(std::string("select_columns on '") + port + "': " + e.what());
        return -1;
      }
    };
    api_.progress = [](void* c, int64_t rows) { self(c).progress.push_back(rows); };
    api_.add_input_file = [](void* c, const char* path) { self(c).input_files.emplace_back(path); };
    api_.add_input_value = [](void* c, const char* name, const char* value) { self(c).input_values[name] = value; };
    api_.pipeline_dir = [](void* c) -> const char* { return self(c).pipeline_dir.c_str(); };
    api_.port_types = [](void* c) -> const char* {
      const FakeHost& h = self(c);
      return h.port_types_.empty() ? nullptr : h.port_types_.c_str();
    };
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  // --- driving a stage: 0 on success, else the stage's failure status ---------

  template <class S>
  int run(const Json& config) {
    return run(stage_api<S>(), config);
  }
  // Infers with the input types of input_port_types().
  template <class S>
  int infer(const Json& config) {
    return infer(stage_api<S>(), config, input_port_types());
  }
  template <class S>
  int infer(const Json& config, const PortTypes& input_types) {
    return infer(stage_api<S>(), config, input_types);
  }
  template <class S>
  int fingerprint(const Json& config) {
    return fingerprint(stage_api<S>(), config);
  }

  // The same for a stage descriptor (e.g. one a plugin's entry point lists).
  int run(const chorus_stage_api* stage, const Json& config) {
    reset();
    next_.clear();
    selected.clear();
    port_types_ = Json{{"inputs", to_json(input_port_types())},
                       {"outputs", output_types_json.is_object() ? output_types_json : Json::object()}}
                      .dump();
    const int rc = stage->run(&api_, this, config.dump().c_str());
    port_types_.clear();
    return rc;
  }
  int infer(const chorus_stage_api* stage, const Json& config, const PortTypes& input_types) {
    reset();
    output_types_json = Json();
    if (!stage->infer) return 0;
    return stage->infer(&api_, this, config.dump().c_str(), to_json(input_types).dump().c_str());
  }
  int fingerprint(const chorus_stage_api* stage, const Json& config) {
    reset();
    if (!stage->fingerprint) return 0;
    return stage->fingerprint(&api_, this, config.dump().c_str());
  }

  // --- reading the results ------------------------------------------------------

  const chorus_host_api* api() const { return &api_; }

  // The input types port_types() reports: `input_types`, plus the schema of
  // the first batch of every other port of `inputs`.
  PortTypes input_port_types() const {
    PortTypes types = input_types;
    for (const auto& [port, batches] : inputs)
      if (!types.count(port) && !batches.empty()) types[port] = {"", batches.front().schema()};
    return types;
  }
  // The types the last infer reported (empty if none).
  PortTypes output_types() const {
    return output_types_json.is_object() ? port_types_from_json(output_types_json) : PortTypes{};
  }
  std::string last_error() const { return errors.empty() ? std::string() : errors.back(); }
  // The last progress report, -1 if none.
  int64_t last_progress() const { return progress.empty() ? -1 : progress.back(); }
  // True if a message of `level` containing `part` was logged.
  bool logged(int level, const std::string& part) const {
    for (const auto& [l, m] : logs)
      if (l == level && m.find(part) != std::string::npos) return true;
    return false;
  }
  // All batches emitted on a port, concatenated (an empty batch if none).
  Batch collected(const std::string& port) const {
    auto it = outputs.find(port);
    if (it == outputs.end() || it->second.empty()) return Batch();
    Batch all(it->second.front().schema());
    for (const auto& b : it->second)
      for (size_t c = 0; c < b.num_columns(); ++c)
        for (int64_t i = 0; i < b.rows(); ++i) all.column(c).append_from(b.column(c), i);
    int64_t rows = 0;
    for (const auto& b : it->second) rows += b.rows();
    all.set_empty_rows(rows);
    return all;
  }

 private:
  static FakeHost& self(void* c) { return *static_cast<FakeHost*>(c); }
  void reset() {
    outputs.clear();
    errors.clear();
    logs.clear();
    progress.clear();
    input_files.clear();
    reads = 0;
  }

  chorus_host_api api_{};
  std::map<std::string, size_t> next_;
  std::string port_types_;  // served during run only, as by the real host
};

// --- building and reading batches ----------------------------------------------

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

// A batch from rows of cells; cell types must fit the columns (int64_t{1}
// for an int64 cell: a plain 1 is ambiguous).
inline Batch batch(const Schema& s, const std::vector<std::vector<Cell>>& rows) {
  Batch b(s);
  for (const auto& row : rows) {
    if (row.size() != s.size()) throw std::logic_error("test row has the wrong number of cells");
    for (size_t c = 0; c < row.size(); ++c) {
      Column& col = b.column(c);
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Null>)
              col.append_null();
            else if constexpr (std::is_same_v<T, bool>)
              col.append_bool(v);
            else if constexpr (std::is_same_v<T, int64_t>)
              col.append_int(v);
            else if constexpr (std::is_same_v<T, double>)
              col.append_double(v);
            else if constexpr (std::is_same_v<T, std::string>)
              col.append_string(v);
            else
              col.append_list(v);
          },
          row[c]);
    }
  }
  b.set_empty_rows(static_cast<int64_t>(rows.size()));
  return b;
}

// Shortest text that reads back as the same double; "nan" for NaN.
inline std::string format_double(double d) {
  if (std::isnan(d)) return "nan";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

// Cell r of a column as text: "null", "true", "42", "2.5", the string itself,
// "[a,b]" for a list; timestamps as their integer count.
inline std::string cell_text(const Column& c, int64_t r) {
  if (c.is_null(r)) return "null";
  switch (c.type().id) {
    case TypeId::Bool:
      return c.boolean(r) ? "true" : "false";
    case TypeId::Int64:
    case TypeId::Timestamp:
      return std::to_string(c.int64(r));
    case TypeId::Float64:
      return format_double(c.float64(r));
    case TypeId::Utf8:
      return std::string(c.str(r));
    case TypeId::ListUtf8: {
      std::string s = "[";
      for (int64_t j = 0; j < c.list_size(r); ++j) s += (j ? "," : "") + std::string(c.list_item(r, j));
      return s + "]";
    }
  }
  return "?";
}

// The items of row r of a list<utf8> column.
inline std::vector<std::string> list_items(const Column& c, int64_t r) {
  std::vector<std::string> out;
  for (int64_t j = 0; j < c.list_size(r); ++j) out.emplace_back(c.list_item(r, j));
  return out;
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
inline std::string col(const Batch& b, const std::string& name) { return col(std::vector<Batch>{b}, name); }

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

// --- files -----------------------------------------------------------------------

// A fresh folder under $TMPDIR (or /tmp), removed with its content.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/chorus-test-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes a file (binary, as is), creating its folders; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    std::string p = file(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p;
  }

 private:
  std::string path_;
};

// The whole content of a file ("" if it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace chorus::sdk::testing
