// ingest.table: any CSV or JSONL table mapped onto posts.
#include "table_stage.hpp"

CHORUS_PLUGIN("ingest.table", "0.1.0", "Apache-2.0",
              "Mapped CSV/JSONL tables (CooRTweet, coordination-network-toolkit, custom) into posts",
              chorus::ingest_table::TableStage)
