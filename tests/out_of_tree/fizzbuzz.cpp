// A complete Chorus plugin: one stage that emits the FizzBuzz sequence.
#include <chorus/sdk.hpp>

struct FizzBuzz : chorus::sdk::Stage {
  static constexpr const char* type = "example/fizzbuzz";
  static constexpr const char* description = "Numbers 1..n with their FizzBuzz word";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"({
    "type": "object", "additionalProperties": false,
    "properties": {"n": {"type": "integer", "minimum": 1, "default": 15,
                         "description": "last number"}}})";
  static constexpr const char* ports = R"({"inputs": [], "outputs": [
    {"name": "out", "type": "any", "description": "n: int64, word: utf8"}]})";

  const chorus::Schema schema{{"n", {chorus::TypeId::Int64}}, {"word", {chorus::TypeId::Utf8}}};

  std::optional<chorus::sdk::PortTypes> infer(const chorus::sdk::Json&, const chorus::sdk::PortTypes&,
                                              chorus::sdk::Context&) override {
    return chorus::sdk::PortTypes{{"out", {"", schema}}};
  }
  void run(const chorus::sdk::Json& config, chorus::sdk::Context& ctx) override {
    chorus::Batch batch(schema);
    for (int64_t i = 1; i <= config.value("n", 15); ++i) {
      batch.column("n").append_int(i);
      std::string word = (i % 3 ? "" : "Fizz") + std::string(i % 5 ? "" : "Buzz");
      if (word.empty()) batch.column("word").append_null();
      else batch.column("word").append_string(word);
    }
    ctx.emit("out", std::move(batch));
  }
};

CHORUS_PLUGIN("example.fizzbuzz", "1.0.0", "MIT", "FizzBuzz, the smallest useful plugin", FizzBuzz)
