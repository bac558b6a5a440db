// The SDK's option table (chorus/sdk/options.hpp): the parser it gives a
// stage agrees with the host's JSON Schema validator on the schema it derives
// (an independent implementation, valijson), and defaults land in the struct.
#include <catch2/catch.hpp>

#include <chorus/sdk.hpp>

#include "config/json_schema.hpp"

using chorus::JsonSchema;
using chorus::sdk::ConfigError;
using chorus::sdk::Json;
using chorus::sdk::OptionTable;

namespace {

enum class Mode { Fast, Exact };
struct Inner {
  double weight = -1;
};
struct Config {
  Mode mode = Mode::Fast;
  int64_t count = -1;
  uint64_t seed = 0;
  double ratio = -1;
  bool on = false;
  std::string name;
  std::vector<std::string> tags;
  std::string path = "unset";
  Inner inner;
  std::vector<int> pairs;
};

const OptionTable<Config>& table() {
  static const auto t =
      OptionTable<Config>()
          .choice("mode", &Config::mode, {{"fast", Mode::Fast}, {"exact", Mode::Exact}}, "fast", "How.")
          .integer("count", &Config::count, "How many.")
          .range(1, 10)
          .integer("seed", &Config::seed, 7, "Seed.")
          .number("ratio", &Config::ratio, 0.5, "Share.")
          .range(0, 1)
          .boolean("on", &Config::on, true, "Switch.")
          .string("name", &Config::name, "x", "Name.")
          .min_length(1)
          .max_length(3)
          .strings("tags", &Config::tags, {"a"}, "Tags.")
          .one_of({"a", "b", "c"})
          .unique_items()
          .string("path", &Config::path, "Where.")
          .optional()
          .number("weight", chorus::sdk::nested(&Config::inner, &Inner::weight), 2.0, "Nested.")
          .above(0)
          .json("pairs", &Config::pairs, Json{{"type", "array"}, {"items", {{"type", "integer"}}}}, Json::array(),
                "Numbers.", [](const Json& v) { return v.get<std::vector<int>>(); })
          .check([](const Config& c) {
            if (c.mode == Mode::Exact && c.count > 5) throw ConfigError("with.count: exact mode takes at most 5");
          });
  return t;
}

bool parses(const Json& with) {
  try {
    table().parse(with);
    return true;
  } catch (const ConfigError&) {
    return false;
  }
}

std::string error_of(const Json& with) {
  try {
    table().parse(with);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("option table: defaults fill the struct, given values override them", "[sdk][options]") {
  const Config c = table().parse({{"count", 3}});
  CHECK(c.mode == Mode::Fast);
  CHECK(c.count == 3);
  CHECK(c.seed == 7);
  CHECK(c.ratio == 0.5);
  CHECK(c.on);
  CHECK(c.name == "x");
  CHECK(c.tags == std::vector<std::string>{"a"});
  CHECK(c.path == "unset");  // optional without default: the struct's own value
  CHECK(c.inner.weight == 2.0);
  CHECK(c.pairs.empty());
  const Config d = table().parse({{"count", 5},
                                  {"mode", "exact"},
                                  {"seed", 0},
                                  {"ratio", 1},
                                  {"on", false},
                                  {"name", "abc"},
                                  {"tags", {"b", "c"}},
                                  {"path", "p"},
                                  {"weight", 0.25},
                                  {"pairs", {1, 2}}});
  CHECK(d.mode == Mode::Exact);
  CHECK(d.count == 5);
  CHECK(d.seed == 0);
  CHECK(d.ratio == 1);
  CHECK_FALSE(d.on);
  CHECK(d.tags == std::vector<std::string>{"b", "c"});
  CHECK(d.path == "p");
  CHECK(d.inner.weight == 0.25);
  CHECK(d.pairs == std::vector<int>{1, 2});
}

TEST_CASE("option table: one mistake gives one error naming with.<key>", "[sdk][options]") {
  CHECK(error_of(Json::object()) == "with.count: is required (How many.)");
  CHECK(error_of({{"count", 0}}) == "with.count: expected a number >= 1, got 0");
  CHECK(error_of({{"count", 2}, {"cuont", 1}}) == "with: unknown option 'cuont' (did you mean 'count'?)");
  CHECK(error_of({{"count", 2}, {"mode", "slow"}}) == "with.mode: unknown value \"slow\" (expected fast or exact)");
  CHECK(error_of({{"count", 2}, {"on", "yes"}}) == "with.on: expected true or false, got \"yes\"");
  CHECK(error_of({{"count", 2}, {"seed", -1}}) == "with.seed: expected a number >= 0, got -1");
  CHECK(error_of({{"count", 2}, {"name", "abcd"}}) ==
        "with.name: expected a string of at most 3 character(s), got \"abcd\"");
  CHECK(error_of({{"count", 2}, {"tags", {"a", "a"}}}) == "with.tags: \"a\" is listed twice");
  CHECK(error_of({{"count", 2}, {"tags", {"d"}}}) == "with.tags: unknown value \"d\" (expected a, b or c)");
  CHECK(error_of({{"count", 2}, {"weight", 0}}) == "with.weight: expected a number > 0, got 0");
  CHECK(error_of({{"count", 6}, {"mode", "exact"}}) == "with.count: exact mode takes at most 5");
  CHECK(error_of(Json::array()) == "with: expected a mapping of options, got a list");
}

TEST_CASE("option table: the derived schema, checked by the host's validator, accepts what the parser accepts",
          "[sdk][options]") {
  const JsonSchema schema(table().schema());
  const std::vector<Json> cases = {Json::object(),
                                   {{"count", 1}},
                                   {{"count", 11}},
                                   {{"count", 2.5}},
                                   {{"count", "3"}},
                                   {{"count", 3}, {"mode", "exact"}},
                                   {{"count", 3}, {"mode", "EXACT"}},
                                   {{"count", 3}, {"ratio", 1.5}},
                                   {{"count", 3}, {"ratio", -0.0}},
                                   {{"count", 3}, {"on", 1}},
                                   {{"count", 3}, {"name", ""}},
                                   {{"count", 3}, {"name", "héé"}},
                                   {{"count", 3}, {"name", "héllo"}},
                                   {{"count", 3}, {"tags", Json::array()}},
                                   {{"count", 3}, {"tags", {"a", "b"}}},
                                   {{"count", 3}, {"tags", {"b", "b"}}},
                                   {{"count", 3}, {"tags", "a"}},
                                   {{"count", 3}, {"path", 5}},
                                   {{"count", 3}, {"weight", 1e-9}},
                                   {{"count", 3}, {"weight", -1}},
                                   {{"count", 3}, {"seed", 0}},
                                   {{"count", 3}, {"seed", -5}},
                                   {{"count", 3}, {"extra", 1}},
                                   {{"count", 3}, {"pairs", {1, 2}}}};
  for (const auto& c : cases) {
    INFO(c.dump());
    CHECK(schema.accepts(c) == parses(c));
  }
  // And the host's defaults, filled before the stage parses, change nothing.
  const Json given = {{"count", 4}};
  const Config direct = table().parse(given);
  const Config via_host = table().parse(schema.with_defaults(given));
  CHECK(direct.seed == via_host.seed);
  CHECK(direct.ratio == via_host.ratio);
  CHECK(direct.tags == via_host.tags);
  CHECK(direct.inner.weight == via_host.inner.weight);
  CHECK(direct.path == via_host.path);
}

TEST_CASE("option table: the schema states every declaration", "[sdk][options]") {
  const Json s = table().schema();
  CHECK(s["additionalProperties"] == false);
  CHECK(s["required"] == Json::array({"count"}));
  CHECK(s["properties"]["mode"]["enum"] == Json::array({"fast", "exact"}));
  CHECK(s["properties"]["mode"]["default"] == "fast");
  CHECK(s["properties"]["seed"]["minimum"] == 0);
  CHECK(s["properties"]["count"]["maximum"] == 10);
  CHECK_FALSE(s["properties"]["count"].contains("default"));
  CHECK_FALSE(s["properties"]["path"].contains("default"));
}

TEST_CASE("option table: list items can be required non-empty, as the host's validator agrees", "[sdk][options]") {
  struct Names {
    std::vector<std::string> names;
  };
  const auto t = OptionTable<Names>().strings("names", &Names::names, "Names.").optional().item_min_length(1);
  const JsonSchema schema(t.schema());
  for (const Json& with : {Json{{"names", {"a", "b"}}}, Json{{"names", {"a", ""}}}, Json::object()}) {
    bool ok = true;
    try {
      t.parse(with);
    } catch (const ConfigError& e) {
      ok = false;
      CHECK(std::string(e.what()) == "with.names: expected items of at least 1 character(s), got \"\"");
    }
    INFO(with.dump());
    CHECK(ok == schema.accepts(with));
    CHECK(ok == (with.dump().find("\"\"") == std::string::npos));
  }
}
