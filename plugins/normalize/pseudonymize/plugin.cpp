// The normalize.pseudonymize plugin library.
#include "pseudonymize_stage.hpp"

CHORUS_PLUGIN("normalize.pseudonymize", "0.1.0", "Apache-2.0",
              "Keyed pseudonyms (HMAC-SHA256) for account ids, handles, mentions and display names",
              chorus::normalize_pseudonymize::PseudonymizeStage)
