// ingest/table's options: converters, presets merged under the pipeline's
// values, and the slots the reader works from.
#include <catch2/catch.hpp>

#include <chorus/sdk.hpp>

#include <string>
#include <vector>

#include "table_options.hpp"
#include "table_stage.hpp"

using chorus::sdk::ConfigError;
using chorus::sdk::Json;
using namespace chorus::ingest_table;

TEST_CASE("ingest/table options: sources, mapping and rules convert with keyed errors", "[ingest.table]") {
  const SourceRef named = source_of(Json("user"), "with.mapping.author_id");
  CHECK_FALSE(named.positional);
  CHECK(named.label() == "user");
  const SourceRef pos = source_of(Json(3), "with.mapping.text");
  CHECK(pos.positional);
  CHECK(pos.label() == "#3");
  CHECK_THROWS_WITH(source_of(Json(""), "with.mapping.text"),
                    "with.mapping.text: expected a column name or a 0-based position, got \"\"");

  const MappingOption m = mapping_option(Json{{"post_id", "id"}, {"text", nullptr}});
  REQUIRE(m.size() == 2);
  CHECK(m.at("post_id")->name == "id");
  CHECK_FALSE(m.at("text").has_value());
  CHECK_THROWS_WITH(mapping_option(Json{{"txt", "body"}}),
                    "with.mapping.txt: not a mappable posts column (did you mean 'text'?)");

  const auto rules = interaction_option(Json::parse(
      R"([{"column": 3, "type": "share", "target_post_id": 3}, {"column": "k", "equals": "RT", "type": "quote"}])"));
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].column->position == 3);
  CHECK(rules[1].equals == std::optional<std::string>("RT"));
  CHECK_THROWS_WITH(interaction_option(Json::parse(R"([{"type": "like"}])")),
                    "with.interaction[0].type: must be one of original, share, reply, quote, forward, comment");
  CHECK_THROWS_WITH(interaction_option(Json::parse(R"([{"type": "share", "colum": "x"}])")),
                    "with.interaction[0]: unknown key 'colum' (did you mean 'column'?)");
}

TEST_CASE("ingest/table options: a preset under the pipeline's values", "[ingest.table]") {
  // The pipeline switches off the preset's created_at and maps text.
  const TableConfig c = TableStage::options().parse(
      {{"path", "x.csv"}, {"preset", "coortweet"}, {"mapping", {{"created_at", nullptr}, {"text", "body"}}}});
  const Options o = effective_options(c);
  CHECK(o.platform == "twitter");
  CHECK(o.format == Format::Csv);
  CHECK(o.time_format == TimeFormat::EpochSeconds);
  CHECK(o.field_slot.count("created_at") == 0);
  REQUIRE(o.field_slot.count("text") == 1);
  CHECK(o.slots[o.field_slot.at("text")].name == "body");
  CHECK(o.slots[o.field_slot.at("post_id")].name == "content_id");
  REQUIRE(o.rules.size() == 1);
  CHECK(o.rules[0].type == "share");
  CHECK(o.slots[o.rules[0].target_post].name == "object_id");

  // A source named twice is read once.
  const TableConfig cnt = TableStage::options().parse({{"path", "x.csv"}, {"preset", "coordination_network_toolkit"}});
  const Options c2 = effective_options(cnt);
  CHECK(c2.list_separator == " ");
  CHECK(c2.slots.size() == 8);  // positions 0, 1, 2, 5, 6, 7 and the rules' 3 and 4
  CHECK(c2.rules[1].column == c2.rules[1].target_post);

  CHECK_THROWS_AS(effective_options(TableStage::options().parse({{"path", "x.csv"}, {"platform", "p"}})), ConfigError);
  CHECK_THROWS_WITH(resolve_options(TableConfig{}),
                    "with.platform: is required (e.g. twitter) unless a preset gives it");
}

TEST_CASE("ingest/table options: the format of a file", "[ingest.table]") {
  CHECK(format_of("a/b.CSV.gz", Format::Auto) == Format::Csv);
  CHECK(format_of("b.tsv", Format::Auto) == Format::Csv);
  CHECK(format_of("b.ndjson", Format::Auto) == Format::Jsonl);
  CHECK(format_of("b.txt", Format::Jsonl) == Format::Jsonl);
  CHECK_THROWS_WITH(format_of("b.txt", Format::Auto),
                    "cannot tell the format of 'b.txt' from its name (.csv, .tsv, .jsonl, .ndjson, optionally .gz): "
                    "set 'format'");
}
