#include "kg_files.hpp"

#include <map>
#include <optional>
#include <tuple>

#include "export/common/atomic_file.hpp"

namespace chorus::export_knowledge_graph {

namespace {

using nlohmann::json;

// Typed node columns: neo4j-admin header name and the STIX property it comes from.
struct Column {
  const char* header;
  const char* property;
};

const std::vector<Column> kCommonColumns = {{"confidence:int", "confidence"},
                                            {"created:datetime", "created"},
                                            {"modified:datetime", "modified"},
                                            {"first_seen:datetime", "first_seen"},
                                            {"last_seen:datetime", "last_seen"}};

// Properties worth a column of their own for a label (all text).
std::vector<Column> label_columns(const std::string& label) {
  if (label == "Account")
    return {{"user_id", "user_id"}, {"account_login", "account_login"}, {"account_type", "account_type"}};
  if (label == "URL" || label == "Domain" || label == "IP" || label == "ASN") return {{"value", "value"}};
  if (label == "Location") return {{"country", "country"}, {"region", "region"}};
  if (label == "Hashtag" || label == "Indicator") return {{"pattern", "pattern"}, {"pattern_type", "pattern_type"}};
  if (label == "Technique") return {{"external_id", ""}};  // from external_references
  return {};
}

std::optional<std::string> column_value(const Node& n, const Column& c) {
  const json& o = n.object;
  if (c.property[0] == '\0') {  // Technique external_id: the first external reference with one
    auto refs = o.find("external_references");
    if (refs != o.end() && refs->is_array())
      for (const auto& r : *refs)
        if (r.contains("external_id") && r["external_id"].is_string()) return r["external_id"].get<std::string>();
    return std::nullopt;
  }
  auto it = o.find(c.property);
  if (it == o.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return it->dump();
}

void write_file(const std::string& path, const std::string& text) {
  export_common::AtomicFile f(path);
  f.write(text);
  f.commit();
}

void append_optional_csv(std::string& out, const std::optional<std::string>& v, bool quote) {
  out += ',';
  if (v) out += quote ? neo4j_csv_quote(*v) : *v;
}

}  // namespace

std::string neo4j_csv_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string cypher_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  out += '\'';
  return out;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += "\xEF\xBF\xBD";  // XML 1.0 has no way to write these
        else
          out += ch;
    }
  }
  return out;
}

std::vector<std::string> write_neo4j_csv(const Graph& g, const std::string& dir) {
  std::vector<std::string> written;
  std::map<std::string, std::string> node_files;  // label -> text
  for (const Node& n : g.nodes) {
    std::string& text = node_files[n.label];
    const auto extra = label_columns(n.label);
    if (text.empty()) {
      text = "id:ID(" + n.label + "),:LABEL,name,stix_type";
      for (const auto& c : kCommonColumns) text += std::string(",") + c.header;
      for (const auto& c : extra) text += std::string(",") + c.header;
      text += ",properties\n";
    }
    text += neo4j_csv_quote(n.key) + "," + n.label;
    append_optional_csv(text, n.name, true);
    append_optional_csv(text, n.stix_type, true);
    for (const auto& c : kCommonColumns) {
      auto v = column_value(n, c);
      if (v && c.property == std::string("confidence") && !n.object.at("confidence").is_number_integer()) v.reset();
      append_optional_csv(text, v, c.property != std::string("confidence"));
    }
    for (const auto& c : extra) append_optional_csv(text, column_value(n, c), true);
    append_optional_csv(text, n.properties, true);
    text += '\n';
  }
  std::map<std::tuple<std::string, std::string, std::string>, std::string> rel_files;  // (type, start, end)
  for (const Edge& e : g.edges) {
    std::string& text = rel_files[{e.type, e.source_label, e.target_label}];
    if (text.empty())
      text = ":START_ID(" + e.source_label + "),:END_ID(" + e.target_label +
             "),:TYPE,key,relationship_type,confidence:int,evidence,stix_id\n";
    text += neo4j_csv_quote(e.source) + "," + neo4j_csv_quote(e.target) + "," + e.type;
    append_optional_csv(text, e.key, true);
    append_optional_csv(text, e.relationship_type, true);
    append_optional_csv(text, e.confidence ? std::optional<std::string>(std::to_string(*e.confidence)) : std::nullopt,
                        false);
    append_optional_csv(text, e.evidence, true);
    append_optional_csv(text, e.stix_id, true);
    text += '\n';
  }
  std::string script =
      "#!/bin/sh\n"
      "# Loads this folder into a new Neo4j database (default name: neo4j) with neo4j-admin.\n"
      "# Written by Chorus export/knowledge_graph; node ids are STIX ids, one ID space per label.\n"
      "cd \"$(dirname \"$0\")\" || exit 1\n"
      "exec neo4j-admin database import full --id-type=string --multiline-fields=true \\\n";
  for (const auto& [label, text] : node_files) {
    const std::string name = "neo4j/nodes_" + label + ".csv";
    write_file(dir + "/" + name, text);
    written.push_back(name);
    script += "  --nodes=" + name.substr(6) + " \\\n";
  }
  for (const auto& [k, text] : rel_files) {
    const std::string name = "neo4j/rels_" + std::get<0>(k) + "_" + std::get<1>(k) + "_" + std::get<2>(k) + ".csv";
    write_file(dir + "/" + name, text);
    written.push_back(name);
    script += "  --relationships=" + name.substr(6) + " \\\n";
  }
  script += "  \"${1:-neo4j}\"\n";
  write_file(dir + "/neo4j/import.sh", script);
  written.push_back("neo4j/import.sh");
  return written;
}

std::string cypher_script(const Graph& g) {
  std::string out = "// Chorus knowledge graph (export/knowledge_graph), run " + g.run_id + " at " + g.timestamp +
                    ".\n// Idempotent: nodes merge by STIX id and edges by key, so loading it again or loading\n"
                    "// another run's script into the same database adds only what is new.\n";
  std::map<std::string, bool> labels;
  for (const Node& n : g.nodes) labels[n.label] = true;
  for (const auto& [label, unused] : labels)
    out += "CREATE CONSTRAINT IF NOT EXISTS FOR (n:" + label + ") REQUIRE n.id IS UNIQUE;\n";
  for (const Node& n : g.nodes) {
    out += "MERGE (n:" + n.label + " {id: " + cypher_quote(n.key) + "}) SET n.stix_type = " + cypher_quote(n.stix_type);
    if (n.name) out += ", n.name = " + cypher_quote(*n.name);
    out += ", n.properties = " + cypher_quote(n.properties) + ";\n";
  }
  for (const Edge& e : g.edges) {
    out += "MATCH (a:" + e.source_label + " {id: " + cypher_quote(e.source) + "}), (b:" + e.target_label +
           " {id: " + cypher_quote(e.target) + "}) MERGE (a)-[r:" + e.type + " {key: " + cypher_quote(e.key) +
           "}]->(b) SET r.relationship_type = " + cypher_quote(e.relationship_type);
    if (e.confidence) out += ", r.confidence = " + std::to_string(*e.confidence);
    if (e.evidence) out += ", r.evidence = " + cypher_quote(*e.evidence);
    if (e.stix_id) out += ", r.stix_id = " + cypher_quote(*e.stix_id);
    out += ";\n";
  }
  return out;
}

std::string graphml_text(const Graph& g) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
      "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
      "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
      "  <key id=\"stix_type\" for=\"node\" attr.name=\"stix_type\" attr.type=\"string\"/>\n"
      "  <key id=\"properties\" for=\"node\" attr.name=\"properties\" attr.type=\"string\"/>\n"
      "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n"
      "  <key id=\"relationship_type\" for=\"edge\" attr.name=\"relationship_type\" attr.type=\"string\"/>\n"
      "  <key id=\"confidence\" for=\"edge\" attr.name=\"confidence\" attr.type=\"long\"/>\n"
      "  <key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"/>\n"
      "  <key id=\"stix_id\" for=\"edge\" attr.name=\"stix_id\" attr.type=\"string\"/>\n"
      "  <graph id=\"" +
      xml_escape(g.run_id) + "\" edgedefault=\"directed\">\n";
  auto data = [&](const char* key, const std::string& v) {
    out += "      <data key=\"";
    out += key;
    out += "\">" + xml_escape(v) + "</data>\n";
  };
  for (const Node& n : g.nodes) {
    out += "    <node id=\"" + xml_escape(n.key) + "\">\n";
    data("label", n.label);
    if (n.name) data("name", *n.name);
    data("stix_type", n.stix_type);
    data("properties", n.properties);
    out += "    </node>\n";
  }
  for (const Edge& e : g.edges) {
    out += "    <edge id=\"" + xml_escape(e.key) + "\" source=\"" + xml_escape(e.source) + "\" target=\"" +
           xml_escape(e.target) + "\">\n";
    data("type", e.type);
    data("relationship_type", e.relationship_type);
    if (e.confidence) data("confidence", std::to_string(*e.confidence));
    if (e.evidence) data("evidence", *e.evidence);
    if (e.stix_id) data("stix_id", *e.stix_id);
    out += "    </edge>\n";
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

}  // namespace chorus::export_knowledge_graph
