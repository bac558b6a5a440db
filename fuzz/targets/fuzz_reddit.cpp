// ingest/reddit end to end: the input (after a selector byte) is written as a
// Pushshift NDJSON dump (plain, or gzip / zstd when it starts with their
// magic bytes) and read through the fake host.
// Built only once plugins/ingest/reddit exists (fuzz/CMakeLists.txt).
#include "fuzz_support.hpp"

#include "ingest/reddit/reddit_stage.hpp"

using chorus::fuzz::Json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto in = chorus::fuzz::split_selector(data, size, 2);
  const int64_t batch_rows = in.selector == 0 ? 2 : 1;
  const std::string path = chorus::fuzz::write_input("RC_2022-02", in.content);
  Json config = {{"path", path}, {"campaign", "c"}, {"state", "XX"}, {"batch_rows", batch_rows}};

  chorus::fuzz::FakeHost host;
  chorus::fuzz::add_dataset_types(host);
  const int rc = host.run<chorus::ingest_reddit::RedditStage>(config);
  chorus::fuzz::check_run(host, rc, batch_rows, path);
  return 0;
}
