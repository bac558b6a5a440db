#include "plugin/stage_call.hpp"

#include <chorus/sdk/arrow_bridge.hpp>
#include <nlohmann/json.hpp>

#include "plugin/registry.hpp"

namespace chorus {
namespace {

StageCall& self(void* ctx) { return *static_cast<StageCall*>(ctx); }

void host_log(void* ctx, int level, const char* message) {
  auto& c = self(ctx);
  if (c.log) c.log(level, message ? message : "");
}

// The first error wins: when the host refuses a batch it records why, and the
// plugin's own report of that refusal must not hide the cause.
void host_set_error(void* ctx, const char* message) {
  auto& c = self(ctx);
  if (c.error.empty()) c.error = message ? message : "unspecified error";
}

int host_cancelled(void* ctx) {
  auto& c = self(ctx);
  return c.cancel && c.cancel->load() ? 1 : 0;
}

const char* host_dataset_type(void* ctx, const char* name) {
  auto& c = self(ctx);
  if (!c.types || !name) return nullptr;
  const DatasetType* t = c.types->find(name);
  return t ? t->json.c_str() : nullptr;
}

int host_set_output_types(void* ctx, const char* json) {
  auto& c = self(ctx);
  c.output_types_json = json ? json : "{}";
  c.output_types_set = true;
  return 0;
}

int host_read_batch(void* ctx, const char* port, ArrowSchema* schema, ArrowArray* array) {
  auto& c = self(ctx);
  auto it = c.inputs.find(port ? port : "");
  if (it == c.inputs.end()) return 0;
  auto& [dataset, batch] = c.cursor[it->first];
  while (dataset < it->second.size() && (!it->second[dataset] || batch >= it->second[dataset]->batch_count())) {
    ++dataset;
    batch = 0;
  }
  if (dataset >= it->second.size()) return 0;
  try {
    auto sel = c.selected.find(it->first);
    const std::vector<size_t>* columns = sel == c.selected.end() ? nullptr : &sel->second[dataset];
    arrow::export_batch(it->second[dataset]->batch(batch++, columns), schema, array);
  } catch (const std::exception& e) {
    c.error = std::string("input '") + it->first + "': " + e.what();
    return -1;
  }
  return 1;
}

int host_select_columns(void* ctx, const char* port, const char* columns_json) {
  auto& c = self(ctx);
  const std::string name = port ? port : "";
  try {
    auto it = c.inputs.find(name);
    if (it == c.inputs.end()) throw std::runtime_error("no such connected input");
    auto cur = c.cursor.find(name);
    if (cur != c.cursor.end() && (cur->second.first > 0 || cur->second.second > 0))
      throw std::runtime_error("columns must be selected before the first read");
    const auto columns = nlohmann::json::parse(columns_json ? columns_json : "[]").get<std::vector<std::string>>();
    std::vector<std::vector<size_t>> indexes(it->second.size());
    for (size_t k = 0; k < it->second.size(); ++k) {
      if (!it->second[k]) continue;
      for (const auto& col : columns) {
        const size_t i = it->second[k]->column_index(col);
        if (i == SIZE_MAX) throw std::runtime_error("it has no column '" + col + "'");
        indexes[k].push_back(i);
      }
    }
    c.selected[name] = std::move(indexes);
    return 0;
  } catch (const std::exception& e) {
    if (c.error.empty()) c.error = "input '" + name + "': cannot select columns: " + e.what();
    return -1;
  }
}

std::string describe(const Schema& s) {
  std::string out;
  for (const auto& f : s) out += (out.empty() ? "" : ", ") + f.name + ": " + f.type.name();
  return "{" + out + "}";
}

int host_emit_batch(void* ctx, const char* port, ArrowSchema* schema, ArrowArray* array) {
  auto& c = self(ctx);
  std::string name = port ? port : "";
  Batch batch;
  try {
    batch = arrow::import_batch(schema, array);
  } catch (const std::exception& e) {
    c.error = "output '" + name + "': malformed batch: " + e.what();
    return 1;
  }
  auto out = c.outputs.find(name);
  if (out == c.outputs.end()) {
    c.error = "emitted to output '" + name + "', which the stage does not declare";
    return 1;
  }
  if (batch.schema() != out->second.schema()) {
    c.error = "schema drift on output '" + name + "': declared " + describe(out->second.schema()) + ", produced " +
              describe(batch.schema());
    return 1;
  }
  c.rows_out += batch.rows();
  try {
    out->second.append(std::move(batch));
  } catch (const std::exception& e) {
    c.error = "output '" + name + "': " + e.what();
    return 1;
  }
  return 0;
}

void host_progress(void* ctx, int64_t rows) {
  auto& c = self(ctx);
  if (c.on_progress) c.on_progress(rows);
}

void host_add_input_file(void* ctx, const char* path) {
  if (path) self(ctx).input_files.push_back(path);
}

const char* host_pipeline_dir(void* ctx) { return self(ctx).pipeline_dir.c_str(); }

void host_add_input_value(void* ctx, const char* name, const char* value) {
  if (name) self(ctx).input_values[name] = value ? value : "";
}

const char* host_port_types(void* ctx) {
  auto& c = self(ctx);
  return c.port_types_json.empty() ? nullptr : c.port_types_json.c_str();
}

const chorus_host_api kHostApi = {
    sizeof(chorus_host_api), CHORUS_ABI_MAJOR, CHORUS_ABI_MINOR,     host_log,
    host_set_error,          host_cancelled,   host_dataset_type,    host_set_output_types,
    host_read_batch,         host_emit_batch,  host_progress,        host_add_input_file,
    host_pipeline_dir,       host_port_types,  host_add_input_value, host_select_columns};

nlohmann::json types_to_json(const std::map<std::string, PortType>& types) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [port, t] : types) {
    nlohmann::json cols = nlohmann::json::array();
    for (const auto& f : t.columns) cols.push_back({{"name", f.name}, {"type", f.type.name()}});
    j[port] = {{"type", t.name}, {"columns", cols}};
  }
  return j;
}

bool fail_with(StageCall& c, const std::string& what) {
  if (c.error.empty()) c.error = what;
  return false;
}

}  // namespace

const chorus_host_api* StageCall::api() { return &kHostApi; }

void StageCall::expect_outputs(const std::map<std::string, PortType>& in_types,
                               const std::map<std::string, PortType>& out_types, size_t memory_limit) {
  outputs.clear();
  for (const auto& [port, t] : out_types) outputs.emplace(port, DatasetWriter(t.name, t.columns, memory_limit));
  port_types_json = nlohmann::json{{"inputs", types_to_json(in_types)}, {"outputs", types_to_json(out_types)}}.dump();
}

bool StageCall::infer(const std::string& config_json, const std::map<std::string, PortType>& in,
                      std::map<std::string, PortType>& out) {
  out.clear();
  if (info->api->infer) {
    std::string in_json = types_to_json(in).dump();
    if (info->api->infer(api(), this, config_json.c_str(), in_json.c_str()) != 0)
      return fail_with(*this, "type inference failed");
  }
  if (output_types_set) {
    try {
      auto j = nlohmann::json::parse(output_types_json);
      for (auto it = j.begin(); it != j.end(); ++it) {
        PortType t;
        t.name = it->value("type", std::string());
        for (const auto& col : it->at("columns"))
          t.columns.push_back(
              {col.at("name").get<std::string>(), DataType::from_name(col.at("type").get<std::string>())});
        out[it.key()] = std::move(t);
      }
    } catch (const std::exception& e) {
      return fail_with(*this, std::string("stage reported malformed output types: ") + e.what());
    }
  }
  // The host's rule for ports the stage left out: a named type gives its
  // columns; "any" takes the type of the first input.
  for (const auto& port : info->outputs) {
    if (out.count(port.name)) continue;
    if (port.type != "any") {
      const DatasetType* t = types ? types->find(port.type) : nullptr;
      if (!t) return fail_with(*this, "output '" + port.name + "' has unknown dataset type '" + port.type + "'");
      out[port.name] = {t->name, t->columns};
    } else if (!info->inputs.empty() && in.count(info->inputs.front().name)) {
      out[port.name] = in.at(info->inputs.front().name);
    } else {
      return fail_with(*this, "output '" + port.name + "' has type 'any' and the stage did not infer it");
    }
  }
  for (const auto& [port, t] : out)
    if (!info->output(port)) return fail_with(*this, "inferred a type for undeclared output '" + port + "'");
  return true;
}

bool StageCall::fingerprint(const std::string& config_json) {
  if (!info->api->fingerprint) return true;
  if (info->api->fingerprint(api(), this, config_json.c_str()) != 0) return fail_with(*this, "fingerprint failed");
  return true;
}

bool StageCall::run(const std::string& config_json) {
  int rc = info->api->run(api(), this, config_json.c_str());
  if (rc != 0 || !error.empty()) return fail_with(*this, "stage returned an error");
  return true;
}

}  // namespace chorus
