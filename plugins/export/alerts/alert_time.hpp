// The one time format of the findings exports: UTC with milliseconds,
// 2024-03-01T12:00:00.000Z (STIX 2.1 timestamps, the alerts' `generated`).
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>

namespace chorus::export_alerts {

// Milliseconds since the epoch -> YYYY-MM-DDTHH:MM:SS.mmmZ.
std::string format_ms(int64_t ms);
// A timestamp of `unit` in milliseconds (floor: 1.9999 s -> 1999 ms).
int64_t to_ms(int64_t value, TimeUnit unit);
// ISO 8601 text (any form chorus::time reads) -> milliseconds; throws
// sdk::ConfigError naming `key` when the text is not a timestamp.
int64_t parse_option_time(const std::string& key, const std::string& text);

}  // namespace chorus::export_alerts
