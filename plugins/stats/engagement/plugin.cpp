// The stats.engagement plugin library.
#include "engagement_stage.hpp"

CHORUS_PLUGIN("stats.engagement", "0.1.0", "Apache-2.0",
              "Inter- vs intra-state engagement tests with effect sizes, FDR and power analysis",
              chorus::stats_engagement::EngagementStage)
