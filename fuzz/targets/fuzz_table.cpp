// ingest/table end to end: the input (after a selector byte) is written as a
// CSV or JSONL table and mapped onto posts through the fake host, with the
// two presets and custom mappings that use every value kind (ISO 8601 and
// epoch times, counts, booleans, list cells, interaction rules).
#include "fuzz_support.hpp"

#include "ingest/table/table_stage.hpp"

using chorus::fuzz::Json;

namespace {

struct Variant {
  const char* file;  // the name decides csv or jsonl for format: auto
  const char* config;
};

const Variant kVariants[] = {
    // 0: CooRTweet interchange format
    {"coortweet.csv", R"({"preset": "coortweet", "batch_rows": 2})"},
    // 1: coordination-network-toolkit (positional, space-separated urls)
    {"cnt.csv", R"({"preset": "coordination_network_toolkit", "batch_rows": 2})"},
    // 2: JSONL, every mappable field, ISO 8601 times, rules with equals
    {"table.jsonl", R"({"platform": "test", "batch_rows": 2, "list_separator": " ",
        "campaign": "c", "state": "XX",
        "mapping": {"post_id": "id", "author_id": "/user/id", "author_handle": "/user/name",
          "author_display_name": "display", "is_hashed_author": "hashed", "created_at": "time",
          "text": "text", "language": "lang", "interaction_type": "kind",
          "target_post_id": "target", "target_author_id": "target_author",
          "hashtags": "tags", "urls": "urls", "mentions": "mentions",
          "likes": "likes", "shares": "shares", "replies": "replies", "quotes": "quotes",
          "views": "views"},
        "interaction": [{"column": "rt", "equals": "yes", "type": "share", "target_post_id": "rt_id"},
                        {"column": "reply_to", "type": "reply", "target_post_id": "reply_to",
                         "target_author_id": "reply_user"}]})"},
    // 3: CSV by position, no header, epoch milliseconds, ';', NA as null
    {"table.csv", R"({"platform": "test", "header": false, "delimiter": ";", "null_values": ["NA"],
        "time_format": "epoch_millis", "batch_rows": 1, "mentions_kind": "id",
        "mapping": {"post_id": 0, "author_id": 1, "created_at": 2, "likes": 3, "hashtags": 4,
                    "mentions": 5, "is_hashed_author": 6, "interaction_type": 7}})"},
    // 4: CSV with a header, epoch seconds, fixed precision, '|' lists
    {"table.csv", R"({"platform": "test", "time_format": "epoch_seconds", "time_precision": "second",
        "list_separator": "|", "default_interaction": "comment", "batch_rows": 3,
        "mapping": {"post_id": "id", "created_at": "ts", "urls": "urls", "shares": "shares",
                    "target_post_id": "parent"},
        "interaction": [{"column": "parent", "type": "reply"}]})"},
    // 5: JSONL, epoch milliseconds, counts and lists given as JSON values
    {"table.ndjson", R"({"platform": "test", "time_format": "epoch_millis", "batch_rows": 2,
        "mapping": {"post_id": "id", "created_at": "ts", "likes": "likes", "hashtags": "tags",
                    "urls": "urls", "text": "text"}})"},
};
constexpr unsigned kN = sizeof(kVariants) / sizeof(kVariants[0]);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<Json> configs = [] {
    std::vector<Json> all;
    for (const auto& v : kVariants) all.push_back(Json::parse(v.config));
    return all;
  }();
  const auto in = chorus::fuzz::split_selector(data, size, kN);
  const std::string path = chorus::fuzz::write_input(kVariants[in.selector].file, in.content);
  Json config = configs[in.selector];
  config["path"] = path;

  chorus::fuzz::FakeHost host;
  chorus::fuzz::add_dataset_types(host);
  const int rc = host.run<chorus::ingest_table::TableStage>(config);
  chorus::fuzz::check_run(host, rc, config["batch_rows"].get<int64_t>(), path);
  return 0;
}
