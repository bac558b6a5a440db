// ingest.synthetic: a seeded synthetic world written as takedown-archive CSVs and twarc2 JSONL.
#include "synthetic_stage.hpp"

CHORUS_PLUGIN("ingest.synthetic", "0.1.0", "Apache-2.0",
              "Seeded synthetic world with planted operations (takedown-archive CSVs, twarc2 JSONL, ground truth)",
              chorus::ingest_synthetic::SyntheticStage)
