// normalize/posts, whole-range appends: append_range / append_nulls give the
// same buffers as Column::append_from / append_null, buffer for buffer, also
// with text under null cells.
#include <catch2/catch.hpp>

#include <chorus/sdk.hpp>
#include <chorus/sdk/random.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "column_append.hpp"
#include "random_text.hpp"

using chorus::Column;
using chorus::DataType;
using chorus::TypeId;
using chorus::sdk::SplitMix64;
using namespace chorus::normalize_posts;
using chorus::normalize_posts::test::random_text;

namespace {

// Every buffer of a column, for comparing two columns exactly.
std::string buffers(const Column& c) {
  std::string out;
  auto add = [&](const void* p, size_t n) {
    out.append(std::to_string(n)).push_back(':');
    out.append(static_cast<const char*>(p), n);
  };
  add(c.valid().data(), c.valid().size());
  add(c.ints().data(), c.ints().size() * sizeof(int64_t));
  add(c.doubles().data(), c.doubles().size() * sizeof(double));
  add(c.offsets().data(), c.offsets().size() * sizeof(int32_t));
  add(c.list_offsets().data(), c.list_offsets().size() * sizeof(int32_t));
  add(c.chars().data(), c.chars().size());
  return out;
}

Column random_column(SplitMix64& r, DataType t, int64_t rows) {
  Column c(t);
  for (int64_t i = 0; i < rows; ++i) {
    if (r.below(4) == 0) {
      c.append_null();
      continue;
    }
    switch (t.id) {
      case TypeId::Bool:
        c.append_bool(r.below(2) == 1);
        break;
      case TypeId::Int64:
      case TypeId::Timestamp:
        c.append_int(static_cast<int64_t>(r.next()));
        break;
      case TypeId::Float64:
        c.append_double(r.unit() - 0.5);
        break;
      case TypeId::Utf8:
        c.append_string(random_text(r, false));
        break;
      case TypeId::ListUtf8: {
        std::vector<std::string> items(r.below(4));
        for (auto& s : items) s = random_text(r, false);
        c.append_list(items);
        break;
      }
    }
  }
  return c;
}

// What a host may hand over under null cells: values, text, list items.
void dirty_nulls(Column& c) {
  for (int64_t i = 0; i < c.size(); ++i) {
    if (!c.is_null(i)) continue;
    if (c.type().id == TypeId::Float64)
      c.doubles()[i] = 2.5;
    else if (c.type().id != TypeId::Utf8 && c.type().id != TypeId::ListUtf8)
      c.ints()[i] = 7;
  }
  if (c.type().id == TypeId::Utf8) {  // rebuild with "junk" under every null
    Column d(c.type());
    for (int64_t i = 0; i < c.size(); ++i) {
      d.append_string(c.is_null(i) ? std::string_view("junk") : c.str(i));
      d.valid().back() = c.valid()[i];
    }
    c = d;
  }
  if (c.type().id == TypeId::ListUtf8) {  // one item under every null
    Column d(c.type());
    for (int64_t i = 0; i < c.size(); ++i) {
      std::vector<std::string_view> items;
      if (c.is_null(i))
        items.push_back("junk");
      else
        for (int64_t j = 0; j < c.list_size(i); ++j) items.push_back(c.list_item(i, j));
      d.append_list(items);
      d.valid().back() = c.valid()[i];
    }
    c = d;
  }
}

}  // namespace

TEST_CASE("normalize/posts: whole-range appends equal row-by-row appends", "[normalize.posts]") {
  SplitMix64 r(11);
  const DataType types[] = {{TypeId::Bool},
                            {TypeId::Int64},
                            {TypeId::Float64},
                            {TypeId::Utf8},
                            {TypeId::Timestamp, chorus::TimeUnit::Milli},
                            {TypeId::ListUtf8}};
  for (const DataType& t : types) {
    for (int round = 0; round < 40; ++round) {
      Column src = random_column(r, t, 1 + static_cast<int64_t>(r.below(60)));
      if (round % 2 == 1) dirty_nulls(src);
      Column fast = random_column(r, t, static_cast<int64_t>(r.below(5)));  // appended to a non-empty column
      Column slow = fast;
      for (int piece = 0; piece < 4; ++piece) {
        const int64_t begin = static_cast<int64_t>(r.below(static_cast<uint64_t>(src.size())));
        const int64_t n = static_cast<int64_t>(r.below(static_cast<uint64_t>(src.size() - begin) + 1));
        append_range(fast, src, begin, n);
        for (int64_t i = begin; i < begin + n; ++i) slow.append_from(src, i);
        const int64_t nulls = static_cast<int64_t>(r.below(3));
        append_nulls(fast, nulls);
        for (int64_t i = 0; i < nulls; ++i) slow.append_null();
      }
      INFO("type " << t.name() << ", round " << round);
      REQUIRE(buffers(fast) == buffers(slow));
    }
  }
  // A column of nulls with text under one of them still copies as append_from does.
  Column src(DataType{TypeId::Utf8});
  src.append_string("kept");
  src.append_string("junk");
  src.valid()[1] = 0;
  Column dst(DataType{TypeId::Utf8});
  append_range(dst, src, 0, 2);
  CHECK(dst.chars() == "kept");
  CHECK(dst.offsets() == std::vector<int32_t>{0, 4, 4});
  CHECK(dst.valid() == std::vector<uint8_t>{1, 0});
}
