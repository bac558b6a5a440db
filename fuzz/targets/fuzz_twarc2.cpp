// ingest/twarc2 end to end: the input (after a selector byte) is written as a
// twarc2 JSONL file (pages, streaming lines, flattened tweets, mixed) and
// read through the fake host with the repo's posts/accounts/rejects types.
#include "fuzz_support.hpp"

#include "ingest/twarc2/twarc2_stage.hpp"

using chorus::fuzz::Json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // bit 0: prefer_unwound_url; bit 1: one row per batch (else 2).
  const auto in = chorus::fuzz::split_selector(data, size, 4);
  const int64_t batch_rows = (in.selector & 2) ? 1 : 2;
  const std::string path = chorus::fuzz::write_input("twarc2.jsonl", in.content);
  Json config = {
      {"path", path}, {"campaign", "c"}, {"prefer_unwound_url", (in.selector & 1) != 0}, {"batch_rows", batch_rows}};

  chorus::fuzz::FakeHost host;
  chorus::fuzz::add_dataset_types(host);
  const int rc = host.run<chorus::ingest_twarc2::Twarc2Stage>(config);
  chorus::fuzz::check_run(host, rc, batch_rows, path);
  return 0;
}
