#include "alert_time.hpp"

#include <chorus/sdk/time.hpp>

#include <cstdio>

namespace chorus::export_alerts {

namespace {
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

std::string format_ms(int64_t ms) {
  const int64_t days = floor_div(ms, 86400000);
  const int64_t in_day = ms - days * 86400000;
  const auto d = time::civil_from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(d.year), d.month,
                d.day, static_cast<int>(in_day / 3600000), static_cast<int>(in_day / 60000 % 60),
                static_cast<int>(in_day / 1000 % 60), static_cast<int>(in_day % 1000));
  return buf;
}

int64_t to_ms(int64_t value, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Second:
      return value * 1000;
    case TimeUnit::Milli:
      return value;
    case TimeUnit::Micro:
      return floor_div(value, 1000);
    case TimeUnit::Nano:
      return floor_div(value, 1000000);
  }
  return value;
}

int64_t parse_option_time(const std::string& key, const std::string& text) {
  int64_t ms = 0;
  time::ParseOptions options;
  options.epoch_integers = false;
  const auto r = time::parse_timestamp(text, TimeUnit::Milli, ms, options);
  if (!r) throw sdk::ConfigError("with." + key + ": '" + text + "' " + r.message());
  return ms;
}

}  // namespace chorus::export_alerts
