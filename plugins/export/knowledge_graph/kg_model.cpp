#include "kg_model.hpp"

#include <chorus/sdk/time.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "export/stix_ids/stix_ids.hpp"

namespace chorus::export_knowledge_graph {

namespace {

using nlohmann::json;

bool is_metadata(const std::string& type) {
  return type == "marking-definition" || type == "extension-definition" || type == "language-content";
}

std::optional<std::string> string_member(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

bool has_item(const json& o, const char* key, const char* value) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return false;
  return std::find(it->begin(), it->end(), value) != it->end();
}

std::string title_case(const std::string& type) {
  std::string out;
  bool up = true;
  for (char c : type) {
    if (c == '-' || c == '_') {
      up = true;
      continue;
    }
    out.push_back(up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    up = false;
  }
  return out;
}

// The name shown for a node: the row's name, else the first naming property.
std::optional<std::string> node_name(const ObjectRow& row, const json& o) {
  if (row.name) return row.name;
  for (const char* k : {"name", "value", "account_login", "user_id", "abstract"})
    if (auto v = string_member(o, k)) return v;
  return std::nullopt;
}

// The edge type of an embedded ref property of an object of `type`.
std::string ref_edge_type(const std::string& type, const std::string& property) {
  if (property == "object_refs") {
    if (type == "grouping" || type == "report") return "CONTAINS";
    if (type == "note" || type == "opinion") return "ABOUT";
    if (type == "observed-data") return "OBSERVED";
    return "REFERS_TO";
  }
  const bool plural = property.size() > 5 && property.compare(property.size() - 5, 5, "_refs") == 0;
  return edge_type_for(property.substr(0, property.size() - (plural ? 5 : 4)));  // sighting_of_ref -> SIGHTING_OF
}

bool is_ref_property(const std::string& k) {
  auto ends = [&](const char* s) {
    const size_t n = std::char_traits<char>::length(s);
    return k.size() > n && k.compare(k.size() - n, n, s) == 0;
  };
  if (k == "created_by_ref" || k == "object_marking_refs") return false;
  return ends("_ref") || ends("_refs");
}

std::optional<int64_t> stix_time_ms(const json& o, const char* key) {
  auto v = string_member(o, key);
  if (!v) return std::nullopt;
  int64_t ms = 0;
  if (!time::parse_timestamp(*v, TimeUnit::Milli, ms)) return std::nullopt;
  return ms;
}

std::string format_ms(int64_t ms) {
  const int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  const int64_t in_day = ms - days * 86400000;
  const auto d = time::civil_from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(d.year), d.month,
                d.day, static_cast<int>(in_day / 3600000), static_cast<int>(in_day / 60000 % 60),
                static_cast<int>(in_day / 1000 % 60), static_cast<int>(in_day % 1000));
  return buf;
}

}  // namespace

std::string label_for(const std::string& type, const json& o) {
  if (type == "user-account") return "Account";
  if (type == "infrastructure")
    return has_item(o, "infrastructure_types", "amplification") ? "Cluster" : "Infrastructure";
  if (type == "campaign") return "Campaign";
  if (type == "threat-actor") return "Actor";
  if (type == "intrusion-set") return "IntrusionSet";
  if (type == "location") return "Location";
  if (type == "attack-pattern") return "Technique";
  if (type == "indicator")
    return string_member(o, "pattern_type") == std::optional<std::string>("pcre") ? "Hashtag" : "Indicator";
  if (type == "url") return "URL";
  if (type == "domain-name") return "Domain";
  if (type == "ipv4-addr" || type == "ipv6-addr") return "IP";
  if (type == "autonomous-system") return "ASN";
  if (type == "note") return "Note";
  if (type == "observed-data") return "Observation";
  if (type == "grouping" || type == "report") return "Finding";
  if (type == "course-of-action") return "CourseOfAction";
  if (type == "identity") {
    const auto cls = string_member(o, "identity_class");
    if (cls == std::optional<std::string>("organization")) return "Organisation";
    if (cls == std::optional<std::string>("individual")) return "Person";
    return "Identity";
  }
  return title_case(type);  // sighting -> Sighting, malware -> Malware, x-foo -> XFoo
}

std::string edge_type_for(const std::string& relationship_type) {
  std::string out;
  for (char c : relationship_type) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    else
      out.push_back('_');
  }
  return out.empty() ? "RELATED" : out;
}

Graph build_graph(const std::vector<ObjectRow>& rows, std::optional<int64_t> timestamp_ms) {
  Graph g;
  std::vector<json> objects(rows.size());
  std::set<std::string> cluster_ids, seen;
  std::optional<int64_t> latest;
  for (size_t i = 0; i < rows.size(); ++i) {
    const ObjectRow& r = rows[i];
    const std::string where = "input 'objects' row " + std::to_string(i + 1) + " (" + r.stix_id + ")";
    try {
      objects[i] = json::parse(r.json);
    } catch (const std::exception& e) {
      throw std::runtime_error(where + " column 'json': not JSON: " + e.what());
    }
    const json& o = objects[i];
    if (!o.is_object() || string_member(o, "id") != std::optional<std::string>(r.stix_id))
      throw std::runtime_error(where + " column 'json': the object's id differs from column 'stix_id'");
    if (string_member(o, "type") != std::optional<std::string>(r.type))
      throw std::runtime_error(where + " column 'json': the object's type differs from column 'type'");
    if (!seen.insert(r.stix_id).second) throw std::runtime_error(where + ": the id appears twice");
    if (r.cluster_id) cluster_ids.insert(*r.cluster_id);
    for (const char* k : {"modified", "created"})
      if (auto t = stix_time_ms(o, k)) {
        if (!latest || *t > *latest) latest = t;
        break;
      }
    if (r.type == "relationship") continue;
    if (is_metadata(r.type)) {
      ++g.metadata_objects;
      continue;
    }
    Node n;
    n.key = r.stix_id;
    n.label = label_for(r.type, o);
    n.stix_type = r.type;
    n.name = node_name(r, o);
    n.properties = o.dump(-1, ' ', false, json::error_handler_t::replace);
    n.object = o;
    g.node_index.emplace(n.key, g.nodes.size());
    g.nodes.push_back(std::move(n));
  }
  g.run_id = export_stix_ids::bundle_id(std::vector<std::string>(cluster_ids.begin(), cluster_ids.end()));
  g.timestamp = format_ms(timestamp_ms ? *timestamp_ms : latest.value_or(0));

  auto label_of = [&](const std::string& key) -> const std::string* {
    auto it = g.node_index.find(key);
    return it == g.node_index.end() ? nullptr : &g.nodes[it->second].label;
  };
  std::set<std::string> edge_keys;
  for (size_t i = 0; i < rows.size(); ++i) {
    const ObjectRow& r = rows[i];
    const json& o = objects[i];
    if (is_metadata(r.type)) continue;
    if (r.type == "relationship") {
      Edge e;
      e.key = r.stix_id;
      e.source = string_member(o, "source_ref").value_or("");
      e.target = string_member(o, "target_ref").value_or("");
      e.relationship_type = string_member(o, "relationship_type").value_or("");
      const std::string* sl = label_of(e.source);
      const std::string* tl = label_of(e.target);
      if (!sl || !tl) {
        ++g.dangling_relationships;
        continue;
      }
      e.type = edge_type_for(e.relationship_type);
      if (auto c = o.find("confidence"); c != o.end() && c->is_number_integer()) e.confidence = c->get<int64_t>();
      if (auto d = string_member(o, "description"))
        e.evidence = d;
      else if (auto x = o.find("extensions"); x != o.end())
        e.evidence = x->dump(-1, ' ', false, json::error_handler_t::replace);
      e.stix_id = r.stix_id;
      e.source_label = *sl;
      e.target_label = *tl;
      g.edges.push_back(std::move(e));
      continue;
    }
    for (auto it = o.begin(); it != o.end(); ++it) {  // sorted keys: a stable order
      if (!is_ref_property(it.key())) continue;
      std::vector<std::string> targets;
      if (it->is_string()) targets.push_back(it->get<std::string>());
      if (it->is_array())
        for (const auto& t : *it)
          if (t.is_string()) targets.push_back(t.get<std::string>());
      for (const auto& t : targets) {
        const std::string* tl = label_of(t);
        if (!tl) {
          ++g.refs_to_non_nodes;
          continue;
        }
        Edge e;
        e.type = ref_edge_type(r.type, it.key());
        e.key = r.stix_id + "|" + e.type + "|" + t;
        e.source = r.stix_id;
        e.target = t;
        e.relationship_type = it.key();
        e.source_label = g.nodes[g.node_index.at(r.stix_id)].label;
        e.target_label = *tl;
        if (edge_keys.insert(e.key).second) g.edges.push_back(std::move(e));  // a ref listed twice: one edge
      }
    }
  }
  return g;
}

}  // namespace chorus::export_knowledge_graph
