// Column selection (ABI 1.1 select_columns): the host and the fake host hand
// a stage only the columns it selected, in its order; a name the port lacks
// is an error naming it; an older host without the call hands every column.
#include <catch2/catch.hpp>

#include <chorus/sdk.hpp>
#include <chorus/sdk/testing.hpp>

#include "data/dataset.hpp"
#include "plugin/registry.hpp"
#include "plugin/stage_call.hpp"

using namespace chorus;
using chorus::sdk::Json;

namespace {

// Selects with.columns (and with.optional) on "in", then reports for every
// batch the column names it saw and the sum of "n" when it has one.
struct Picker : sdk::Stage {
  static constexpr const char* type = "test/picker";
  static constexpr const char* description = "test";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = "{}";
  static constexpr const char* ports =
      R"({"inputs":[{"name":"in","type":"any"}],"outputs":[{"name":"out","type":"any"}]})";
  static Schema out_schema() {
    return {{"seen", {TypeId::Utf8}}, {"rows", {TypeId::Int64}}, {"n_sum", {TypeId::Int64}}};
  }
  std::optional<sdk::PortTypes> infer(const Json&, const sdk::PortTypes&, sdk::Context&) override {
    return sdk::PortTypes{{"out", {"", out_schema()}}};
  }
  void run(const Json& config, sdk::Context& ctx) override {
    if (config.contains("columns"))
      ctx.select("in", config["columns"].get<std::vector<std::string>>(),
                 config.value("optional", std::vector<std::string>{}));
    Batch in, out(out_schema());
    while (ctx.read("in", in)) {
      std::string seen;
      for (const auto& f : in.schema()) seen += (seen.empty() ? "" : ",") + f.name;
      int64_t sum = 0;
      if (in.index_of("n") >= 0)
        for (int64_t r = 0; r < in.rows(); ++r) sum += in.column("n").int64(r);
      out.column(0).append_string(seen);
      out.column(1).append_int(in.rows());
      out.column(2).append_int(sum);
    }
    ctx.emit("out", std::move(out));
  }
};

Schema wide() {
  return {{"n", {TypeId::Int64}}, {"text", {TypeId::Utf8}}, {"tags", {TypeId::ListUtf8}}, {"x", {TypeId::Float64}}};
}

Batch rows(int64_t from, int64_t count) {
  Batch b(wide());
  for (int64_t v = from; v < from + count; ++v) {
    b.column(0).append_int(v);
    b.column(1).append_string(std::string(50, 'a'));
    b.column(2).append_list(std::vector<std::string>{"t" + std::to_string(v)});
    b.column(3).append_double(0.5);
  }
  return b;
}

// A dataset of `batches` batches of 10 rows; a small memory limit spills it.
DatasetPtr dataset(int64_t first, int batches, size_t memory_limit) {
  DatasetWriter w("", wide(), memory_limit);
  for (int i = 0; i < batches; ++i) w.append(rows(first + 10 * i, 10));
  return w.finish();
}

struct Call {
  StageInfo info;
  StageCall call;
  Call(std::vector<DatasetPtr> upstreams) {
    info.type = Picker::type;
    info.api = sdk::stage_api<Picker>();
    call.info = &info;
    call.expect_outputs({{"in", {"", wide()}}}, {{"out", {"", Picker::out_schema()}}});
    call.inputs["in"] = std::move(upstreams);
  }
  Batch output() {
    auto d = call.outputs.at("out").finish();
    REQUIRE(d->batch_count() == 1);
    return d->batch(0);
  }
};

}  // namespace

TEST_CASE("host: a stage reads only the columns it selected, across spilled and in-memory upstreams",
          "[column-selection]") {
  auto spilled = dataset(0, 3, 100);
  auto in_memory = dataset(100, 2, SIZE_MAX);
  REQUIRE(spilled->spilled());
  REQUIRE_FALSE(in_memory->spilled());
  Call c({spilled, in_memory});
  REQUIRE(c.call.run(Json{{"columns", {"x", "n"}}, {"optional", {"tags", "absent"}}}.dump()));
  Batch out = c.output();
  REQUIRE(out.rows() == 5);
  for (int64_t r = 0; r < 5; ++r) {
    CHECK(out.column("seen").str(r) == "x,n,tags");
    CHECK(out.column("rows").int64(r) == 10);
  }
  // Sum of 0..9, 10..19, 20..29 (spilled), then 100..109, 110..119.
  CHECK(out.column("n_sum").int64(0) == 45);
  CHECK(out.column("n_sum").int64(2) == 245);
  CHECK(out.column("n_sum").int64(3) == 1045);
  CHECK(out.column("n_sum").int64(4) == 1145);
}

TEST_CASE("host: selecting a column the port lacks fails and names it", "[column-selection]") {
  Call c({dataset(0, 1, SIZE_MAX)});
  CHECK_FALSE(c.call.run(Json{{"columns", {"n", "nope"}}}.dump()));
  CHECK(c.call.error == "input 'in': cannot select columns: it has no column 'nope'");
}

TEST_CASE("host: without a selection every column comes, in schema order", "[column-selection]") {
  Call c({dataset(0, 2, 100)});
  REQUIRE(c.call.run("{}"));
  Batch out = c.output();
  CHECK(out.column("seen").str(0) == "n,text,tags,x");
  CHECK(out.column("n_sum").int64(1) == 145);
}

TEST_CASE("sdk: the fake host projects as the host does, and an older host hands every column",
          "[column-selection][sdk]") {
  sdk::testing::FakeHost host;
  host.inputs["in"] = {rows(0, 4)};
  REQUIRE(host.run<Picker>(Json{{"columns", {"tags"}}, {"optional", {"n"}}}) == 0);
  CHECK(host.selected["in"] == std::vector<std::string>{"tags", "n"});
  Batch out = host.collected("out");
  CHECK(out.column("seen").str(0) == "tags,n");
  CHECK(out.column("n_sum").int64(0) == 6);

  CHECK(host.run<Picker>(Json{{"columns", {"missing"}}}) != 0);
  CHECK(host.errors.front() == "select_columns on 'in': no column 'missing'");

  // A host of ABI 1.0 has no select_columns: its struct ends before it.
  chorus_host_api old = *host.api();
  old.struct_size = offsetof(chorus_host_api, select_columns);
  old.select_columns = nullptr;
  host.outputs.clear();
  REQUIRE(sdk::stage_api<Picker>()->run(&old, &host, Json{{"columns", {"tags"}}}.dump().c_str()) == 0);
  CHECK(host.collected("out").column("seen").str(0) == "n,text,tags,x");
}
