// The network.interactions plugin library: the network/interactions stage.
#include "interactions_stage.hpp"

CHORUS_PLUGIN("network.interactions", "0.1.0", "Apache-2.0",
              "Directed interaction edges (retweet, reply, quote, mention) with state and scope",
              chorus::network_interactions::InteractionsStage)
