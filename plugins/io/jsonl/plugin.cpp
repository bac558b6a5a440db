// io.jsonl: JSON Lines reader stage.
#include "jsonl_read_stage.hpp"

CHORUS_PLUGIN("io.jsonl", "0.1.0", "Apache-2.0", "JSON Lines reader (simdjson, gzip input)",
              chorus::io_jsonl::JsonlReadStage)
