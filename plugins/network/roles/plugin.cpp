// The network.roles plugin library: the network/roles stage.
#include "roles_stage.hpp"

CHORUS_PLUGIN("network.roles", "0.1.0", "Apache-2.0",
              "Account roles, admin flags and state-subnetwork components of interaction networks",
              chorus::network_roles::RolesStage)
