// io/jsonl_read end to end: the input (after a selector byte) is written to a
// file and read through the fake host. Besides the sanitizers, checks that
// every non-blank line gives exactly one output row or one reject.
#include "fuzz_support.hpp"

#include "io/jsonl/jsonl_read_stage.hpp"

using chorus::fuzz::Json;

namespace {

const char* const kConfigs[] = {
    // 0: one column of every type
    R"({"batch_rows": 2, "columns": [
        {"name": "id", "type": "int64"}, {"name": "name", "type": "utf8"},
        {"name": "score", "type": "float64"}, {"name": "ok", "type": "bool"},
        {"name": "t", "type": "timestamp[ms]"}, {"name": "tags", "type": "list<utf8>"}]})",
    // 1: JSON pointers, one row per batch
    R"({"batch_rows": 1, "columns": [
        {"name": "user", "type": "utf8", "pointer": "/user/name"},
        {"name": "n", "type": "int64", "pointer": "/data/0/id"},
        {"name": "t", "type": "timestamp[us]", "pointer": "/a~1b"},
        {"name": "all", "type": "utf8", "pointer": ""}]})",
    // 2: nested values as text, nanoseconds, seconds
    R"({"batch_rows": 3, "columns": [
        {"name": "x", "type": "utf8"}, {"name": "y", "type": "timestamp[ns]"},
        {"name": "z", "type": "timestamp[s]"}, {"name": "f", "type": "float64"}]})",
};
constexpr unsigned kN = sizeof(kConfigs) / sizeof(kConfigs[0]);

// Lines the reader does not skip: LineReader splits on '\n' (one '\r' before
// it is dropped), a BOM starts line 1, and a line of only spaces, tabs and
// CRs is blank.
int64_t non_blank_lines(std::string_view s) {
  int64_t n = 0;
  size_t start = 0, lineno = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    size_t end = nl == std::string_view::npos ? s.size() : nl;
    std::string_view line = s.substr(start, end - start);
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (lineno == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);
    bool blank = true;
    for (char c : line) blank = blank && (c == ' ' || c == '\t' || c == '\r');
    if (!blank) ++n;
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Json configs = [] {
    Json all = Json::array();
    for (const char* c : kConfigs) all.push_back(Json::parse(c));
    return all;
  }();
  const auto in = chorus::fuzz::split_selector(data, size, kN);
  const std::string path = chorus::fuzz::write_input("input.jsonl", in.content);
  Json config = configs[in.selector];
  config["path"] = path;

  chorus::fuzz::FakeHost host;
  chorus::fuzz::add_dataset_types(host);
  const int rc = host.run<chorus::io_jsonl::JsonlReadStage>(config);
  chorus::fuzz::check_run(host, rc, config["batch_rows"].get<int64_t>(), path);
  if (rc == 0 && !chorus::fuzz::looks_gzip(in.content)) {
    const int64_t lines = non_blank_lines(in.content);
    const int64_t used = chorus::fuzz::rows_of(host, "out") + chorus::fuzz::rows_of(host, "rejects");
    FUZZ_CHECK(used == lines, std::to_string(lines) + " non-blank lines gave " +
                                  std::to_string(chorus::fuzz::rows_of(host, "out")) + " rows and " +
                                  std::to_string(chorus::fuzz::rows_of(host, "rejects")) + " rejects");
  }
  return 0;
}
