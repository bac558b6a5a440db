// The Arrow C Data Interface bridge, checked against the layout the Arrow
// specification publishes (bitmaps LSB first, int32 offsets, "+s" batches).
#include <catch2/catch.hpp>

#include <chorus/sdk/arrow_bridge.hpp>

using namespace chorus;

namespace {
Batch sample() {
  Batch b(Schema{{"flag", {TypeId::Bool}},
                 {"n", {TypeId::Int64}},
                 {"x", {TypeId::Float64}},
                 {"s", {TypeId::Utf8}},
                 {"t", {TypeId::Timestamp, TimeUnit::Milli}},
                 {"tags", {TypeId::ListUtf8}}});
  b.column(0).append_bool(true);
  b.column(0).append_null();
  b.column(0).append_bool(false);
  b.column(1).append_int(-7);
  b.column(1).append_int(42);
  b.column(1).append_null();
  b.column(2).append_double(0.5);
  b.column(2).append_null();
  b.column(2).append_double(-2.25);
  b.column(3).append_string("é");
  b.column(3).append_string("");
  b.column(3).append_null();
  b.column(4).append_int(1614830767500);
  b.column(4).append_null();
  b.column(4).append_int(0);
  b.column(5).append_list(std::vector<std::string>{"a", "bc"});
  b.column(5).append_null();
  b.column(5).append_list(std::vector<std::string>{});
  return b;
}
}  // namespace

TEST_CASE("exported batches follow the Arrow C layout", "[arrow]") {
  ArrowSchema s{};
  ArrowArray a{};
  arrow::export_batch(sample(), &s, &a);
  CHECK(std::string(s.format) == "+s");
  REQUIRE(s.n_children == 6);
  CHECK(std::string(s.children[0]->format) == "b");
  CHECK(std::string(s.children[4]->format) == "tsm:UTC");
  CHECK(std::string(s.children[5]->format) == "+l");
  CHECK(std::string(s.children[5]->children[0]->format) == "u");
  CHECK(std::string(s.children[3]->name) == "s");
  CHECK(a.length == 3);

  // bool: validity 0b101 (row 1 null), values 0b001.
  const ArrowArray& flag = *a.children[0];
  CHECK(flag.null_count == 1);
  CHECK((static_cast<const uint8_t*>(flag.buffers[0])[0] & 7) == 0b101);
  CHECK((static_cast<const uint8_t*>(flag.buffers[1])[0] & 1) == 1);
  CHECK((static_cast<const uint8_t*>(flag.buffers[1])[0] & 4) == 0);
  // int64 values in place.
  CHECK(static_cast<const int64_t*>(a.children[1]->buffers[1])[1] == 42);
  // utf8: offsets 0, 2 ("é" is two bytes), 2, 2.
  const int32_t* off = static_cast<const int32_t*>(a.children[3]->buffers[1]);
  CHECK(off[0] == 0);
  CHECK(off[1] == 2);
  CHECK(off[2] == 2);
  CHECK(off[3] == 2);
  // list offsets 0, 2, 2, 2 and the child holds "a", "bc".
  const int32_t* loff = static_cast<const int32_t*>(a.children[5]->buffers[1]);
  CHECK((loff[0] == 0 && loff[1] == 2 && loff[2] == 2 && loff[3] == 2));
  CHECK(a.children[5]->children[0]->length == 2);

  Batch back = arrow::import_batch(&s, &a);
  CHECK(s.release == nullptr);  // import released both structs
  CHECK(a.release == nullptr);
  REQUIRE(back.rows() == 3);
  CHECK(back.schema() == sample().schema());
  CHECK(back.column(0).boolean(0));
  CHECK(back.column(0).is_null(1));
  CHECK_FALSE(back.column(0).boolean(2));
  CHECK(back.column(1).int64(0) == -7);
  CHECK(back.column(1).is_null(2));
  CHECK(back.column(2).float64(2) == -2.25);
  CHECK(back.column(3).str(0) == "é");
  CHECK(back.column(3).str(1).empty());
  CHECK_FALSE(back.column(3).is_null(1));  // empty string is not null
  CHECK(back.column(3).is_null(2));
  CHECK(back.column(4).int64(0) == 1614830767500);
  CHECK(back.column(5).list_size(0) == 2);
  CHECK(back.column(5).list_item(0, 1) == "bc");
  CHECK(back.column(5).is_null(1));
  CHECK(back.column(5).list_size(2) == 0);
}

TEST_CASE("import honours child offsets of a sliced array built by hand", "[arrow]") {
  // An int64 column of 4 values viewed from offset 1 with length 2: [20, null].
  static int64_t values[] = {10, 20, 30, 40};
  static uint8_t validity[] = {0b1011};  // bit 2 (value 30) is null
  static const void* child_buffers[] = {validity, values};
  static ArrowArray child{
      2, 1, 1, 2, 0, child_buffers, nullptr, nullptr, [](ArrowArray* a) { a->release = nullptr; }, nullptr};
  static ArrowArray* children[] = {&child};
  static const void* top_buffers[] = {nullptr};
  ArrowArray top{2, 0, 0, 1, 1, top_buffers, children, nullptr, [](ArrowArray* a) { a->release = nullptr; }, nullptr};
  static ArrowSchema child_schema{"l",    "v",     nullptr, ARROW_FLAG_NULLABLE,
                                  0,      nullptr, nullptr, [](ArrowSchema* s) { s->release = nullptr; },
                                  nullptr};
  static ArrowSchema* schema_children[] = {&child_schema};
  ArrowSchema schema{"+s",   "", nullptr, 0, 1, schema_children, nullptr, [](ArrowSchema* s) { s->release = nullptr; },
                     nullptr};
  Batch b = arrow::import_batch(&schema, &top);
  REQUIRE(b.rows() == 2);
  CHECK(b.column(0).int64(0) == 20);
  CHECK(b.column(0).is_null(1));
}

TEST_CASE("unsupported Arrow formats are refused with the format named", "[arrow]") {
  ArrowSchema s{"+s", "", nullptr, 0, 0, nullptr, nullptr, [](ArrowSchema* x) { x->release = nullptr; }, nullptr};
  ArrowSchema child{"i",    "int32", nullptr, 0, 0, nullptr, nullptr, [](ArrowSchema* x) { x->release = nullptr; },
                    nullptr};
  CHECK_THROWS_WITH(arrow::type_of_format(child), "unsupported Arrow format 'i'");
  ArrowSchema local{"tsu:Europe/Paris", "t", nullptr, 0, 0, nullptr, nullptr, nullptr, nullptr};
  CHECK_THROWS_WITH(arrow::type_of_format(local), "timestamps must be UTC, got zone 'Europe/Paris'");
  (void)s;
}
