// The output of network/interactions: the builder's edges and isolated posts
// as batches of the interactions and isolates ports, and the rejects.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <chorus/sdk.hpp>

#include "interaction_builder.hpp"

namespace chorus::network_interactions {

// Columns of the interactions port (dataset type interactions).
const Schema& interactions_schema();
// Columns of the isolates port.
const Schema& isolates_schema();
// Columns of the rejects port (dataset type rejects).
const Schema& rejects_schema();

// intra, inter, external (target outside the data or stateless) or unattributed (source stateless).
const char* scope_name(uint16_t source_state, uint16_t target_state);

// Writes the builder's edges and isolates, in its order, as batches of at
// most batch_rows rows (a batch is handed over after a whole post, so it may
// hold a few more), calling `emit(port, batch)` for each.
void write_interactions(InteractionBuilder& b, int64_t batch_rows,
                        const std::function<void(const char* port, Batch&& batch)>& emit);

// The rejects as one batch of the rejects port; clears them.
Batch rejects_batch(std::vector<RejectRow>& rejects);

}  // namespace chorus::network_interactions
