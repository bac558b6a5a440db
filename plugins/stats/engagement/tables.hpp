// The output tables of stats/engagement: their columns, and the batches
// made from the analysis' results.
#pragma once

#include <chorus/sdk.hpp>

#include <vector>

#include "analysis.hpp"

namespace chorus::stats_engagement {

// A tests table (port engagement: other "intra"; port external: other "external").
Schema test_schema(const char* other);
Schema excluded_schema();
Schema counts_schema();

Batch test_batch(const std::vector<TestRow>& rows, const char* other);
Batch excluded_batch(const std::vector<ExcludedRow>& rows);
Batch counts_batch(const std::vector<CountRow>& rows);

}  // namespace chorus::stats_engagement
