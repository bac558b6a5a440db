#include "knowledge_graph_stage.hpp"

#include <chorus/sdk/time.hpp>

#include <algorithm>
#include <stdexcept>

#include "export/common/atomic_file.hpp"
#include "kg_files.hpp"
#include "kg_model.hpp"
#include "kg_store.hpp"

namespace chorus::export_knowledge_graph {

namespace {

const Schema kNodes{{"key", {TypeId::Utf8}},
                    {"label", {TypeId::Utf8}},
                    {"name", {TypeId::Utf8}},
                    {"properties", {TypeId::Utf8}},
                    {"stix_type", {TypeId::Utf8}}};
const Schema kEdges{{"source", {TypeId::Utf8}},
                    {"target", {TypeId::Utf8}},
                    {"type", {TypeId::Utf8}},
                    {"confidence", {TypeId::Int64}},
                    {"evidence", {TypeId::Utf8}},
                    {"key", {TypeId::Utf8}},
                    {"relationship_type", {TypeId::Utf8}},
                    {"stix_id", {TypeId::Utf8}},
                    {"source_label", {TypeId::Utf8}},
                    {"target_label", {TypeId::Utf8}}};

std::optional<int64_t> option_time(const std::string& text) {
  if (text.empty()) return std::nullopt;
  int64_t ms = 0;
  time::ParseOptions o;
  o.epoch_integers = false;
  const auto r = time::parse_timestamp(text, TimeUnit::Milli, ms, o);
  if (!r) throw sdk::ConfigError("with.timestamp: '" + text + "' " + r.message());
  return ms;
}

void check_objects_type(const sdk::PortType& t) {
  for (const char* name : {"stix_id", "type", "json", "name", "cluster_id"}) {
    auto it = std::find_if(t.columns.begin(), t.columns.end(), [&](const Field& f) { return f.name == name; });
    const bool optional = std::string(name) == "name" || std::string(name) == "cluster_id";
    if (it == t.columns.end()) {
      if (optional) continue;
      throw std::invalid_argument("input 'objects': no column '" + std::string(name) +
                                  "' (expected export/stix's objects: stix_id, type, name, cluster_id, json)");
    }
    if (it->type.id != TypeId::Utf8)
      throw std::invalid_argument("input 'objects' column '" + std::string(name) + "': expected utf8, got " +
                                  it->type.name());
  }
}

void write_text(const std::string& path, const std::string& text) {
  export_common::AtomicFile f(path);
  f.write(text);
  f.commit();
}

bool wants(const Config& c, const char* format) {
  return std::find(c.formats.begin(), c.formats.end(), format) != c.formats.end();
}

}  // namespace

const sdk::OptionTable<Config>& KnowledgeGraphStage::options() {
  static const auto table =
      sdk::OptionTable<Config>()
          .string("out_dir", &Config::out_dir,
                  "Folder of the graph files (created if missing; relative to the pipeline file's folder): "
                  "neo4j/ (nodes_<Label>.csv, rels_<TYPE>_<Start>_<End>.csv, import.sh), graph.cypher, "
                  "graph.graphml.")
          .min_length(1)
          .string("database", &Config::database,
                  "SQLite file of the accumulating store (tables kg_nodes, kg_edges, kg_runs, kg_node_runs, "
                  "kg_edge_runs), created if missing; every run upserts into it by key. Default: no store.")
          .optional()
          .min_length(1)
          .string("timestamp", &Config::timestamp,
                  "The run's time (ISO 8601, UTC) for the store's first_seen/last_seen. Default: the latest "
                  "`modified` (else `created`) of an object, else 1970-01-01T00:00:00.000Z; never the clock.")
          .optional()
          .min_length(1)
          .strings("formats", &Config::formats, std::vector<std::string>{"neo4j", "cypher", "graphml"},
                   "Files to write under out_dir: neo4j (neo4j-admin import CSVs), cypher (MERGE script), graphml.")
          .one_of({"neo4j", "cypher", "graphml"})
          .unique_items()
          .check([](const Config& c) { option_time(c.timestamp); });
  return table;
}

std::optional<sdk::PortTypes> KnowledgeGraphStage::infer(const Config&, const sdk::PortTypes& inputs, sdk::Context&) {
  auto it = inputs.find("objects");
  if (it != inputs.end() && !it->second.columns.empty()) check_objects_type(it->second);
  return sdk::PortTypes{{"nodes", {"", kNodes}}, {"edges", {"", kEdges}}};
}

void KnowledgeGraphStage::run(const Config& config, sdk::Context& ctx) {
  std::vector<ObjectRow> rows;
  if (auto t = ctx.input_type("objects")) {
    check_objects_type(*t);
    ctx.select("objects", {"stix_id", "type", "json"}, {"name", "cluster_id"});
    Batch b;
    while (ctx.read("objects", b)) {
      const bool has_name = b.index_of("name") >= 0, has_cluster = b.index_of("cluster_id") >= 0;
      for (int64_t i = 0; i < b.rows(); ++i) {
        ObjectRow r;
        for (const char* c : {"stix_id", "type", "json"})
          if (b.column(c).is_null(i))
            throw std::runtime_error("input 'objects' column '" + std::string(c) + "' row " +
                                     std::to_string(rows.size() + 1) + ": null");
        r.stix_id = std::string(b.column("stix_id").str(i));
        r.type = std::string(b.column("type").str(i));
        r.json = std::string(b.column("json").str(i));
        if (has_name && !b.column("name").is_null(i)) r.name = std::string(b.column("name").str(i));
        if (has_cluster && !b.column("cluster_id").is_null(i))
          r.cluster_id = std::string(b.column("cluster_id").str(i));
        rows.push_back(std::move(r));
      }
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
    }
  }
  const Graph g = build_graph(rows, option_time(config.timestamp));

  const std::string dir = ctx.resolve_path(config.out_dir);
  if (wants(config, "neo4j")) write_neo4j_csv(g, dir);
  if (wants(config, "cypher")) write_text(dir + "/graph.cypher", cypher_script(g));
  if (wants(config, "graphml")) write_text(dir + "/graph.graphml", graphml_text(g));
  if (!config.database.empty()) {
    const LoadCounts c = load_into_store(ctx.resolve_path(config.database), g);
    ctx.info("export/knowledge_graph: store " + config.database + ": run " + g.run_id +
             (c.new_run ? " added" : " was loaded before") + ", " + std::to_string(c.new_nodes) + " new node(s), " +
             std::to_string(c.new_edges) + " new edge(s)");
  }
  if (g.dangling_relationships > 0)
    ctx.warn("export/knowledge_graph: " + std::to_string(g.dangling_relationships) +
             " relationship(s) have an end that is not a node of the bundle; they are not edges");
  if (g.refs_to_non_nodes > 0)
    ctx.info("export/knowledge_graph: " + std::to_string(g.refs_to_non_nodes) +
             " embedded ref(s) point to relationships, markings or absent objects; they are not edges");

  Batch nodes(kNodes);
  for (const Node& n : g.nodes) {
    nodes.column("key").append_string(n.key);
    nodes.column("label").append_string(n.label);
    if (n.name)
      nodes.column("name").append_string(*n.name);
    else
      nodes.column("name").append_null();
    nodes.column("properties").append_string(n.properties);
    nodes.column("stix_type").append_string(n.stix_type);
  }
  Batch edges(kEdges);
  auto opt = [](Column& c, const std::optional<std::string>& v) {
    if (v)
      c.append_string(*v);
    else
      c.append_null();
  };
  for (const Edge& e : g.edges) {
    edges.column("source").append_string(e.source);
    edges.column("target").append_string(e.target);
    edges.column("type").append_string(e.type);
    if (e.confidence)
      edges.column("confidence").append_int(*e.confidence);
    else
      edges.column("confidence").append_null();
    opt(edges.column("evidence"), e.evidence);
    edges.column("key").append_string(e.key);
    edges.column("relationship_type").append_string(e.relationship_type);
    opt(edges.column("stix_id"), e.stix_id);
    edges.column("source_label").append_string(e.source_label);
    edges.column("target_label").append_string(e.target_label);
  }
  ctx.progress(static_cast<int64_t>(rows.size()));
  ctx.info("export/knowledge_graph: " + std::to_string(g.nodes.size()) + " node(s), " + std::to_string(g.edges.size()) +
           " edge(s) from " + std::to_string(rows.size()) + " object(s)");
  ctx.emit("nodes", std::move(nodes));
  ctx.emit("edges", std::move(edges));
}

}  // namespace chorus::export_knowledge_graph
