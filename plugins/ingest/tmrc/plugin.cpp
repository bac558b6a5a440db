// ingest.tmrc: the Twitter/X takedown archive (Transparency Center / TMRC) ingester.
#include "tmrc_stage.hpp"

CHORUS_PLUGIN("ingest.tmrc", "0.1.0", "Apache-2.0",
              "Twitter/X information-operations archive (TMRC tweets and users CSVs) -> posts, accounts",
              chorus::ingest_tmrc::TmrcStage)
