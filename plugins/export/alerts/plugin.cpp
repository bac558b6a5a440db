// The export.alerts plugin library.
#include "alerts_stage.hpp"

CHORUS_PLUGIN("export.alerts", "0.1.0", "Apache-2.0", "JSON alerts of the assessed coordinated clusters",
              chorus::export_alerts::AlertsStage)
