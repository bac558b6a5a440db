#include "stix_rules.hpp"

#include <map>
#include <set>
#include <unordered_map>

#include "export/stix_ids/stix_ids.hpp"
#include "stix_text.hpp"

namespace chorus::export_stix {

namespace {

const std::set<std::string>& sco_types() {
  static const std::set<std::string> k = {"artifact",
                                          "autonomous-system",
                                          "directory",
                                          "domain-name",
                                          "email-addr",
                                          "email-message",
                                          "file",
                                          "ipv4-addr",
                                          "ipv6-addr",
                                          "mac-addr",
                                          "mutex",
                                          "network-traffic",
                                          "process",
                                          "software",
                                          "url",
                                          "user-account",
                                          "windows-registry-key",
                                          "x509-certificate"};
  return k;
}

const char* const kTimestampProps[] = {"created",           "modified",        "first_seen",      "last_seen",
                                       "published",         "valid_from",      "valid_until",     "first_observed",
                                       "last_observed",     "account_created", "account_expires", "account_first_login",
                                       "account_last_login"};

// Properties the spec defines for SDOs/SROs only; an SCO carries none of them.
const char* const kSdoOnlyProps[] = {"created_by_ref", "created",    "modified", "revoked",
                                     "labels",         "confidence", "lang",     "external_references"};

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return s[14] >= '1' && s[14] <= '5' && std::string("89abAB").find(s[19]) != std::string::npos;
}

std::string type_of_id(const std::string& id) {
  const size_t p = id.find("--");
  return p == std::string::npos ? std::string() : id.substr(0, p);
}

// The STIX 2.1 relationship table (spec section 4, each SDO's "Relationships"),
// for the source types Chorus and DISARM write and their neighbours. "SCO"
// stands for any cyber-observable type.
const std::map<std::pair<std::string, std::string>, std::set<std::string>>& endpoint_table() {
  static const std::map<std::pair<std::string, std::string>, std::set<std::string>> t = {
      {{"attack-pattern", "delivers"}, {"malware"}},
      {{"attack-pattern", "targets"}, {"identity", "location", "vulnerability"}},
      {{"attack-pattern", "uses"}, {"malware", "tool"}},
      {{"campaign", "attributed-to"}, {"intrusion-set", "threat-actor"}},
      {{"campaign", "compromises"}, {"infrastructure"}},
      {{"campaign", "originates-from"}, {"location"}},
      {{"campaign", "targets"}, {"identity", "location", "vulnerability"}},
      {{"campaign", "uses"}, {"attack-pattern", "infrastructure", "malware", "tool"}},
      {{"course-of-action", "investigates"}, {"indicator"}},
      {{"course-of-action", "mitigates"}, {"attack-pattern", "indicator", "malware", "tool", "vulnerability"}},
      {{"course-of-action", "remediates"}, {"malware", "vulnerability"}},
      {{"identity", "located-at"}, {"location"}},
      {{"indicator", "indicates"},
       {"attack-pattern", "campaign", "infrastructure", "intrusion-set", "malware", "threat-actor", "tool"}},
      {{"indicator", "based-on"}, {"observed-data"}},
      {{"infrastructure", "communicates-with"}, {"infrastructure", "ipv4-addr", "ipv6-addr", "domain-name", "url"}},
      {{"infrastructure", "consists-of"}, {"infrastructure", "observed-data", "SCO"}},
      {{"infrastructure", "controls"}, {"infrastructure", "malware"}},
      {{"infrastructure", "delivers"}, {"malware"}},
      {{"infrastructure", "has"}, {"vulnerability"}},
      {{"infrastructure", "hosts"}, {"tool", "malware"}},
      {{"infrastructure", "located-at"}, {"location"}},
      {{"infrastructure", "uses"}, {"infrastructure"}},
      {{"intrusion-set", "attributed-to"}, {"threat-actor"}},
      {{"intrusion-set", "compromises"}, {"infrastructure"}},
      {{"intrusion-set", "hosts"}, {"infrastructure"}},
      {{"intrusion-set", "owns"}, {"infrastructure"}},
      {{"intrusion-set", "originates-from"}, {"location"}},
      {{"intrusion-set", "targets"}, {"identity", "location", "vulnerability"}},
      {{"intrusion-set", "uses"}, {"attack-pattern", "infrastructure", "malware", "tool"}},
      {{"malware", "authored-by"}, {"threat-actor", "intrusion-set"}},
      {{"malware", "beacons-to"}, {"infrastructure"}},
      {{"malware", "exfiltrates-to"}, {"infrastructure"}},
      {{"malware", "communicates-with"}, {"ipv4-addr", "ipv6-addr", "domain-name", "url"}},
      {{"malware", "controls"}, {"malware"}},
      {{"malware", "downloads"}, {"malware", "tool", "file"}},
      {{"malware", "drops"}, {"malware", "tool", "file"}},
      {{"malware", "exploits"}, {"vulnerability"}},
      {{"malware", "originates-from"}, {"location"}},
      {{"malware", "targets"}, {"identity", "infrastructure", "location", "vulnerability"}},
      {{"malware", "uses"}, {"attack-pattern", "infrastructure", "malware", "tool"}},
      {{"malware", "variant-of"}, {"malware"}},
      {{"threat-actor", "attributed-to"}, {"identity"}},
      {{"threat-actor", "compromises"}, {"infrastructure"}},
      {{"threat-actor", "hosts"}, {"infrastructure"}},
      {{"threat-actor", "owns"}, {"infrastructure"}},
      {{"threat-actor", "impersonates"}, {"identity"}},
      {{"threat-actor", "located-at"}, {"location"}},
      {{"threat-actor", "targets"}, {"identity", "location", "vulnerability"}},
      {{"threat-actor", "uses"}, {"attack-pattern", "infrastructure", "malware", "tool"}},
      {{"tool", "delivers"}, {"malware"}},
      {{"tool", "drops"}, {"malware"}},
      {{"tool", "has"}, {"vulnerability"}},
      {{"tool", "targets"}, {"identity", "infrastructure", "location", "vulnerability"}},
      {{"tool", "uses"}, {"infrastructure"}}};
  return t;
}

// Every relationship type the table knows (a type outside it is custom).
const std::set<std::string>& spec_relationship_types() {
  static const std::set<std::string> s = [] {
    std::set<std::string> out = {"related-to", "derived-from", "duplicate-of"};
    for (const auto& [k, v] : endpoint_table()) out.insert(k.second);
    return out;
  }();
  return s;
}

// The required properties of the types Chorus writes (STIX 2.1 section 4-5).
const std::vector<std::pair<std::string, std::vector<const char*>>>& required_properties() {
  static const std::vector<std::pair<std::string, std::vector<const char*>>> r = {
      {"report", {"name", "published", "object_refs"}},
      {"grouping", {"context", "object_refs"}},
      {"note", {"content", "object_refs"}},
      {"indicator", {"pattern", "pattern_type", "valid_from"}},
      {"observed-data", {"first_observed", "last_observed", "number_observed"}},
      {"relationship", {"relationship_type", "source_ref", "target_ref"}},
      {"sighting", {"sighting_of_ref"}},
      {"campaign", {"name"}},
      {"infrastructure", {"name"}},
      {"threat-actor", {"name"}},
      {"attack-pattern", {"name"}},
      {"course-of-action", {"name"}},
      {"identity", {"name"}},
      {"extension-definition", {"name", "schema", "version", "extension_types"}},
      {"url", {"value"}},
      {"domain-name", {"value"}}};
  return r;
}

class Checker {
 public:
  Checker(const std::vector<Json>& objects, const RuleOptions& o) : objs_(objects), opt_(o) {}

  std::vector<Issue> run() {
    for (size_t i = 0; i < objs_.size(); ++i) {
      const Json& o = objs_[i];
      if (!o.is_object() || !o.contains("id") || !o["id"].is_string()) continue;
      index_.emplace(o["id"].get<std::string>(), i);
    }
    for (size_t i = 0; i < objs_.size(); ++i) check(i);
    return std::move(issues_);
  }

 private:
  void issue(size_t i, const std::string& pointer, const char* rule, const std::string& msg,
             Issue::Severity sev = Issue::Severity::Error) {
    const Json& o = objs_[i];
    std::string id = o.is_object() && o.contains("id") && o["id"].is_string() ? o["id"].get<std::string>() : "";
    issues_.push_back({sev, std::move(id), base(i) + pointer, rule, msg});
  }
  static std::string base(size_t i) { return "/objects/" + std::to_string(i); }

  const Json* resolve(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &objs_[it->second];
  }
  bool is_sco_ref(const std::string& id) const {
    const std::string t = type_of_id(id);
    if (sco_types().count(t)) return true;
    const Json* o = resolve(id);
    return o && kind_of_type(t) == StixKind::Sdo && !o->contains("created");
  }

  void check(size_t i) {
    const Json& o = objs_[i];
    if (!o.is_object() || !o.contains("type") || !o["type"].is_string() || !o.contains("id") || !o["id"].is_string()) {
      issue(i, "", "object", "not an object with a string type and id");
      return;
    }
    const std::string type = o["type"].get<std::string>(), id = o["id"].get<std::string>();
    const StixKind kind = kind_of_type(type);
    const bool sco = kind == StixKind::Sco || (kind == StixKind::Sdo && !o.contains("created"));

    if (id.rfind(type + "--", 0) != 0)
      issue(i, "/id", "id-prefix", "the id does not start with its type '" + type + "--'");
    else if (!is_uuid(id.substr(type.size() + 2)))
      issue(i, "/id", "id-uuid", "the id's UUID is not an RFC 4122 UUID of version 1-5");

    // duplicate ids: allowed only as versions (different modified)
    auto first = index_.find(id);
    if (first != index_.end() && first->second != i) {
      const Json& a = objs_[first->second];
      const Json ma = a.value("modified", Json()), mb = o.value("modified", Json());
      if (ma.is_null() || mb.is_null() || ma == mb)
        issue(i, "/id", "duplicate-id",
              "id also at /objects/" + std::to_string(first->second) + " without a different modified");
    }

    // spec_version
    if (o.contains("spec_version")) {
      if (o["spec_version"] != "2.1") issue(i, "/spec_version", "spec-version", "must be \"2.1\"");
    } else if (!sco) {
      issue(i, "/spec_version", "spec-version", "missing on a " + type + " (SDO/SRO/meta objects need \"2.1\")");
    }

    // what the schemas check too, so that the rules alone catch it
    if (o.contains("confidence") && !(o["confidence"].is_number_integer() && o["confidence"].get<int64_t>() >= 0 &&
                                      o["confidence"].get<int64_t>() <= 100))
      issue(i, "/confidence", "confidence", "confidence is an integer 0..100, not " + o["confidence"].dump());
    for (const auto& [t, props] : required_properties())
      if (t == type)
        for (const char* p : props)
          if (!o.contains(p)) issue(i, std::string("/") + p, "required", std::string(p) + " is required on a " + type);

    // timestamps
    const bool ours =
        opt_.producer_id.empty() || o.value("created_by_ref", Json()) == opt_.producer_id || id == opt_.producer_id;
    for (const char* p : kTimestampProps) {
      auto it = o.find(p);
      if (it == o.end()) continue;
      const std::string ptr = std::string("/") + p;
      if (!it->is_string() || !parse_stix_timestamp(it->get<std::string>())) {
        issue(i, ptr, "timestamp", "not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z)");
        continue;
      }
      const std::string s = it->get<std::string>();
      if (ours && (s.size() != 24 || s[19] != '.'))
        issue(i, ptr, "ms-precision", "'" + s + "': authored timestamps are YYYY-MM-DDTHH:MM:SS.mmmZ");
    }
    order(i, o, "created", "modified", "modified-before-created");
    order(i, o, "first_seen", "last_seen", "last-seen-before-first-seen");
    order(i, o, "first_observed", "last_observed", "last-observed-before-first-observed");
    order(i, o, "valid_from", "valid_until", "valid-until-before-valid-from");

    // created_by_ref policy and SCO properties
    if (sco) {
      for (const char* p : kSdoOnlyProps)
        if (o.contains(p))
          issue(i, std::string("/") + p, "sco-sdo-property", std::string(p) + " is not a property of an SCO");
      const std::string expected = expected_sco_id(o);
      if (!expected.empty() && expected != id)
        issue(i, "/id", "sco-id", "not the UUIDv5 of its id-contributing properties (expected " + expected + ")");
    } else if (type != "identity" && type != "marking-definition" && !o.contains("created_by_ref")) {
      issue(i, "/created_by_ref", "created-by-ref", "every authored SDO/SRO names its creator");
    }

    // references
    walk_refs(i, o, "");
    if (type == "relationship") relationship(i, o);
    if (type == "sighting") sighting(i, o);
    if (type == "observed-data" && o.contains("object_refs") && o["object_refs"].is_array()) {
      const Json& refs = o["object_refs"];
      for (size_t k = 0; k < refs.size(); ++k) {
        if (!refs[k].is_string()) continue;
        const std::string r = refs[k].get<std::string>();
        if (!is_sco_ref(r) && kind_of_type(type_of_id(r)) != StixKind::Sro)
          issue(i, "/object_refs/" + std::to_string(k), "observed-data-refs",
                "observed-data may refer only to SCOs and SROs, not '" + type_of_id(r) + "'");
      }
    }
    if (o.contains("extensions") && o["extensions"].is_object()) {
      for (auto it = o["extensions"].begin(); it != o["extensions"].end(); ++it) {
        const bool ok = it.value().is_object() && !it.value().empty();
        if (!ok)
          issue(i, "/extensions/" + pointer_segment(it.key()), "extension", "an extension is a non-empty object");
      }
    }
  }

  void order(size_t i, const Json& o, const char* a, const char* b, const char* rule) {
    auto ia = o.find(a), ib = o.find(b);
    if (ia == o.end() || ib == o.end() || !ia->is_string() || !ib->is_string()) return;
    const auto ta = parse_stix_timestamp(ia->get<std::string>()), tb = parse_stix_timestamp(ib->get<std::string>());
    if (!ta || !tb) return;
    // Compare beyond the millisecond too: equal ms but a later fraction of a
    // is still an error; the strings of equal length compare as times.
    bool before = *tb < *ta;
    if (*tb == *ta) {
      const std::string sa = ia->get<std::string>(), sb = ib->get<std::string>();
      before = sa.size() == sb.size() && sb < sa;
    }
    if (before) issue(i, std::string("/") + b, rule, std::string(b) + " is earlier than " + a);
  }

  // The pointer of a key is built only when it is needed (an issue, or a
  // nested container to enter): most keys of most objects need none.
  void walk_refs(size_t i, const Json& node, const std::string& ptr) {
    if (node.is_array()) {
      for (size_t k = 0; k < node.size(); ++k)
        if (node[k].is_object() || node[k].is_array()) walk_refs(i, node[k], ptr + "/" + std::to_string(k));
      return;
    }
    if (!node.is_object()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string& key = it.key();
      const bool ref = key.size() > 4 && key.compare(key.size() - 4, 4, "_ref") == 0;
      const bool refs = key.size() > 5 && key.compare(key.size() - 5, 5, "_refs") == 0;
      if (ref && it->is_string()) {
        if (!resolve(it->get_ref<const std::string&>())) dangling(i, *it, ptr + "/" + pointer_segment(key));
      } else if (refs && it->is_array()) {
        for (size_t k = 0; k < it->size(); ++k) {
          const Json& r = (*it)[k];
          if (r.is_string() && !resolve(r.get_ref<const std::string&>()))
            dangling(i, r, ptr + "/" + pointer_segment(key) + "/" + std::to_string(k));
        }
      } else if ((it->is_object() && !it->empty()) || (it->is_array() && has_container(*it))) {
        walk_refs(i, *it, ptr + "/" + pointer_segment(key));
      }
    }
  }

  static bool has_container(const Json& array) {
    for (const auto& x : array)
      if (x.is_object() || x.is_array()) return true;
    return false;
  }

  void dangling(size_t i, const Json& ref, const std::string& ptr) {
    issue(i, ptr, "dangling-ref", "'" + ref.get<std::string>() + "' is not in the bundle");
  }

  void relationship(size_t i, const Json& o) {
    const std::string rt = o.value("relationship_type", "");
    const std::string src = type_of_id(o.value("source_ref", "")), dst = type_of_id(o.value("target_ref", ""));
    if (rt.empty() || src.empty() || dst.empty()) return;  // the schema reports missing properties
    if (rt == "related-to" || rt == "derived-from" || rt == "duplicate-of") {
      if ((rt == "derived-from" || rt == "duplicate-of") && src != dst)
        issue(i, "/target_ref", "relationship-endpoint", rt + " joins objects of one type, not " + src + " and " + dst);
      return;
    }
    const auto& table = endpoint_table();
    auto it = table.find({src, rt});
    if (it == table.end()) {
      if (spec_relationship_types().count(rt))
        issue(i, "/relationship_type", "relationship-endpoint",
              "'" + rt + "' is not defined from a " + src + " (STIX 2.1 relationship table)");
      else
        issue(i, "/relationship_type", "relationship-type", "custom relationship type '" + rt + "'",
              Issue::Severity::Warning);
      return;
    }
    const bool ok = it->second.count(dst) || (it->second.count("SCO") && is_sco_ref(o.value("target_ref", "")));
    if (!ok) issue(i, "/target_ref", "relationship-endpoint", src + " " + rt + " " + dst + " is not in the table");
  }

  void sighting(size_t i, const Json& o) {
    const std::string ref = o.value("sighting_of_ref", "");
    if (ref.empty()) return;
    const std::string t = type_of_id(ref);
    if (kind_of_type(t) != StixKind::Sdo || is_sco_ref(ref))
      issue(i, "/sighting_of_ref", "sighting-of-ref", "must point to an SDO, not a " + t);
  }

  const std::vector<Json>& objs_;
  const RuleOptions& opt_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Issue> issues_;
};

}  // namespace

StixKind kind_of_type(const std::string& type) {
  if (sco_types().count(type)) return StixKind::Sco;
  if (type == "relationship" || type == "sighting") return StixKind::Sro;
  if (type == "marking-definition" || type == "extension-definition" || type == "language-content")
    return StixKind::Meta;
  return StixKind::Sdo;
}

std::string pointer_segment(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

std::string expected_sco_id(const Json& o) {
  namespace ids = chorus::export_stix_ids;
  const std::string type = o.value("type", "");
  std::vector<std::pair<std::string, std::string>> members;
  auto take = [&](const char* key) {
    auto it = o.find(key);
    if (it != o.end() && it->is_string()) members.emplace_back(key, it->get<std::string>());
  };
  if (type == "user-account") {
    take("account_type");
    take("user_id");
    take("account_login");
  } else if (type == "url" || type == "domain-name") {
    take("value");
  } else {
    return {};
  }
  if (members.empty()) return {};  // no contributing property: the spec lets the id be a UUIDv4
  return type + "--" + ids::uuid5(ids::kScoNamespace, ids::canonical_json(std::move(members)));
}

std::vector<Issue> check_rules(const std::vector<Json>& objects, const RuleOptions& options) {
  return Checker(objects, options).run();
}

std::vector<Issue> check_bundle_rules(const Json& bundle, const RuleOptions& options) {
  if (!bundle.is_object() || !bundle.contains("objects") || !bundle["objects"].is_array())
    return {{Issue::Severity::Error, "", "/objects", "bundle", "not a bundle with an objects array"}};
  return check_rules(bundle["objects"].get_ref<const Json::array_t&>(), options);
}

}  // namespace chorus::export_stix
