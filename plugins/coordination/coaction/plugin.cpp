// The coordination.coaction plugin library.
#include "coaction_stage.hpp"

CHORUS_PLUGIN("coordination.coaction", "0.1.0", "Apache-2.0",
              "Co-action networks (toolkit and CooRTweet semantics) with permutation p-values",
              chorus::coordination_coaction::CoactionStage)
