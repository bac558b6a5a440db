// ingest.twarc2: Twitter API v2 JSONL (twarc2 raw pages, streaming, flattened) -> posts, accounts.
#include <chorus/sdk.hpp>

#include "twarc2_stages.hpp"

CHORUS_PLUGIN("ingest.twarc2", "0.1.0", "Apache-2.0",
              "Twitter API v2 JSONL as written by twarc2 (raw pages, streaming, flattened) -> posts and accounts",
              chorus::ingest::twarc2::Twarc2Ingest)
