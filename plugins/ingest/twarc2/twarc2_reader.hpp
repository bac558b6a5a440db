// Reading twarc2 JSONL into rows: three line shapes are detected per line,
//   raw response page  {"data": [tweet...], "includes": {...}, "meta", "errors"?}
//   streaming line     {"data": {tweet}, "includes": {...}, "matching_rules"}
//   flattened tweet    {"id", "text", "author": {...}, "referenced_tweets": [merged]...}
// plus lines that are no tweets: error lines ({"errors": [...]} without data),
// empty pages ({"meta": {"result_count": 0}}) and blank keep-alive lines,
// which are counted and logged, not rejected. Decisions: docs/ingest-twarc2.md.
#pragma once

#include <chorus/sdk.hpp>

#include <string>
#include <vector>

namespace chorus::ingest_twarc2 {

struct Twarc2Config;

// Reads the files in order into the posts, accounts and rejects ports and
// logs what was read and skipped.
void read_twarc2_files(const std::vector<std::string>& files, const Twarc2Config& config, sdk::Context& ctx);

}  // namespace chorus::ingest_twarc2
