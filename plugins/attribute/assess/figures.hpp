// How figures are written into the rationale columns: short, and the same
// text on every run and machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace chorus::attribute_assess {

// Three significant digits (%.3g): 0.452, 1.2e-05, 4.
std::string figure(double x);
// A share as a percentage with at most one decimal: 0.875 -> "87.5%", 0.5 -> "50%".
std::string percent(double share);
// An optional count: the number, or "unknown".
std::string count_or_unknown(const std::optional<int64_t>& v);

}  // namespace chorus::attribute_assess
