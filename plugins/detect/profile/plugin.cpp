// The detect.profile plugin library.
#include "profile_stage.hpp"

CHORUS_PLUGIN("detect.profile", "0.1.0", "Apache-2.0",
              "What each coordinated cluster pushes and where: narratives, hashtags, domains, targeting signals, "
              "reach and activity",
              chorus::detect_profile::ProfileStage)
