// The attribution knowledge graph of one STIX bundle: its SDOs and SCOs as
// nodes keyed by their STIX ids, its relationships and the embedded refs we
// keep as edges (docs: export/knowledge_graph). Marking definitions,
// extension definitions and language content are handling metadata, not
// nodes; created_by_ref and object_marking_refs are not edges.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chorus::export_knowledge_graph {

// One row of export/stix's `objects` port.
struct ObjectRow {
  std::string stix_id, type;
  std::optional<std::string> name, cluster_id;
  std::string json;  // the STIX object as one line of JSON
};

struct Node {
  std::string key;    // STIX id
  std::string label;  // Account, Cluster, Campaign, ... (label_for)
  std::string stix_type;
  std::optional<std::string> name;
  nlohmann::json object;
  std::string properties;  // the whole object, compact JSON with sorted keys
};

struct Edge {
  std::string key;  // relationship id, or "<source>|<TYPE>|<target>" for an embedded ref
  std::string source, target;
  std::string type;               // Neo4j relationship type: CONSISTS_OF, CONTAINS, ...
  std::string relationship_type;  // STIX relationship_type, or the ref property (object_refs)
  std::optional<int64_t> confidence;
  std::optional<std::string> evidence;
  std::optional<std::string> stix_id;  // the relationship's id; null for an embedded ref
  std::string source_label, target_label;
};

struct Graph {
  std::vector<Node> nodes;  // bundle order
  std::vector<Edge> edges;  // bundle order of their object, refs in property then list order
  std::map<std::string, size_t> node_index;
  std::string run_id;                  // bundle_id over the distinct cluster ids (export_stix_ids)
  std::string timestamp;               // YYYY-MM-DDTHH:MM:SS.mmmZ
  int64_t metadata_objects = 0;        // markings, extension definitions, language content
  int64_t refs_to_non_nodes = 0;       // embedded refs to relationships, markings or absent objects
  int64_t dangling_relationships = 0;  // relationships with an end outside the bundle's nodes
};

// The node label of a STIX object.
std::string label_for(const std::string& type, const nlohmann::json& object);
// A STIX relationship_type or ref property as a Neo4j relationship type.
std::string edge_type_for(const std::string& relationship_type);

// Builds the graph; `timestamp_ms` overrides the run time (else the latest
// `modified` of an object, else the epoch). Throws naming the object row on
// malformed JSON, an id that differs from stix_id, or a duplicate id.
Graph build_graph(const std::vector<ObjectRow>& rows, std::optional<int64_t> timestamp_ms);

}  // namespace chorus::export_knowledge_graph
