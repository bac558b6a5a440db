// What every CLI verb needs: the pipeline (parsed and checked), the plugin
// registry and the dataset types, with every diagnostic collected.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/pipeline.hpp"
#include "data/dataset_types.hpp"
#include "plugin/registry.hpp"
#include "util/diagnostics.hpp"

namespace chorus {

struct Session {
  Registry registry;
  DatasetTypes types;
  Diagnostics diags;
  std::optional<Pipeline> pipeline;

  // Loads dataset types and the plugins on the search path (with the
  // pipeline's own `plugins:` if a file is given), then parses and checks it.
  void open(const std::string& pipeline_file, const std::vector<std::string>& plugin_paths);
  // Plugins only (for `plugins`, `inspect`, `schema`).
  void open_plugins(const std::vector<std::string>& plugin_paths);
};

// Default store of a pipeline: .chorus/store.db beside the file.
std::string default_store_path(const Pipeline& p);

// The DSL's JSON Schema with every installed stage's config schema folded in.
nlohmann::json merged_schema(const Registry& registry);

// Graphviz DOT of the stage graph.
std::string to_dot(const Pipeline& p);

// gst-inspect-like description of one stage type.
std::string describe_stage(const StageInfo& s);
// The stage's options as a Markdown table, for docs (`chorus inspect --markdown`).
std::string describe_stage_markdown(const StageInfo& s);

}  // namespace chorus
