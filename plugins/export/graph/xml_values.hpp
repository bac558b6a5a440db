// Pieces both XML writers share: escaped node ids (with the collision check),
// attribute values as XML text, and the counts the stages warn about.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <chorus/sdk.hpp>

#include "graph_model.hpp"

namespace chorus::export_graph {

struct WriteStats {
  int64_t replaced_chars = 0;        // characters/bytes XML cannot hold, written as U+FFFD
  int64_t ambiguous_list_items = 0;  // list items that contain the list separator
  int64_t edges_without_weight = 0;  // GEXF: null weight, no weight attribute written
  size_t bytes = 0;
};

// The node ids as XML text, in node order. Two different ids that become the
// same text once invalid characters are replaced would merge two nodes in any
// reader: that is an error, never a silent merge.
std::vector<std::string> escaped_node_ids(const GraphModel& g, WriteStats& st);

// Appends the XML text of a non-null cell.
void append_xml_value(std::string& out, const Column& c, int64_t r, const std::string& sep, std::string& tmp,
                      WriteStats& st);

}  // namespace chorus::export_graph
