// Field-level parsing for the Twitter/X takedown archive (TMRC) CSVs:
// list cells, counts written as integers or floats, booleans, minute- or
// second-precision times, hashed ids. Host-independent, so the unit tests
// exercise every rule directly. The rules follow section 1 of
// research/data_formats.md; docs/ingest-tmrc.md records the choices. The
// small per-field checks (trim, counts, booleans) are inline: the reader
// calls them for several fields of every record.
#pragma once

#include <chorus/sdk/time.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace chorus::ingest_tmrc {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// TMRC replaces the id of accounts under 5,000 followers by a hash (64 hex
// characters in 2018, base64-like later): an id that is not all digits.
inline bool is_hashed_id(std::string_view id) { return !all_digits(id); }

// --- lists -------------------------------------------------------------------

// Parses a list cell, both encodings of the archive:
//   [a, b]          (Oct 2018: bare elements)
//   ['a', 'b']      (2019+: Python repr; "it's" in double quotes, \' escapes)
// Rule (data_formats.md 1.3): trim; strip one outer [ ]; nothing left -> no
// items; else split on commas outside quotes, trim each element and strip one
// pair of matching ' or " around it, undoing \' \" and \\ inside the quotes.
// A quote opens only at the start of an element, so a bare element may hold
// an apostrophe (don't). Empty elements (", ,", a trailing comma) are skipped.
// Returns false, with `error` set, for an unterminated quote, text after a
// closing quote, or a '[' without its ']' (a cut cell) or the reverse. Never evaluates anything.
bool parse_list(std::string_view cell, std::vector<std::string>& items, std::string& error);

// --- counts -------------------------------------------------------------------

enum class CountResult { Value, Null, Bad };

// A count as the archive writes it: "12", or a float with a zero fraction
// ("12.0", "12.", "0.00") as some releases print them. Empty -> Null. Signs,
// exponents, non-zero fractions ("12.5"), nan and anything else -> Bad.
inline CountResult parse_count(std::string_view s, int64_t& out) {
  s = trim(s);
  if (s.empty()) return CountResult::Null;
  const size_t dot = s.find('.');
  std::string_view whole = dot == std::string_view::npos ? s : s.substr(0, dot);
  if (!all_digits(whole)) return CountResult::Bad;
  if (dot != std::string_view::npos) {
    for (char c : s.substr(dot + 1))
      if (c != '0') return CountResult::Bad;
  }
  int64_t v = 0;
  auto r = std::from_chars(whole.data(), whole.data() + whole.size(), v);
  if (r.ec != std::errc() || r.ptr != whole.data() + whole.size()) return CountResult::Bad;
  out = v;
  return CountResult::Value;
}

// --- booleans -----------------------------------------------------------------

enum class BoolResult { True, False, Empty, Bad };

// true/True/TRUE and false/False/FALSE (2018 files are lowercase, later ones
// capitalised). Empty -> Empty; anything else (1, yes, t) -> Bad.
inline BoolResult parse_bool(std::string_view s) {
  s = trim(s);
  if (s.empty()) return BoolResult::Empty;
  if (s == "true" || s == "True" || s == "TRUE") return BoolResult::True;
  if (s == "false" || s == "False" || s == "FALSE") return BoolResult::False;
  return BoolResult::Bad;
}

// --- times --------------------------------------------------------------------

// Precision of a parsed time, as posts.time_precision / accounts.created_precision name it.
enum class Precision { Day, Minute, Second };

inline const char* precision_name(Precision p) {
  switch (p) {
    case Precision::Day:
      return "day";
    case Precision::Minute:
      return "minute";
    case Precision::Second:
      return "second";
  }
  return "";
}

// An archive time in UTC: "YYYY-MM-DD HH:MM" (tweet_time: minute precision),
// "YYYY-MM-DD HH:MM:SS" (second), and with allow_date "YYYY-MM-DD" (day:
// account_creation_date). A 'T' may stand for the space. Writes `unit`s since
// the epoch; on failure returns false with `error` ("is not ..." / "has month
// 13 out of 1..12") meant to follow the quoted value.
bool parse_time(std::string_view s, TimeUnit unit, bool allow_date, int64_t& out, Precision& precision,
                std::string& error);

}  // namespace chorus::ingest_tmrc
