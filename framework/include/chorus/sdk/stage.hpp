// The C++ face of a plugin: a stage is a class, a plugin is one macro.
//
//   struct Upper : chorus::sdk::Stage {
//     static constexpr const char* type = "text/upper";
//     ...
//     void run(const chorus::sdk::Json& config, chorus::sdk::Context& ctx) override;
//   };
//   CHORUS_PLUGIN("text", "1.0.0", "MIT", "Text helpers", Upper)
//
// The macro builds the C descriptor of chorus_plugin.h and trampolines that
// turn every C++ exception into an error message, so nothing C++ crosses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../abi/chorus_plugin.h"
#include "arrow_bridge.hpp"
#include "options.hpp"
#include "table.hpp"

namespace chorus::sdk {

using Json = nlohmann::json;

// The type of one port: a dataset type name (may be empty) and its columns.
struct PortType {
  std::string name;
  Schema columns;
};
using PortTypes = std::map<std::string, PortType>;

inline Json to_json(const Schema& s) {
  Json cols = Json::array();
  for (const auto& f : s) cols.push_back({{"name", f.name}, {"type", f.type.name()}});
  return cols;
}
inline Schema schema_from_json(const Json& cols) {
  Schema s;
  for (const auto& c : cols)
    s.push_back({c.at("name").get<std::string>(), DataType::from_name(c.at("type").get<std::string>())});
  return s;
}
inline Json to_json(const PortTypes& types) {
  Json j = Json::object();
  for (const auto& [port, t] : types) j[port] = {{"type", t.name}, {"columns", to_json(t.columns)}};
  return j;
}
inline PortTypes port_types_from_json(const Json& j) {
  PortTypes out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const Json& type = it->contains("type") ? it->at("type") : Json();
    out[it.key()] = {type.is_string() ? type.get<std::string>() : std::string(),
                     it->contains("columns") ? schema_from_json(it->at("columns")) : Schema{}};
  }
  return out;
}

// A stage's window on the host during one call.
class Context {
 public:
  Context(const chorus_host_api* host, void* ctx) : host_(host), ctx_(ctx) {}

  // Next batch of an input port; false at its end. Throws if it cannot be read.
  bool read(const std::string& port, Batch& out) {
    ArrowSchema s{};
    ArrowArray a{};
    int rc = host_->read_batch(ctx_, port.c_str(), &s, &a);
    if (rc < 0) throw std::runtime_error("input '" + port + "' could not be read");
    if (rc == 0) return false;
    out = arrow::import_batch(&s, &a);
    return true;
  }
  // From now on, read(port) gives only these columns, in this order: a stage
  // that needs a few columns of a wide dataset says which, and the host
  // copies no other. `optional` columns are added when the port's type has
  // them. Call before the port's first read; an unconnected port is left
  // alone. A host older than ABI 1.1 hands every column, so a stage must
  // still find its columns by name.
  void select(const std::string& port, std::vector<std::string> columns,
              const std::vector<std::string>& optional = {}) {
    const bool has = host_->struct_size >= offsetof(chorus_host_api, select_columns) + sizeof(host_->select_columns);
    if (!has || !host_->select_columns) return;
    const auto type = input_type(port);
    if (!type) return;  // not connected: nothing will be read
    for (const auto& name : optional)
      for (const auto& f : type->columns)
        if (f.name == name) {
          columns.push_back(name);
          break;
        }
    if (host_->select_columns(ctx_, port.c_str(), Json(columns).dump().c_str()) != 0)
      throw std::runtime_error("input '" + port + "': cannot select columns " + Json(columns).dump());
  }
  // The inferred type of an input or output port (columns known even when
  // no batch arrives); nullopt for an unknown or unconnected port.
  std::optional<PortType> input_type(const std::string& port) const { return port_type("inputs", port); }
  std::optional<PortType> output_type(const std::string& port) const { return port_type("outputs", port); }
  void emit(const std::string& port, Batch&& batch) {
    ArrowSchema s{};
    ArrowArray a{};
    arrow::export_batch(std::move(batch), &s, &a);
    if (host_->emit_batch(ctx_, port.c_str(), &s, &a) != 0)
      throw std::runtime_error("output port '" + port + "' refused the batch");
  }
  bool cancelled() const { return host_->cancelled(ctx_) != 0; }
  void progress(int64_t rows) { host_->progress(ctx_, rows); }
  void add_input_file(const std::string& path) { host_->add_input_file(ctx_, path.c_str()); }
  // A value the result depends on beyond config and files (e.g. an id derived
  // from a secret key, never the key): it becomes part of the cache key.
  void add_input_value(const std::string& name, const std::string& value) {
    const bool has = host_->struct_size >= offsetof(chorus_host_api, add_input_value) + sizeof(host_->add_input_value);
    if (!has || !host_->add_input_value)
      throw std::runtime_error("this host cannot fingerprint values (ABI older than 1.0 final)");
    host_->add_input_value(ctx_, name.c_str(), value.c_str());
  }
  // A config path made absolute: relative paths are taken from the pipeline file's folder.
  std::string resolve_path(const std::string& path) const {
    if (path.empty() || path[0] == '/') return path;
    std::string base = host_->pipeline_dir(ctx_);
    if (base.empty()) return path;
    return base.back() == '/' ? base + path : base + "/" + path;
  }
  void debug(const std::string& m) { host_->log(ctx_, CHORUS_LOG_DEBUG, m.c_str()); }
  void info(const std::string& m) { host_->log(ctx_, CHORUS_LOG_INFO, m.c_str()); }
  void warn(const std::string& m) { host_->log(ctx_, CHORUS_LOG_WARN, m.c_str()); }
  // Columns of a named dataset type from schemas/datasets, if the host knows it.
  std::optional<Schema> dataset_type(const std::string& name) const {
    const char* j = host_->dataset_type(ctx_, name.c_str());
    if (!j) return std::nullopt;
    return schema_from_json(Json::parse(j).at("columns"));
  }

 private:
  std::optional<PortType> port_type(const char* side, const std::string& port) const {
    // The last field of chorus_host_api: use it only when the host's
    // struct_size covers it (structs are append-only; older hosts are shorter).
    const bool has = host_->struct_size >= offsetof(chorus_host_api, port_types) + sizeof(host_->port_types);
    const char* j = has && host_->port_types ? host_->port_types(ctx_) : nullptr;
    if (!j) return std::nullopt;
    Json all = Json::parse(j);
    if (!all.contains(side) || !all[side].contains(port)) return std::nullopt;
    const Json& t = all[side][port];
    return PortType{t.value("type", std::string()), schema_from_json(t.at("columns"))};
  }

  const chorus_host_api* host_;
  void* ctx_;
};

// Base class of a stage whose `with:` is an option table (options.hpp), the
// way every stage of this tree is written. Static members it defines:
//   type, description, code_version, ports (JSON text), and
//   static const OptionTable<Config>& options();
// and may define `static constexpr uint64_t flags`. Its member functions take
// the parsed config (the host has checked `with:` against options().schema()):
//   void run(const Config&, Context&);                                 required
//   std::optional<PortTypes> infer(const Config&, const PortTypes&, Context&);
//   void fingerprint(const Config&, Context&);
template <class ConfigT>
class ConfiguredStage {
 public:
  using Config = ConfigT;
  std::optional<PortTypes> infer(const Config& config, const PortTypes& inputs, Context& ctx) {
    (void)config, (void)inputs, (void)ctx;
    return std::nullopt;
  }
  void fingerprint(const Config& config, Context& ctx) { (void)config, (void)ctx; }
};

// Base class of a stage that reads its config as JSON. Static members it defines:
//   type, description, code_version, config_schema (JSON Schema text), ports (JSON text)
// and may define `static constexpr uint64_t flags`.
class Stage {
 public:
  virtual ~Stage() = default;
  // Output types from config and input types. Return nullopt to let the host
  // apply its rule: a named output type gives its columns; an "any" output
  // has the type of the first input.
  virtual std::optional<PortTypes> infer(const Json& config, const PortTypes& inputs, Context& ctx) {
    (void)config, (void)inputs, (void)ctx;
    return std::nullopt;
  }
  virtual void run(const Json& config, Context& ctx) = 0;
  // Report external files (ctx.add_input_file) so their content keys the cache.
  virtual void fingerprint(const Json& config, Context& ctx) { (void)config, (void)ctx; }
};

namespace detail {

template <class F>
int guarded(const chorus_host_api* host, void* ctx, F&& f) {
  try {
    f();
    return 0;
  } catch (const std::exception& e) {
    host->set_error(ctx, e.what());
  } catch (...) {
    host->set_error(ctx, "unknown exception");
  }
  return 1;
}

template <class S, class = void>
struct flags_of {
  static constexpr uint64_t value = 0;
};
template <class S>
struct flags_of<S, std::void_t<decltype(S::flags)>> {
  static constexpr uint64_t value = S::flags;
};

template <class S, class = void>
struct has_options : std::false_type {};
template <class S>
struct has_options<S, std::void_t<decltype(S::options())>> : std::true_type {};

// The config a stage's member functions take: parsed by its option table, or the JSON.
template <class S>
auto config_for(const char* config) {
  if constexpr (has_options<S>::value)
    return S::options().parse(Json::parse(config));
  else
    return Json::parse(config);
}

template <class S>
const char* config_schema_of() {
  if constexpr (has_options<S>::value) {
    static const std::string text = S::options().schema_text();
    return text.c_str();
  } else {
    return S::config_schema;
  }
}

template <class S>
struct Trampoline {
  static int infer(const chorus_host_api* host, void* ctx, const char* config, const char* inputs) {
    return guarded(host, ctx, [&] {
      S stage;
      Context c(host, ctx);
      auto out = stage.infer(config_for<S>(config), port_types_from_json(Json::parse(inputs)), c);
      if (out) host->set_output_types(ctx, to_json(*out).dump().c_str());
    });
  }
  static int run(const chorus_host_api* host, void* ctx, const char* config) {
    return guarded(host, ctx, [&] {
      S stage;
      Context c(host, ctx);
      stage.run(config_for<S>(config), c);
    });
  }
  static int fingerprint(const chorus_host_api* host, void* ctx, const char* config) {
    return guarded(host, ctx, [&] {
      S stage;
      Context c(host, ctx);
      stage.fingerprint(config_for<S>(config), c);
    });
  }
  static const chorus_stage_api* api() {
    static const chorus_stage_api a = {
        sizeof(chorus_stage_api), S::type, S::description, S::code_version, config_schema_of<S>(), S::ports,
        flags_of<S>::value,       &infer,  &run,           &fingerprint};
    return &a;
  }
};

template <class... S>
const chorus_plugin_desc* describe(const char* name, const char* version, const char* license, const char* description,
                                   const char* code_identity) {
  static const chorus_stage_api* const stages[] = {Trampoline<S>::api()...};
  static const chorus_plugin_desc desc = {sizeof(chorus_plugin_desc),
                                          CHORUS_ABI_MAJOR,
                                          CHORUS_ABI_MINOR,
                                          name,
                                          version,
                                          license,
                                          description,
                                          sizeof...(S),
                                          stages,
                                          code_identity};
  return &desc;
}

}  // namespace detail

// The C descriptor of stage class S, as CHORUS_PLUGIN lists it: what a test
// harness (chorus/sdk/testing.hpp) or a host embedding a stage calls.
template <class S>
const chorus_stage_api* stage_api() {
  return detail::Trampoline<S>::api();
}

}  // namespace chorus::sdk

// The hash of the sources built into the library, defined by a file that
// chorus_add_plugin() generates at build time (weak: a library built without
// it reports no identity, and the host falls back on code_version alone).
extern "C" __attribute__((weak)) const char chorus_code_identity[];

#define CHORUS_PLUGIN(name, version, license, description, ...)                                                     \
  extern "C" __attribute__((visibility("default"))) const chorus_plugin_desc* chorus_plugin_entry_v1(void) {        \
    return ::chorus::sdk::detail::describe<__VA_ARGS__>(name, version, license, description, chorus_code_identity); \
  }
