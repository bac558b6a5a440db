// The time parsers: chorus::time::parse_timestamp / format_timestamp (every
// unit, both fraction modes, with and without epoch integers), the TMRC
// archive times (tmrc::parse_time) and ingest/table's epoch parsers.
// Checks what time.hpp documents: "parse_timestamp reads it back" (the text
// format_timestamp writes parses to the same count when its year has four
// digits), and that a failed parse leaves `out` alone.
#include "fuzz_support.hpp"

#include <chorus/sdk/time.hpp>

#include <cstring>

#include "ingest/table/table_values.hpp"
#include "ingest/table/list_text.hpp"
#include "ingest/tmrc/tmrc_values.hpp"

namespace {

using chorus::TimeUnit;
namespace t = chorus::time;

constexpr TimeUnit kUnits[] = {TimeUnit::Second, TimeUnit::Milli, TimeUnit::Micro, TimeUnit::Nano};

// format_timestamp then parse_timestamp gives v back (for years 0000-9999,
// the ones the parser's four-digit form can hold).
void check_round_trip(int64_t v, TimeUnit unit) {
  const std::string s = t::format_timestamp(v, unit);
  FUZZ_CHECK(!s.empty() && s.back() == 'Z', "format_timestamp wrote '" + s + "'");
  if (s.size() < 5 || s[4] != '-' || s[0] == '-') return;  // not a four-digit year
  int64_t back = 0;
  t::ParseOptions exact;
  exact.fraction = t::Fraction::Exact;
  exact.epoch_integers = false;
  const auto r = t::parse_timestamp(s, unit, back, exact);
  FUZZ_CHECK(static_cast<bool>(r), "'" + s + "' (formatted from " + std::to_string(v) + ") " + r.message());
  FUZZ_CHECK(back == v,
             "'" + s + "' was formatted from " + std::to_string(v) + " but parses to " + std::to_string(back));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);

  for (TimeUnit unit : kUnits)
    for (int mode = 0; mode < 4; ++mode) {
      t::ParseOptions o;
      o.fraction = (mode & 1) ? t::Fraction::Exact : t::Fraction::Truncate;
      o.epoch_integers = (mode & 2) != 0;
      int64_t v = 0x5eed;
      const auto r = t::parse_timestamp(s, unit, v, o);
      if (!r) {
        FUZZ_CHECK(v == 0x5eed, "a failed parse wrote its output");
        FUZZ_CHECK(!r.message().empty(), "a failed parse has no message");
        continue;
      }
      check_round_trip(v, unit);
    }

  // Any count formats, and reads back when its year has four digits.
  if (size >= 8) {
    int64_t v;
    std::memcpy(&v, data, 8);
    for (TimeUnit unit : kUnits) check_round_trip(v, unit);
  }

  // The archive's minute/second/day times.
  for (bool allow_date : {false, true}) {
    int64_t v = 0;
    chorus::ingest_tmrc::Precision p;
    std::string error;
    if (!chorus::ingest_tmrc::parse_time(s, TimeUnit::Milli, allow_date, v, p, error))
      FUZZ_CHECK(!error.empty(), "tmrc::parse_time failed without a reason");
  }

  // ingest/table: epoch seconds / milliseconds and the precision of ISO text.
  {
    int64_t ms = 0;
    bool fraction = false;
    (void)chorus::ingest_table::parse_epoch_seconds(s, ms, fraction);
    (void)chorus::ingest_table::parse_epoch_millis(s, ms);
    (void)chorus::ingest_table::iso_precision(s);
  }
  return 0;
}
