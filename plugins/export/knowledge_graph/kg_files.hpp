// The graph as files: Neo4j `neo4j-admin database import full` CSVs (one
// nodes file per label with ID spaces, one relationships file per type and
// end labels, and import.sh), a Cypher MERGE script for incremental loads,
// and GraphML. Every file is written whole or not at all (AtomicFile).
#pragma once

#include <string>
#include <vector>

#include "kg_model.hpp"

namespace chorus::export_knowledge_graph {

// Writes under `dir`/neo4j/; returns the files written (relative to `dir`).
std::vector<std::string> write_neo4j_csv(const Graph& g, const std::string& dir);
// The Cypher script text: constraints, then one MERGE per node, one per edge.
std::string cypher_script(const Graph& g);
// The GraphML text (directed; keys for label, name, stix_type, properties and the edge fields).
std::string graphml_text(const Graph& g);

// CSV field as neo4j-admin reads it: quoted, quotes doubled.
std::string neo4j_csv_quote(const std::string& s);
// Cypher string literal in single quotes with backslash escapes.
std::string cypher_quote(const std::string& s);
// XML attribute/text escape; characters XML 1.0 forbids become U+FFFD.
std::string xml_escape(const std::string& s);

}  // namespace chorus::export_knowledge_graph
