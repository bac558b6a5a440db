#include "config/pipeline.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/json_schema.hpp"
#include "graph/dag.hpp"
#include "plugin/registry.hpp"
#include "plugin/stage_call.hpp"
#include "util/did_you_mean.hpp"
#include "util/hash.hpp"

namespace chorus {
namespace fs = std::filesystem;

namespace {

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string stage_ptr(const std::string& id) { return "/stages/" + escape_pointer(id); }

std::string did_you_mean(const std::string& word, const std::vector<std::string>& options) {
  std::string m = closest_match(word, options);
  return m.empty() ? "" : " (did you mean '" + m + "'?)";
}

std::vector<std::string> port_names(const std::vector<PortSpec>& ports) {
  std::vector<std::string> out;
  for (const auto& p : ports) out.push_back(p.name);
  return out;
}

const JsonSchema& pipeline_schema() {
  static const JsonSchema schema = [] {
    std::string path = schema_dir() + "/pipeline.schema.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    return JsonSchema(nlohmann::json::parse(in));
  }();
  return schema;
}

}  // namespace

std::vector<size_t> Pipeline::upstream(size_t i) const {
  std::vector<size_t> out;
  for (const auto& in : stages[i].inputs) {
    auto it = index.find(in.from_stage);
    if (it != index.end() && std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  }
  return out;
}

std::vector<size_t> Pipeline::downstream(size_t i) const {
  std::vector<size_t> out;
  for (size_t j = 0; j < stages.size(); ++j)
    for (const auto& in : stages[j].inputs)
      if (in.from_stage == stages[i].id && std::find(out.begin(), out.end(), j) == out.end()) out.push_back(j);
  return out;
}

std::optional<Pipeline> parse_pipeline(const std::string& file, Diagnostics& diags) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    diags.error({file}, "cannot open pipeline file");
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto located = yaml_to_json(text, file, diags);
  if (!located) return std::nullopt;

  Pipeline p;
  p.file = file;
  p.dir = fs::absolute(fs::path(file)).parent_path().lexically_normal().string();
  p.text_hash = sha256_hex(text);
  p.source = std::move(*located);
  const auto& root = p.source.value;
  if (!root.is_object()) {
    diags.error(p.source.value_at(""), "a pipeline file must be a mapping with 'name' and 'stages'");
    return std::nullopt;
  }
  pipeline_schema().validate(root, p.source, "", "pipeline", diags);

  if (root.contains("name") && root["name"].is_string()) p.name = root["name"];
  if (root.contains("description") && root["description"].is_string()) p.description = root["description"];
  if (root.contains("plugins") && root["plugins"].is_array())
    for (const auto& d : root["plugins"])
      if (d.is_string()) {
        fs::path dir(d.get<std::string>());
        p.plugin_dirs.push_back((dir.is_absolute() ? dir : fs::path(p.dir) / dir).lexically_normal().string());
      }
  if (!root.contains("stages") || !root["stages"].is_object()) return p;

  const auto& stages = root["stages"];
  auto order_it = p.source.key_order.find("/stages");
  std::vector<std::string> ids;
  if (order_it != p.source.key_order.end())
    ids = order_it->second;
  else
    for (auto it = stages.begin(); it != stages.end(); ++it) ids.push_back(it.key());

  for (const auto& id : ids) {
    if (!stages.contains(id) || !stages[id].is_object()) continue;
    const auto& s = stages[id];
    std::string ptr = stage_ptr(id);
    StageDecl d;
    d.id = id;
    d.where = p.source.at(ptr);
    if (s.contains("uses") && s["uses"].is_string()) d.uses = s["uses"];
    if (s.contains("description") && s["description"].is_string()) d.description = s["description"];
    if (s.contains("cache") && s["cache"].is_boolean()) d.cache = s["cache"];
    if (s.contains("store") && s["store"].is_boolean()) d.store = s["store"];
    if (s.contains("with") && s["with"].is_object()) d.config = s["with"];
    if (s.contains("inputs") && s["inputs"].is_object()) {
      std::vector<std::string> ports;
      auto ko = p.source.key_order.find(ptr + "/inputs");
      if (ko != p.source.key_order.end())
        ports = ko->second;
      else
        for (auto it = s["inputs"].begin(); it != s["inputs"].end(); ++it) ports.push_back(it.key());
      for (const auto& port : ports) {
        const auto& refs = s["inputs"][port];
        std::string port_ptr = ptr + "/inputs/" + escape_pointer(port);
        auto add = [&](const nlohmann::json& ref, const std::string& at, bool listed) {
          if (!ref.is_string()) return;
          std::string r = ref;
          StageInput input;
          input.port = port;
          input.listed = listed;
          input.where = p.source.value_at(at);
          auto dot = r.find('.');
          input.from_stage = r.substr(0, dot);
          if (dot != std::string::npos) input.from_port = r.substr(dot + 1);
          d.inputs.push_back(std::move(input));
        };
        if (refs.is_array())
          for (size_t k = 0; k < refs.size(); ++k) add(refs[k], port_ptr + "/" + std::to_string(k), true);
        else
          add(refs, port_ptr, false);
      }
    }
    p.index[id] = p.stages.size();
    p.stages.push_back(std::move(d));
  }
  return p;
}

void check_pipeline(Pipeline& p, const Registry& registry, const DatasetTypes& types, Diagnostics& diags) {
  std::vector<std::string> ids;
  for (const auto& s : p.stages) ids.push_back(s.id);
  const auto known_types = registry.stage_types();

  // Stage types and configs. A stage whose `with:` broke its schema may still
  // infer its outputs (so its consumers are checked), but an infer error then
  // only repeats the schema's in other words: it is not reported.
  std::set<std::string> bad_config;
  for (auto& s : p.stages) {
    std::string ptr = stage_ptr(s.id);
    std::string label = "stage '" + s.id + "'";
    if (s.uses.empty()) continue;  // the file schema already reported it
    s.info = registry.find(s.uses);
    if (!s.info) {
      std::string msg = label + ": unknown stage type '" + s.uses + "'" + did_you_mean(s.uses, known_types);
      if (!registry.errors().empty())
        msg += "; note: " + std::to_string(registry.errors().size()) +
               " plugin file(s) failed to load (see 'chorus plugins')";
      diags.error(p.source.value_at(ptr + "/uses"), msg);
      continue;
    }
    const size_t errors_before = diags.error_count();
    s.info->schema->validate(s.config, p.source, ptr + "/with", label + ": with", diags);
    if (diags.error_count() > errors_before) bad_config.insert(s.id);
    s.config = s.info->schema->with_defaults(s.config);
  }

  // Edges: ports and references.
  Dag dag;
  dag.nodes = p.stages.size();
  for (size_t i = 0; i < p.stages.size(); ++i) {
    auto& s = p.stages[i];
    std::string label = "stage '" + s.id + "'";
    std::set<std::string> connected;
    for (auto& in : s.inputs) {
      if (s.info && !s.info->input(in.port)) {
        diags.error(p.source.at(stage_ptr(s.id) + "/inputs/" + escape_pointer(in.port)),
                    label + ": inputs." + in.port + ": '" + s.uses + "' has no input port '" + in.port + "'" +
                        did_you_mean(in.port, port_names(s.info->inputs)));
      }
      if (s.info && in.listed && s.info->input(in.port) && !s.info->input(in.port)->multiple &&
          connected.count(in.port) == 0) {
        size_t n = 0;
        for (const auto& other : s.inputs) n += other.port == in.port;
        if (n > 1)
          diags.error(p.source.at(stage_ptr(s.id) + "/inputs/" + escape_pointer(in.port)),
                      label + ": inputs." + in.port + ": port '" + in.port + "' of '" + s.uses +
                          "' takes one upstream, not a list of " + std::to_string(n));
      }
      connected.insert(in.port);
      auto up = p.index.find(in.from_stage);
      if (up == p.index.end()) {
        diags.error(in.where, label + ": inputs." + in.port + ": no stage '" + in.from_stage + "'" +
                                  did_you_mean(in.from_stage, ids));
        continue;
      }
      if (up->second == i) {
        diags.error(in.where, label + ": inputs." + in.port + ": a stage cannot read its own output");
        continue;
      }
      dag.edges.push_back({up->second, i});
      const StageInfo* upinfo = p.stages[up->second].info;
      if (!upinfo) continue;
      if (in.from_port.empty()) {
        in.from_port = upinfo->outputs.size() == 1 ? upinfo->outputs[0].name : "out";
      }
      if (!upinfo->output(in.from_port))
        diags.error(in.where, label + ": inputs." + in.port + ": stage '" + in.from_stage + "' (" + upinfo->type +
                                  ") has no output '" + in.from_port + "'" +
                                  did_you_mean(in.from_port, port_names(upinfo->outputs)));
    }
    if (s.info)
      for (const auto& port : s.info->inputs)
        if (!port.optional && !connected.count(port.name))
          diags.error(s.where, label + ": input '" + port.name + "' is not connected (" + s.uses +
                                   " needs it: " + port.description + ")");
  }

  if (auto cycle = find_cycle(dag)) {
    std::string path;
    for (size_t n : *cycle) path += "'" + p.stages[n].id + "' -> ";
    path += "'" + p.stages[cycle->front()].id + "'";
    diags.error(p.stages[cycle->front()].where, "cycle between stages: " + path);
  }
  // With a cycle this order leaves out the stages on or after it; the rest
  // are still type-checked so that every error is reported at once.
  p.order = topological_order(dag);

  // Types, in topological order: each stage infers its outputs from its inputs.
  for (size_t i : p.order) {
    auto& s = p.stages[i];
    if (!s.info) continue;
    std::map<std::string, PortType> in_types;
    bool inputs_known = true;
    for (const auto& in : s.inputs) {
      auto up = p.index.find(in.from_stage);
      if (up == p.index.end()) {
        inputs_known = false;
        continue;
      }
      const auto& u = p.stages[up->second];
      auto t = u.output_types.find(in.from_port);
      if (!u.typed || t == u.output_types.end()) {
        inputs_known = false;
        continue;
      }
      const PortSpec* port = s.info->input(in.port);
      if (!port) {
        inputs_known = false;
        continue;
      }
      std::string why;
      if (!types.satisfies(t->second, port->type, why)) {
        diags.error(in.where, "stage '" + s.id + "': inputs." + in.port + ": '" + in.from_stage + "." + in.from_port +
                                  "' does not fit: " + why);
        inputs_known = false;
        continue;
      }
      // Several upstreams on one port are read as one stream: same columns.
      auto seen = in_types.find(in.port);
      if (seen != in_types.end() && seen->second.columns != t->second.columns) {
        diags.error(in.where, "stage '" + s.id + "': inputs." + in.port + ": '" + in.from_stage + "." + in.from_port +
                                  "' has other columns than the port's first upstream; "
                                  "upstreams of one port must have the same columns in the same order");
        inputs_known = false;
        continue;
      }
      if (seen != in_types.end() && seen->second.name != t->second.name) seen->second.name.clear();
      if (seen == in_types.end()) in_types[in.port] = t->second;
    }
    if (!inputs_known) continue;
    StageCall call;
    call.stage_id = s.id;
    call.info = s.info;
    call.types = &types;
    call.pipeline_dir = p.dir;
    if (!call.infer(s.config.dump(), in_types, s.output_types)) {
      if (!bad_config.count(s.id)) diags.error(s.where, "stage '" + s.id + "': " + call.error);
      continue;
    }
    s.typed = true;
  }
}

}  // namespace chorus
