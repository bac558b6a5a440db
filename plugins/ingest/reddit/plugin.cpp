// ingest.reddit: Pushshift Reddit dumps (RS_*/RC_* NDJSON, plain/gzip/zstd) ingester.
#include "reddit_stage.hpp"

CHORUS_PLUGIN("ingest.reddit", "0.1.0", "Apache-2.0",
              "Pushshift Reddit dumps (submissions and comments; plain, gzip or long-window zstd) -> posts",
              chorus::ingest_reddit::RedditStage)
