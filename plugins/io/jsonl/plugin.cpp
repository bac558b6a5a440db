// io.jsonl: JSON Lines reader stage.
#include <chorus/sdk.hpp>

#include "jsonl_stages.hpp"

CHORUS_PLUGIN("io.jsonl", "0.1.0", "Apache-2.0", "JSON Lines reader (simdjson, gzip input)",
              chorus::io::jsonl::JsonlRead)
