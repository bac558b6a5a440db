// The coordinated operations hidden in the twarc2 collection (`operations:
// true`) and the organic look-alikes that must not be mistaken for them:
// a retweet ring, a hashtag-flooding group and a link-sharing group posting
// from a template, among the unaffiliated accounts, with a viral post, a
// concert-night trending hashtag and a long-running popular hashtag used by
// organic accounts. Planned here (accounts, times, texts); the generator
// (world.cpp) resolves and renders them like every other post.
// docs/synthetic-world.md, "Coordinated operations", describes them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "rng.hpp"
#include "world.hpp"

namespace chorus::ingest_synthetic {

// What the planner needs from the generator, which owns the id and handle
// namespaces and the list of planned posts.
struct OpsHost {
  // A new account of the twarc2 collection created at `created_s`, with a
  // fresh id, handle and name; returns its index in World::accounts.
  std::function<int(Rng&, int64_t created_s)> new_account;
  // Plans a post (kind Original or Retweet); returns its planned index.
  std::function<int(Post)> plan;
  // A fresh shortened link (https://bit.ly/...) used nowhere else.
  std::function<std::string(Rng&)> short_link;
};

namespace ops {
inline constexpr int kRingAccounts = 12, kRingDays = 20;
inline constexpr int64_t kRingLatencyMin = 5, kRingLatencyMax = 45;  // seconds after the seed post
inline constexpr int kFloodAccounts = 15, kFloodDays = 10;
inline constexpr int64_t kFloodBurst = 600;  // seconds
inline constexpr int kLinkAccounts = 10, kLinkDays = 12;
inline constexpr int64_t kLinkBurst = 900;
inline constexpr int64_t kViralWindow = 600, kTrendingWindow = 3 * 3600;
inline constexpr int kPopularDays = 60;
inline constexpr const char* kFloodTag = "EchoTruth";
inline constexpr const char* kTrendingTag = "MoonfallLive";
inline constexpr const char* kPopularTag = "ReadingChallenge";
inline constexpr const char* kDomain = "truth-daily.example";
inline constexpr const char* kSiteCategory = "operation_site";
}  // namespace ops

// Creates the operations' accounts and plans their coordinated posts (their
// ordinary posts are the generator's); adds the operation_site URL category.
void plan_operations(World& w, const OpsHost& host);

// Plans the organic look-alikes among World::unaffiliated (none with fewer
// than two organic accounts).
void plan_lookalikes(World& w, const OpsHost& host);

}  // namespace chorus::ingest_synthetic
