#include "data/dataset_types.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace chorus {
namespace fs = std::filesystem;

void DatasetTypes::load_dir(const std::string& dir) {
  if (!fs::is_directory(dir)) return;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    try {
      auto j = nlohmann::json::parse(ss.str());
      DatasetType t;
      t.name = j.at("name").get<std::string>();
      t.description = j.value("description", "");
      for (const auto& c : j.at("columns"))
        t.columns.push_back({c.at("name").get<std::string>(), DataType::from_name(c.at("type").get<std::string>())});
      t.json = ss.str();
      add(std::move(t));
    } catch (const std::exception& e) {
      throw std::runtime_error(p.string() + ": invalid dataset type: " + e.what());
    }
  }
}

void DatasetTypes::add(DatasetType t) {
  if (t.json.empty()) {
    nlohmann::json cols = nlohmann::json::array();
    for (const auto& f : t.columns) cols.push_back({{"name", f.name}, {"type", f.type.name()}});
    t.json = nlohmann::json{{"name", t.name}, {"columns", cols}}.dump();
  }
  std::string name = t.name;
  types_[name] = std::move(t);
}

const DatasetType* DatasetTypes::find(const std::string& name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : &it->second;
}

std::vector<std::string> DatasetTypes::names() const {
  std::vector<std::string> out;
  for (const auto& [n, t] : types_) out.push_back(n);
  return out;
}

bool DatasetTypes::satisfies(const PortType& actual, const std::string& required, std::string& why) const {
  if (required.empty() || required == "any") return true;
  const DatasetType* t = find(required);
  if (!t) {
    why = "unknown dataset type '" + required + "'";
    return false;
  }
  for (const auto& need : t->columns) {
    const Field* have = nullptr;
    for (const auto& f : actual.columns)
      if (f.name == need.name) have = &f;
    if (!have) {
      why = "'" + required + "' needs column '" + need.name + "' (" + need.type.name() + "), which is missing";
      return false;
    }
    if (have->type != need.type) {
      why = "'" + required + "' needs column '" + need.name + "' as " + need.type.name() + ", got " + have->type.name();
      return false;
    }
  }
  return true;
}

std::string schema_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / CHORUS_SCHEMA_SUBDIR;
    if (fs::is_directory(installed)) return installed.string();
  }
  return CHORUS_SOURCE_SCHEMA_DIR;
}

}  // namespace chorus
