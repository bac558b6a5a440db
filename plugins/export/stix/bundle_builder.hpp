// The exporter's core: the findings (clusters with their assessments,
// members, evidence, profile and techniques) as one STIX 2.1 bundle,
// following the mapping of stix.md section 2. Deterministic: ids from
// export/stix_ids, one timestamp for every authored object, objects in a
// fixed topological order (order_class) and by id within a class.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "disarm_bundle.hpp"
#include "finding.hpp"
#include "stix_json.hpp"
#include "stix_options.hpp"

namespace chorus::export_stix {

struct ObjectMeta {
  int order_class = 0;
  std::string id, type;
  std::string cluster_id;  // the one finding the object belongs to; empty when shared by several or none
  std::string name;        // name, else a note's abstract, else an SCO's value / login / user id
};

struct Bundle {
  std::string id;
  std::string timestamp;
  // Each object as one line of JSON (dump_line's bytes), in bundle order:
  // the builder writes the high-volume objects straight to text (json_text).
  std::vector<std::string> objects;
  std::vector<ObjectMeta> meta;  // one per object
  // What the builder could not write as asked, counted for the stage's log.
  std::vector<std::string> non_iso_states;  // attributed states without a location (not ISO alpha-2)
  int64_t clusters_without_assessment = 0;
};

// The class of an object in the bundle order: markings without creator,
// identities, markings with a creator, extension-definitions, SDOs, SCOs,
// observed-data, SROs, notes, reports and groupings. Every reference points
// to an earlier class (observed-data refers to SCOs, notes to SROs).
int order_class(const Json& object);

// The producer identity id and the TLP marking id the config selects.
std::string tlp_marking_id(const Config& config);
Json tlp_marking_object(const Config& config);

// disarm may be null (authored attack-patterns). Throws std::invalid_argument
// on findings it cannot express (unknown tier, technique missing from the
// DISARM bundle), naming the input column.
Bundle build_bundle(const Findings& findings, const Config& config, const DisarmBundle* disarm);

// The bundle file: {"type":"bundle","id":...,"objects":[ one object per line ]}.
std::string bundle_text(const Bundle& bundle);

}  // namespace chorus::export_stix
