// The quickstart pipeline end to end: a synthetic world generated, normalized
// and summarised, checked against SQL over the stored posts, against the
// world's ground truth, against the pinned digests of its files, and for the
// cache on a second run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"
#include "util/hash.hpp"

using namespace chorus;
using namespace chorus::testing;

namespace {
std::string rows_of(const std::string& db, const std::string& query, int columns) {
  sql::Connection c(db);
  auto st = c.prepare(query);
  std::string out;
  while (st.step()) {
    for (int i = 0; i < columns; ++i) out += (i ? "|" : "") + st.str(i);
    out += "\n";
  }
  return out;
}

// The status column of a stage in the run summary ("ran", "cached", ...).
std::string status_of(const std::string& output, const std::string& stage) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string id, status;
    if (words >> id >> status && id == stage) return status;
  }
  return "";
}
}  // namespace

TEST_CASE("quickstart: a synthetic world, normalized and summarised, equals SQL and its ground truth", "[quickstart]") {
  TempDir dir;
  const std::string pipeline = copy_shipped_pipeline(dir, "quickstart");
  auto r = run_pipeline_file(pipeline);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  for (const char* s : {"world", "normalized", "state_posts", "per_state", "follow_train", "follow_train_per_state",
                        "per_state_csv", "follow_train_csv", "world_files_csv"})
    CHECK(status_of(r.output, s) == "ran");

  const std::string db = dir.file(".chorus/store.db");
  const std::string world = dir.file("out/quickstart/world");

  // The world's files are byte for byte the pinned ones (the generator is
  // deterministic on every platform), and the files dataset says so too.
  std::map<std::string, std::string> pinned;
  {
    std::istringstream in(read_file(std::string(CHORUS_TEST_SOURCE_DIR) + "/pipelines/data/quickstart/world.sha256"));
    std::string hash, name;
    while (in >> hash >> name) pinned[name] = hash;
  }
  REQUIRE(pinned.size() == 10);
  for (const auto& [name, hash] : pinned) {
    INFO(name);
    CHECK(sha256_hex(read_file(world + "/" + name)) == hash);
  }
  CHECK(rows_of(db, "SELECT count(*) FROM quickstart__world__files", 1) == "10\n");
  for (const auto& [name, hash] : pinned)
    CHECK(rows_of(db, "SELECT sha256 FROM quickstart__world__files WHERE path = '" + world + "/" + name + "'", 1) ==
          hash + "\n");
  CHECK(read_file(dir.file("out/quickstart/world_files.csv")).find(world + "/ground_truth.json,ground_truth,,,") !=
        std::string::npos);

  // The aggregate plugin's result, and the same question asked of SQLite.
  const std::string by_plugin =
      rows_of(db,
              "SELECT state, interaction_type, posts, accounts, likes, last_post FROM quickstart__per_state__out "
              "ORDER BY state, interaction_type",
              6);
  const std::string by_sql =
      rows_of(db,
              "SELECT state, interaction_type, count(*), count(DISTINCT author_id), sum(likes), max(created_at) "
              "FROM quickstart__normalized__posts WHERE state IS NOT NULL GROUP BY state, interaction_type "
              "ORDER BY state, interaction_type",
              6);
  CHECK(by_plugin == by_sql);
  CHECK(std::count(by_plugin.begin(), by_plugin.end(), '\n') == 16);  // 4 states x 4 interaction types

  // Against the ground truth the generator wrote: posts per state and type,
  // and the #openfollow posts (matched case-insensitively by SQL over the raw hashtags).
  const auto gt = nlohmann::json::parse(read_file(world + "/ground_truth.json"));
  for (const auto& st : gt["states"]) {
    const std::string code = st["state"];
    for (auto it = st["posts_by_type"].begin(); it != st["posts_by_type"].end(); ++it)
      CHECK(rows_of(db,
                    "SELECT posts FROM quickstart__per_state__out WHERE state = '" + code +
                        "' AND interaction_type = '" + it.key() + "'",
                    1) == std::to_string(it.value().get<int64_t>()) + "\n");
  }
  nlohmann::json openfollow;
  for (const auto& h : gt["hashtags"])
    if (h["hashtag"] == "openfollow") openfollow = h["by_group"];
  REQUIRE(openfollow.is_object());
  std::string expected;
  for (auto it = openfollow.begin(); it != openfollow.end(); ++it)
    expected += (it.key() == "unaffiliated" ? std::string() : it.key()) + "|" +
                std::to_string(it.value().get<int64_t>()) + "\n";
  const std::string sql_openfollow =
      rows_of(db,
              "SELECT coalesce(state, ''), count(*) FROM quickstart__normalized__posts p WHERE EXISTS "
              "(SELECT 1 FROM json_each(p.hashtags) WHERE lower(value) = 'openfollow') GROUP BY state ORDER BY state",
              2);
  const std::string plugin_openfollow =
      rows_of(db, "SELECT coalesce(state, ''), posts FROM quickstart__follow_train_per_state__out ORDER BY state", 2);
  CHECK(sql_openfollow == plugin_openfollow);
  // The ground truth lists unaffiliated last; SQL orders '' first.
  auto sorted_lines = [](const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(sorted_lines(plugin_openfollow) == sorted_lines(expected));

  // Nothing changed: the generator runs again (it writes files) and gives the
  // same datasets, so everything after it is served from the store; sinks run again.
  auto again = run_pipeline_file(pipeline);
  INFO(again.output);
  REQUIRE(again.exit_code == 0);
  CHECK(status_of(again.output, "world") == "ran");
  for (const char* s : {"normalized", "state_posts", "per_state", "follow_train", "follow_train_per_state"})
    CHECK(status_of(again.output, s) == "cached");
  CHECK(status_of(again.output, "per_state_csv") == "ran");
  for (const auto& [name, hash] : pinned) CHECK(sha256_hex(read_file(world + "/" + name)) == hash);

  // Deleted files come back on the next run.
  fs::remove(world + "/SYN_A_0621_tweets_csv_hashed.csv");
  auto restored = run_pipeline_file(pipeline);
  CHECK(restored.exit_code == 0);
  CHECK(sha256_hex(read_file(world + "/SYN_A_0621_tweets_csv_hashed.csv")) ==
        pinned["SYN_A_0621_tweets_csv_hashed.csv"]);
  CHECK(status_of(restored.output, "normalized") == "cached");

  // Another seed is another world: the stages after the generator run again.
  std::string yaml = read_file(dir.file("quickstart.yaml"));
  const size_t at = yaml.find("seed: 20211202");
  REQUIRE(at != std::string::npos);
  write_file(dir.file("quickstart.yaml"), yaml.replace(at, 14, "seed: 7"));
  auto reseeded = run_pipeline_file(pipeline);
  INFO(reseeded.output);
  REQUIRE(reseeded.exit_code == 0);
  CHECK(status_of(reseeded.output, "normalized") == "ran");
  CHECK(status_of(reseeded.output, "per_state") == "ran");
  CHECK(sha256_hex(read_file(world + "/ground_truth.json")) != pinned["ground_truth.json"]);
  CHECK(rows_of(db, "SELECT count(*) FROM quickstart__per_state__out", 1) == "16\n");
}
