#include "xml_values.hpp"

#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "export/common/value_text.hpp"
#include "xml_text.hpp"

namespace chorus::export_graph {

namespace {

std::string printable(std::string_view s) {
  return sdk::Json(std::string(s)).dump(-1, ' ', false, sdk::Json::error_handler_t::replace);
}

}  // namespace

std::vector<std::string> escaped_node_ids(const GraphModel& g, WriteStats& st) {
  std::vector<std::string> out(g.node_ids.size());
  bool any_replaced = false;
  for (size_t i = 0; i < g.node_ids.size(); ++i) {
    out[i].reserve(g.node_ids[i].size());
    const int64_t r = append_xml_escaped(out[i], g.node_ids[i]);
    if (r) any_replaced = true;
    st.replaced_chars += r;
  }
  if (any_replaced) {
    std::unordered_map<std::string_view, size_t> seen;
    for (size_t i = 0; i < out.size(); ++i) {
      auto [it, added] = seen.emplace(out[i], i);
      if (!added)
        throw std::runtime_error("node ids " + printable(g.node_ids[it->second]) + " and " + printable(g.node_ids[i]) +
                                 " become the same id once the characters XML cannot hold are replaced by U+FFFD");
    }
  }
  return out;
}

void append_xml_value(std::string& out, const Column& c, int64_t r, const std::string& sep, std::string& tmp,
                      WriteStats& st) {
  switch (c.type().id) {
    case TypeId::Utf8:
      st.replaced_chars += append_xml_escaped(out, c.str(r));
      break;
    case TypeId::ListUtf8:
      tmp.clear();
      export_common::append_value_text(tmp, c, r, sep);
      st.ambiguous_list_items += export_common::items_holding_separator(c, r, sep);
      st.replaced_chars += append_xml_escaped(out, tmp);
      break;
    default:  // digits, signs, '.', 'e', NaN, INF, true/false, ISO times: nothing to escape
      export_common::append_value_text(out, c, r, sep);
  }
}

}  // namespace chorus::export_graph
