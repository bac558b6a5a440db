// GEXF 1.3 (https://gexf.net/) from a GraphModel: static, or dynamic with
// interval spells when a time column is configured. Attribute ids are
// "0", "1", ... per class in attribute order; the weight column becomes the
// native edge weight; a null value has no <attvalue>.
#pragma once

#include <string>
#include <vector>

#include <chorus/sdk.hpp>

#include "graph_model.hpp"
#include "graph_options.hpp"
#include "xml_values.hpp"

namespace chorus::export_graph {

// The GEXF attribute type of a column type.
const char* gexf_type(const DataType& t);

// Index in `attrs` of the native weight, or -1 when there is none; an error
// when it is asked for and missing, or not a number.
int weight_attribute(const std::vector<Attribute>& attrs, const GraphOptions& o);

// Writes the document to `sink` (write(std::string_view)); `node_schema` is
// null without a nodes input. Defined in gexf_writer.cpp for the sinks of
// export/common/atomic_file.hpp: AtomicFile (the stage), StringSink and
// CountingSink (tests, benchmarks).
template <class Sink>
void write_gexf(const GraphModel& g, const GraphOptions& o, const Schema* node_schema, Sink& sink, WriteStats& st);

}  // namespace chorus::export_graph
