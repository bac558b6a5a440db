// io/csv_read end to end: the input (after a selector byte) is written to a
// file and read through the fake host with one of several configs, so that
// the record parser, every typed-value parser and the rejects port all run.
#include "fuzz_support.hpp"

#include "io/csv/csv_read_stage.hpp"

using chorus::fuzz::Json;

namespace {

const char* const kConfigs[] = {
    // 0: header, one column of every type, batches of 2 rows
    R"({"header": true, "batch_rows": 2, "columns": [
        {"name": "id", "type": "int64"}, {"name": "name", "type": "utf8"},
        {"name": "score", "type": "float64"}, {"name": "ok", "type": "bool"},
        {"name": "t", "type": "timestamp[ms]"}, {"name": "tags", "type": "list<utf8>"}]})",
    // 1: no header (by position), ';', NA as null, one row per batch
    R"({"header": false, "delimiter": ";", "null_values": ["", "NA"], "batch_rows": 1, "columns": [
        {"name": "id", "type": "int64"}, {"name": "name", "type": "utf8"},
        {"name": "score", "type": "float64"}, {"name": "ok", "type": "bool"},
        {"name": "t", "type": "timestamp[us]"}, {"name": "tags", "type": "list<utf8>"}]})",
    // 2: tab-separated text columns
    R"({"header": true, "delimiter": "\t", "batch_rows": 3, "columns": [
        {"name": "a", "type": "utf8"}, {"name": "b", "type": "string"}]})",
    // 3: timestamps of every unit, '|' separated, no header
    R"({"header": false, "delimiter": "|", "batch_rows": 2, "columns": [
        {"name": "s", "type": "timestamp[s]"}, {"name": "ns", "type": "timestamp[ns]"},
        {"name": "n", "type": "int64"}]})",
    // 4: lists and floats, "null" as null
    R"({"header": true, "null_values": ["null"], "batch_rows": 2, "columns": [
        {"name": "tags", "type": "list<utf8>"}, {"name": "x", "type": "float64"}]})",
    // 5: one text column, no header
    R"({"header": false, "batch_rows": 4, "columns": [{"name": "v", "type": "utf8"}]})",
};
constexpr unsigned kN = sizeof(kConfigs) / sizeof(kConfigs[0]);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Json configs = [] {
    Json all = Json::array();
    for (const char* c : kConfigs) all.push_back(Json::parse(c));
    return all;
  }();
  const auto in = chorus::fuzz::split_selector(data, size, kN);
  const std::string path = chorus::fuzz::write_input("input.csv", in.content);
  Json config = configs[in.selector];
  config["path"] = path;

  chorus::fuzz::FakeHost host;
  chorus::fuzz::add_dataset_types(host);
  const int rc = host.run<chorus::io_csv::CsvReadStage>(config);
  chorus::fuzz::check_run(host, rc, config["batch_rows"].get<int64_t>(), path);
  return 0;
}
