// The attribute.assess plugin library.
#include "assess_stage.hpp"

CHORUS_PLUGIN("attribute.assess", "0.1.0", "Apache-2.0",
              "Graded assessments of coordinated clusters: Admiralty code, STIX confidence, DISARM techniques, "
              "response tiers, attribution",
              chorus::attribute_assess::AssessStage)
