// The DISARM techniques the technique rules of attribute/assess may name,
// pinned to one DISARM release so that every assessment says which ids it
// uses (ids and names drift between releases; ../shared/research/stix.md §1.1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::attribute_assess {

inline constexpr const char* kDisarmVersion = "1.6";

struct DisarmTechnique {
  const char* id;          // e.g. T0049.003
  const char* name;        // as in the DISARM v1.6 Red framework
  const char* tactic_id;   // e.g. TA17
  const char* phase_name;  // the tactic's phase name, e.g. maximise-exposure
};

// Every pinned row, by id.
const std::vector<DisarmTechnique>& disarm_techniques();
// The row of `id`, or null when the id is not pinned.
const DisarmTechnique* find_disarm_technique(std::string_view id);
// The pinned ids, for did-you-mean hints.
std::vector<std::string> disarm_technique_ids();

}  // namespace chorus::attribute_assess
