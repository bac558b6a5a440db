#include "disarm_bundle.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace chorus::export_stix {

namespace {

// DISARM writes its technique ids as mitre-attack references since 2022 (for
// OpenCTI); older bundles said DISARM.
std::string technique_id_of(const Json& ap) {
  const auto it = ap.find("external_references");
  if (it == ap.end() || !it->is_array()) return {};
  for (const auto& ref : *it) {
    if (!ref.is_object()) continue;
    const std::string source = ref.value("source_name", "");
    if ((source == "mitre-attack" || source == "DISARM") && ref.contains("external_id") &&
        ref["external_id"].is_string())
      return ref["external_id"].get<std::string>();
  }
  return {};
}

}  // namespace

std::vector<const Json*> DisarmBundle::support_of(const Json& ap) const {
  std::set<std::string> ids;
  if (ap.contains("created_by_ref") && ap["created_by_ref"].is_string()) ids.insert(ap["created_by_ref"]);
  if (ap.contains("object_marking_refs") && ap["object_marking_refs"].is_array())
    for (const auto& m : ap["object_marking_refs"])
      if (m.is_string()) ids.insert(m.get<std::string>());
  std::set<std::string> more;
  for (const auto& id : ids) {
    auto it = supporting.find(id);
    if (it != supporting.end() && it->second.contains("created_by_ref") && it->second["created_by_ref"].is_string())
      more.insert(it->second["created_by_ref"].get<std::string>());
  }
  ids.insert(more.begin(), more.end());
  std::vector<const Json*> out;
  for (const auto& id : ids) {
    auto it = supporting.find(id);
    if (it != supporting.end()) out.push_back(&it->second);
  }
  return out;
}

DisarmBundle load_disarm_bundle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("with.disarm_bundle: cannot open '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  Json bundle;
  try {
    bundle = Json::parse(text.str());
  } catch (const std::exception& e) {
    throw std::runtime_error("with.disarm_bundle: '" + path + "' is not JSON: " + e.what());
  }
  if (!bundle.is_object() || !bundle.contains("objects") || !bundle["objects"].is_array())
    throw std::runtime_error("with.disarm_bundle: '" + path + "' is not a STIX bundle (no objects array)");
  DisarmBundle out;
  out.path = path;
  for (auto& o : bundle["objects"]) {
    if (!o.is_object() || !o.contains("type") || !o.contains("id") || !o["id"].is_string()) continue;
    const std::string type = o["type"].get<std::string>();
    if (type == "attack-pattern") {
      const std::string t = technique_id_of(o);
      if (!t.empty()) out.techniques.emplace(t, std::move(o));
    } else if (type == "identity" || type == "marking-definition") {
      const std::string id = o["id"].get<std::string>();
      out.supporting.emplace(id, std::move(o));
    }
  }
  if (out.techniques.empty())
    throw std::runtime_error("with.disarm_bundle: '" + path + "' holds no attack-pattern with a technique id");
  return out;
}

}  // namespace chorus::export_stix
