// BatchSpool: batches come back in order and equal, from memory or from the
// temporary file, for every column type.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <chorus/sdk/testing.hpp>

#include "batch_spool.hpp"

namespace ts = chorus::table_shuffle;
using namespace chorus::sdk::testing;

namespace {

Schema all_types() {
  return schema(
      {{"b", "bool"}, {"i", "int64"}, {"f", "float64"}, {"s", "utf8"}, {"t", "timestamp[ns]"}, {"l", "list<utf8>"}});
}

std::vector<Batch> three_batches() {
  const Schema s = all_types();
  return {batch(s, {{true, int64_t{-1}, 0.25, "é", int64_t{1700000000000000000}, StrList{"a", ""}},
                    {null, null, null, null, null, null}}),
          batch(s, {}), batch(s, {{false, int64_t{9}, -2.5, "", int64_t{0}, StrList{}}})};
}

std::string dump(const std::vector<Batch>& bs) {
  std::string out;
  for (const auto& name : {"b", "i", "f", "s", "t", "l"}) out += std::string(name) + "=" + col(bs, name) + ";";
  return out;
}

}  // namespace

TEST_CASE("BatchSpool gives the batches back in order, in memory or from its file", "[table][shuffle]") {
  const std::string expected =
      "b=true|null|false;i=-1|null|9;f=0.25|null|-2.5;s=é|null|;t=1700000000000000000|null|0;l=[a,]|null|[];";
  for (size_t limit : {size_t(0), size_t(60), size_t(1) << 20}) {
    ts::BatchSpool spool(all_types(), limit);
    for (auto b : three_batches()) spool.push(std::move(b));
    CHECK(spool.spilled() == (limit < 100));
    CHECK((spool.spilled_bytes() > 0) == spool.spilled());
    std::vector<Batch> out;
    Batch b;
    while (spool.pop(b)) {
      b.validate();
      CHECK(b.schema() == all_types());
      out.push_back(std::move(b));
    }
    REQUIRE(out.size() == 3);
    CHECK(out[1].rows() == 0);
    CHECK(dump(out) == expected);
    CHECK_FALSE(spool.pop(b));
  }
}
