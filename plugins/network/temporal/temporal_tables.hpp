// The batches of network/temporal: interaction batches into a TemporalCounter,
// its monthly series and per-state peaks out.
#pragma once

#include <chorus/sdk.hpp>

#include "temporal_counter.hpp"

namespace chorus::network_temporal {

// Columns of the monthly and peaks ports.
const Schema& monthly_schema();
const Schema& peaks_schema();

// Adds a batch of the interactions port (source_state, target_state: utf8; time: a timestamp).
void add_temporal_batch(TemporalCounter& t, const Batch& b);

struct TemporalOutputs {
  Batch monthly{monthly_schema()}, peaks{peaks_schema()};
};

TemporalOutputs temporal_outputs(const TemporalCounter& t);

}  // namespace chorus::network_temporal
