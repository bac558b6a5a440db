// The export.stix plugin library.
#include "stix_stage.hpp"

CHORUS_PLUGIN("export.stix", "0.1.0", "Apache-2.0", "STIX 2.1 bundles of coordinated-cluster findings",
              chorus::export_stix::StixStage)
