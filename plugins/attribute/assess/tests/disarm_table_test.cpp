// The pinned DISARM table against the DISARM v1.6 technique list of
// ../shared/disarm (extracted from the DISARM Foundation's STIX bundle); skips
// when that folder is absent.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "disarm_table.hpp"
#include "support/skip.hpp"
#include "test_facts.hpp"

using namespace chorus::attribute_assess;

namespace {

struct Row {
  std::string name, tactic_id, phase_name;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, '\t')) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("every pinned technique equals its row in the DISARM v1.6 list") {
  const std::string path = std::string(CHORUS_TEST_SOURCE_DIR) + "/../shared/disarm/disarm_red_techniques_v1.6.tsv";
  std::ifstream in(path);
  if (!in) CHORUS_SKIP("no DISARM technique list at " + path);
  std::map<std::string, Row> disarm;
  std::string line;
  bool header = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split_tabs(line);
    if (!header) {
      REQUIRE(f.size() >= 4);
      REQUIRE(f[0] == "technique_id");
      REQUIRE(f[1] == "name");
      REQUIRE(f[2] == "tactic_id");
      REQUIRE(f[3] == "phase_name");
      header = true;
      continue;
    }
    REQUIRE(f.size() >= 4);
    disarm[f[0]] = {f[1], f[2], f[3]};
  }
  REQUIRE(disarm.size() > 300);
  for (const auto& t : disarm_techniques()) {
    INFO(t.id);
    auto it = disarm.find(t.id);
    REQUIRE(it != disarm.end());
    CHECK(it->second.name == t.name);
    CHECK(it->second.tactic_id == t.tactic_id);
    CHECK(it->second.phase_name == t.phase_name);
  }
}

TEST_CASE("the pinned table is sorted and unique, and covers every default rule") {
  std::set<std::string> seen;
  std::string last;
  for (const auto& t : disarm_techniques()) {
    CHECK(seen.insert(t.id).second);
    CHECK(last < std::string(t.id));
    last = t.id;
  }
  CHECK(std::string(kDisarmVersion) == "1.6");
  for (const auto& r : test::config().techniques) CHECK(find_disarm_technique(r.technique) != nullptr);
  // The ids the issue names for its behaviours.
  for (const char* id : {"T0049.003", "T0049.002", "T0092.002", "T0150.008"}) CHECK(find_disarm_technique(id));
  CHECK(!find_disarm_technique("T0090"));  // removed in v1.6
}
