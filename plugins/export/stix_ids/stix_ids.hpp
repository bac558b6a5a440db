// Deterministic STIX 2.1 identifiers for Chorus findings.
//
// SCOs (user-account, url, domain-name) get the spec's UUIDv5 over the
// RFC 8785 canonical JSON of their id-contributing properties, in the spec's
// namespace, so other producers of the same observable give the same id.
// SDOs and SROs get UUIDv5 under Chorus's own namespace over (type, key):
// re-running the same input gives the same ids (byte-identical bundles), and
// the alert, the knowledge-graph node and the bundle object of one finding
// agree without sharing state. The spec prefers UUIDv4 for SDOs (a SHOULD,
// the validator's uuid-check warning); stix.md section 7.3 accepts v5 under
// a producer namespace for exactly this reason.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chorus::export_stix_ids {

// STIX 2.1 section 2.9: the namespace of SCO ids.
inline constexpr std::string_view kScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";
// Chorus's namespace for the objects it authors (a fixed random UUID; never
// the SCO namespace, which the spec reserves for SCOs).
inline constexpr std::string_view kChorusNamespace = "7c1d3fc4-9f09-4727-a9a6-40faaa2f8704";

// RFC 4122 version-5 UUID (SHA-1) of `name` in `namespace_uuid`, lower-case
// canonical text. Throws std::invalid_argument on a malformed namespace.
std::string uuid5(std::string_view namespace_uuid, std::string_view name);

// RFC 8785 canonical JSON of an object whose values are all strings: members
// sorted by key (UTF-16 code units), no white space, strings escaped as
// ECMAScript's JSON.stringify does.
std::string canonical_json(std::vector<std::pair<std::string, std::string>> string_members);
// A JSON string literal as RFC 8785 writes it.
std::string canonical_json_string(std::string_view s);

// SCO ids (STIX 2.1 section 6: id-contributing properties).
std::string user_account_id(std::string_view account_type, std::string_view user_id, std::string_view account_login);
std::string url_id(std::string_view value);
std::string domain_name_id(std::string_view value);

// An object Chorus authors: "<type>--" + uuid5(kChorusNamespace, type + "\n" + key).
std::string authored_id(std::string_view type, std::string_view key);

// The objects of one finding, keyed by the cluster id (clusters.cluster_id).
std::string cluster_infrastructure_id(std::string_view cluster_id);  // infrastructure (amplification)
std::string campaign_id(std::string_view cluster_id);
// The container of the finding: a report once an analyst reviewed the
// assessment, a grouping (context suspicious-activity) before. The alert id
// equals this id.
std::string finding_container_id(std::string_view cluster_id, bool reviewed);
// The bundle of one run's findings: keyed by the sorted cluster ids joined by
// '\n' (the same findings give the same bundle id).
std::string bundle_id(std::vector<std::string> cluster_ids);
// The producer identity, one per producer name.
std::string producer_identity_id(std::string_view producer_name);
// A state actor (threat-actor, nation-state), keyed by the state code.
std::string state_actor_id(std::string_view state);
// The course-of-action of a response tier (monitor, pre-bunk, rebut, escalate):
// the same object in every bundle.
std::string tier_course_of_action_id(std::string_view tier);

}  // namespace chorus::export_stix_ids
