// The list-cell parsers: io/csv's list<utf8> text (JSON array or '|'
// separated), the TMRC archive's Python-repr / bare lists, and
// ingest/table's list cells (JSON array, repr list, separated text).
// Checks the round trip the CSV writer and reader rely on: the items of a
// parsed list, written back with append_json_string as io/csv_write does,
// parse to the same items.
#include "fuzz_support.hpp"

#include "ingest/table/list_text.hpp"
#include "ingest/tmrc/tmrc_values.hpp"
#include "io/csv/value_parse.hpp"

namespace {

std::string as_json(const std::vector<std::string>& items, size_t n) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) {
    if (i) out.push_back(',');
    chorus::io_csv::append_json_string(out, items[i]);
  }
  return out + "]";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);

  // io/csv: parse, write back as io/csv_write does, parse again.
  {
    std::vector<std::string> items, again;
    size_t n = 0, m = 0;
    if (chorus::io_csv::parse_list(s, items, n)) {
      FUZZ_CHECK(n <= items.size(), "parse_list counted more items than it holds");
      const std::string json = as_json(items, n);
      FUZZ_CHECK(chorus::io_csv::parse_list(json, again, m), "cannot read back " + json);
      FUZZ_CHECK(m == n, json + " reads back as " + std::to_string(m) + " items, not " + std::to_string(n));
      for (size_t i = 0; i < n; ++i)
        FUZZ_CHECK(again[i] == items[i], "item " + std::to_string(i) + " of " + json + " changed");
    }
  }

  // TMRC list cells.
  {
    std::vector<std::string> items;
    std::string error;
    if (!chorus::ingest_tmrc::parse_list(s, items, error))
      FUZZ_CHECK(!error.empty(), "tmrc::parse_list failed without a reason");
  }

  // ingest/table list cells, with the separators its configs use.
  {
    std::vector<std::string> items;
    for (std::string_view sep :
         {std::string_view(), std::string_view(" "), std::string_view("|"), std::string_view(", ")})
      chorus::ingest_table::parse_list_text(s, sep, items);
    chorus::ingest_table::split_repr_list(s, items);
  }
  return 0;
}
