// Finds plugin libraries, loads them, checks their ABI and descriptors, and
// keeps them resident for the life of the process.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <chorus/abi/chorus_plugin.h>

namespace chorus {

class JsonSchema;

struct PortSpec {
  std::string name;
  std::string type;  // "any" or a dataset type name
  std::string description;
  bool optional = false;  // inputs only: may be left unconnected
  bool multiple = false;  // inputs only: accepts a list of upstreams, read in order
};

struct LoadedPlugin {
  std::string file;
  std::string name, version, license, description;
  uint16_t abi_major = 0, abi_minor = 0;
  // What the library was built from ("sha256:..."), empty when it does not say (ABI < 1.2).
  std::string code_identity;
  std::vector<std::string> stage_types;
  std::shared_ptr<void> library;  // the boost::dll::shared_library, never unloaded
};

struct StageInfo {
  std::string type;  // "<family>/<stage>"
  std::string description;
  std::string code_version;
  uint64_t flags = 0;
  nlohmann::json config_schema;
  std::shared_ptr<const JsonSchema> schema;
  std::vector<PortSpec> inputs, outputs;
  const chorus_stage_api* api = nullptr;
  std::shared_ptr<const LoadedPlugin> plugin;

  const PortSpec* input(const std::string& port) const;
  const PortSpec* output(const std::string& port) const;
};

struct PluginLoadError {
  std::string file;
  std::string message;
};

class Registry {
 public:
  // Loads every shared library (*.so) in each folder, in order; a stage type
  // found twice keeps its first definition. Failures are kept, not thrown.
  void scan(const std::vector<std::string>& dirs);
  // Loads one file. Returns false and records the reason on failure.
  bool load(const std::string& file);

  const StageInfo* find(const std::string& type) const;
  std::vector<std::string> stage_types() const;
  const std::vector<std::shared_ptr<const LoadedPlugin>>& plugins() const { return plugins_; }
  const std::vector<PluginLoadError>& errors() const { return errors_; }
  const std::vector<std::string>& searched() const { return searched_; }

 private:
  std::vector<std::shared_ptr<const LoadedPlugin>> plugins_;
  std::map<std::string, StageInfo> stages_;
  std::vector<PluginLoadError> errors_;
  std::vector<std::string> searched_;
  std::vector<std::string> loaded_files_;
};

// Plugin folders in search order: --plugin-path entries, CHORUS_PLUGIN_PATH
// (colon-separated), the pipeline's `plugins:` (relative to its file), and
// the install prefix (<exe>/../lib/chorus/plugins).
std::vector<std::string> plugin_search_path(const std::vector<std::string>& cli_paths,
                                            const std::vector<std::string>& pipeline_paths);

}  // namespace chorus
