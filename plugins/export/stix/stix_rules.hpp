// The STIX 2.1 rules the OASIS JSON Schemas do not check (stix.md section
// 7.3), run over the objects of one bundle: SCO UUIDv5 recomputation, id
// prefix and UUID form, modified >= created, last_seen >= first_seen,
// spec_version, the created_by_ref policy, SDO-only properties on SCOs,
// dangling references, the relationship endpoint table, sighting_of_ref ->
// SDO, observed-data refs, duplicate ids and millisecond timestamps on the
// objects the producer authored. Each issue names the object id and the
// JSON pointer from the bundle root.
#pragma once

#include <string>
#include <vector>

#include "stix_json.hpp"

namespace chorus::export_stix {

struct RuleOptions {
  // Objects whose created_by_ref is this id (and the identity itself) must
  // write every timestamp as YYYY-MM-DDTHH:MM:SS.mmmZ. Empty: every object.
  std::string producer_id;
};

// Checks the objects as the lines dump_line gives (stix_validate: the stage
// checks its written lines the same way).
std::vector<Issue> check_rules(const std::vector<Json>& objects, const RuleOptions& options = {});
// The same over a parsed bundle ({"type":"bundle","objects":[...]}).
std::vector<Issue> check_bundle_rules(const Json& bundle, const RuleOptions& options = {});

// What kind of STIX object a type is.
enum class StixKind { Sdo, Sco, Sro, Meta };  // Meta: marking-, extension-definition, language-content
StixKind kind_of_type(const std::string& type);

// The SCO id the spec's UUIDv5 rule gives this object (user-account, url,
// domain-name: the types Chorus writes); empty for other types.
std::string expected_sco_id(const Json& object);

// RFC 6901: a key as a pointer segment (~ -> ~0, / -> ~1).
std::string pointer_segment(const std::string& key);

}  // namespace chorus::export_stix
