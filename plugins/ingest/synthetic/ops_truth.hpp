// The ground truth of the coordinated operations and organic look-alikes
// (operations.hpp): the `operations` and `organic_lookalikes` keys of
// ground_truth.json, counted from the world's posts.
#pragma once

#include <nlohmann/json.hpp>

#include "world.hpp"

namespace chorus::ingest_synthetic {

// Every operation of the twarc2 collection and the XB leader/follower group
// (kind hashtag_link_group), one object each.
nlohmann::json operations_truth(const World& w);

// The viral post, the trending hashtag and the popular hashtag.
nlohmann::json lookalikes_truth(const World& w);

}  // namespace chorus::ingest_synthetic
