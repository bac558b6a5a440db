// Reading Pushshift NDJSON dumps of Reddit submissions (RS_*) and comments
// (RC_*), plain, gzip or zstd (long window), line by line into posts, the
// subreddit of every post (no column of posts holds it) and rejects.
// Decisions: docs/ingest-reddit.md.
#pragma once

#include <chorus/sdk.hpp>

#include <string>
#include <vector>

namespace chorus::ingest_reddit {

struct RedditConfig;

// The columns of the `subreddits` output (no dataset type: posts has no
// community column).
Schema subreddits_schema();

// Reads the files in order into the posts, subreddits and rejects ports and
// logs what was read and skipped.
void read_reddit_files(const std::vector<std::string>& files, const RedditConfig& config, sdk::Context& ctx);

}  // namespace chorus::ingest_reddit
