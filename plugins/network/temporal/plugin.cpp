// The network.temporal plugin library: network/temporal and network/snapshots.
#include "snapshots_stage.hpp"
#include "temporal_stage.hpp"

CHORUS_PLUGIN("network.temporal", "0.1.0", "Apache-2.0",
              "Monthly inter/intra-state interaction series, peaks and lags; yearly edge snapshots",
              chorus::network_temporal::TemporalStage, chorus::network_temporal::SnapshotsStage)
