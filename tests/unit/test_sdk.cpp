// The SDK's timestamp parser and formatter (chorus/sdk/time.hpp), shared by
// the io readers (truncating) and table/filter (exact, with reasons).
// Expected epochs were checked with `date -u -d ... +%s`.
#include <catch2/catch.hpp>

#include <chorus/sdk/time.hpp>

using chorus::TimeUnit;
using namespace chorus::time;

namespace {
int64_t ts(const char* s, TimeUnit u) {
  int64_t v = 0;
  if (!parse_timestamp(s, u, v)) FAIL("cannot parse " << s);
  return v;
}
bool bad(const char* s, TimeUnit u = TimeUnit::Micro) {
  int64_t v = 0;
  return !parse_timestamp(s, u, v);
}
}  // namespace

TEST_CASE("timestamps: ISO 8601 / RFC 3339 to epoch units", "[sdk][timestamp]") {
  CHECK(ts("2021-03-04T05:06:07.5+01:00", TimeUnit::Micro) == 1614830767500000);
  CHECK(ts("2021-03-04T05:06:07Z", TimeUnit::Second) == 1614834367);
  CHECK(ts("2021-03-04 05:06:07", TimeUnit::Second) == 1614834367);  // no zone: UTC
  CHECK(ts("2021-03-04t05:06:07z", TimeUnit::Second) == 1614834367);
  CHECK(ts("2021-03-04T05:06:07-05:30", TimeUnit::Second) == 1614854167);
  CHECK(ts("2021-03-04T05:06:07+0100", TimeUnit::Second) == 1614830767);
  CHECK(ts("2021-03-04T05:06Z", TimeUnit::Second) == 1614834360);
  CHECK(ts("2021-03-04", TimeUnit::Second) == 1614816000);
  CHECK(ts("2021-03-04", TimeUnit::Micro) == 1614816000000000);
  CHECK(ts("2020-02-29", TimeUnit::Second) == 1582934400);
  CHECK(ts("2000-02-29T12:00:00Z", TimeUnit::Second) == 951825600);
  CHECK(ts("1900-01-01T00:00:00Z", TimeUnit::Second) == -2208988800);
  CHECK(ts("1969-12-31T23:59:59.5Z", TimeUnit::Milli) == -500);
  CHECK(ts("2021-05-18T19:24:56.123456789Z", TimeUnit::Nano) == 1621365896123456789);
  CHECK(ts("2021-05-18T19:24:56.1239Z", TimeUnit::Milli) == 1621365896123);  // truncated
  CHECK(ts("2021-05-18T19:24:56.000Z", TimeUnit::Second) == 1621365896);
  // A plain integer is an epoch count in the column's unit.
  CHECK(ts("1614830767", TimeUnit::Second) == 1614830767);
  CHECK(ts("1614830767", TimeUnit::Milli) == 1614830767);
  CHECK(ts("-5", TimeUnit::Micro) == -5);
}

TEST_CASE("timestamps: invalid texts are refused", "[sdk][timestamp]") {
  CHECK(bad(""));
  CHECK(bad("abc"));
  CHECK(bad("2021-02-29"));  // 2021 is not a leap year
  CHECK(bad("2021-13-01"));
  CHECK(bad("2021-04-31"));
  CHECK(bad("2021-3-4"));
  CHECK(bad("2021-03-04T"));
  CHECK(bad("2021-03-04T24:00:00Z"));
  CHECK(bad("2021-03-04T05:60:00Z"));
  CHECK(bad("2021-03-04T05:06:07+01:00x"));
  CHECK(bad("2021-03-04T05:06:07."));
  CHECK(bad("2021-03-04X05:06:07"));
  CHECK(bad("2500-01-01T00:00:00Z", TimeUnit::Nano));  // beyond int64 nanoseconds
  CHECK(bad("99999999999999999999", TimeUnit::Second));
}

TEST_CASE("timestamps: formatting as ISO 8601 UTC", "[sdk][timestamp]") {
  CHECK(format_timestamp(1614830767500000, TimeUnit::Micro) == "2021-03-04T04:06:07.500000Z");
  CHECK(format_timestamp(1614816000, TimeUnit::Second) == "2021-03-04T00:00:00Z");
  CHECK(format_timestamp(1614816000000, TimeUnit::Milli) == "2021-03-04T00:00:00Z");
  CHECK(format_timestamp(-500, TimeUnit::Milli) == "1969-12-31T23:59:59.500Z");
  CHECK(format_timestamp(-1, TimeUnit::Second) == "1969-12-31T23:59:59Z");
  CHECK(format_timestamp(1621365896123456789, TimeUnit::Nano) == "2021-05-18T19:24:56.123456789Z");
  CHECK(format_timestamp(-2208988800, TimeUnit::Second) == "1900-01-01T00:00:00Z");
}

TEST_CASE("timestamps: the extreme instants of every unit read back (fuzz regression)", "[sdk][timestamp]") {
  // format(INT64_MIN ns) = 1677-09-21T00:12:43.145224192Z; parsing used to
  // overflow on seconds * 1e9 before adding the fraction. (Only nanoseconds
  // reach their int64 limits within the four-digit years ISO 8601 allows.)
  for (int64_t v : {INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1, int64_t(-1), int64_t(0)}) {
    int64_t back = 0;
    std::string text = format_timestamp(v, TimeUnit::Nano);
    INFO(text);
    REQUIRE(parse_timestamp(text, TimeUnit::Nano, back));
    CHECK(back == v);
  }
  for (TimeUnit u : {TimeUnit::Second, TimeUnit::Milli, TimeUnit::Micro}) {
    int64_t back = 0;
    REQUIRE(parse_timestamp(format_timestamp(-1, u), u, back));
    CHECK(back == -1);
  }
  CHECK(format_timestamp(INT64_MIN, TimeUnit::Nano) == "1677-09-21T00:12:43.145224192Z");
}

TEST_CASE("timestamps: civil date conversions agree both ways", "[sdk][timestamp]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2021, 3, 4) == 18690);  // 1614816000 / 86400
  CHECK(days_from_civil(1969, 12, 31) == -1);
  for (int64_t d = -800000; d <= 800000; d += 997) {
    CivilDate c = civil_from_days(d);
    REQUIRE(days_from_civil(c.year, c.month, c.day) == d);
    REQUIRE(c.day <= days_in_month(c.year, c.month));
  }
  // Formatting then parsing gives the value back, in every unit.
  for (TimeUnit u : {TimeUnit::Second, TimeUnit::Milli, TimeUnit::Micro, TimeUnit::Nano}) {
    for (int64_t v : {int64_t(0), int64_t(-1), int64_t(1614830767), int64_t(-987654321)}) {
      int64_t back = 0;
      REQUIRE(parse_timestamp(format_timestamp(v, u), u, back));
      CHECK(back == v);
    }
  }
}

namespace {
const ParseOptions kExact{Fraction::Exact, false};
// The reason an exact parse fails, "" on success (then *out holds the value).
std::string why(const char* s, TimeUnit u, int64_t* out = nullptr) {
  int64_t v = -1;
  ParseResult r = parse_timestamp(s, u, v, kExact);
  if (r && out) *out = v;
  return r.message();
}
}  // namespace

TEST_CASE("timestamps: exact parsing says why a text is refused", "[sdk][timestamp]") {
  int64_t v = -1;
  CHECK(why("1970-01-01", TimeUnit::Second, &v) == "");
  CHECK(v == 0);
  // 2000-02-29 is day 11016; 12:34:56 is 45296 s.
  CHECK(why("2000-02-29T12:34:56.789Z", TimeUnit::Milli, &v) == "");
  CHECK(v == (11016LL * 86400 + 45296) * 1000 + 789);
  CHECK(why("2000-02-29 12:34:56.789123456z", TimeUnit::Nano, &v) == "");
  CHECK(v == (11016LL * 86400 + 45296) * 1000000000 + 789123456);
  CHECK(why("1969-12-31T23:59:59Z", TimeUnit::Micro, &v) == "");
  CHECK(v == -1000000);
  CHECK(why("1970-01-01T00:00:00-05:30", TimeUnit::Second, &v) == "");
  CHECK(v == 5 * 3600 + 30 * 60);
  CHECK(why("2021-05-18T19:24:56.000Z", TimeUnit::Second, &v) == "");  // zeros are exact
  CHECK(v == 1621365896);
  CHECK(why("2023-02-29", TimeUnit::Second) == "has day 29 out of 1..28");
  CHECK(why("2024-13-01", TimeUnit::Second) == "has month 13 out of 1..12");
  CHECK(why("2024-01-01T00:00:00.5Z", TimeUnit::Second) == "has a fraction of a second finer than the column unit");
  CHECK(why("2024-01-01T00:00:00.1234Z", TimeUnit::Milli) == "has a fraction of a second finer than the column unit");
  CHECK(why("2024-01-01T00:00:00.1234567890Z", TimeUnit::Nano) == "has more than 9 fractional digits");
  CHECK(why("1600-01-01", TimeUnit::Nano) == "is out of the range of the column unit");
  CHECK(why("2024-01-01T24:00:00Z", TimeUnit::Second) == "has a time of day out of range");
  CHECK(why("2024-01-01T10:00:00+24:00", TimeUnit::Second) == "has a zone offset out of range");
  const std::string syntax = "is not an ISO 8601 timestamp (expected e.g. 2024-01-31 or 2024-01-31T12:00:00Z)";
  CHECK(why("01/02/2024", TimeUnit::Second) == syntax);
  CHECK(why("2024-01-01T10:00:00Zjunk", TimeUnit::Second) == syntax);
  CHECK(why("1704067200", TimeUnit::Second) == syntax);  // epoch_integers off
}

TEST_CASE("timestamps: the default (truncating) parse reports its reasons too", "[sdk][timestamp]") {
  int64_t v = 7;
  ParseResult r = parse_timestamp("2021-02-29", TimeUnit::Second, v);
  CHECK_FALSE(r);
  CHECK(r.error == ParseError::Day);
  CHECK(r.message() == "has day 29 out of 1..28");
  CHECK(v == 7);  // untouched on failure
  CHECK(parse_timestamp("99999999999999999999", TimeUnit::Second, v).error == ParseError::OutOfRange);
  CHECK(parse_timestamp("2021-03-04X", TimeUnit::Second, v).error == ParseError::Syntax);
  // Digits beyond the unit, even past nanoseconds, are dropped.
  REQUIRE(parse_timestamp("2021-05-18T19:24:56.1239999999999Z", TimeUnit::Milli, v));
  CHECK(v == 1621365896123);
}

// --- The other SDK helpers the plugins share --------------------------------
// (They live here because this is the SDK's unit-test file; the plugins'
// tests exercise them end to end.)

#include <chorus/sdk/suggest.hpp>
#include <chorus/sdk/testing.hpp>

#include <fstream>
#include <sstream>

namespace {
using namespace chorus::sdk::testing;

// Exports a batch, lets `edit` tamper with the Arrow structs, imports it back.
template <class F>
Batch round_trip(Batch b, F edit) {
  ArrowSchema s{};
  ArrowArray a{};
  chorus::arrow::export_batch(std::move(b), &s, &a);
  edit(a);
  return chorus::arrow::import_batch(&s, &a);
}
}  // namespace

TEST_CASE("sdk: Column::truncate drops a half-appended row of every type", "[sdk]") {
  Batch b = batch(schema({{"i", "int64"}, {"f", "float64"}, {"s", "utf8"}, {"l", "list<utf8>"}, {"b", "bool"}}),
                  {{int64_t{1}, 1.5, "ab", StrList{"x", "yz"}, true}});
  b.column(0).append_int(2);
  b.column(1).append_double(2.5);
  b.column(2).append_string("cdef");
  b.column(3).append_list(StrList{"u", "v", "w"});
  b.column(4).append_null();
  for (size_t c = 0; c < b.num_columns(); ++c) b.column(c).truncate(1);
  b.validate();
  CHECK(b.column(2).chars() == "ab");
  CHECK(b.column(2).offsets() == std::vector<int32_t>{0, 2});
  CHECK(b.column(3).chars() == "xyz");
  CHECK(b.column(3).offsets() == std::vector<int32_t>{0, 1, 3});
  CHECK(b.column(3).list_offsets() == std::vector<int32_t>{0, 2});
  b.column(2).append_string("q");
  CHECK(col(b, "s") == "ab|q");
  b.column(2).truncate(5);  // fewer rows than that: nothing to do
  CHECK(b.column(2).size() == 2);
  b.column(2).reserve_chars(1000);
  CHECK(b.column(2).chars().capacity() >= 1000);
}

TEST_CASE("sdk: bulk Arrow import keeps null slots empty and honours list child offsets", "[sdk][arrow]") {
  Schema s = schema({{"i", "int64"}, {"f", "float64"}, {"s", "utf8"}, {"l", "list<utf8>"}, {"b", "bool"}});
  Batch in = batch(s, {{int64_t{1}, 1.5, "ab", StrList{"x"}, true},
                       {null, null, null, null, null},
                       {int64_t{3}, -2.0, "", StrList{}, false},
                       {int64_t{4}, 4.0, "cd", StrList{"y", "z"}, true}});
  Batch plain = round_trip(in, [](ArrowArray&) {});
  for (const char* c : {"i", "f", "s", "l", "b"}) CHECK(col(plain, c) == col(in, c));
  CHECK(plain.column("i").ints() == std::vector<int64_t>{1, 0, 3, 4});  // null slot zeroed
  CHECK(plain.column("s").offsets() == in.column("s").offsets());

  // A producer whose null slots hold garbage values: read as nulls, stored as 0.
  std::vector<int64_t> garbage = {1, 99, 3, 4};
  Batch g = round_trip(in, [&](ArrowArray& a) { a.children[0]->buffers[1] = garbage.data(); });
  CHECK(g.column("i").ints() == std::vector<int64_t>{1, 0, 3, 4});

  // A null utf8 slot covering text (legal in Arrow): still null, no text kept.
  std::vector<int32_t> offs = {0, 2, 3, 3, 5};
  std::string chars = "abXcd";
  Batch t = round_trip(in, [&](ArrowArray& a) {
    a.children[2]->buffers[1] = offs.data();
    a.children[2]->buffers[2] = chars.data();
  });
  CHECK(col(t, "s") == "ab|null||cd");
  CHECK(t.column("s").chars() == "abcd");

  // Offsets that do not start at 0, and a list child viewed from offset 1.
  std::vector<int32_t> shifted = {5, 7, 7, 7, 9};
  std::string text = "-----abcd";
  std::vector<int32_t> item_offs = {0, 1, 2, 3, 4};  // "h" "x" "y" "z"
  std::string items = "hxyz";
  std::vector<int32_t> list_offs = {0, 1, 1, 1, 3};
  Batch u = round_trip(in, [&](ArrowArray& a) {
    a.children[2]->buffers[1] = shifted.data();
    a.children[2]->buffers[2] = text.data();
    ArrowArray& child = *a.children[3]->children[0];
    child.offset = 1;
    child.length = 3;
    child.buffers[1] = item_offs.data();
    child.buffers[2] = items.data();
    a.children[3]->buffers[1] = list_offs.data();
  });
  CHECK(col(u, "s") == "ab|null||cd");
  CHECK(u.column("s").offsets() == std::vector<int32_t>{0, 2, 2, 2, 4});
  CHECK(col(u, "l") == "[x]|null|[]|[y,z]");
}

TEST_CASE("sdk: closest_match follows the host's did-you-mean rule", "[sdk]") {
  using chorus::sdk::closest_match;
  using chorus::sdk::did_you_mean;
  const std::vector<std::string> cols = {"amount", "region", "Paid"};
  CHECK(closest_match("amout", cols) == "amount");
  CHECK(closest_match("regoin", cols) == "region");  // a swap counts once
  CHECK(closest_match("paid", cols) == "Paid");      // case is ignored
  CHECK(closest_match("zzzzzz", cols) == "");
  CHECK(closest_match("m", {"n"}) == "");  // nothing in common
  CHECK(did_you_mean("amout", cols, "columns") == " (did you mean 'amount'?)");
  CHECK(did_you_mean("xyz", cols, "columns") == " (columns: amount, region, Paid)");
  CHECK(did_you_mean("xyz", cols) == "");
  CHECK(did_you_mean("xyz", {}, "columns") == "");
}

namespace {
// Reports its input types, reads everything, and echoes what port_types says.
struct Probe : chorus::sdk::Stage {
  static constexpr const char* type = "test/probe";
  static constexpr const char* description = "test";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = "{}";
  static constexpr const char* ports =
      R"({"inputs": [{"name": "in", "type": "any"}], "outputs": [{"name": "out", "type": "any"}]})";
  std::optional<PortTypes> infer(const Json&, const PortTypes& in, chorus::sdk::Context&) override {
    return PortTypes{{"out", in.at("in")}};
  }
  void run(const Json& config, chorus::sdk::Context& ctx) override {
    Batch b;
    int64_t rows = 0;
    while (!ctx.cancelled() && ctx.read("in", b)) ctx.progress(rows += b.rows());
    auto in = ctx.input_type("in");
    auto out = ctx.output_type("out");
    ctx.info(std::string("in: ") + (in ? in->name + " " + schema_text(in->columns) : "none"));
    ctx.info(std::string("out: ") + (out ? schema_text(out->columns) : "none"));
    ctx.info("dir: " + ctx.resolve_path("x"));
    if (auto t = ctx.dataset_type(config.value("type", "rejects"))) ctx.info("type: " + schema_text(*t));
    ctx.add_input_file("/nowhere");
    Batch one(schema({{"n", "int64"}}));
    one.column(0).append_int(rows);
    ctx.emit("out", std::move(one));
  }
};
}  // namespace

TEST_CASE("sdk: the fake host serves port types, dataset types and failure modes", "[sdk]") {
  FakeHost host;
  Schema s = schema({{"n", "int64"}, {"t", "timestamp[ms]"}});
  host.inputs["in"] = {batch(s, {{int64_t{1}, int64_t{2}}}), batch(s, {{int64_t{3}, null}})};
  host.pipeline_dir = "/data";
  SECTION("types from the first batch, outputs from the last infer") {
    REQUIRE(host.infer<Probe>(Json::object()) == 0);
    CHECK(schema_text(host.output_types()["out"].columns) == "n:int64,t:timestamp[ms]");
    REQUIRE(host.run<Probe>(Json::object()) == 0);
    CHECK(host.logged(CHORUS_LOG_INFO, "in:  n:int64,t:timestamp[ms]"));
    CHECK(host.logged(CHORUS_LOG_INFO, "out: n:int64,t:timestamp[ms]"));
    CHECK(host.logged(CHORUS_LOG_INFO, "dir: /data/x"));
    CHECK(host.logged(CHORUS_LOG_INFO, "type: file:utf8,line:int64,reason:utf8,raw:utf8"));
    CHECK(host.progress == std::vector<int64_t>{1, 2});
    CHECK(host.last_progress() == 2);
    CHECK(host.reads == 2);
    CHECK(host.input_files == std::vector<std::string>{"/nowhere"});
    CHECK(col(host.outputs["out"], "n") == "2");
  }
  SECTION("explicit input types, no batch") {
    host.inputs.clear();
    host.input_types["in"] = {"events", s};
    REQUIRE(host.run<Probe>(Json::object()) == 0);
    CHECK(host.logged(CHORUS_LOG_INFO, "in: events n:int64,t:timestamp[ms]"));
    CHECK(host.logged(CHORUS_LOG_INFO, "out: none"));
    CHECK(col(host.outputs["out"], "n") == "0");
    // infer<S>(config) passes the same input types.
    REQUIRE(host.infer<Probe>(Json::object()) == 0);
    CHECK(host.output_types()["out"].name == "events");
  }
  SECTION("cancel after one read, refused emits, unreadable inputs") {
    host.cancel_after_reads = 1;
    REQUIRE(host.run<Probe>(Json::object()) == 0);
    CHECK(host.reads == 1);
    CHECK(col(host.outputs["out"], "n") == "1");
    host.refuse_emit = true;
    CHECK(host.run<Probe>(Json::object()) != 0);
    CHECK(host.last_error() == "output port 'out' refused the batch");
    CHECK(host.outputs.empty());  // records start afresh with each call
    host.refuse_emit = false;
    host.unreadable_inputs = {"in"};
    CHECK(host.run<Probe>(Json::object()) != 0);
    CHECK(host.last_error() == "input 'in' could not be read");
  }
}

TEST_CASE("sdk: the fake host's rejects type is schemas/datasets/rejects.json", "[sdk]") {
  std::ifstream in(std::string(CHORUS_TEST_SOURCE_DIR) + "/schemas/datasets/rejects.json");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(Json::parse(text.str()) == Json::parse(kRejectsDatasetType));
}
