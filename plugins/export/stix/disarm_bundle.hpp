// A pinned DISARM STIX bundle (DISARMframeworks' DISARM.json): its
// attack-patterns by technique id, to be copied verbatim (same id, same
// property values, same property order), with the identity and the
// marking-definition they reference, so the CC BY-SA attribution travels.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "stix_json.hpp"

namespace chorus::export_stix {

struct DisarmBundle {
  std::string path;
  std::map<std::string, Json> techniques;  // external_id (T0049.003) -> attack-pattern
  std::map<std::string, Json> supporting;  // id -> identity / marking-definition objects of the bundle

  // The identities and markings an attack-pattern references (created_by_ref,
  // object_marking_refs, and the markings' own created_by_ref).
  std::vector<const Json*> support_of(const Json& attack_pattern) const;
};

// Throws std::runtime_error naming the file when it cannot be read or holds
// no attack-pattern with a mitre-attack/DISARM external id.
DisarmBundle load_disarm_bundle(const std::string& path);

}  // namespace chorus::export_stix
