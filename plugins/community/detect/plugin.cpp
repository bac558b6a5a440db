// The community.detect plugin library.
#include "detect_stage.hpp"

CHORUS_PLUGIN("community.detect", "0.1.0", "Apache-2.0",
              "Communities of a weighted network (Leiden / Louvain via igraph), modularity and class composition",
              chorus::community_detect::DetectStage)
