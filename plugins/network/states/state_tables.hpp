// The batches of network/states: interaction and isolate batches into a
// StateNetwork, and its edges, per-state table and network row out.
#pragma once

#include <chorus/sdk.hpp>

#include "state_network.hpp"

namespace chorus::network_states {

// Columns of the edges port (dataset type edges), the states port and the network port.
const Schema& state_edges_schema();
const Schema& state_table_schema();
const Schema& network_row_schema();

// Adds a batch of the interactions port (source_state, target_state: utf8).
void add_interaction_batch(StateNetwork& net, const Batch& b);
// Adds a batch of the isolates port (state: utf8).
void add_isolate_batch(StateNetwork& net, const Batch& b);

// The three output batches of a StateNetwork.
struct StateOutputs {
  Batch edges{state_edges_schema()}, states{state_table_schema()}, network{network_row_schema()};
};

// With include_intra, a loop row per state with intra-state interactions joins the edges.
StateOutputs state_outputs(const StateNetwork& net, bool include_intra);

}  // namespace chorus::network_states
