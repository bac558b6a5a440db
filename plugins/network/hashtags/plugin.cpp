// The network.hashtags plugin library: the network/hashtags stage.
#include "hashtags_stage.hpp"

CHORUS_PLUGIN("network.hashtags", "0.1.0", "Apache-2.0",
              "Ambient-affiliation (co-hashtag) networks of inter-state interactions",
              chorus::network_hashtags::HashtagsStage)
