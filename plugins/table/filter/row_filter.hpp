// The rows of a batch that match bound conditions (SQL null semantics: a
// null cell fails every condition but is_null).
#pragma once

#include <cstdint>
#include <vector>

#include <chorus/sdk.hpp>

#include "condition.hpp"

namespace chorus::table_filter {

// Clears keep[r] for every row r of `col` that fails the condition.
void apply_condition(const Bound& b, const Column& col, std::vector<uint8_t>& keep);

// The rows of `in` that match every bound condition, with the same schema.
Batch filter_batch(const std::vector<Bound>& conds, const Batch& in);

}  // namespace chorus::table_filter
