// A pipeline file, parsed and checked: stages, their edges, their canonical
// config (schema defaults filled in) and the dataset type of every port.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/yaml_json.hpp"
#include "data/dataset_types.hpp"
#include "util/diagnostics.hpp"

namespace chorus {

class Registry;
struct StageInfo;

struct StageInput {
  std::string port;
  std::string from_stage;
  std::string from_port;
  SourceLocation where;
  bool listed = false;  // written as an item of a list of upstreams
};

struct StageDecl {
  std::string id;
  std::string uses;
  std::string description;
  std::vector<StageInput> inputs;
  nlohmann::json config = nlohmann::json::object();  // canonical: defaults filled in
  bool cache = true;
  bool store = true;  // false: outputs are not written to the store (and so never cached)
  SourceLocation where;
  const StageInfo* info = nullptr;               // null when `uses` is unknown
  std::map<std::string, PortType> output_types;  // inferred
  bool typed = false;                            // output_types are known
};

struct Pipeline {
  std::string file;  // as given
  std::string dir;   // folder of the file, absolute
  std::string name;
  std::string description;
  std::string text_hash;                 // SHA-256 of the file's bytes
  std::vector<std::string> plugin_dirs;  // `plugins:`, made absolute
  std::vector<StageDecl> stages;         // in file order
  std::vector<size_t> order;             // topological, valid when acyclic
  std::map<std::string, size_t> index;
  LocatedJson source;

  const StageDecl* stage(const std::string& id) const {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &stages[it->second];
  }
  std::vector<size_t> upstream(size_t i) const;
  std::vector<size_t> downstream(size_t i) const;
};

// Reads and parses the file; checks it against schemas/pipeline.schema.json.
// Returns nullopt only when nothing usable could be read.
std::optional<Pipeline> parse_pipeline(const std::string& file, Diagnostics& diags);

// Resolves stage types, checks configs and ports, finds cycles and infers the
// dataset type of every edge. Reports every error it finds.
void check_pipeline(Pipeline& p, const Registry& registry, const DatasetTypes& types, Diagnostics& diags);

}  // namespace chorus
