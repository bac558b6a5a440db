#include "plugin/registry.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <boost/dll/shared_library.hpp>

#include "config/json_schema.hpp"

namespace chorus {
namespace fs = std::filesystem;

const PortSpec* StageInfo::input(const std::string& port) const {
  for (const auto& p : inputs)
    if (p.name == port) return &p;
  return nullptr;
}

const PortSpec* StageInfo::output(const std::string& port) const {
  for (const auto& p : outputs)
    if (p.name == port) return &p;
  return nullptr;
}

namespace {

std::vector<PortSpec> parse_ports(const nlohmann::json& j, const char* key) {
  std::vector<PortSpec> out;
  if (!j.contains(key)) return out;
  for (const auto& p : j.at(key))
    out.push_back({p.at("name").get<std::string>(), p.value("type", std::string("any")),
                   p.value("description", std::string()), p.value("optional", false), p.value("multiple", false)});
  return out;
}

std::string str_or_empty(const char* s) { return s ? s : ""; }

// The sizes of the ABI 1.0 descriptors: the smallest a host accepts.
constexpr uint32_t kPluginDescV1_0 = offsetof(chorus_plugin_desc, stages) + sizeof(chorus_plugin_desc::stages);
constexpr uint32_t kStageApiV1_0 = offsetof(chorus_stage_api, fingerprint) + sizeof(chorus_stage_api::fingerprint);

}  // namespace

bool Registry::load(const std::string& file) {
  std::string canonical = fs::weakly_canonical(file).string();
  if (std::find(loaded_files_.begin(), loaded_files_.end(), canonical) != loaded_files_.end()) return true;
  loaded_files_.push_back(canonical);
  auto fail = [&](const std::string& why) {
    errors_.push_back({file, why});
    return false;
  };

  std::shared_ptr<boost::dll::shared_library> lib;
  try {
    lib = std::make_shared<boost::dll::shared_library>(
        fs::path(file), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return fail(std::string("cannot load: ") + e.what());
  }
  if (!lib->has(CHORUS_ENTRY_SYMBOL)) return fail("not a Chorus plugin: no entry point '" CHORUS_ENTRY_SYMBOL "'");
  auto entry = lib->get<const chorus_plugin_desc*()>(CHORUS_ENTRY_SYMBOL);
  const chorus_plugin_desc* d = entry();
  if (!d) return fail("entry point returned no descriptor");
  if (d->abi_major != CHORUS_ABI_MAJOR || d->abi_minor > CHORUS_ABI_MINOR) {
    std::ostringstream m;
    m << "built for plugin ABI " << d->abi_major << "." << d->abi_minor << ", this host speaks " << CHORUS_ABI_MAJOR
      << "." << CHORUS_ABI_MINOR << " (the major must match and the minor must not be newer); rebuild the plugin";
    return fail(m.str());
  }
  // Descriptors are append-only: a plugin built against an older header has
  // a smaller one, and the fields it lacks read as absent.
  if (d->struct_size < kPluginDescV1_0) return fail("descriptor is too small");
  if (!d->name || !*d->name || !d->version || !d->stages) return fail("descriptor lacks a name, version or stage list");

  auto plugin = std::make_shared<LoadedPlugin>();
  plugin->file = file;
  plugin->name = d->name;
  plugin->version = d->version;
  plugin->license = str_or_empty(d->license);
  plugin->description = str_or_empty(d->description);
  plugin->abi_major = d->abi_major;
  plugin->abi_minor = d->abi_minor;
  plugin->library = lib;
  if (d->struct_size >= offsetof(chorus_plugin_desc, code_identity) + sizeof(d->code_identity))
    plugin->code_identity = str_or_empty(d->code_identity);

  std::vector<StageInfo> found;
  for (size_t i = 0; i < d->n_stages; ++i) {
    const chorus_stage_api* s = d->stages[i];
    std::string where = "stage " + std::to_string(i);
    if (!s || s->struct_size < kStageApiV1_0 || !s->type || !s->run)
      return fail(where + ": incomplete stage descriptor");
    StageInfo info;
    info.type = s->type;
    where = "stage '" + info.type + "'";
    if (info.type.find('/') == std::string::npos) return fail(where + ": type must be '<family>/<stage>'");
    info.description = str_or_empty(s->description);
    info.code_version = str_or_empty(s->code_version);
    info.flags = s->flags;
    info.api = s;
    try {
      info.config_schema = nlohmann::json::parse(s->config_schema ? s->config_schema : "{}");
      info.schema = std::make_shared<JsonSchema>(info.config_schema);
    } catch (const std::exception& e) {
      return fail(where + ": invalid config schema: " + e.what());
    }
    try {
      auto ports = nlohmann::json::parse(s->ports ? s->ports : "{}");
      info.inputs = parse_ports(ports, "inputs");
      info.outputs = parse_ports(ports, "outputs");
    } catch (const std::exception& e) {
      return fail(where + ": invalid port list: " + e.what());
    }
    plugin->stage_types.push_back(info.type);
    found.push_back(std::move(info));
  }
  for (auto& info : found) {
    info.plugin = plugin;
    if (!stages_.count(info.type)) stages_.emplace(info.type, std::move(info));
  }
  plugins_.push_back(plugin);
  return true;
}

void Registry::scan(const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs) {
    searched_.push_back(dir);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".so") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load(f);
  }
}

const StageInfo* Registry::find(const std::string& type) const {
  auto it = stages_.find(type);
  return it == stages_.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::stage_types() const {
  std::vector<std::string> out;
  for (const auto& [t, s] : stages_) out.push_back(t);
  return out;
}

std::vector<std::string> plugin_search_path(const std::vector<std::string>& cli_paths,
                                            const std::vector<std::string>& pipeline_paths) {
  std::vector<std::string> dirs(cli_paths);
  if (const char* env = std::getenv("CHORUS_PLUGIN_PATH")) {
    std::stringstream ss(env);
    std::string part;
    while (std::getline(ss, part, ':'))
      if (!part.empty()) dirs.push_back(part);
  }
  dirs.insert(dirs.end(), pipeline_paths.begin(), pipeline_paths.end());
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((exe.parent_path().parent_path() / CHORUS_PLUGIN_SUBDIR).string());
  return dirs;
}

}  // namespace chorus
