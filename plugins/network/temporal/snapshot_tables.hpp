// The batches of network/snapshots: edge-list batches into a SnapshotCounter,
// its yearly snapshot rows out.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <chorus/sdk.hpp>

#include "snapshot_counter.hpp"

namespace chorus::network_temporal {

// Columns of the out port (dataset type edges).
const Schema& snapshots_schema();

// Adds a batch of the in port (source, target: utf8; time: a timestamp; and
// the numeric column weight_column unless it is empty); returns the rows
// skipped (null source, target or time) and counts null weights (taken as 0)
// into null_weights.
int64_t add_snapshot_batch(SnapshotCounter& s, const Batch& b, const std::string& weight_column, int64_t& null_weights);

// The rows as batches of at most batch_rows rows, each handed to `emit`.
void write_snapshots(const SnapshotCounter& s, int64_t batch_rows, const std::function<void(Batch&&)>& emit);

}  // namespace chorus::network_temporal
