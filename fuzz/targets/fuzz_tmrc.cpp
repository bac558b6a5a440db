// ingest/tmrc end to end: the input (after a selector byte) is written as a
// tweets or a users CSV of the takedown archive and read through the fake
// host with the repo's posts/accounts/rejects types.
#include "fuzz_support.hpp"

#include "ingest/tmrc/tmrc_stage.hpp"

using chorus::fuzz::Json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // 0: tweets file, 1: users file; 2, 3: the same with one row per batch.
  const auto in = chorus::fuzz::split_selector(data, size, 4);
  const bool tweets = in.selector % 2 == 0;
  const int64_t batch_rows = in.selector < 2 ? 3 : 1;
  const std::string path = chorus::fuzz::write_input(tweets ? "IO_0621_tweets.csv" : "IO_0621_users.csv", in.content);
  Json config = {
      {"campaigns", Json::array({{{"files", "IO_0621_*"}, {"campaign", "twitter_io:IO_0621"}, {"state", "XX"}}})},
      {"batch_rows", batch_rows}};
  config[tweets ? "tweets" : "users"] = path;

  chorus::fuzz::FakeHost host;
  chorus::fuzz::add_dataset_types(host);
  const int rc = host.run<chorus::ingest_tmrc::TmrcStage>(config);
  chorus::fuzz::check_run(host, rc, batch_rows, path);
  return 0;
}
