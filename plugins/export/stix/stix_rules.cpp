#include "stix_rules.hpp"

#include <map>
#include <set>
#include <unordered_map>

#include "export/stix_ids/stix_ids.hpp"
#include "stix_dom.hpp"
#include "stix_text.hpp"
#include "stix_validate.hpp"

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

}  // namespace

namespace dom {

void RuleChecker::issue(size_t i, const std::string& pointer, const char* rule, const std::string& msg,
                        std::vector<Issue>& out, Issue::Severity sev) const {
  out.push_back({sev, index_.id_at(i), "/objects/" + std::to_string(i) + pointer, rule, msg});
}

bool RuleChecker::is_sco_ref(std::string_view id) const {
  const std::string t = type_of_id(std::string(id));
  if (sco_types().count(t)) return true;
  const ObjectFacts* o = index_.resolve(id);
  return o && kind_of_type(t) == StixKind::Sdo && !o->has_created;
}

void RuleChecker::check(size_t i, El o, std::vector<Issue>& out) const {
  El type_el, id_el;
  if (!member(o, "type", type_el) || !is_string(type_el) || !member(o, "id", id_el) || !is_string(id_el)) {
    issue(i, "", "object", "not an object with a string type and id", out);
    return;
  }
  const std::string type(str(type_el)), id(str(id_el));
  const StixKind kind = kind_of_type(type);
  const bool sco = kind == StixKind::Sco || (kind == StixKind::Sdo && !has(o, "created"));

  if (id.rfind(type + "--", 0) != 0)
    issue(i, "/id", "id-prefix", "the id does not start with its type '" + type + "--'", out);
  else if (!is_uuid(id.substr(type.size() + 2)))
    issue(i, "/id", "id-uuid", "the id's UUID is not an RFC 4122 UUID of version 1-5", out);

  // duplicate ids: allowed only as versions (different modified)
  const long first = index_.position(id);
  if (first >= 0 && static_cast<size_t>(first) != i) {
    // Rare: the first object's modified is read again from its line.
    const std::string ma = index_.modified_at(static_cast<size_t>(first));
    El mv;
    const std::string mb = member(o, "modified", mv) ? text(mv) : "null";
    if (ma == "null" || mb == "null" || ma == mb)
      issue(i, "/id", "duplicate-id", "id also at /objects/" + std::to_string(first) + " without a different modified",
            out);
  }

  // spec_version
  El v;
  if (member(o, "spec_version", v)) {
    if (!is_string(v) || str(v) != "2.1") issue(i, "/spec_version", "spec-version", "must be \"2.1\"", out);
  } else if (!sco) {
    issue(i, "/spec_version", "spec-version", "missing on a " + type + " (SDO/SRO/meta objects need \"2.1\")", out);
  }

  // what the schemas check too, so that the rules alone catch it
  if (member(o, "confidence", v) && !integer_in(v, 0, 100))
    issue(i, "/confidence", "confidence", "confidence is an integer 0..100, not " + text(v), out);
  for (const auto& [t, props] : required_properties())
    if (t == type)
      for (const char* p : props)
        if (!has(o, p)) issue(i, std::string("/") + p, "required", std::string(p) + " is required on a " + type, out);

  // timestamps
  const bool ours = opt_.producer_id.empty() || id == opt_.producer_id ||
                    (member(o, "created_by_ref", v) && is_string(v) && str(v) == opt_.producer_id);
  for (const char* p : kTimestampProps) {
    if (!member(o, p, v)) continue;
    const std::string ptr = std::string("/") + p;
    if (!is_string(v) || !parse_stix_timestamp(str(v))) {
      issue(i, ptr, "timestamp", "not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z)", out);
      continue;
    }
    const std::string_view s = str(v);
    if (ours && (s.size() != 24 || s[19] != '.'))
      issue(i, ptr, "ms-precision", "'" + std::string(s) + "': authored timestamps are YYYY-MM-DDTHH:MM:SS.mmmZ", out);
  }
  order(i, o, "created", "modified", "modified-before-created", out);
  order(i, o, "first_seen", "last_seen", "last-seen-before-first-seen", out);
  order(i, o, "first_observed", "last_observed", "last-observed-before-first-observed", out);
  order(i, o, "valid_from", "valid_until", "valid-until-before-valid-from", out);

  // created_by_ref policy and SCO properties
  if (sco) {
    for (const char* p : kSdoOnlyProps)
      if (has(o, p))
        issue(i, std::string("/") + p, "sco-sdo-property", std::string(p) + " is not a property of an SCO", out);
    const std::string expected = expected_sco_id(o);
    if (!expected.empty() && expected != id)
      issue(i, "/id", "sco-id", "not the UUIDv5 of its id-contributing properties (expected " + expected + ")", out);
  } else if (type != "identity" && type != "marking-definition" && !has(o, "created_by_ref")) {
    issue(i, "/created_by_ref", "created-by-ref", "every authored SDO/SRO names its creator", out);
  }

  // references
  walk_refs(i, o, "", out);
  if (type == "relationship") relationship(i, o, out);
  if (type == "sighting") sighting(i, o, out);
  if (type == "observed-data" && member(o, "object_refs", v) && is_array(v)) {
    size_t k = 0;
    for (El r : array_of(v)) {
      if (is_string(r)) {
        const std::string_view ref = str(r);
        if (!is_sco_ref(ref) && kind_of_type(type_of_id(std::string(ref))) != StixKind::Sro)
          issue(i, "/object_refs/" + std::to_string(k), "observed-data-refs",
                "observed-data may refer only to SCOs and SROs, not '" + type_of_id(std::string(ref)) + "'", out);
      }
      ++k;
    }
  }
  if (member(o, "extensions", v) && is_object(v)) {
    for (auto kv : object_of(v)) {
      const bool ok = is_object(kv.value) && object_of(kv.value).size() > 0;
      if (!ok)
        issue(i, "/extensions/" + pointer_segment(std::string(kv.key)), "extension",
              "an extension is a non-empty object", out);
    }
  }
}

void RuleChecker::order(size_t i, El o, const char* a, const char* b, const char* rule, std::vector<Issue>& out) const {
  El ea, eb;
  if (!member(o, a, ea) || !member(o, b, eb) || !is_string(ea) || !is_string(eb)) return;
  const std::string_view sa = str(ea), sb = str(eb);
  const auto ta = parse_stix_timestamp(sa), tb = parse_stix_timestamp(sb);
  if (!ta || !tb) return;
  // Compare beyond the millisecond too: equal ms but a later fraction of a
  // is still an error; the strings of equal length compare as times.
  bool before = *tb < *ta;
  if (*tb == *ta) before = sa.size() == sb.size() && sb < sa;
  if (before) issue(i, std::string("/") + b, rule, std::string(b) + " is earlier than " + a, out);
}

// The pointer of a key is built only when it is needed (an issue, or a
// nested container to enter): most keys of most objects need none.
void RuleChecker::walk_refs(size_t i, El node, const std::string& ptr, std::vector<Issue>& out) const {
  auto dangling = [&](std::string_view ref, const std::string& p) {
    issue(i, p, "dangling-ref", "'" + std::string(ref) + "' is not in the bundle", out);
  };
  if (is_array(node)) {
    size_t k = 0;
    for (El x : array_of(node)) {
      if (is_container(x)) walk_refs(i, x, ptr + "/" + std::to_string(k), out);
      ++k;
    }
    return;
  }
  if (!is_object(node)) return;
  for (auto kv : object_of(node)) {
    const std::string_view key = kv.key;
    const El val = kv.value;
    const bool ref = key.size() > 4 && key.compare(key.size() - 4, 4, "_ref") == 0;
    const bool refs = key.size() > 5 && key.compare(key.size() - 5, 5, "_refs") == 0;
    if (ref && is_string(val)) {
      if (!index_.resolve(str(val))) dangling(str(val), ptr + "/" + pointer_segment(std::string(key)));
    } else if (refs && is_array(val)) {
      size_t k = 0;
      for (El r : array_of(val)) {
        if (is_string(r) && !index_.resolve(str(r)))
          dangling(str(r), ptr + "/" + pointer_segment(std::string(key)) + "/" + std::to_string(k));
        ++k;
      }
    } else if (is_object(val) || is_array(val)) {
      bool enter = false;
      if (is_object(val)) {
        enter = object_of(val).size() > 0;
      } else {
        for (El x : array_of(val)) enter |= is_container(x);
      }
      if (enter) walk_refs(i, val, ptr + "/" + pointer_segment(std::string(key)), out);
    }
  }
}

void RuleChecker::relationship(size_t i, El o, std::vector<Issue>& out) const {
  const std::string rt(string_or(o, "relationship_type", ""));
  const std::string target(string_or(o, "target_ref", ""));
  const std::string src = type_of_id(std::string(string_or(o, "source_ref", ""))), dst = type_of_id(target);
  if (rt.empty() || src.empty() || dst.empty()) return;  // the schema reports missing properties
  if (rt == "related-to" || rt == "derived-from" || rt == "duplicate-of") {
    if ((rt == "derived-from" || rt == "duplicate-of") && src != dst)
      issue(i, "/target_ref", "relationship-endpoint", rt + " joins objects of one type, not " + src + " and " + dst,
            out);
    return;
  }
  const auto& table = endpoint_table();
  auto it = table.find({src, rt});
  if (it == table.end()) {
    if (spec_relationship_types().count(rt))
      issue(i, "/relationship_type", "relationship-endpoint",
            "'" + rt + "' is not defined from a " + src + " (STIX 2.1 relationship table)", out);
    else
      issue(i, "/relationship_type", "relationship-type", "custom relationship type '" + rt + "'", out,
            Issue::Severity::Warning);
    return;
  }
  const bool ok = it->second.count(dst) || (it->second.count("SCO") && is_sco_ref(target));
  if (!ok) issue(i, "/target_ref", "relationship-endpoint", src + " " + rt + " " + dst + " is not in the table", out);
}

void RuleChecker::sighting(size_t i, El o, std::vector<Issue>& out) const {
  const std::string ref(string_or(o, "sighting_of_ref", ""));
  if (ref.empty()) return;
  const std::string t = type_of_id(ref);
  if (kind_of_type(t) != StixKind::Sdo || is_sco_ref(ref))
    issue(i, "/sighting_of_ref", "sighting-of-ref", "must point to an SDO, not a " + t, out);
}

std::string expected_sco_id(El o) {
  namespace ids = chorus::export_stix_ids;
  const std::string_view type = string_or(o, "type", "");
  std::vector<std::pair<std::string, std::string>> members;
  auto take = [&](const char* key) {
    El v;
    if (member(o, key, v) && is_string(v)) members.emplace_back(key, std::string(str(v)));
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
  return std::string(type) + "--" + ids::uuid5(ids::kScoNamespace, ids::canonical_json(std::move(members)));
}

}  // namespace dom

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
  simdjson::dom::parser parser;
  dom::El el;
  if (parser.parse(dump_line(o)).get(el) != simdjson::SUCCESS) return {};
  return dom::expected_sco_id(el);
}

std::vector<Issue> check_rules(const std::vector<Json>& objects, const RuleOptions& options) {
  std::vector<std::string> lines;
  lines.reserve(objects.size());
  for (const auto& o : objects) lines.push_back(dump_line(o));
  return validate_lines(lines, Json::object(), options, kRules).rules;
}

std::vector<Issue> check_bundle_rules(const Json& bundle, const RuleOptions& options) {
  if (!bundle.is_object() || !bundle.contains("objects") || !bundle["objects"].is_array())
    return {{Issue::Severity::Error, "", "/objects", "bundle", "not a bundle with an objects array"}};
  return check_rules(bundle["objects"].get_ref<const Json::array_t&>(), options);
}

}  // namespace chorus::export_stix
