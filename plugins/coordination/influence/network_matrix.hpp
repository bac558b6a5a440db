// The network matrix D of the influence model for a limited set of accounts,
// by the maximum-likelihood EM of influence_model.md §2.2 (a), NOT the
// published package's estimator (which the note shows uses only k = 0).
//
// Every entity used by a chosen account is one observed replicate of the
// model (statuses Active/Inactive per bin) sharing one D: for influenced
// site i, L_i(α) = Σ_e Σ_{t=1}^{T-1} log Σ_j α_ij A^e_ji[s_j(t-1)][s_i(t)],
// with A^e_ji learned by lag-1 counting (with the stage's smoothing). A step
// where neither i at t nor any chosen account at t-1 is active has the same
// P vector (A^e_ji[In][In]) for all such t: those steps form one group
// with a multiplicity, so the cost follows activity, not T.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <vector>

#include "activity.hpp"
#include "influence_stage.hpp"
#include "model.hpp"

namespace chorus::coordination_influence {

struct NetworkMatrix {
  std::vector<uint32_t> sites;  // accounts, in the order of the rows
  std::vector<EmResult> rows;   // rows[i].alpha[j] = d_ij
};

Schema network_matrix_schema();

// D by EM for the chosen accounts (`sites`, in row order).
NetworkMatrix estimate_network_matrix_for(const Activity& act, const std::vector<uint32_t>& sites, const Config& o);

// Rows in the order of the sites (rank order), influencers in the same order.
Batch network_matrix_batch(const NetworkMatrix& m, const Activity& act);

}  // namespace chorus::coordination_influence
