// The coordination.near_duplicates plugin library: the stage of near_duplicates.hpp.
#include "near_duplicates.hpp"

CHORUS_PLUGIN("coordination.near_duplicates", "0.1.0", "Apache-2.0",
              "Near-duplicate post clusters (MinHash + LSH, exact Jaccard verification)",
              chorus::near_duplicates::NearDuplicatesStage)
