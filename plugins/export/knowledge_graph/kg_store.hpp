// The accumulating store of the knowledge graph: an SQLite file whose tables
// kg_nodes and kg_edges are upserted by key on every load, so that a
// recurring actor's evidence adds up across runs and pipelines (docs:
// export/knowledge_graph). A run is a distinct run_id (the bundle id); loading
// the same run again changes nothing.
#pragma once

#include <cstdint>
#include <string>

#include "kg_model.hpp"

namespace chorus::export_knowledge_graph {

struct LoadCounts {
  int64_t new_nodes = 0, new_edges = 0;  // keys the store did not have before
  bool new_run = false;                  // false: this run_id was loaded before
};

// Creates the tables when missing and loads `g` in one transaction (all or
// nothing). Throws with SQLite's message on failure.
LoadCounts load_into_store(const std::string& database_path, const Graph& g);

// The DDL, for the docs and tests.
const char* store_schema_sql();

}  // namespace chorus::export_knowledge_graph
