// The coordination.near_duplicates plugin library.
#include "near_duplicates_stage.hpp"

CHORUS_PLUGIN("coordination.near_duplicates", "0.1.0", "Apache-2.0",
              "Near-duplicate post clusters (MinHash + LSH, exact Jaccard verification)",
              chorus::coordination_near_duplicates::NearDuplicatesStage)
