// The hand-made finding of the export tests: two clusters of three accounts.
// C-a: reviewed, attributed to XA (data), Admiralty B2 / confidence 70, tier
// rebut, techniques T0049.002 and T0049.003, a hashtag, a domain, a URL and a
// narrative. C-b: not reviewed, not attributed, C3 / 50, tier monitor,
// technique T0049.002, no profile. Account 1001 has two accounts rows (the
// first one counts), 1003 has none.
#pragma once

#include <string>

#include <chorus/sdk/testing.hpp>

namespace stix_fixture {

using namespace chorus::sdk::testing;
using chorus::sdk::Json;

inline const std::string kRepo = CHORUS_TEST_SOURCE_DIR;
inline const std::string kShared = kRepo + "/../shared";
inline const std::string kOwnSchemas = kRepo + "/plugins/export/stix/tests/fixtures/schemas";
inline const std::string kOasisSchemas = kShared + "/stix2-json-schemas/schemas";
inline const std::string kDisarm = kShared + "/disarm/DISARMframeworks/generated_files/DISARM_STIX/DISARM.json";

// Milliseconds of the fixture's times (python3 datetime, UTC).
constexpr int64_t kA_first = 1715320800000;      // 2024-05-10T06:00:00Z
constexpr int64_t kA_last = 1715637600000;       // 2024-05-13T22:00:00Z
constexpr int64_t kB_first = 1715385600000;      // 2024-05-11T00:00:00Z
constexpr int64_t kB_last = 1715515200000;       // 2024-05-12T12:00:00Z
constexpr int64_t kCreated1001 = 1714474933000;  // 2024-04-30T11:02:13Z

using Strings = std::vector<std::string>;

inline void fill(FakeHost& host, const std::string& tier_a = "rebut", double strength_a1 = 0.954,
                 const std::string& state_a = "XA") {
  const Schema clusters = schema({{"cluster_id", "utf8"},
                                  {"rank", "int64"},
                                  {"size", "int64"},
                                  {"coordination_score", "float64"},
                                  {"independent_streams", "int64"},
                                  {"streams", "list<utf8>"},
                                  {"edges", "int64"},
                                  {"density", "float64"},
                                  {"posts", "int64"},
                                  {"first_activity", "timestamp[ms]"},
                                  {"last_activity", "timestamp[ms]"}});
  host.inputs["clusters"] = {
      batch(clusters, {{"C-b", int64_t{2}, int64_t{3}, 0.62, int64_t{1}, Strings{"co_retweet"}, int64_t{2}, 2.0 / 3,
                        int64_t{40}, kB_first, kB_last},
                       {"C-a", int64_t{1}, int64_t{3}, 0.91, int64_t{2}, Strings{"co_hashtag", "co_retweet"},
                        int64_t{3}, 1.0, int64_t{412}, kA_first, kA_last}})};
  const Schema assessments = schema({{"cluster_id", "utf8"},
                                     {"source_name", "utf8"},
                                     {"source_reliability", "utf8"},
                                     {"information_credibility", "int64"},
                                     {"admiralty", "utf8"},
                                     {"confidence", "int64"},
                                     {"credibility_rationale", "utf8"},
                                     {"tier", "utf8"},
                                     {"tier_rationale", "utf8"},
                                     {"attributed_state", "utf8"},
                                     {"attribution_basis", "utf8"},
                                     {"reviewed", "bool"},
                                     {"disarm_version", "utf8"},
                                     {"techniques", "list<utf8>"}});
  host.inputs["assessments"] = {
      batch(assessments, {{"C-a", "takedown", "B", int64_t{2}, "B2", int64_t{70}, "two independent streams", tier_a,
                           "reach 5000 above 1000", state_a, "data: takedown archive state column", true, "1.6",
                           Strings{"T0049.002", "T0049.003"}},
                          {"C-b", "collection", "C", int64_t{3}, "C3", int64_t{50}, "one stream alone", "monitor",
                           "low reach", null, null, false, "1.6", Strings{"T0049.002"}}})};
  const Schema members = schema({{"cluster_id", "utf8"},
                                 {"account_id", "utf8"},
                                 {"membership_strength", "float64"},
                                 {"degree", "int64"},
                                 {"streams", "list<utf8>"}});
  host.inputs["members"] = {batch(members, {{"C-a", "1001", strength_a1, int64_t{2}, Strings{"co_retweet"}},
                                            {"C-a", "1002", 0.92, int64_t{2}, Strings{"co_retweet"}},
                                            {"C-a", "1003", 0.78, int64_t{2}, Strings{"co_hashtag"}},
                                            {"C-b", "2001", 0.7, int64_t{1}, Strings{"co_retweet"}},
                                            {"C-b", "2002", 0.6, int64_t{2}, Strings{"co_retweet"}},
                                            {"C-b", "2003", 0.5, int64_t{1}, Strings{"co_retweet"}},
                                            {"C-zz", "9999", 0.5, int64_t{1}, Strings{}}})};
  const Schema evidence = schema({{"cluster_id", "utf8"},
                                  {"stream", "utf8"},
                                  {"edges", "int64"},
                                  {"density", "float64"},
                                  {"weight_sum", "float64"},
                                  {"median_active_days", "float64"},
                                  {"min_q", "float64"},
                                  {"median_q", "float64"},
                                  {"mean_latency_s", "float64"}});
  host.inputs["evidence"] = {
      batch(evidence, {{"C-a", "co_retweet", int64_t{3}, 1.0, 42.0, 4.0, 1e-6, 0.001, 14.5},
                       {"C-a", "co_hashtag", int64_t{2}, 2.0 / 3, 10.0, null, null, null, null},
                       {"C-b", "co_retweet", int64_t{2}, 2.0 / 3, 7.0, 2.0, 0.004, 0.008, 30.0}})};
  const Schema techniques = schema({{"cluster_id", "utf8"},
                                    {"technique_id", "utf8"},
                                    {"name", "utf8"},
                                    {"tactic_id", "utf8"},
                                    {"rule", "utf8"},
                                    {"evidence", "utf8"}});
  host.inputs["techniques"] = {batch(
      techniques, {{"C-a", "T0049.003", "Bots Amplify via Automated Forwarding and Reposting", "TA17",
                    "co_retweet_ring", "co_retweet: 3 edges"},
                   {"C-a", "T0049.002", "Flood Existing Hashtag", "TA17", "hashtag_flood", "co_hashtag: 2 edges"},
                   {"C-b", "T0049.002", "Flood Existing Hashtag", "TA17", "hashtag_flood", "co_retweet: 2 edges"}})};
  const Schema profile = schema({{"cluster_id", "utf8"},
                                 {"facet", "utf8"},
                                 {"rank", "int64"},
                                 {"value", "utf8"},
                                 {"count", "int64"},
                                 {"share", "float64"},
                                 {"excerpts", "list<utf8>"}});
  host.inputs["profile"] = {
      batch(profile, {{"C-a", "hashtag", int64_t{1}, "exampleecho", int64_t{300}, 300.0 / 412, Strings{}},
                      {"C-a", "domain", int64_t{1}, "news.example", int64_t{120}, 120.0 / 412, Strings{}},
                      {"C-a", "url", int64_t{1}, "https://news.example/a?b='c'", int64_t{100}, 100.0 / 412, Strings{}},
                      {"C-a", "language", int64_t{1}, "en", int64_t{412}, 1.0, Strings{}},
                      {"C-a", "narrative", int64_t{1}, "T-7", int64_t{90}, 90.0 / 412,
                       Strings{"They lie about the dam.", "The dam story is a lie!"}}})};
  const Schema accounts = schema(
      {{"author_id", "utf8"}, {"author_handle", "utf8"}, {"display_name", "utf8"}, {"created_at", "timestamp[ms]"}});
  host.inputs["accounts"] = {batch(accounts, {{"1001", "alpha_one", "Alpha One", kCreated1001},
                                              {"1001", "alpha_renamed", "Alpha Renamed", null},
                                              {"1002", "alpha_two", null, null},
                                              {"2001", "beta_one", null, null},
                                              {"2002", "beta_two", null, null},
                                              {"2003", "beta_three", null, null},
                                              {"5555", "not_a_member", null, null}})};
}

}  // namespace stix_fixture
