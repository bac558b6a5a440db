#include "graphml_writer.hpp"

#include <string>
#include <vector>

#include "export/common/atomic_file.hpp"
#include "export/common/value_text.hpp"
#include "xml_text.hpp"

namespace chorus::export_graph {

const char* graphml_type(const DataType& t) {
  switch (t.id) {
    case TypeId::Int64:
      return "long";
    case TypeId::Float64:
      return "double";
    case TypeId::Bool:
      return "boolean";
    default:
      return "string";  // utf8, timestamp (ISO 8601), list<utf8> (joined)
  }
}

template <class Sink>
void write_graphml(const GraphModel& g, const GraphOptions& o, Sink& sink, WriteStats& st) {
  const std::vector<std::string> ids = escaped_node_ids(g, st);
  export_common::BufferedWriter<Sink> w(sink);
  std::string& out = w.buffer();
  std::string tmp;
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  const auto keys = [&](const std::vector<Attribute>& attrs, const char* prefix, const char* domain) {
    for (size_t k = 0; k < attrs.size(); ++k) {
      out += "  <key id=\"";
      out += prefix;
      export_common::append_int64(out, static_cast<int64_t>(k));
      out += "\" for=\"";
      out += domain;
      out += "\" attr.name=\"";
      st.replaced_chars += append_xml_escaped(out, attrs[k].name);
      out += "\" attr.type=\"";
      out += graphml_type(attrs[k].type);
      out += "\"/>\n";
    }
  };
  keys(g.node_attributes, "n", "node");
  keys(g.edge_attributes, "e", "edge");
  out +=
      o.directed ? "  <graph id=\"G\" edgedefault=\"directed\">\n" : "  <graph id=\"G\" edgedefault=\"undirected\">\n";

  // Pre-rendered key references: <data key="n3">
  const auto key_tags = [](size_t n, const char* prefix) {
    std::vector<std::string> t(n);
    for (size_t k = 0; k < n; ++k) t[k] = std::string("<data key=\"") + prefix + std::to_string(k) + "\">";
    return t;
  };
  const std::vector<std::string> node_keys = key_tags(g.node_attributes.size(), "n");
  const std::vector<std::string> edge_keys = key_tags(g.edge_attributes.size(), "e");
  const auto data = [&](const Batch& b, int64_t row, const std::vector<Attribute>& attrs,
                        const std::vector<std::string>& tags) {
    for (size_t k = 0; k < attrs.size(); ++k) {
      const Column& c = b.column(attrs[k].column);
      if (c.is_null(row)) continue;
      out += tags[k];
      append_xml_value(out, c, row, o.list_separator, tmp, st);
      out += "</data>";
    }
  };

  for (size_t n = 0; n < ids.size(); ++n) {
    out += "    <node id=\"";
    out += ids[n];
    const auto [batch, row] = g.node_rows[n];
    if (batch == kNoRow || g.node_attributes.empty()) {
      out += "\"/>\n";
    } else {
      out += "\">";
      data(g.node_batches[batch], row, g.node_attributes, node_keys);
      out += "</node>\n";
    }
    w.maybe_flush();
  }
  for (const EdgeRef& e : g.edges) {
    out += "    <edge source=\"";
    out += ids[e.source];
    out += "\" target=\"";
    out += ids[e.target];
    if (g.edge_attributes.empty()) {
      out += "\"/>\n";
    } else {
      out += "\">";
      data(g.edge_batches[e.batch], e.row, g.edge_attributes, edge_keys);
      out += "</edge>\n";
    }
    w.maybe_flush();
  }
  out += "  </graph>\n</graphml>\n";
  w.flush();
}

template void write_graphml(const GraphModel&, const GraphOptions&, export_common::AtomicFile&, WriteStats&);
template void write_graphml(const GraphModel&, const GraphOptions&, export_common::StringSink&, WriteStats&);
template void write_graphml(const GraphModel&, const GraphOptions&, export_common::CountingSink&, WriteStats&);

}  // namespace chorus::export_graph
