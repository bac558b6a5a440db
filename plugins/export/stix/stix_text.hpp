// Small pieces of STIX text the builder writes: timestamps, pattern
// literals, the DISARM tactic phase names and the response-tier objects'
// wording. Pure functions, unit-tested on their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::export_stix {

// Milliseconds since the Unix epoch as YYYY-MM-DDTHH:MM:SS.mmmZ (UTC), the
// one timestamp shape the exporter writes.
std::string stix_timestamp(int64_t ms);
// Reads YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z (the STIX timestamp syntax) into ms
// since the epoch, truncating below the millisecond; nullopt if malformed.
std::optional<int64_t> parse_stix_timestamp(std::string_view text);

// A PCRE that matches the hashtag as a whole word, case-insensitively:
// (?i)(^|\s)#<tag>\b, every character of the tag that is not a letter, digit,
// '_' or a non-ASCII byte escaped with a backslash.
std::string hashtag_pcre(std::string_view tag);
// A STIX patterning string literal: ' and \ escaped with a backslash.
std::string stix_pattern_literal(std::string_view value);

// DISARM v1.6 tactic id (TA17) -> kill-chain phase name (maximise-exposure);
// empty for an unknown tactic.
std::string disarm_phase(std::string_view tactic_id);

// A DISARM Blue counter that a response tier cites (stix.md section 5).
struct Counter {
  const char* id;
  const char* name;
};
struct TierInfo {
  const char* tier;     // monitor, pre-bunk, rebut, escalate
  const char* meaning;  // the project's definition, for the description
  std::vector<Counter> counters;
};
// nullptr for a tier that is not one of the four.
const TierInfo* tier_info(std::string_view tier);

// round(100 * p) clamped to 0..100: a probability as a STIX confidence.
int64_t confidence_of(double p);

}  // namespace chorus::export_stix
