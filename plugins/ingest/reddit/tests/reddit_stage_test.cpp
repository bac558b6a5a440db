// ingest/reddit driven end to end through the SDK's fake host, on Pushshift
// style lines written here, plain, gzip and zstd (including a frame that
// declares a window larger than the decoder's default limit).
#include <catch2/catch.hpp>

#include <chorus/sdk/testing.hpp>

#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <string>
#include <vector>

#include "reddit_stage.hpp"

using chorus::Batch;
using chorus::Column;
using chorus::ingest_reddit::RedditStage;
using chorus::sdk::Json;
using chorus::sdk::testing::cell_text;
using chorus::sdk::testing::col;
using chorus::sdk::testing::FakeHost;
using chorus::sdk::testing::TempDir;

namespace {

const std::string kRepo = CHORUS_TEST_SOURCE_DIR;

void add_types(FakeHost& h) {
  std::string j = chorus::sdk::testing::read_file(kRepo + "/schemas/datasets/posts.json");
  REQUIRE(!j.empty());
  h.dataset_types["posts"] = j;
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

// Submissions (RS) and comments (RC) mixed, with the malformed lines a dump can have.
const std::string kLines =
    // 1: self post with a fullname author, a URL with &amp; and a mention in selftext
    R"({"id":"abc","name":"t3_abc","author":"alice","author_fullname":"t2_a1","title":"Hello","selftext":"See https://example.com/x?a=1&amp;b=2. and u/bob","is_self":true,"url":"https://www.reddit.com/r/test/comments/abc/hello/","created_utc":1500000000,"subreddit":"test","subreddit_id":"t5_t","score":10,"num_comments":3})"
    "\n"
    // 2: link post by a deleted author, float created_utc, no name
    R"({"id":"def","author":"[deleted]","title":"Link","selftext":"","is_self":false,"url":"https://news.example/a","created_utc":1500000001.0,"subreddit":"test","score":1,"num_comments":0})"
    "\n"
    // 3: crosspost of t3_abc, string created_utc, author without fullname
    R"({"id":"ghi","author":"carol","title":"X","is_self":false,"url":"/r/other/comments/abc/hello/","crosspost_parent":"t3_abc","crosspost_parent_list":[{"id":"abc","author":"alice","author_fullname":"t2_a1"}],"created_utc":"1500000002","subreddit":"other","subreddit_id":"t5_o","score":0,"num_comments":0})"
    "\n"
    // 4: comment on the submission, float-string created_utc, markdown link, /u/ mention
    R"({"id":"c1","author":"dave","body":"I agree /u/alice, see [here](https://a.example/p).","link_id":"t3_abc","parent_id":"t3_abc","created_utc":"1500000003.0","subreddit":"test","subreddit_id":"t5_t","score":-2})"
    "\n"
    // 5: comment on a comment; a /u/ inside a URL path is no mention
    R"({"id":"c2","name":"t1_c2","author":"erin","author_fullname":"t2_e","body":"reddit.com/u/notme and u/frank and U/frank","parent_id":"t1_c1","link_id":"t3_abc","created_utc":1500000004,"subreddit":"test","subreddit_id":"t5_t","score":1})"
    "\n"
    // 6: truncated
    R"({"id":"broken","body":"x)"
    "\n"
    // 7: not an object
    "[1,2]\n"
    // 8: neither kind
    R"({"id":"x","author":"a","created_utc":1})"
    "\n"
    // 9: no created_utc
    R"({"id":"c3","link_id":"t3_abc","parent_id":"t3_abc","body":"x"})"
    "\n"
    // 10: unreadable created_utc
    R"({"id":"c4","parent_id":"t3_abc","body":"x","created_utc":"yesterday"})"
    "\n"
    // 11: blank
    "\n"
    // 12: id of the wrong type
    R"({"id":5,"parent_id":"t3_abc","body":"x","created_utc":1})"
    "\n";

// Compresses with the streaming API; the first call uses ZSTD_e_continue so
// the frame is started without a known content size, and its header then
// declares the full window (2^window_log) instead of the input's size.
std::string zstd_compress(const std::string& data, int window_log, bool declare_size = false) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  REQUIRE(c);
  REQUIRE(!ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3)));
  if (window_log) REQUIRE(!ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log)));
  if (declare_size) REQUIRE(!ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(c, data.size())));
  std::string out(ZSTD_compressBound(data.size()) + 4096, '\0');
  ZSTD_outBuffer ob{out.data(), out.size(), 0};
  ZSTD_inBuffer ib{data.data(), data.size(), 0};
  REQUIRE(!ZSTD_isError(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue)));
  size_t rem;
  do {
    rem = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end);
    REQUIRE(!ZSTD_isError(rem));
  } while (rem != 0);
  ZSTD_freeCCtx(c);
  out.resize(ob.pos);
  return out;
}

// Decompresses with a context as zstd configures it by default: the error
// code of the first failure, or 0.
ZSTD_ErrorCode default_decoder_error(const std::string& z) {
  ZSTD_DCtx* d = ZSTD_createDCtx();
  std::vector<char> buf(1 << 16);
  ZSTD_inBuffer in{z.data(), z.size(), 0};
  ZSTD_ErrorCode code = ZSTD_error_no_error;
  while (in.pos < in.size) {
    ZSTD_outBuffer out{buf.data(), buf.size(), 0};
    size_t rc = ZSTD_decompressStream(d, &out, &in);
    if (ZSTD_isError(rc)) {
      code = ZSTD_getErrorCode(rc);
      break;
    }
  }
  ZSTD_freeDCtx(d);
  return code;
}

void check_fixture(FakeHost& host, const std::string& path) {
  const Batch posts = host.collected("posts");
  REQUIRE(posts.rows() == 5);
  CHECK(col(posts, "post_id") == "t3_abc|t3_def|t3_ghi|t1_c1|t1_c2");
  CHECK(col(posts, "source_line") == "1|2|3|4|5");
  CHECK(col(posts, "source_file") == path + "|" + path + "|" + path + "|" + path + "|" + path);
  CHECK(col(posts, "platform") == "reddit|reddit|reddit|reddit|reddit");
  // int, float, string, float string, int: whole seconds in ms.
  CHECK(col(posts, "created_at") == "1500000000000|1500000001000|1500000002000|1500000003000|1500000004000");
  CHECK(col(posts, "time_precision") == "second|second|second|second|second");
  CHECK(col(posts, "author_id") == "t2_a1|null|carol|dave|t2_e");
  CHECK(col(posts, "author_handle") == "alice|[deleted]|carol|dave|erin");
  CHECK(col(posts, "is_hashed_author") == "false|false|false|false|false");
  CHECK(col(posts, "author_display_name") == "null|null|null|null|null");
  CHECK(col(posts, "interaction_type") == "original|original|share|comment|comment");
  CHECK(col(posts, "target_post_id") == "null|null|t3_abc|t3_abc|t1_c1");
  CHECK(col(posts, "target_author_id") == "null|null|t2_a1|null|null");
  CHECK(cell(posts, "text", "t3_abc") == "Hello\n\nSee https://example.com/x?a=1&amp;b=2. and u/bob");
  CHECK(cell(posts, "text", "t3_def") == "Link");
  CHECK(cell(posts, "text", "t1_c1") == "I agree /u/alice, see [here](https://a.example/p).");
  // Self post: no `url`; URL from selftext with &amp; decoded and the final '.' cut.
  CHECK(cell(posts, "urls", "t3_abc") == "[https://example.com/x?a=1&b=2]");
  CHECK(cell(posts, "urls", "t3_def") == "[https://news.example/a]");
  CHECK(cell(posts, "urls", "t3_ghi") == "[/r/other/comments/abc/hello/]");
  CHECK(cell(posts, "urls", "t1_c1") == "[https://a.example/p]");
  CHECK(cell(posts, "urls", "t1_c2") == "[]");
  CHECK(col(posts, "mentions") == "[bob]|[]|[]|[alice]|[frank]");  // U/frank: the same name again
  CHECK(col(posts, "mentions_kind") == "handle|null|null|handle|handle");
  CHECK(col(posts, "hashtags") == "null|null|null|null|null");
  CHECK(col(posts, "hashtags_folded") == "null|null|null|null|null");
  CHECK(col(posts, "urls_normalized") == "null|null|null|null|null");
  CHECK(col(posts, "likes") == "10|1|0|-2|1");
  CHECK(col(posts, "replies") == "3|0|0|null|null");
  CHECK(col(posts, "shares") == "null|null|null|null|null");
  CHECK(col(posts, "quotes") == "null|null|null|null|null");
  CHECK(col(posts, "views") == "null|null|null|null|null");
  CHECK(col(posts, "language") == "null|null|null|null|null");

  const Batch subs = host.collected("subreddits");
  CHECK(col(subs, "post_id") == "t3_abc|t3_def|t3_ghi|t1_c1|t1_c2");
  CHECK(col(subs, "subreddit") == "test|test|other|test|test");
  CHECK(col(subs, "subreddit_id") == "t5_t|null|t5_o|t5_t|t5_t");

  const Batch rej = host.collected("rejects");
  REQUIRE(rej.rows() == 6);
  CHECK(col(rej, "line") == "6|7|8|9|10|12");
  const Column& reason = rej.column("reason");
  CHECK(std::string(reason.str(0)).rfind("invalid JSON: ", 0) == 0);
  CHECK(reason.str(1) == "not a JSON object but an array");
  CHECK(reason.str(2) ==
        "neither a submission (no 'title', no t3_ 'name') nor a comment (no 'link_id' or 'parent_id', no t1_ 'name')");
  CHECK(reason.str(3) == "created_utc: missing");
  CHECK(reason.str(4) == "created_utc: 'yesterday' is not epoch seconds (an integer, a float or a string of one)");
  CHECK(reason.str(5) == "id: is a number, not a non-empty string (and no 'name')");
  CHECK(rej.column("raw").str(1) == "[1,2]");
  CHECK(host.logged(CHORUS_LOG_INFO, "3 submission(s) and 2 comment(s)"));
  CHECK(host.logged(CHORUS_LOG_INFO, "1 blank line(s) skipped"));
  CHECK(host.logged(CHORUS_LOG_WARN, "6 line(s) rejected"));
}

}  // namespace

TEST_CASE("ingest/reddit: submissions and comments, plain NDJSON", "[ingest-reddit]") {
  TempDir dir;
  const std::string path = dir.write("RC_2017-07", kLines);
  FakeHost host;
  add_types(host);
  host.pipeline_dir = dir.path();
  REQUIRE(host.run<RedditStage>({{"path", "RC_*"}}) == 0);
  check_fixture(host, path);
}

TEST_CASE("ingest/reddit: zstd with a window beyond the default limit, gzip", "[ingest-reddit]") {
  TempDir dir;
  // windowLog 28 (256 MiB) > ZSTD_WINDOWLOG_LIMIT_DEFAULT (27): like the
  // Pushshift dumps (windowLog 31), the frame cannot be read by a decoder
  // with default settings. Only the header declares the window; the
  // buffers are allocated but the pages of a small input are never touched.
  const std::string z = zstd_compress(kLines, 28);
  REQUIRE(ZSTD_getFrameContentSize(z.data(), z.size()) == ZSTD_CONTENTSIZE_UNKNOWN);
  CHECK(default_decoder_error(z) == ZSTD_error_frameParameter_windowTooLarge);
  const std::string path = dir.write("RS_2017-07.zst", z);
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<RedditStage>({{"path", path}}) == 0);
  check_fixture(host, path);
  CHECK(host.logged(CHORUS_LOG_INFO, "(1 zstd)"));

  // Two concatenated frames (a small window this time) split inside a line,
  // read as one stream; the name does not matter, the magic bytes do.
  const std::string half1 = kLines.substr(0, 500);
  const std::string half2 = kLines.substr(half1.size());
  const std::string two = dir.write("dump.bin", zstd_compress(half1, 0, true) + zstd_compress(half2, 0));
  REQUIRE(host.run<RedditStage>({{"path", two}}) == 0);
  check_fixture(host, two);

  // gzip through io/common.
  const std::string gz = dir.file("RC_2017-07.gz");
  {
    gzFile g = gzopen(gz.c_str(), "wb");
    REQUIRE(g);
    gzwrite(g, kLines.data(), static_cast<unsigned>(kLines.size()));
    gzclose(g);
  }
  REQUIRE(host.run<RedditStage>({{"path", gz}}) == 0);
  check_fixture(host, gz);

  // A truncated zstd file is an error of the run, not a silent end.
  const std::string cut = dir.write("RC_cut.zst", z.substr(0, z.size() - 7));
  CHECK(host.run<RedditStage>({{"path", cut}}) != 0);
  CHECK(host.last_error().find("truncated") != std::string::npos);
}

TEST_CASE("ingest/reddit: batches, fingerprint, infer, cancel", "[ingest-reddit]") {
  TempDir dir;
  const std::string path = dir.write("RC_x", kLines);
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<RedditStage>({{"path", path}, {"batch_rows", 2}, {"campaign", "r:test"}, {"state", "RU"}}) == 0);
  CHECK(host.outputs["posts"].size() == 3);
  CHECK(host.outputs["subreddits"].size() == 3);
  CHECK(host.outputs["rejects"].size() == 3);
  CHECK(col(host.collected("posts"), "campaign") == "r:test|r:test|r:test|r:test|r:test");
  CHECK(col(host.collected("posts"), "state") == "RU|RU|RU|RU|RU");
  CHECK(host.last_progress() == 5);

  REQUIRE(host.fingerprint<RedditStage>({{"path", path}}) == 0);
  CHECK(host.input_files == std::vector<std::string>{path});
  REQUIRE(host.infer<RedditStage>({{"path", path}}) == 0);
  auto types = host.output_types();
  CHECK(types["posts"].name == "posts");
  CHECK(chorus::sdk::testing::schema_text(types["subreddits"].columns) ==
        "post_id:utf8,subreddit:utf8,subreddit_id:utf8");
  CHECK(host.infer<RedditStage>({{"path", path}, {"batch_rows", 0}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.last_error() == "with.batch_rows: expected a number >= 1, got 0");
  CHECK(host.infer<RedditStage>({{"path", path}, {"state", 7}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.last_error() == "with.state: expected a string, got 7");
  CHECK(host.infer<RedditStage>({{"path", path}, {"campaing", "x"}}) != 0);
  CHECK(host.last_error() == "with: unknown option 'campaing' (did you mean 'campaign'?)");
  CHECK(host.infer<RedditStage>({{"path", path}, {"campaign", nullptr}}) == 0);

  host.cancel = true;
  CHECK(host.run<RedditStage>({{"path", path}}) != 0);
  CHECK(host.last_error() == "cancelled");
}

TEST_CASE("ingest/reddit: the pipeline fixture, a 2 GiB-window zstd made by `zstd --long=31`", "[ingest-reddit]") {
  const std::string dir = kRepo + "/pipelines/data/reddit/";
  const std::string z = chorus::sdk::testing::read_file(dir + "RS_2022-02.zst");
  REQUIRE(!z.empty());
  // The frame declares a 2^31-byte window, as Pushshift's dumps do: a
  // default decoder refuses it, the stage reads it.
  CHECK(default_decoder_error(z) == ZSTD_error_frameParameter_windowTooLarge);
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<RedditStage>({{"path", dir + "R[CS]_2022-02*"}}) == 0);
  const Batch posts = host.collected("posts");
  CHECK(col(posts, "post_id") == "t1_c100|t1_c101|t1_c102|t3_s100|t3_s101|t3_s102");
  CHECK(col(posts, "interaction_type") == "comment|comment|comment|original|share|original");
  CHECK(col(posts, "target_post_id") == "t3_s100|t1_c100|t3_s100|null|t3_s100|null");
  CHECK(col(posts, "author_id") == "t2_d1|t2_d2|null|t2_p1|demo_user2|t2_d1");
  CHECK(col(posts, "replies") == "null|null|null|3|0|0");
  CHECK(col(host.collected("subreddits"), "subreddit") == "democity|democity|democity|democity|demo_news|democity");
  const Batch rej = host.collected("rejects");
  CHECK(col(rej, "line") == "4");
  CHECK(col(rej, "file") == dir + "RC_2022-02");
}

TEST_CASE("ingest/reddit: the option table's defaults are what the stage runs with", "[ingest-reddit]") {
  // Only `path`: no campaign or state, every row in one batch per port (batch_rows 65536).
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 500; ++i)
    lines += R"({"name": "t1_x)" + std::to_string(i) +
             R"(", "link_id": "t3_a", "parent_id": "t3_a", "created_utc": 1500000000, "body": "hi", "subreddit": "s"})"
             "\n";
  const std::string path = dir.write("RC_defaults", lines);
  FakeHost host;
  add_types(host);
  REQUIRE(host.run<RedditStage>({{"path", path}}) == 0);
  CHECK(host.outputs["posts"].size() == 1);
  CHECK(host.outputs["subreddits"].size() == 1);
  const Batch posts = host.collected("posts");
  CHECK(posts.rows() == 500);
  CHECK(cell_text(posts.column("campaign"), 0) == "null");
  CHECK(cell_text(posts.column("state"), 499) == "null");
}
