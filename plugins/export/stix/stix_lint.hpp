// A lint for what OpenCTI and MISP reject or silently drop on import
// (signals_and_outputs.md section 1.3 and goal S1): a bundle-level
// spec_version, a referenced marking missing from the bundle, observed-data
// as a finding's only evidence, a location without an ISO 3166-1 alpha-2
// country, an SDO without name, a reference that is dangling or points to an
// object later in the bundle, a non-integer x_opencti_score. Every finding
// names the object id and the JSON pointer (the platforms' own errors name
// neither).
#pragma once

#include <vector>

#include "stix_json.hpp"

namespace chorus::export_stix {

// `envelope` is the bundle without its objects (type, id, and whatever else
// it carries); `objects` are its objects in bundle order.
std::vector<Issue> lint_bundle(const Json& envelope, const std::vector<Json>& objects);
std::vector<Issue> lint_bundle(const Json& bundle);

}  // namespace chorus::export_stix
