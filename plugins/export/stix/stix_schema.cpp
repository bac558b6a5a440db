#include "stix_schema.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace chorus::export_stix {

namespace fs = std::filesystem;

struct SchemaValidator::Impl {
  std::string dir;
  std::map<std::string, std::string> by_name;  // file name -> relative path
  std::map<std::string, std::unique_ptr<valijson::Schema>> schemas;
  valijson::Validator validator;

  nlohmann::json load(const std::string& rel) const {
    std::ifstream in(dir + "/" + rel, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open schema '" + dir + "/" + rel + "'");
    std::stringstream s;
    s << in.rdbuf();
    return nlohmann::json::parse(s.str());
  }

  const valijson::Schema& schema(const std::string& rel) {
    auto it = schemas.find(rel);
    if (it != schemas.end()) return *it->second;
    const nlohmann::json doc = load(rel);
    auto schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    auto fetch = [this](const std::string& uri) -> const nlohmann::json* {
      std::string name = uri.substr(0, uri.find('#'));
      name = name.substr(name.find_last_of('/') + 1);
      auto f = by_name.find(name);
      if (f == by_name.end()) throw std::runtime_error("schema $ref '" + uri + "' names no file of '" + dir + "'");
      return new nlohmann::json(load(f->second));
    };
    auto release = [](const nlohmann::json* d) { delete d; };
    parser.populateSchema(adapter, *schema, fetch, release);
    return *schemas.emplace(rel, std::move(schema)).first->second;
  }
};

SchemaValidator::SchemaValidator(const std::string& schema_dir) : impl_(std::make_unique<Impl>()) {
  impl_->dir = schema_dir;
  if (!fs::exists(schema_dir + "/common/core.json"))
    throw std::runtime_error("'" + schema_dir + "' holds no STIX schemas (common/core.json)");
  for (const auto& e : fs::recursive_directory_iterator(schema_dir))
    if (e.is_regular_file() && e.path().extension() == ".json")
      impl_->by_name.emplace(e.path().filename().string(), fs::relative(e.path(), schema_dir).string());
}

SchemaValidator::~SchemaValidator() = default;

std::string SchemaValidator::schema_for(const Json& o) const {
  const std::string type = o.value("type", "");
  for (const char* folder : {"sdos", "sros", "observables", "common"}) {
    const std::string rel = std::string(folder) + "/" + type + ".json";
    if (type != "bundle" && type != "core" && impl_->by_name.count(type + ".json") &&
        impl_->by_name.at(type + ".json") == rel)
      return rel;
  }
  return o.contains("created") ? "common/core.json" : "common/cyber-observable-core.json";
}

std::vector<Issue> SchemaValidator::validate(const Json& object, size_t index) {
  const std::string rel = schema_for(object);
  const nlohmann::json target(object);
  valijson::adapters::NlohmannJsonAdapter adapter(target);
  valijson::ValidationResults results;
  std::vector<Issue> out;
  if (impl_->validator.validate(impl_->schema(rel), adapter, &results)) return out;
  const std::string id = object.is_object() && object.contains("id") && object["id"].is_string()
                             ? object["id"].get<std::string>()
                             : std::string();
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    std::string ptr = "/objects/" + std::to_string(index);
    for (size_t k = 1; k < e.context.size(); ++k) {  // context[0] is "<root>"; then [\"key\"] or [n]
      std::string seg = e.context[k];
      if (seg.size() >= 2 && seg.front() == '[' && seg.back() == ']') seg = seg.substr(1, seg.size() - 2);
      if (seg.size() >= 2 && seg.front() == '"' && seg.back() == '"') seg = seg.substr(1, seg.size() - 2);
      ptr += "/" + seg;
    }
    out.push_back({Issue::Severity::Error, id, ptr, "schema:" + rel, e.description});
  }
  return out;
}

std::vector<Issue> SchemaValidator::validate_all(const std::vector<Json>& objects) {
  std::vector<Issue> out;
  for (size_t i = 0; i < objects.size(); ++i) {
    auto v = validate(objects[i], i);
    out.insert(out.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  }
  return out;
}

}  // namespace chorus::export_stix
