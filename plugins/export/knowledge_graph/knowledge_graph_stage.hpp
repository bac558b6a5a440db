// export/knowledge_graph: the attribution knowledge graph of a STIX bundle
// (export/stix's `objects`): node keys are STIX ids, so graph and bundle
// round-trip. Emits nodes and edges, writes Neo4j import CSVs, a Cypher MERGE
// script and GraphML, and upserts into an accumulating SQLite store.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chorus::export_knowledge_graph {

struct Config {
  std::string out_dir;
  std::string database;   // "": no store
  std::string timestamp;  // "": the latest modified of an object
  std::vector<std::string> formats;
};

struct KnowledgeGraphStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "export/knowledge_graph";
  static constexpr const char* description =
      "Attribution knowledge graph of the STIX bundle: nodes/edges keyed by STIX ids, Neo4j import CSVs, Cypher "
      "MERGE script, GraphML, and an SQLite store that accumulates across runs";
  static constexpr const char* code_version = "1";
  static constexpr uint64_t flags = CHORUS_STAGE_SINK;
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "objects", "type": "any", "description": "export/stix's objects: one row per bundle object in bundle order; stix_id, type, json (utf8, the object as one line of JSON), optional name and cluster_id (utf8, nullable)."}
  ],
  "outputs": [
    {"name": "nodes", "type": "any", "description": "One row per SDO/SCO of the bundle (not marking or extension definitions), in bundle order: key (STIX id), label, name, properties (the object as JSON), stix_type."},
    {"name": "edges", "type": "any", "description": "One row per relationship and kept embedded ref: source, target, type (CONSISTS_OF, CONTAINS, ...), confidence (int64), evidence, key, relationship_type, stix_id, source_label, target_label."}
  ]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

}  // namespace chorus::export_knowledge_graph
