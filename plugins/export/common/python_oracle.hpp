// Test-only helper (never included by a plugin library): runs a python3
// script on a file and parses the JSON it prints, the independent route the
// export tests read their files back with.
#pragma once

#include <stdexcept>
#include <string>

#include <chorus/sdk.hpp>

#include "support/helpers.hpp"

namespace chorus::export_common::testing {

// Writes `script` next to `dir`'s files, runs `python3 script <arg>` and
// returns its stdout parsed as JSON; throws with the output on failure.
inline sdk::Json run_python_json(const std::string& dir, const std::string& script, const std::string& arg) {
  const std::string script_path = dir + "/oracle.py";
  chorus::testing::write_file(script_path, script);
  const auto r = chorus::testing::run_command("python3 '" + script_path + "' '" + arg + "'");
  if (r.exit_code != 0) throw std::runtime_error("python3 oracle failed: " + r.output);
  try {
    return sdk::Json::parse(r.output);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("python3 oracle printed no JSON: ") + e.what() + "\n" + r.output);
  }
}

}  // namespace chorus::export_common::testing
