// The three phase pipelines end to end on their synthetic world: every
// planted operation (ground_truth.json "operations") must come out as one
// cluster, with account-level precision >= 0.95 and recall >= 0.9, and no
// cluster may be made of accounts nobody planted, on the default world and
// on three other seeds. The exports of phase 3 must agree with each other
// (alert ids are the bundle's container ids) and re-run byte for byte.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "store/sqlite.hpp"
#include "support/helpers.hpp"

using namespace chorus;
using namespace chorus::testing;
namespace fs = std::filesystem;

namespace {

// The shipped pipeline with another world seed (the world's seed is the only
// "seed: 20211202" of each phase pipeline).
std::string pipeline_with_seed(const TempDir& dir, const std::string& name, int seed) {
  const std::string path = copy_shipped_pipeline(dir, name);
  std::string text = read_file(path);
  const std::string from = "seed: 20211202";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  text.replace(at, from.size(), "seed: " + std::to_string(seed));
  write_file(path, text);
  return path;
}

struct Detection {
  size_t clusters = 0;
  size_t false_members = 0;  // clustered accounts that no operation planted
  size_t organic = 0;        // organic accounts of the collection
};

// Scores the pipeline's clusters against the world's ground truth.
Detection score(const TempDir& dir, const std::string& pipeline, const std::string& out) {
  nlohmann::json truth;
  std::ifstream(dir.file("out/" + out + "/world/ground_truth.json")) >> truth;
  std::map<std::string, std::set<std::string>> members;
  sql::Connection db(dir.file(".chorus/store.db"));
  auto st = db.prepare("SELECT cluster_id, account_id FROM " + pipeline + "__clusters__members");
  while (st.step()) members[st.str(0)].insert(st.str(1));

  std::set<std::string> planted;
  const auto& operations = truth.at("operations");
  REQUIRE(operations.size() == 4);
  for (const auto& op : operations) {
    std::set<std::string> accounts;
    for (const auto& a : op.at("accounts")) accounts.insert(a.get<std::string>());
    planted.insert(accounts.begin(), accounts.end());
    // The cluster holding most of the operation's accounts.
    size_t best_overlap = 0, best_size = 0;
    for (const auto& [id, m] : members) {
      size_t overlap = 0;
      for (const auto& a : m) overlap += accounts.count(a);
      if (overlap > best_overlap) best_overlap = overlap, best_size = m.size();
    }
    INFO("operation " << op.at("name").get<std::string>() << ": " << best_overlap << " of " << accounts.size()
                      << " accounts in a cluster of " << best_size);
    REQUIRE(best_overlap > 0);  // cluster-level recall: every operation is found
    CHECK(static_cast<double>(best_overlap) / static_cast<double>(best_size) >= 0.95);
    CHECK(static_cast<double>(best_overlap) / static_cast<double>(accounts.size()) >= 0.9);
  }
  Detection d;
  d.clusters = members.size();
  d.organic = truth.at("unaffiliated").at("accounts").size();
  for (const auto& [id, m] : members) {
    size_t unplanted = 0;
    for (const auto& a : m) unplanted += planted.count(a) ? 0 : 1;
    d.false_members += unplanted;
    INFO("cluster " << id << ": " << unplanted << " of " << m.size() << " accounts planted by no operation");
    CHECK(unplanted * 2 < m.size());  // no cluster is made of organic accounts
  }
  return d;
}

}  // namespace

TEST_CASE("phase 1 finds every planted operation and no organic cluster, on four worlds", "[pipelines][findings]") {
  for (const int seed : {20211202, 1, 2, 3}) {
    TempDir dir;
    const std::string pipeline = pipeline_with_seed(dir, "phase1_behavioural", seed);
    auto r = run_pipeline_file(pipeline);
    INFO("seed " << seed << "\n" << r.output);
    REQUIRE(r.exit_code == 0);
    const Detection d = score(dir, "phase1_behavioural", "phase1");
    CHECK(d.clusters == 4);
    CHECK(d.false_members == 0);
    WARN("phase 1, seed " << seed << ": " << d.clusters << " clusters, " << d.false_members << " of " << d.organic
                          << " organic accounts clustered");
  }
}

TEST_CASE("phase 2 adds the text streams without losing precision", "[pipelines][findings]") {
  TempDir dir;
  auto r = run_pipeline_file(copy_shipped_pipeline(dir, "phase2_content"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const Detection d = score(dir, "phase2_content", "phase2");
  CHECK(d.clusters == 4);
  CHECK(d.false_members == 0);
  // The link group posts lightly edited copies of one template a day: its
  // cluster is supported by the text family too, so two independent streams.
  sql::Connection db(dir.file(".chorus/store.db"));
  auto st = db.prepare(
      "SELECT count(*) FROM phase2_content__clusters__evidence WHERE stream = 'near_duplicates' AND supports = 1");
  REQUIRE(st.step());
  CHECK(st.int64(0) >= 1);
}

TEST_CASE("phase 3: alerts, STIX bundle and knowledge graph agree and re-run byte for byte", "[pipelines][findings]") {
  TempDir dir;
  const std::string pipeline = copy_shipped_pipeline(dir, "phase3_attribution");
  auto r = run_pipeline_file(pipeline);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  score(dir, "phase3_attribution", "phase3");

  nlohmann::json bundle, alerts;
  std::ifstream(dir.file("out/phase3/bundle.json")) >> bundle;
  std::ifstream(dir.file("out/phase3/alerts.json")) >> alerts;
  std::map<std::string, nlohmann::json> objects;
  for (const auto& o : bundle.at("objects")) objects[o.at("id").get<std::string>()] = o;
  CHECK(objects.size() == bundle.at("objects").size());  // no duplicate ids
  REQUIRE(alerts.is_array());
  REQUIRE(alerts.size() == 4);
  for (const auto& a : alerts) {
    // The alert is the bundle's container of the finding, and names its campaign and cluster objects.
    const std::string id = a.at("alert_id");
    REQUIRE(objects.count(id) == 1);
    CHECK(objects[id].at("type") == "grouping");
    CHECK(a.at("bundle_id") == bundle.at("id"));
    CHECK(objects.count(a.at("campaign_id").get<std::string>()) == 1);
    CHECK(objects.count(a.at("cluster").at("stix_id").get<std::string>()) == 1);
    for (const auto& acc : a.at("accounts")) CHECK(objects.count(acc.at("stix_id").get<std::string>()) == 1);
  }
  // The rule-attributed link group: the assessment names the analyst's rule.
  size_t by_rule = 0, by_data = 0;
  {
    sql::Connection db(dir.file(".chorus/store.db"));
    auto st = db.prepare("SELECT attributed_state, attribution_basis FROM phase3_attribution__assess__assessments");
    while (st.step()) {
      if (st.is_null(0)) continue;
      const std::string basis = st.str(1);
      if (basis.rfind("rule: ", 0) == 0 && st.str(0) == "XE") ++by_rule;
      if (basis.rfind("data: ", 0) == 0 && st.str(0) == "XB") ++by_data;
    }
  }
  CHECK(by_rule == 1);
  CHECK(by_data == 1);

  // Graph nodes are keyed by the bundle's ids.
  {
    sql::Connection db(dir.file(".chorus/store.db"));
    auto st = db.prepare("SELECT key FROM phase3_attribution__graph__nodes");
    size_t nodes = 0;
    while (st.step()) {
      ++nodes;
      CHECK(objects.count(st.str(0)) == 1);
    }
    CHECK(nodes > 0);
  }

  // A fresh run of the same pipeline writes the same bytes.
  const std::string bundle_bytes = read_file(dir.file("out/phase3/bundle.json"));
  const std::string alerts_bytes = read_file(dir.file("out/phase3/alerts.jsonl"));
  fs::remove_all(dir.file("out"));
  fs::remove_all(dir.file(".chorus"));
  auto again = run_pipeline_file(pipeline);
  REQUIRE(again.exit_code == 0);
  CHECK(read_file(dir.file("out/phase3/bundle.json")) == bundle_bytes);
  CHECK(read_file(dir.file("out/phase3/alerts.jsonl")) == alerts_bytes);
}

TEST_CASE("two pipelines into one knowledge graph database merge without duplicates", "[pipelines][findings]") {
  TempDir dir;
  // Two worlds (two seeds) into the same out/knowledge_graph.db.
  const std::string first = pipeline_with_seed(dir, "phase3_attribution", 20211202);
  REQUIRE(run_pipeline_file(first).exit_code == 0);
  std::set<std::string> keys;
  std::map<std::string, int64_t> runs_of;  // in how many of the two runs' graphs each node is
  auto collect = [&](const std::string& view) {
    sql::Connection db(dir.file(".chorus/store.db"));
    auto st = db.prepare("SELECT DISTINCT key FROM " + view);
    while (st.step()) {
      keys.insert(st.str(0));
      ++runs_of[st.str(0)];
    }
  };
  collect("phase3_attribution__graph__nodes");
  const size_t first_nodes = keys.size();
  std::string second_text = read_file(first);
  const auto at = second_text.find("name: phase3_attribution");
  REQUIRE(at != std::string::npos);
  second_text.replace(at, 24, "name: phase3_second");
  const auto seed_at = second_text.find("seed: 20211202");
  second_text.replace(seed_at, 14, "seed: 7");
  const auto out_at = second_text.find("out_dir: out/phase3/world");
  second_text.replace(out_at, 25, "out_dir: out/phase3/world7");
  write_file(dir.file("phase3_second.yaml"), second_text);
  auto r = run_pipeline_file(dir.file("phase3_second.yaml"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  collect("phase3_second__graph__nodes");
  CHECK(keys.size() > first_nodes);  // the second world adds accounts and clusters

  sql::Connection kg(dir.file("out/knowledge_graph.db"));
  // One row per key (the union of both graphs), and a node both runs carry
  // (the producer, the markings, the tiers' courses of action) counted twice,
  // not stored twice.
  std::map<std::string, int64_t> stored;
  auto st = kg.prepare("SELECT key, runs FROM kg_nodes");
  while (st.step()) stored[st.str(0)] = st.int64(1);
  CHECK(stored.size() == keys.size());
  CHECK(stored == runs_of);
  CHECK(std::any_of(runs_of.begin(), runs_of.end(), [](const auto& kv) { return kv.second == 2; }));
}

TEST_CASE("null-model replay: with every post's time shuffled, phase 1 finds no cluster", "[pipelines][findings]") {
  // The same world, with created_at permuted across all posts (table/shuffle)
  // before normalize/posts: activity volumes and objects stay, any timing
  // coordination goes. Every cluster found then is a false positive.
  for (const char* within : {"", "author_id"}) {
    TempDir dir;
    const std::string path = copy_shipped_pipeline(dir, "phase1_behavioural");
    std::string text = read_file(path);
    const std::string from = "  posts:\n    uses: normalize/posts\n    inputs: {in: [world.posts]}\n";
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    std::string shuffle =
        "  shuffled:\n    uses: table/shuffle\n    inputs: {in: world.posts}\n    with: {columns: [created_at], seed: "
        "5";
    if (*within) shuffle += std::string(", within: ") + within;
    shuffle += "}\n  posts:\n    uses: normalize/posts\n    inputs: {in: [shuffled.out]}\n";
    text.replace(at, from.size(), shuffle);
    write_file(path, text);
    auto r = run_pipeline_file(path);
    INFO("within '" << within << "'\n" << r.output);
    REQUIRE(r.exit_code == 0);
    sql::Connection db(dir.file(".chorus/store.db"));
    auto st = db.prepare("SELECT count(*) FROM phase1_behavioural__clusters__members");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 0);
    WARN("null-model replay (times shuffled" << (*within ? " within each account" : " across all posts")
                                             << "): " << st.int64(0) << " accounts clustered");
  }
}
