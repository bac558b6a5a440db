// A complete Chorus plugin: one stage that emits the FizzBuzz sequence.
#include <chorus/sdk.hpp>

struct Config {
  int64_t n;
  std::string fizz;
};

struct FizzBuzz : chorus::sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "example/fizzbuzz";
  static constexpr const char* description = "Numbers 1..n with their FizzBuzz word";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"({"inputs": [], "outputs": [
    {"name": "out", "type": "any", "description": "n: int64, word: utf8"}]})";
  static const chorus::sdk::OptionTable<Config>& options() {
    static const auto table = chorus::sdk::OptionTable<Config>()
                                  .integer("n", &Config::n, 15, "Last number.")
                                  .range(1, 1000000)
                                  .string("fizz", &Config::fizz, "Fizz", "Word for the multiples of 3.")
                                  .min_length(1);
    return table;
  }

  const chorus::Schema schema{{"n", {chorus::TypeId::Int64}}, {"word", {chorus::TypeId::Utf8}}};

  std::optional<chorus::sdk::PortTypes> infer(const Config&, const chorus::sdk::PortTypes&, chorus::sdk::Context&) {
    return chorus::sdk::PortTypes{{"out", {"", schema}}};
  }
  void run(const Config& config, chorus::sdk::Context& ctx) {
    chorus::Batch batch(schema);
    for (int64_t i = 1; i <= config.n; ++i) {
      batch.column("n").append_int(i);
      std::string word = (i % 3 ? "" : config.fizz) + std::string(i % 5 ? "" : "Buzz");
      if (word.empty())
        batch.column("word").append_null();
      else
        batch.column("word").append_string(word);
    }
    ctx.emit("out", std::move(batch));
  }
};

CHORUS_PLUGIN("example.fizzbuzz", "1.0.0", "MIT", "FizzBuzz, the smallest useful plugin", FizzBuzz)
