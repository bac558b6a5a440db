#include "gexf_stage.hpp"

namespace chorus::export_graph {

const sdk::OptionTable<GraphOptions>& GexfStage::options() {
  using O = GraphOptions;
  static const sdk::OptionTable<O> table =
      graph_options_table()
          .string("weight", &O::weight, O::kDefaultWeight,
                  "Edge attribute (an edge column, or an aggregate name) written as the native GEXF edge weight, "
                  "which Gephi uses; it must be int64 or float64. When the default 'weight' is absent no weight is "
                  "written (Gephi then takes 1).")
          .min_length(1)
          .string("label", &O::label,
                  "Column of the nodes input used as the node label; it is not repeated as an attribute. Default: "
                  "a nodes column named 'label' if there is one, else the node id.")
          .optional()
          .min_length(1)
          .string("time", &O::time,
                  "Edge column (timestamp, or int64 such as a year) giving each edge's time: the graph becomes "
                  "dynamic (timeformat dateTime or integer) and every edge gets start = end = its time, or with "
                  "'aggregate' one spell per distinct time of the pair.")
          .optional()
          .min_length(1)
          .string("time_end", &O::time_end,
                  "Edge column of the same type as 'time' giving the end of each edge's interval (default: the "
                  "start; a null end is the start).")
          .optional()
          .min_length(1)
          .check([](const O& o) {
            if (!o.time_end.empty() && o.time.empty()) throw sdk::ConfigError("with.time_end: needs with.time");
          });
  return table;
}

std::optional<sdk::PortTypes> GexfStage::infer(const GraphOptions& o, const sdk::PortTypes& inputs, sdk::Context&) {
  check_inferred(o, inputs, GraphFormat::Gexf);
  return sdk::PortTypes{};
}

void GexfStage::run(const GraphOptions& o, sdk::Context& ctx) { run_graph_export(o, ctx, GraphFormat::Gexf, type); }

}  // namespace chorus::export_graph
