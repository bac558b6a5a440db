#include "figures.hpp"

#include <cmath>
#include <cstdio>

namespace chorus::attribute_assess {

std::string figure(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

std::string percent(double share) {
  // Rounded down to a tenth, so a share just below a threshold never prints as the threshold.
  const double tenths = std::floor(share * 1000.0 + 1e-9);
  char buf[32];
  if (std::fmod(tenths, 10.0) == 0)
    std::snprintf(buf, sizeof buf, "%.0f%%", tenths / 10.0);
  else
    std::snprintf(buf, sizeof buf, "%.1f%%", tenths / 10.0);
  return buf;
}

std::string count_or_unknown(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "unknown"; }

}  // namespace chorus::attribute_assess
