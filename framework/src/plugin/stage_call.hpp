// One call into a plugin stage (infer, fingerprint or run): the host side of
// chorus_host_api. The plugin sees only the opaque pointer to a StageCall.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <chorus/abi/chorus_plugin.h>

#include "data/dataset.hpp"
#include "data/dataset_types.hpp"

namespace chorus {

struct StageInfo;

struct StageCall {
  std::string stage_id;
  const StageInfo* info = nullptr;
  const DatasetTypes* types = nullptr;
  std::string pipeline_dir;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(int level, const std::string&)> log;
  std::function<void(int64_t rows)> on_progress;

  // Filled by the plugin through the host API.
  std::string error;
  std::string output_types_json;
  bool output_types_set = false;
  std::vector<std::string> input_files;
  std::map<std::string, std::string> input_values;

  // run: inputs by port, read in order; one writer per output port, made
  // from the inferred types (a produced batch must match them: "schema drift").
  // Several datasets on one port (a list of upstreams) are read one after the other.
  std::map<std::string, std::vector<DatasetPtr>> inputs;
  std::map<std::string, std::pair<size_t, size_t>> cursor;  // (dataset, batch) per port
  // select_columns: per port, per upstream dataset, the schema indexes to hand over.
  std::map<std::string, std::vector<std::vector<size_t>>> selected;
  std::map<std::string, DatasetWriter> outputs;
  std::string port_types_json;  // what host->port_types returns
  int64_t rows_out = 0;

  // Creates the output writers from the stage's inferred types.
  // Also records the port types the stage can ask for.
  void expect_outputs(const std::map<std::string, PortType>& inputs, const std::map<std::string, PortType>& outputs,
                      size_t memory_limit = DatasetWriter::kDefaultMemoryLimit);

  static const chorus_host_api* api();

  // Each returns true on success; on failure `error` says why.
  bool infer(const std::string& config_json, const std::map<std::string, PortType>& inputs,
             std::map<std::string, PortType>& outputs);
  bool fingerprint(const std::string& config_json);
  bool run(const std::string& config_json);
};

}  // namespace chorus
