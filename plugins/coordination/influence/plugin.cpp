// The coordination.influence plugin library.
#include "influence_stage.hpp"

CHORUS_PLUGIN("coordination.influence", "0.1.0", "Apache-2.0",
              "Influence-model coordination network (Asavathiratham 2001; Basu et al. 2001; Erhardt & Pentland 2022)",
              chorus::coordination_influence::InfluenceStage)
