#include "gexf_writer.hpp"

#include <stdexcept>
#include <string>

#include <chorus/sdk/suggest.hpp>
#include <chorus/sdk/time.hpp>

#include "export/common/atomic_file.hpp"
#include "export/common/value_text.hpp"
#include "xml_text.hpp"

namespace chorus::export_graph {

namespace {

const char* gexf_timeformat(const DataType& t) { return t.id == TypeId::Timestamp ? "dateTime" : "integer"; }

void append_time(std::string& out, int64_t v, const DataType& t) {
  if (t.id == TypeId::Timestamp)
    time::format_timestamp(v, t.unit, out);
  else
    export_common::append_int64(out, v);
}

}  // namespace

const char* gexf_type(const DataType& t) {
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

// Index in g.edge_attributes of the native weight, or -1 when there is none;
// an error when it is asked for and missing, or not a number.
int weight_attribute(const std::vector<Attribute>& attrs, const GraphOptions& o) {
  for (size_t k = 0; k < attrs.size(); ++k) {
    if (attrs[k].name != o.weight) continue;
    if (!is_numeric(attrs[k].type))
      throw std::invalid_argument("with.weight: edge attribute '" + o.weight + "' must be int64 or float64, is " +
                                  attrs[k].type.name());
    return static_cast<int>(k);
  }
  if (o.weight_required()) {
    std::vector<std::string> names;
    for (const auto& a : attrs) names.push_back(a.name);
    throw std::invalid_argument("with.weight: no edge attribute '" + o.weight + "'" +
                                sdk::did_you_mean(o.weight, names, "attributes"));
  }
  return -1;
}

template <class Sink>
void write_gexf(const GraphModel& g, const GraphOptions& o, const Schema* node_schema, Sink& sink, WriteStats& st) {
  const std::vector<std::string> ids = escaped_node_ids(g, st);
  const int weight = weight_attribute(g.edge_attributes, o);
  const int label_col = o.label.empty() || !node_schema
                            ? -1
                            : static_cast<int>(column_index(*node_schema, o.label, "with.label", "nodes"));
  export_common::BufferedWriter<Sink> w(sink);
  std::string& out = w.buffer();
  std::string tmp;
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
      "  <meta>\n    <creator>Chorus export/gexf</creator>\n  </meta>\n";
  out += "  <graph defaultedgetype=\"";
  out += o.directed ? "directed" : "undirected";
  if (g.dynamic) {
    out += "\" mode=\"dynamic\" timeformat=\"";
    out += gexf_timeformat(g.time_type);
    out += "\" timerepresentation=\"interval\">\n";
  } else {
    out += "\" mode=\"static\">\n";
  }
  const auto declare = [&](const std::vector<Attribute>& attrs, const char* cls, int skip) {
    if (attrs.empty() || (attrs.size() == 1 && skip == 0)) return;
    out += "    <attributes class=\"";
    out += cls;
    out += "\" mode=\"static\">\n";
    for (size_t k = 0; k < attrs.size(); ++k) {
      if (static_cast<int>(k) == skip) continue;
      out += "      <attribute id=\"";
      export_common::append_int64(out, static_cast<int64_t>(k));
      out += "\" title=\"";
      st.replaced_chars += append_xml_escaped(out, attrs[k].name);
      out += "\" type=\"";
      out += gexf_type(attrs[k].type);
      out += "\"/>\n";
    }
    out += "    </attributes>\n";
  };
  declare(g.node_attributes, "node", -1);
  declare(g.edge_attributes, "edge", weight);

  // <attvalues> of one row; nothing when every value is null.
  const auto attvalues = [&](const Batch& b, int64_t row, const std::vector<Attribute>& attrs, int skip) {
    bool open = false;
    for (size_t k = 0; k < attrs.size(); ++k) {
      if (static_cast<int>(k) == skip) continue;
      const Column& c = b.column(attrs[k].column);
      if (c.is_null(row)) continue;
      if (!open) out += "<attvalues>", open = true;
      out += "<attvalue for=\"";
      export_common::append_int64(out, static_cast<int64_t>(k));
      out += "\" value=\"";
      append_xml_value(out, c, row, o.list_separator, tmp, st);
      out += "\"/>";
    }
    if (open) out += "</attvalues>";
  };

  out += "    <nodes>\n";
  for (size_t n = 0; n < ids.size(); ++n) {
    out += "      <node id=\"";
    out += ids[n];
    out += "\" label=\"";
    const auto [batch, row] = g.node_rows[n];
    const Batch* b = batch == kNoRow ? nullptr : &g.node_batches[batch];
    if (b && label_col >= 0 && !b->column(static_cast<size_t>(label_col)).is_null(row))
      append_xml_value(out, b->column(static_cast<size_t>(label_col)), row, o.list_separator, tmp, st);
    else
      out += ids[n];
    out += "\">";
    if (b) attvalues(*b, row, g.node_attributes, -1);
    out += "</node>\n";
    w.maybe_flush();
  }
  out += "    </nodes>\n    <edges>\n";
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const EdgeRef& e = g.edges[i];
    const Batch& b = g.edge_batches[e.batch];
    out += "      <edge id=\"";
    export_common::append_int64(out, static_cast<int64_t>(i));
    out += "\" source=\"";
    out += ids[e.source];
    out += "\" target=\"";
    out += ids[e.target];
    out += '"';
    if (weight >= 0) {
      const Column& c = b.column(g.edge_attributes[static_cast<size_t>(weight)].column);
      if (c.is_null(e.row)) {
        ++st.edges_without_weight;
      } else {
        out += " weight=\"";
        export_common::append_value_text(out, c, e.row, o.list_separator);
        out += '"';
      }
    }
    const std::vector<Spell>* spells = g.dynamic ? &g.edge_spells[i] : nullptr;
    if (spells && !o.aggregating() && !spells->empty()) {
      out += " start=\"";
      append_time(out, spells->front().start, g.time_type);
      out += "\" end=\"";
      append_time(out, spells->front().end, g.time_type);
      out += '"';
    }
    out += '>';
    attvalues(b, e.row, g.edge_attributes, weight);
    if (spells && o.aggregating() && !spells->empty()) {
      out += "<spells>";
      for (const Spell& s : *spells) {
        out += "<spell start=\"";
        append_time(out, s.start, g.time_type);
        out += "\" end=\"";
        append_time(out, s.end, g.time_type);
        out += "\"/>";
      }
      out += "</spells>";
    }
    out += "</edge>\n";
    w.maybe_flush();
  }
  out += "    </edges>\n  </graph>\n</gexf>\n";
  w.flush();
}

template void write_gexf(const GraphModel&, const GraphOptions&, const Schema*, export_common::AtomicFile&,
                         WriteStats&);
template void write_gexf(const GraphModel&, const GraphOptions&, const Schema*, export_common::StringSink&,
                         WriteStats&);
template void write_gexf(const GraphModel&, const GraphOptions&, const Schema*, export_common::CountingSink&,
                         WriteStats&);

}  // namespace chorus::export_graph
