// GraphML 1.0 (http://graphml.graphdrawing.org/) from a GraphModel.
// One <key> per attribute (node keys n0.., edge keys e0.., in attribute
// order), nodes in id order, edges in model order; a null value has no <data>
// element (the attribute is missing, as GraphML intends).
#pragma once

#include <chorus/sdk.hpp>

#include "graph_model.hpp"
#include "graph_options.hpp"
#include "xml_values.hpp"

namespace chorus::export_graph {

// The GraphML attr.type of a column type.
const char* graphml_type(const DataType& t);

// Writes the document to `sink` (write(std::string_view)). Defined in
// graphml_writer.cpp for the sinks of export/common/atomic_file.hpp:
// AtomicFile (the stage), StringSink and CountingSink (tests, benchmarks).
template <class Sink>
void write_graphml(const GraphModel& g, const GraphOptions& o, Sink& sink, WriteStats& st);

}  // namespace chorus::export_graph
