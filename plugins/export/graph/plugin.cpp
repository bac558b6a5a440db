// The export.graph plugin library: export/graphml and export/gexf.
#include "gexf_stage.hpp"
#include "graphml_stage.hpp"

CHORUS_PLUGIN("export.graph", "0.1.0", "Apache-2.0",
              "Network exports for Gephi and other graph tools (GraphML, GEXF 1.3)", chorus::export_graph::GraphmlStage,
              chorus::export_graph::GexfStage)
