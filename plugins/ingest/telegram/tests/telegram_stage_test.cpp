// ingest/telegram driven end to end through the SDK's fake host, on
// result.json fixtures written here (a channel export, an account export,
// broken files). Expected values are worked out by hand from the fixtures.
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>

#include <string>

#include "telegram_stage.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::ingest_telegram::TelegramStage;
using chorus::sdk::Json;
using chorus::sdk::testing::cell_text;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::TempDir;

namespace {

const std::string kRepo = CHORUS_TEST_SOURCE_DIR;

void add_types(FakeHost& h) {
  for (const char* n : {"posts", "accounts"}) {
    std::string j = chorus::sdk::testing::read_file(kRepo + "/schemas/datasets/" + n + ".json");
    REQUIRE(!j.empty());
    h.dataset_types[n] = j;
  }
}

int64_t row_of(const Batch& b, const std::string& id) {
  const Column& c = b.column("post_id");
  for (int64_t i = 0; i < b.rows(); ++i)
    if (c.str(i) == id) return i;
  return -1;
}
std::string cell(const Batch& b, const char* column, const std::string& post_id) {
  int64_t r = row_of(b, post_id);
  if (r < 0) return "<no post " + post_id + ">";
  return cell_text(b.column(column), r);
}

// A public channel (id 1001) as Telegram Desktop exports it, with one
// message of every kind the stage distinguishes.
const char* kChannel = R"({
 "name": "Test Channel",
 "type": "public_channel",
 "id": 1001,
 "messages": [
  {"id": 1, "type": "service", "date": "2021-03-04T07:06:07", "date_unixtime": "1614834367",
   "actor": "Test Channel", "actor_id": "channel1001", "action": "create_channel",
   "title": "Test Channel", "text": "", "text_entities": []},
  {"id": 2, "type": "message", "date": "2021-03-04T08:06:07", "date_unixtime": "1614834367",
   "from": "Test Channel", "from_id": "channel1001",
   "text": ["Hello ", {"type": "hashtag", "text": "#World"}, " see ", {"type": "link", "text": "https://example.com/a"}],
   "text_entities": [{"type": "plain", "text": "Hello "}, {"type": "hashtag", "text": "#World"},
                     {"type": "plain", "text": " see "}, {"type": "link", "text": "https://example.com/a"}],
   "reactions": [{"type": "emoji", "emoji": "+1", "count": 5}, {"type": "emoji", "emoji": "heart", "count": 2}]},
  {"id": 3, "type": "message", "date": "2021-03-04T08:06:40", "date_unixtime": "1614834400",
   "text": ["Read ", {"type": "text_link", "text": "this", "href": "https://t.me/x/1"}, " by ",
            {"type": "mention", "text": "@alice"}, " and ", {"type": "mention_name", "text": "Bob", "user_id": 42}],
   "text_entities": [{"type": "plain", "text": "Read "}, {"type": "text_link", "text": "this", "href": "https://t.me/x/1"},
                     {"type": "plain", "text": " by "}, {"type": "mention", "text": "@alice"},
                     {"type": "plain", "text": " and "}, {"type": "mention_name", "text": "Bob", "user_id": 42}],
   "reactions": []},
  {"id": 4, "type": "message", "date_unixtime": "1614834500", "from": "Test Channel", "from_id": "channel1001",
   "forwarded_from": "Other Channel", "text": "fwd", "text_entities": [{"type": "plain", "text": "fwd"}]},
  {"id": 5, "type": "message", "date_unixtime": "1614834600", "from": "Test Channel", "from_id": "channel1001",
   "reply_to_message_id": 2, "text": [{"type": "mention_name", "text": "Carl", "user_id": 7}]},
  {"id": 6, "type": "message", "date_unixtime": "1614834700", "from": "Test Channel", "from_id": "channel1001",
   "reply_to_message_id": 99, "reply_to_peer_id": "channel555", "text": "elsewhere"},
  42,
  {"type": "message", "date_unixtime": "1614834800", "text": "no id"},
  {"id": 9, "type": "message", "date_unixtime": "soon", "text": "bad date"},
  {"id": 10, "type": "message", "date": "2020-05-01T12:00:00", "from": "Old Writer", "from_id": 12345, "text": ""},
  {"id": 11, "type": "unsupported"},
  {"id": 12, "type": "message", "date_unixtime": "1614834900", "from": "Fwd", "from_id": "channel1001",
   "forwarded_from": null, "forwarded_from_id": "channel777", "text": "hidden"},
  {"id": 13, "type": "message", "date_unixtime": "1614835000", "from_id": "user5",
   "reactions": [{"type": "emoji", "emoji": "x", "count": "many"}], "text": "bad reactions"}
 ]
})";

}  // namespace

TEST_CASE("ingest/telegram: a channel export, message by message", "[ingest-telegram]") {
  TempDir dir;
  const std::string path = dir.write("channel/result.json", kChannel);
  FakeHost host;
  add_types(host);
  host.pipeline_dir = dir.path();
  REQUIRE(host.run<TelegramStage>(
              {{"path", "channel/*.json"}, {"assume_timezone", "+03:00"}, {"campaign", "tg:test"}}) == 0);
  const Batch posts = host.collected("posts");
  // 13 elements: 1 service, 1 unsupported, 4 rejects (42, no id, bad date, bad reactions) -> 7 posts.
  REQUIRE(posts.rows() == 7);
  CHECK(col(posts, "post_id") == "1001/2|1001/3|1001/4|1001/5|1001/6|1001/10|1001/12");
  CHECK(col(posts, "platform") == "telegram|telegram|telegram|telegram|telegram|telegram|telegram");
  CHECK(col(posts, "source_line") == "null|null|null|null|null|null|null");
  CHECK(col(posts, "time_precision") == "second|second|second|second|second|second|second");
  CHECK(col(posts, "campaign") == "tg:test|tg:test|tg:test|tg:test|tg:test|tg:test|tg:test");
  CHECK(col(posts, "state") == "null|null|null|null|null|null|null");
  CHECK(col(posts, "is_hashed_author") == "false|false|false|false|false|false|false");
  CHECK(col(posts, "shares") == "null|null|null|null|null|null|null");
  CHECK(col(posts, "views") == "null|null|null|null|null|null|null");
  CHECK(col(posts, "hashtags_folded") == "null|null|null|null|null|null|null");

  // date_unixtime wins over the local date text; ms.
  CHECK(cell(posts, "created_at", "1001/2") == "1614834367000");
  // Hashtag without '#', link text, reactions summed.
  CHECK(cell(posts, "text", "1001/2") == "Hello #World see https://example.com/a");
  CHECK(cell(posts, "hashtags", "1001/2") == "[World]");
  CHECK(cell(posts, "urls", "1001/2") == "[https://example.com/a]");
  CHECK(cell(posts, "likes", "1001/2") == "7");
  CHECK(cell(posts, "mentions", "1001/2") == "[]");
  CHECK(cell(posts, "mentions_kind", "1001/2") == "null");
  CHECK(cell(posts, "interaction_type", "1001/2") == "original");
  CHECK(cell(posts, "author_id", "1001/2") == "channel1001");
  CHECK(cell(posts, "author_display_name", "1001/2") == "Test Channel");

  // No from_id in a channel: the channel is the author; text array concatenated;
  // text_link href; a handle and a mention_name -> kind handle, the id as user<id>.
  CHECK(cell(posts, "author_id", "1001/3") == "channel1001");
  CHECK(cell(posts, "author_display_name", "1001/3") == "Test Channel");
  CHECK(cell(posts, "text", "1001/3") == "Read this by @alice and Bob");
  CHECK(cell(posts, "urls", "1001/3") == "[https://t.me/x/1]");
  CHECK(cell(posts, "mentions", "1001/3") == "[alice,user42]");
  CHECK(cell(posts, "mentions_kind", "1001/3") == "handle");
  CHECK(cell(posts, "likes", "1001/3") == "0");  // reactions present but empty: 0, not null

  // Forward: no target known in Desktop exports; the name goes to `forwards`.
  CHECK(cell(posts, "interaction_type", "1001/4") == "forward");
  CHECK(cell(posts, "target_post_id", "1001/4") == "null");
  CHECK(cell(posts, "target_author_id", "1001/4") == "null");
  CHECK(cell(posts, "likes", "1001/4") == "null");

  // Reply in the same chat: target post and its author from the export;
  // no text_entities (older export): entities from the text array.
  CHECK(cell(posts, "interaction_type", "1001/5") == "reply");
  CHECK(cell(posts, "target_post_id", "1001/5") == "1001/2");
  CHECK(cell(posts, "target_author_id", "1001/5") == "channel1001");
  CHECK(cell(posts, "text", "1001/5") == "Carl");
  CHECK(cell(posts, "mentions", "1001/5") == "[user7]");
  CHECK(cell(posts, "mentions_kind", "1001/5") == "id");

  // Reply to another chat: reply_to_peer_id's bare id; author unknown.
  CHECK(cell(posts, "target_post_id", "1001/6") == "555/99");
  CHECK(cell(posts, "target_author_id", "1001/6") == "null");

  // Only `date` (local, +03:00): 12:00 local = 09:00 UTC; bare numeric from_id -> user<n>.
  CHECK(cell(posts, "created_at", "1001/10") == "1588323600000");
  CHECK(cell(posts, "author_id", "1001/10") == "user12345");
  CHECK(cell(posts, "author_display_name", "1001/10") == "Old Writer");
  CHECK(cell(posts, "text", "1001/10") == "");

  // Hidden forward origin (null name) with a forwarded_from_id: target_author_id from it.
  CHECK(cell(posts, "interaction_type", "1001/12") == "forward");
  CHECK(cell(posts, "target_author_id", "1001/12") == "channel777");

  const Batch fwd = host.collected("forwards");
  CHECK(col(fwd, "post_id") == "1001/4|1001/12");
  CHECK(col(fwd, "forwarded_from") == "Other Channel|null");
  CHECK(col(fwd, "forwarded_from_id") == "null|channel777");

  const Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 4);
  CHECK(col(rej, "line") == "7|8|9|13");
  CHECK(col(rej, "file") == path + "|" + path + "|" + path + "|" + path);
  CHECK(col(rej, "reason") ==
        "chat 1001 (Test Channel) message #7: is a number, not a message object|"
        "chat 1001 (Test Channel) message #8: id: missing|"
        "chat 1001 (Test Channel) message #9: date_unixtime: 'soon' is not a decimal count of seconds|"
        "chat 1001 (Test Channel) message #13: reactions[0].count: missing or not an integer");
  CHECK(rej.column("raw").str(0) == "42");
  CHECK(rej.column("raw").str(1) == R"({"type":"message","date_unixtime":"1614834800","text":"no id"})");

  const Batch acc = host.collected("accounts");
  CHECK(col(acc, "author_id") == "channel1001");
  CHECK(col(acc, "display_name") == "Test Channel");
  CHECK(col(acc, "platform") == "telegram");
  CHECK(col(acc, "campaign") == "tg:test");
  CHECK(col(acc, "followers") == "null");

  CHECK(host.logged(CHORUS_LOG_INFO, "1 service message(s) and 1 unsupported placeholder(s)"));
  CHECK(host.logged(CHORUS_LOG_INFO, "1 message(s) timed from 'date' with assume_timezone +03:00"));
  CHECK(host.logged(CHORUS_LOG_WARN, "4 record(s) rejected"));
  CHECK(host.last_progress() == 7);
}

TEST_CASE("ingest/telegram: the account export (chats.list, left_chats.list)", "[ingest-telegram]") {
  TempDir dir;
  const std::string path = dir.write("result.json", R"({
   "about": "Here is the data you requested.",
   "personal_information": {"user_id": 5, "first_name": "Me"},
   "chats": {"about": "chats", "list": [
     {"name": "Alice", "type": "personal_chat", "id": 42, "messages": [
       {"id": 1, "type": "message", "date_unixtime": "100", "from": "Alice", "from_id": "user42", "text": "hi"},
       {"id": 2, "type": "message", "date_unixtime": "101", "from": "Me", "from_id": "user5",
        "reply_to_message_id": 1, "text": "hello"}]},
     {"name": "Old group", "type": "private_group", "id": 77, "messages": [
       {"id": 1, "type": "message", "date_unixtime": "102", "from": "Alice", "from_id": "user42", "text": "same id 1, other chat"}]},
     {"name": "No id", "type": "private_group", "messages": [{"id": 1}, {"id": 2}]},
     "not a chat"
   ]},
   "left_chats": {"about": "left", "list": [
     {"name": "Left Group", "type": "public_supergroup", "id": 88, "messages": [
       {"id": 3, "type": "message", "date_unixtime": "103", "text": "anonymous"}]}
   ]}
  })");
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<TelegramStage>({{"path", path}, {"batch_rows", 2}}) == 0);
  const Batch posts = host.collected("posts");
  CHECK(col(posts, "post_id") == "42/1|42/2|77/1|88/3");
  CHECK(host.outputs["posts"].size() == 2);  // batch_rows 2
  CHECK(col(posts, "created_at") == "100000|101000|102000|103000");
  CHECK(col(posts, "author_id") == "user42|user5|user42|null");  // a group post without from_id has no author
  CHECK(col(posts, "target_post_id") == "null|42/1|null|null");
  CHECK(col(posts, "target_author_id") == "null|user42|null|null");
  const Batch acc = host.collected("accounts");
  CHECK(col(acc, "author_id") == "user42|chat77|channel88");
  CHECK(col(acc, "display_name") == "Alice|Old group|Left Group");
  const Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 2);
  CHECK(col(rej, "line") == "3|4");
  CHECK(col(rej, "reason") ==
        "chats.list[2]: id is missing; its 2 message(s) cannot get post ids and are not read|"
        "chats.list[3] is a string, not a chat object");
}

TEST_CASE("ingest/telegram: files that are not exports are rejects, not failures", "[ingest-telegram]") {
  TempDir dir;
  dir.write("a_broken.json", R"({"name": "x", "messages": [ {"id": 1,)");
  dir.write("b_other.json", R"({"hello": "world"})");
  dir.write("c_array.json", R"([1, 2])");
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<TelegramStage>({{"path", dir.path() + "/*.json"}}) == 0);
  CHECK(host.collected("posts").rows() == 0);
  const Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 3);
  CHECK(col(rej, "line") == "1|1|1");
  const std::string reasons = col(rej, "reason");
  CHECK(reasons.find("invalid JSON: ") == 0);
  CHECK(reasons.find("|not a Telegram Desktop export: the root object has neither 'messages'") != std::string::npos);
  CHECK(reasons.find("|the file is an array, not a Telegram export object") != std::string::npos);
}

TEST_CASE("ingest/telegram: gzip input, fingerprint and config errors", "[ingest-telegram]") {
  TempDir dir;
  const std::string path = dir.write("one.json", R"({"name": "P", "type": "private_channel", "id": 9, "messages": [
    {"id": 1, "type": "message", "date_unixtime": "1", "text": "x"}]})");
  FakeHost host;
  add_types(host);
  REQUIRE(host.fingerprint<TelegramStage>({{"path", path}}) == 0);
  CHECK(host.input_files == std::vector<std::string>{path});

  REQUIRE(host.infer<TelegramStage>({{"path", path}}) == 0);
  auto types = host.output_types();
  CHECK(types["posts"].name == "posts");
  CHECK(types["accounts"].name == "accounts");
  CHECK(chorus::sdk::testing::schema_text(types["forwards"].columns) ==
        "post_id:utf8,forwarded_from:utf8,forwarded_from_id:utf8");

  CHECK(host.infer<TelegramStage>({{"path", path}, {"assume_timezone", "Europe/Moscow"}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.last_error() ==
        "with.assume_timezone: 'Europe/Moscow' is not UTC or a fixed offset like +03:00 or -05:30 (IANA zone names are "
        "not supported)");
  CHECK(host.infer<TelegramStage>({{"path", path}, {"assume_timezone", "-05:30"}}) == 0);
  CHECK(host.infer<TelegramStage>({{"path", path}, {"batch_rows", 0}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.last_error() == "with.batch_rows: expected a number >= 1, got 0");
  CHECK(host.infer<TelegramStage>({{"path", path}, {"assume_timezone", nullptr}}) != 0);
  CHECK(host.last_error() == "with.assume_timezone: expected a string, got null");
  CHECK(host.infer<TelegramStage>({{"campaign", "c"}}) != 0);
  CHECK(host.last_error().rfind("with.path: is required", 0) == 0);

  // The same file gzip-compressed (recognised by content, not by name).
  const std::string gz = dir.file("one.json.gz");
  {
    gzFile g = gzopen(gz.c_str(), "wb");
    REQUIRE(g);
    const std::string text = chorus::sdk::testing::read_file(path);
    gzwrite(g, text.data(), static_cast<unsigned>(text.size()));
    gzclose(g);
  }
  REQUIRE(host.run<TelegramStage>({{"path", gz}}) == 0);
  CHECK(col(host.collected("posts"), "post_id") == "9/1");
  CHECK(col(host.collected("posts"), "author_id") == "channel9");

  // Cancellation stops the run.
  host.cancel = true;
  CHECK(host.run<TelegramStage>({{"path", path}}) != 0);
  CHECK(host.last_error() == "cancelled");
}

TEST_CASE("ingest/telegram: the pipeline fixture", "[ingest-telegram]") {
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<TelegramStage>(
              {{"path", kRepo + "/pipelines/data/telegram/*/result.json"}, {"assume_timezone", "+02:00"}}) == 0);
  const Batch posts = host.collected("posts");
  CHECK(col(posts, "post_id") == "1500000001/2|1500000001/3|1500000001/4|1500000001/5");
  CHECK(col(posts, "interaction_type") == "original|forward|reply|original");
  CHECK(col(posts, "likes") == "15|null|null|null");
  // Message 5 has only the local date 10:12 at +02:00: 08:12 UTC.
  CHECK(cell(posts, "created_at", "1500000001/5") == "1643703120000");
  CHECK(col(host.collected("rejects"), "line") == "6");
  CHECK(col(host.collected("forwards"), "forwarded_from") == "Mirror Channel");
}

TEST_CASE("ingest/telegram: the option table's defaults are what the stage runs with", "[ingest-telegram]") {
  // Only `path`: a message with the local 'date' only is read as UTC
  // (assume_timezone), no campaign or state, all rows in one batch (batch_rows).
  TempDir dir;
  std::string messages;
  for (int i = 1; i <= 300; ++i)
    messages += (i > 1 ? "," : "") + std::string(R"({"id": )") + std::to_string(i) +
                R"(, "type": "message", "date": "2022-02-01T10:12:00", "from": "A", "from_id": "user1", "text": "x"})";
  const std::string path = dir.write(
      "result.json", R"({"name": "Chat", "type": "personal_chat", "id": 77, "messages": [)" + messages + "]}");
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<TelegramStage>({{"path", path}}) == 0);
  REQUIRE(host.outputs["posts"].size() == 1);
  const Batch posts = host.collected("posts");
  CHECK(posts.rows() == 300);
  CHECK(cell(posts, "created_at", "77/1") == "1643710320000");  // 2022-02-01T10:12:00Z
  CHECK(cell(posts, "campaign", "77/1") == "null");
  CHECK(cell(posts, "state", "77/1") == "null");
  CHECK(host.logged(CHORUS_LOG_INFO, "300 message(s) timed from 'date' with assume_timezone UTC"));
}
