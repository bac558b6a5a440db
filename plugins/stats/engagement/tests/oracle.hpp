// A python3 with scipy and statsmodels, the independent oracle of the
// stats/engagement tests. The first python3 on PATH may lack them (pyenv),
// so the Debian interpreter is tried too. Without one, the oracle's part of
// a test is skipped (ENGAGEMENT_NEED_ORACLE), never passed.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "support/helpers.hpp"
#include "support/python.hpp"
#include "support/skip.hpp"

namespace chorus::stats_engagement::test {

inline std::string python_with_scipy() {
  static const std::string found = chorus::testing::python_with("scipy.stats, statsmodels.stats.power");
  return found;
}

// Runs `script` (python source reading json from the file named by sys.argv[1]
// into `data`, printing one JSON document) on `input`; returns the printed JSON.
// Call ENGAGEMENT_NEED_ORACLE() first.
inline nlohmann::json run_oracle(const std::string& script, const nlohmann::json& input) {
  const std::string py = python_with_scipy();
  if (py.empty()) FAIL("no python3 with scipy and statsmodels: the test should have called ENGAGEMENT_NEED_ORACLE()");
  chorus::testing::TempDir dir;
  const std::string in = dir.file("in.json"), src = dir.file("oracle.py");
  chorus::testing::write_file(in, input.dump());
  chorus::testing::write_file(src,
                              "import json, sys, warnings\nwarnings.simplefilter('ignore')\n"
                              "data = json.load(open(sys.argv[1]))\n" +
                                  script);
  const auto r = chorus::testing::run_command(py + " " + src + " " + in);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.output.substr(r.output.find_first_of("[{")));
}

}  // namespace chorus::stats_engagement::test

// Skips the rest of the test case when no python3 has scipy and statsmodels.
#define ENGAGEMENT_NEED_ORACLE()                                                                        \
  do {                                                                                                  \
    if (::chorus::stats_engagement::test::python_with_scipy().empty())                                  \
      CHORUS_SKIP("no python3 with scipy and statsmodels (scripts/debian-packages.txt installs them)"); \
  } while (0)
