// The detect.clusters plugin library.
#include "clusters_stage.hpp"

CHORUS_PLUGIN("detect.clusters", "0.1.0", "Apache-2.0",
              "Evidence fusion: coordinated account clusters with their evidence and a coordination score",
              chorus::detect_clusters::ClustersStage)
