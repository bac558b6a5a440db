// The stage's self-check: the rules (stix_rules) and the importer lint
// (stix_lint) over a bundle's objects as the JSON lines written to the file,
// so what is checked is the bytes, not a tree beside them. Each line is
// parsed twice with simdjson (an index of ids first, then the checks), on
// two threads for large bundles: each thread takes one half of the objects
// and the issues are joined in object order, so the result is the same as
// on one thread.
#pragma once

#include <string>
#include <vector>

#include "stix_json.hpp"
#include "stix_rules.hpp"

namespace chorus::export_stix {

enum ValidationChecks { kRules = 1, kLint = 2 };

struct Validation {
  std::vector<Issue> rules;  // as check_rules gives them
  std::vector<Issue> lint;   // as lint_bundle gives them
};

// `lines`: one JSON object each, in bundle order; `envelope`: the bundle
// without its objects (the lint checks it). `threads` 0: two when there are
// enough objects to pay for them, else one.
Validation validate_lines(const std::vector<std::string>& lines, const Json& envelope, const RuleOptions& options,
                          int checks = kRules | kLint, int threads = 0);

}  // namespace chorus::export_stix
