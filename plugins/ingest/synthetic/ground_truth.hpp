// ground_truth.json of a synthetic world: every planted structure and its
// counts, recomputed from the world by the edge rules of
// docs/synthetic-world.md (the stage's tests recount them from the rows).
#pragma once

#include <nlohmann/json.hpp>

#include "world.hpp"

namespace chorus::ingest_synthetic {

nlohmann::json ground_truth(const World& w);

}  // namespace chorus::ingest_synthetic
