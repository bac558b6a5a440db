// The scalar value parsers: io/csv's int64, float64 and bool, the TMRC
// archive's counts and booleans, ingest/table's counts and booleans.
// Checks the documented contracts: parse_int64 agrees with from_chars on the
// same whole-field text; parse_float64 never gives nan or inf; a TMRC count
// is never negative.
#include "fuzz_support.hpp"

#include <charconv>
#include <cmath>

#include "ingest/table/table_values.hpp"
#include "ingest/table/list_text.hpp"
#include "ingest/tmrc/tmrc_values.hpp"
#include "io/csv/value_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);

  {
    int64_t v = 0;
    const bool ok = chorus::io_csv::parse_int64(s, v);
    int64_t ref = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), ref);
    const bool ref_ok = !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
    FUZZ_CHECK(ok == ref_ok, "parse_int64 and from_chars disagree on whether '" + std::string(s) + "' is an int64");
    if (ok)
      FUZZ_CHECK(v == ref, "parse_int64('" + std::string(s) + "') = " + std::to_string(v) + ", from_chars gives " +
                               std::to_string(ref));
  }
  {
    double d = 0;
    if (chorus::io_csv::parse_float64(s, d)) FUZZ_CHECK(std::isfinite(d), "parse_float64 gave nan or inf");
    bool b;
    (void)chorus::io_csv::parse_bool(s, b);
  }
  {
    int64_t n = 0;
    if (chorus::ingest_tmrc::parse_count(s, n) == chorus::ingest_tmrc::CountResult::Value)
      FUZZ_CHECK(n >= 0, "a TMRC count is negative: " + std::to_string(n));
    (void)chorus::ingest_tmrc::parse_bool(s);
    (void)chorus::ingest_tmrc::is_hashed_id(s);
  }
  {
    int64_t n = 0;
    (void)chorus::ingest_table::parse_count(s, n);
    (void)chorus::ingest_table::parse_count(chorus::ingest_table::trim_ws(s), n);
    bool b;
    (void)chorus::ingest_table::parse_bool_text(s, b);
  }
  return 0;
}
