// The coordination.coaction plugin library: the coordination/coaction stage of coaction.hpp.
#include "coaction.hpp"

CHORUS_PLUGIN("coordination.coaction", "0.1.0", "Apache-2.0",
              "Co-action coordination networks (toolkit and CooRTweet semantics) with permutation p-values",
              chorus::coordination_coaction::Coaction)
