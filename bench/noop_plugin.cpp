// bench/noop: an empty stage for measuring the runner's own cost per stage.
// It reads (and drops) whatever its optional input carries and emits nothing,
// or one empty batch with `emit_empty: true`.
#include <chorus/sdk.hpp>

using chorus::Batch;
using chorus::Schema;
using chorus::TypeId;
using chorus::sdk::Context;
using chorus::sdk::Json;
using chorus::sdk::PortTypes;

namespace {
// One column: a dataset with no columns cannot become a store table.
const Schema kOut = {{"n", {TypeId::Int64}}};
}  // namespace

struct Noop : chorus::sdk::Stage {
  static constexpr const char* type = "bench/noop";
  static constexpr const char* description = "Does nothing: reads its optional input, emits no rows";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"({
    "type": "object", "additionalProperties": false,
    "properties": {
      "emit_empty": {"type": "boolean", "default": false, "description": "emit one empty batch instead of none"},
      "salt": {"type": "integer", "default": 0, "description": "changes the cache key, nothing else"}
    }})";
  static constexpr const char* ports = R"({
    "inputs": [{"name": "in", "type": "any", "optional": true, "description": "anything; dropped"}],
    "outputs": [{"name": "out", "type": "any", "description": "n: int64, no rows"}]})";

  std::optional<PortTypes> infer(const Json&, const PortTypes&, Context&) override {
    return PortTypes{{"out", {"", kOut}}};
  }
  void run(const Json& config, Context& ctx) override {
    Batch b;
    while (ctx.read("in", b)) {}
    if (config.value("emit_empty", false)) ctx.emit("out", Batch(kOut));
  }
};

CHORUS_PLUGIN("bench.noop", "1.0.0", "Apache-2.0", "Benchmark-only stages", Noop)
