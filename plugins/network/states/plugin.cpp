// The network.states plugin library: the network/states stage.
#include "states_stage.hpp"

CHORUS_PLUGIN("network.states", "0.1.0", "Apache-2.0",
              "State-level interaction network: flows, weighted reciprocity, centralization",
              chorus::network_states::StatesStage)
