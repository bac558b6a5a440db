// ingest/telegram end to end: the input (after a selector byte) is written as
// a Telegram Desktop result.json (one chat or an account export) and read
// through the fake host with the repo's posts/accounts/rejects types.
// Built only once plugins/ingest/telegram exists (fuzz/CMakeLists.txt).
#include "fuzz_support.hpp"

#include "ingest/telegram/telegram_stage.hpp"

using chorus::fuzz::Json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The zone assumed for exports without date_unixtime; one row per batch or 2.
  static const char* const kZones[] = {"UTC", "+03:00", "-05:30"};
  const auto in = chorus::fuzz::split_selector(data, size, 6);
  const int64_t batch_rows = in.selector < 3 ? 2 : 1;
  const std::string path = chorus::fuzz::write_input("result.json", in.content);
  Json config = {
      {"path", path}, {"campaign", "c"}, {"assume_timezone", kZones[in.selector % 3]}, {"batch_rows", batch_rows}};

  chorus::fuzz::FakeHost host;
  chorus::fuzz::add_dataset_types(host);
  const int rc = host.run<chorus::ingest_telegram::TelegramStage>(config);
  chorus::fuzz::check_run(host, rc, batch_rows, path);
  return 0;
}
