// normalize.pseudonymize: keyed HMAC-SHA256 pseudonyms for account identifiers.
#include <chorus/sdk.hpp>

#include "pseudonymize.hpp"

CHORUS_PLUGIN("normalize.pseudonymize", "0.1.0", "Apache-2.0",
              "Keyed pseudonyms (HMAC-SHA256) for account ids, handles, mentions and display names",
              chorus::normalize::pseudonymize::Pseudonymize)
