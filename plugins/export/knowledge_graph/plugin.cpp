// The export.knowledge_graph plugin library.
#include "knowledge_graph_stage.hpp"

CHORUS_PLUGIN("export.knowledge_graph", "0.1.0", "Apache-2.0",
              "Attribution knowledge graph of the STIX findings (Neo4j, Cypher, GraphML, SQLite store)",
              chorus::export_knowledge_graph::KnowledgeGraphStage)
