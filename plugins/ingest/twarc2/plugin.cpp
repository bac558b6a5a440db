// ingest.twarc2: Twitter API v2 JSONL (twarc2 raw pages, streaming, flattened) -> posts, accounts.
#include "twarc2_stage.hpp"

CHORUS_PLUGIN("ingest.twarc2", "0.1.0", "Apache-2.0",
              "Twitter API v2 JSONL as twarc2 writes it (raw pages, streaming, flattened) -> posts and accounts",
              chorus::ingest_twarc2::Twarc2Stage)
