#include "stix_lint.hpp"

#include "stix_dom.hpp"
#include "stix_rules.hpp"
#include "stix_validate.hpp"

namespace chorus::export_stix {

namespace {

// SDO types whose objects OpenCTI and misp-stix need a name for (misp-stix
// crashed on a nameless malware): every SDO type that has a name property.
bool sdo_has_name_property(const std::string& t) {
  return t != "observed-data" && t != "note" && t != "opinion" && t != "malware-analysis";
}

bool iso_country(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

std::string_view type_prefix(std::string_view id) {
  const size_t p = id.find("--");
  return p == std::string_view::npos ? std::string_view() : id.substr(0, p);
}

}  // namespace

namespace dom {

void Linter::issue(size_t i, const std::string& ptr, const char* rule, const std::string& msg,
                   std::vector<Issue>& out) const {
  out.push_back({Issue::Severity::Error, index_.id_at(i), "/objects/" + std::to_string(i) + ptr, rule, msg});
}

void Linter::lint(size_t i, El o, std::vector<Issue>& out) const {
  if (!is_object(o)) return;
  const std::string type(string_or(o, "type", ""));
  const StixKind kind = kind_of_type(type);
  const bool sco = kind == StixKind::Sco || (kind == StixKind::Sdo && !has(o, "created"));
  El v;
  if (kind == StixKind::Sdo && !sco && sdo_has_name_property(type)) {
    if (!member(o, "name", v) || !is_string(v) || str(v).empty())
      issue(i, "/name", "sdo-without-name", "a " + type + " without name (misp-stix and OpenCTI need one)", out);
  }
  if (type == "location") {
    if (!member(o, "country", v)) {
      if (!has(o, "region") && !(has(o, "latitude") && has(o, "longitude")))
        issue(i, "", "location-country",
              "a location needs country, region or latitude+longitude (the stix2 library stops the import)", out);
    } else if (!is_string(v) || !iso_country(str(v))) {
      issue(i, "/country", "location-country",
            "country must be an ISO 3166-1 alpha-2 code (two upper-case letters), not " + text(v), out);
    }
  }
  walk(i, o, "", out);
}

// Pointers are built only for issues and nested containers.
void Linter::walk(size_t i, El node, const std::string& ptr, std::vector<Issue>& out) const {
  if (is_array(node)) {
    size_t k = 0;
    for (El x : array_of(node)) {
      if (is_container(x)) walk(i, x, ptr + "/" + std::to_string(k), out);
      ++k;
    }
    return;
  }
  if (!is_object(node)) return;
  for (auto kv : object_of(node)) {
    const std::string_view key = kv.key;
    const El val = kv.value;
    auto p = [&] { return ptr + "/" + pointer_segment(std::string(key)); };
    const bool marking = key == "object_marking_refs" || key == "marking_ref";
    if (key == "x_opencti_score" && !integer_in(val, 0, 100))
      issue(i, p(), "opencti-score", "x_opencti_score must be an integer 0..100, not " + text(val), out);
    const bool ref = key.size() > 4 && key.compare(key.size() - 4, 4, "_ref") == 0;
    const bool refs = key.size() > 5 && key.compare(key.size() - 5, 5, "_refs") == 0;
    if (ref && is_string(val)) {
      check_ref(
          i, str(val), [&] { return p(); }, marking, out);
    } else if (refs && is_array(val)) {
      size_t k = 0;
      for (El r : array_of(val)) {
        if (is_string(r))
          check_ref(
              i, str(r), [&] { return p() + "/" + std::to_string(k); }, marking, out);
        ++k;
      }
    } else if (is_container(val)) {
      bool nested = is_object(val);
      if (!nested)
        for (El x : array_of(val)) nested |= is_container(x);
      if (nested) walk(i, val, p(), out);
    }
  }
}

template <class Pointer>
void Linter::check_ref(size_t i, std::string_view ref, Pointer pointer, bool marking, std::vector<Issue>& out) const {
  const long at = index_.position(ref);
  if (at >= 0 && static_cast<size_t>(at) <= i) return;
  const std::string ptr = pointer();
  if (at < 0) {
    if (marking)
      issue(
          i, ptr, "missing-marking",
          "marking '" + std::string(ref) + "' is referenced but not in the bundle (older MISP crashes with a KeyError)",
          out);
    else
      issue(i, ptr, "dangling-ref",
            "'" + std::string(ref) + "' is not in the bundle (OpenCTI: MISSING_REFERENCE_ERROR)", out);
  } else {
    issue(i, ptr, "late-ref",
          "'" + std::string(ref) + "' comes later in the bundle (at /objects/" + std::to_string(at) +
              "); OpenCTI's workers may import this object first and fail",
          out);
  }
}

// observed-data as the only evidence: OpenCTI 6.6 rejects observed-data
// without the deprecated `objects`, MISP ignored its object_refs. A
// container (report, grouping) that holds observed-data must also hold a
// note, an indicator or a sighting; a bundle without containers likewise.
void Linter::evidence(size_t i, El o, Evidence& acc) const {
  if (!is_object(o)) return;
  const std::string_view type = string_or(o, "type", "");
  if (type == "observed-data" && !acc.bundle_obs) acc.bundle_obs = true, acc.first_obs = i;
  if (type == "note" || type == "indicator" || type == "sighting") acc.bundle_other = true;
  El refs;
  if ((type != "report" && type != "grouping") || !member(o, "object_refs", refs) || !is_array(refs)) return;
  acc.any_container = true;
  bool obs = false, other = false;
  for (El r : array_of(refs)) {
    if (!is_string(r)) continue;
    const std::string_view t = type_prefix(str(r));
    obs |= t == "observed-data";
    other |= t == "note" || t == "indicator" || t == "sighting";
  }
  if (obs && !other)
    issue(i, "/object_refs", "observed-data-only-evidence",
          "observed-data is this container's only evidence; add a note (OpenCTI rejects observed-data without "
          "'objects', MISP drops object_refs)",
          acc.issues);
}

void Linter::finish(const Evidence& all, std::vector<Issue>& out) const {
  if (!all.any_container && all.bundle_obs && !all.bundle_other)
    issue(all.first_obs, "", "observed-data-only-evidence",
          "observed-data is the bundle's only evidence; add a note, an indicator or a sighting", out);
}

}  // namespace dom

std::vector<Issue> lint_bundle(const Json& envelope, const std::vector<Json>& objects) {
  std::vector<std::string> lines;
  lines.reserve(objects.size());
  for (const auto& o : objects) lines.push_back(dump_line(o));
  return validate_lines(lines, envelope, RuleOptions(), kLint).lint;
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
