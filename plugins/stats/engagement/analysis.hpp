// The analysis of stats/engagement, free of any host: per state, the tests
// of inter-state posts against intra-state posts (Welch) and against a
// seeded equal-size sample of external posts (Student), Cohen's d,
// Benjamini-Hochberg over each table, and the states and metrics left out by
// the a-priori power analysis. Definitions: docs/methods.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "post_table.hpp"
#include "stats_math.hpp"

namespace chorus::stats_engagement {

// with: of stats/engagement (defaults: EngagementStage::options()).
struct Config {
  std::vector<std::string> metrics;
  std::vector<std::string> exclude_types;
  double effect_size, alpha, power;
  std::optional<int64_t> min_group_size;  // overrides the power analysis
  bool external;
  uint64_t seed;
};

// The group size each side of a test needs: with.min_group_size, or the power analysis.
int64_t minimum_n(const Config& c);

// --- results ----------------------------------------------------------------------------

struct TestRow {
  std::string state, metric;
  Moments inter, other;
  TTest test;
  double d = 0, p_fdr = 0;
};

struct ExcludedRow {
  std::string comparison, state;
  std::optional<std::string> metric;  // none: the whole state
  int64_t n_inter = 0, n_other = 0, min_n = 0;
  std::string reason;
};

struct CountRow {
  std::string state, scope, metric;
  int64_t posts = 0, nulls = 0;
};

struct Results {
  std::vector<TestRow> intra, external;
  std::vector<ExcludedRow> excluded;
  std::vector<CountRow> counts;
  int64_t min_n = 0;
};

// The whole analysis on the folded posts. States in byte order; metrics in config order.
Results analyse(const PostTable& posts, const Config& cfg);

}  // namespace chorus::stats_engagement
