// Dataset hashing, the DAG, and the cache key: small pieces with exact answers.
#include <catch2/catch.hpp>

#include "data/dataset.hpp"
#include "graph/dag.hpp"
#include "util/hash.hpp"

using namespace chorus;

namespace {
Batch numbers(std::initializer_list<int64_t> values) {
  Batch b(Schema{{"n", {TypeId::Int64}}});
  for (auto v : values) b.column(0).append_int(v);
  return b;
}

// The same batches written twice: kept in memory, and spilled once past
// memory_limit bytes. fill(batch, v) appends row v (v counts from 0).
template <class Fill>
std::pair<DatasetPtr, DatasetPtr> memory_and_spilled(const Schema& s, int batches, int rows, size_t memory_limit,
                                                     Fill fill) {
  DatasetWriter small("", s), spilling("", s, memory_limit);
  for (int b = 0; b < batches; ++b) {
    Batch batch(s);
    for (int r = 0; r < rows; ++r) fill(batch, int64_t{b} * rows + r);
    Batch copy = batch;
    small.append(std::move(batch));
    spilling.append(std::move(copy));
  }
  return {small.finish(), spilling.finish()};
}
}  // namespace

TEST_CASE("SHA-256 matches the published test vector", "[hash]") {
  // FIPS 180-2, appendix B.1.
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("length-prefixed fields keep ('ab','c') and ('a','bc') apart", "[hash]") {
  Sha256 a, b;
  a.field("ab");
  a.field("c");
  b.field("a");
  b.field("bc");
  CHECK(a.hex() != b.hex());
}

TEST_CASE("dataset hashes depend on values, not on batch boundaries", "[dataset]") {
  Schema s{{"n", {TypeId::Int64}}};
  std::vector<Batch> one, two;
  one.push_back(numbers({1, 2, 3}));
  two.push_back(numbers({1}));
  two.push_back(numbers({2, 3}));
  CHECK(dataset_hash(s, one) == dataset_hash(s, two));
  std::vector<Batch> other;
  other.push_back(numbers({1, 2, 4}));
  CHECK(dataset_hash(s, one) != dataset_hash(s, other));
  // A null and an empty string are different values.
  Schema t{{"s", {TypeId::Utf8}}};
  Batch with_null(t), with_empty(t);
  with_null.column(0).append_null();
  with_empty.column(0).append_string("");
  std::vector<Batch> a, b;
  a.push_back(std::move(with_null));
  b.push_back(std::move(with_empty));
  CHECK(dataset_hash(t, a) != dataset_hash(t, b));
  // The column name is part of the schema, hence of the hash.
  Schema renamed{{"m", {TypeId::Int64}}};
  Batch m(renamed);
  for (int64_t v : {1, 2, 3}) m.column(0).append_int(v);
  std::vector<Batch> as_m;
  as_m.push_back(std::move(m));
  CHECK(dataset_hash(renamed, as_m) != dataset_hash(s, one));
  // A batch whose schema differs from the dataset's is refused.
  CHECK_THROWS_WITH(dataset_hash(renamed, one), "batch schema differs from the dataset's");
}

TEST_CASE("a dataset past its memory limit spills to disk and reads back the same", "[dataset]") {
  Schema s{{"n", {TypeId::Int64}}, {"s", {TypeId::Utf8}}, {"l", {TypeId::ListUtf8}}};
  // 1000 bytes: spills after the first batches.
  auto [in_memory, spilled] = memory_and_spilled(s, 20, 50, 1000, [](Batch& batch, int64_t v) {
    batch.column(0).append_int(v);
    if (v % 7 == 0)
      batch.column(1).append_null();
    else
      batch.column(1).append_string("text " + std::to_string(v));
    batch.column(2).append_list(std::vector<std::string>{"a", std::to_string(v)});
  });
  CHECK_FALSE(in_memory->spilled());
  CHECK(spilled->spilled());
  CHECK(spilled->rows == 1000);
  CHECK(spilled->hash == in_memory->hash);
  REQUIRE(spilled->batch_count() == 20);
  Batch b13 = spilled->batch(13);
  CHECK(b13.column(0).int64(0) == 650);
  CHECK(b13.column(1).is_null(1));  // 651 = 7 * 93
  CHECK(b13.column(1).str(2) == "text 652");
  CHECK(b13.column(2).list_item(49, 1) == "699");
}

TEST_CASE("a projection reads only the chosen columns, in memory and spilled alike", "[dataset]") {
  Schema s{{"n", {TypeId::Int64}}, {"s", {TypeId::Utf8}}, {"l", {TypeId::ListUtf8}}, {"x", {TypeId::Float64}}};
  auto [memory, spilled] = memory_and_spilled(s, 6, 30, 500, [](Batch& batch, int64_t v) {
    batch.column(0).append_int(v);
    batch.column(1).append_string("s" + std::to_string(v));
    batch.column(2).append_list(std::vector<std::string>{std::to_string(v), "z"});
    if (v % 5 == 0)
      batch.column(3).append_null();
    else
      batch.column(3).append_double(v / 2.0);
  });
  REQUIRE(spilled->spilled());
  CHECK(spilled->column_index("x") == 3);
  CHECK(spilled->column_index("missing") == SIZE_MAX);
  // Out of order and not adjacent (x, then n), and adjacent (s, l).
  for (const auto& d : {memory, spilled}) {
    const std::vector<size_t> x_n{3, 0}, s_l{1, 2}, none{};
    Batch p = d->batch(4, &x_n);
    REQUIRE(p.num_columns() == 2);
    CHECK(p.schema()[0].name == "x");
    CHECK(p.schema()[1].name == "n");
    CHECK(p.rows() == 30);
    CHECK(p.column(1).int64(7) == 127);
    CHECK(p.column(0).float64(7) == 63.5);
    CHECK(p.column(0).is_null(10));  // 130 = 5 * 26
    Batch q = d->batch(5, &s_l);
    CHECK(q.column(0).str(29) == "s179");
    CHECK(q.column(1).list_item(29, 0) == "179");
    CHECK(q.column(1).list_size(29) == 2);
    CHECK(d->batch(2, &none).rows() == 30);
  }
}

TEST_CASE("find_cycle returns the cycle's path; topological order follows the file", "[dag]") {
  Dag acyclic{4, {{0, 2}, {1, 2}, {2, 3}}};
  CHECK_FALSE(find_cycle(acyclic));
  CHECK(topological_order(acyclic) == std::vector<size_t>{0, 1, 2, 3});
  Dag reversed{3, {{2, 1}, {1, 0}}};
  CHECK(topological_order(reversed) == std::vector<size_t>{2, 1, 0});
  Dag cyclic{4, {{0, 1}, {1, 2}, {2, 3}, {3, 1}}};
  auto cycle = find_cycle(cyclic);
  REQUIRE(cycle);
  CHECK(*cycle == std::vector<size_t>{1, 2, 3});
  CHECK(topological_order(cyclic) == std::vector<size_t>{0});
}
