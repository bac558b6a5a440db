// The community.detect plugin library: the stage of detect.hpp.
#include "detect.hpp"

CHORUS_PLUGIN("community.detect", "0.1.0", "Apache-2.0",
              "Communities of a weighted network (Leiden / Louvain via igraph), modularity and class composition",
              chorus::community::Detect)
