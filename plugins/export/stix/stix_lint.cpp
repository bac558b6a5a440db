#include "stix_lint.hpp"

#include <unordered_map>

#include "stix_rules.hpp"

namespace chorus::export_stix {

namespace {

// SDO types whose objects OpenCTI and misp-stix need a name for (misp-stix
// crashed on a nameless malware): every SDO type that has a name property.
bool sdo_has_name_property(const std::string& t) {
  return t != "observed-data" && t != "note" && t != "opinion" && t != "malware-analysis";
}

bool iso_country(const std::string& s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

std::string type_prefix(const std::string& id) {
  const size_t p = id.find("--");
  return p == std::string::npos ? std::string() : id.substr(0, p);
}

class Linter {
 public:
  Linter(const std::vector<Json>& objects) : objs_(objects) {}

  std::vector<Issue> run(const Json& envelope) {
    if (envelope.is_object() && envelope.contains("spec_version"))
      issues_.push_back({Issue::Severity::Error, envelope.value("id", ""), "/spec_version", "bundle-spec-version",
                         "a STIX 2.1 bundle has no spec_version (MISP rejects it: must equal '2.0')"});
    for (size_t i = 0; i < objs_.size(); ++i)
      if (objs_[i].is_object() && objs_[i].contains("id") && objs_[i]["id"].is_string())
        index_.emplace(objs_[i]["id"].get<std::string>(), i);
    for (size_t i = 0; i < objs_.size(); ++i) lint(i);
    evidence();
    return std::move(issues_);
  }

 private:
  void issue(size_t i, const std::string& ptr, const char* rule, const std::string& msg) {
    const Json& o = objs_[i];
    issues_.push_back({Issue::Severity::Error,
                       o.is_object() && o.contains("id") && o["id"].is_string() ? o["id"].get<std::string>() : "",
                       "/objects/" + std::to_string(i) + ptr, rule, msg});
  }

  void lint(size_t i) {
    const Json& o = objs_[i];
    if (!o.is_object()) return;
    const std::string type = o.value("type", "");
    const StixKind kind = kind_of_type(type);
    const bool sco = kind == StixKind::Sco || (kind == StixKind::Sdo && !o.contains("created"));
    if (kind == StixKind::Sdo && !sco && sdo_has_name_property(type)) {
      auto it = o.find("name");
      if (it == o.end() || !it->is_string() || it->get<std::string>().empty())
        issue(i, "/name", "sdo-without-name", "a " + type + " without name (misp-stix and OpenCTI need one)");
    }
    if (type == "location") {
      auto it = o.find("country");
      if (it == o.end()) {
        if (!o.contains("region") && !(o.contains("latitude") && o.contains("longitude")))
          issue(i, "", "location-country",
                "a location needs country, region or latitude+longitude (the stix2 library stops the import)");
      } else if (!it->is_string() || !iso_country(it->get<std::string>())) {
        issue(i, "/country", "location-country",
              "country must be an ISO 3166-1 alpha-2 code (two upper-case letters), not " + it->dump());
      }
    }
    walk(i, o, "");
  }

  // Pointers are built only for issues and nested containers.
  void walk(size_t i, const Json& node, const std::string& ptr) {
    if (node.is_array()) {
      for (size_t k = 0; k < node.size(); ++k)
        if (node[k].is_object() || node[k].is_array()) walk(i, node[k], ptr + "/" + std::to_string(k));
      return;
    }
    if (!node.is_object()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string& key = it.key();
      auto p = [&] { return ptr + "/" + pointer_segment(key); };
      const bool marking = key == "object_marking_refs" || key == "marking_ref";
      if (key == "x_opencti_score" &&
          !(it->is_number_integer() && it->get<int64_t>() >= 0 && it->get<int64_t>() <= 100))
        issue(i, p(), "opencti-score", "x_opencti_score must be an integer 0..100, not " + it->dump());
      const bool ref = key.size() > 4 && key.compare(key.size() - 4, 4, "_ref") == 0;
      const bool refs = key.size() > 5 && key.compare(key.size() - 5, 5, "_refs") == 0;
      if (ref && it->is_string()) {
        check_ref(
            i, it->get_ref<const std::string&>(), [&] { return p(); }, marking);
      } else if (refs && it->is_array()) {
        for (size_t k = 0; k < it->size(); ++k)
          if ((*it)[k].is_string())
            check_ref(
                i, (*it)[k].get_ref<const std::string&>(), [&] { return p() + "/" + std::to_string(k); }, marking);
      } else if (it->is_object() || it->is_array()) {
        bool nested = it->is_object();
        if (!nested)
          for (const auto& x : *it) nested |= x.is_object() || x.is_array();
        if (nested) walk(i, *it, p());
      }
    }
  }

  template <class Pointer>
  void check_ref(size_t i, const std::string& ref, Pointer pointer, bool marking) {
    auto it = index_.find(ref);
    if (it != index_.end() && it->second <= i) return;
    const std::string ptr = pointer();
    if (it == index_.end()) {
      if (marking)
        issue(i, ptr, "missing-marking",
              "marking '" + ref + "' is referenced but not in the bundle (older MISP crashes with a KeyError)");
      else
        issue(i, ptr, "dangling-ref", "'" + ref + "' is not in the bundle (OpenCTI: MISSING_REFERENCE_ERROR)");
    } else if (it->second > i) {
      issue(i, ptr, "late-ref",
            "'" + ref + "' comes later in the bundle (at /objects/" + std::to_string(it->second) +
                "); OpenCTI's workers may import this object first and fail");
    }
  }

  // observed-data as the only evidence: OpenCTI 6.6 rejects observed-data
  // without the deprecated `objects`, MISP ignored its object_refs. A
  // container (report, grouping) that holds observed-data must also hold a
  // note, an indicator or a sighting; a bundle without containers likewise.
  void evidence() {
    bool any_container = false, bundle_obs = false, bundle_other = false;
    size_t first_obs = 0;
    for (size_t i = 0; i < objs_.size(); ++i) {
      const Json& o = objs_[i];
      if (!o.is_object()) continue;
      const std::string type = o.value("type", "");
      if (type == "observed-data" && !bundle_obs) bundle_obs = true, first_obs = i;
      if (type == "note" || type == "indicator" || type == "sighting") bundle_other = true;
      if ((type != "report" && type != "grouping") || !o.contains("object_refs") || !o["object_refs"].is_array())
        continue;
      any_container = true;
      bool obs = false, other = false;
      for (const auto& r : o["object_refs"]) {
        if (!r.is_string()) continue;
        const std::string t = type_prefix(r.get<std::string>());
        obs |= t == "observed-data";
        other |= t == "note" || t == "indicator" || t == "sighting";
      }
      if (obs && !other)
        issue(i, "/object_refs", "observed-data-only-evidence",
              "observed-data is this container's only evidence; add a note (OpenCTI rejects observed-data without "
              "'objects', MISP drops object_refs)");
    }
    if (!any_container && bundle_obs && !bundle_other)
      issue(first_obs, "", "observed-data-only-evidence",
            "observed-data is the bundle's only evidence; add a note, an indicator or a sighting");
  }

  const std::vector<Json>& objs_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Issue> issues_;
};

}  // namespace

std::vector<Issue> lint_bundle(const Json& envelope, const std::vector<Json>& objects) {
  return Linter(objects).run(envelope);
}

std::vector<Issue> lint_bundle(const Json& bundle) {
  static const std::vector<Json> kNone;
  if (!bundle.is_object() || !bundle.contains("objects") || !bundle["objects"].is_array())
    return lint_bundle(bundle, kNone);
  Json envelope = Json::object();
  for (auto it = bundle.begin(); it != bundle.end(); ++it)
    if (it.key() != "objects") envelope[it.key()] = it.value();
  return lint_bundle(envelope, bundle["objects"].get_ref<const Json::array_t&>());
}

}  // namespace chorus::export_stix
