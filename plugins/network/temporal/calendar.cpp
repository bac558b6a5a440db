#include "calendar.hpp"

#include <cstdio>

namespace chorus::network_temporal {

std::string month_label(int64_t month_index) {
  const int64_t y = floor_div(month_index, 12);
  const int m = static_cast<int>(month_index - y * 12) + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(y), m);
  return buf;
}

}  // namespace chorus::network_temporal
