// The table.shuffle plugin library.
#include "shuffle_stage.hpp"

CHORUS_PLUGIN("table.shuffle", "0.1.0", "Apache-2.0", "Seeded permutation of columns across rows (null-model replays)",
              chorus::table_shuffle::ShuffleStage)
