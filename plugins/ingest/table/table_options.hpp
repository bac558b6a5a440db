// The `with:` of ingest/table: the options as written (TableConfig), the
// named presets, and what the reader works from once a preset is applied
// (Options: every source column read once, in a slot).
#pragma once

#include <chorus/sdk.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::ingest_table {

enum class Format { Auto, Csv, Jsonl };
enum class TimeFormat { Iso8601, EpochSeconds, EpochMillis };
enum class Preset { Coortweet, CoordinationNetworkToolkit };

// Where a value comes from: a column name (CSV header name or JSONL key /
// JSON pointer) or a 0-based CSV position.
struct SourceRef {
  bool positional = false;
  size_t position = 0;
  std::string name;  // header name, or JSONL key / pointer
  std::string label() const { return positional ? "#" + std::to_string(position) : name; }
  bool operator==(const SourceRef& o) const {
    return positional == o.positional && (positional ? position == o.position : name == o.name);
  }
};

// posts column -> source; a null source switches off a preset's entry.
using MappingOption = std::map<std::string, std::optional<SourceRef>>;

// One `interaction` rule as written.
struct RuleOption {
  std::optional<SourceRef> column;
  std::optional<std::string> equals;
  std::string type;
  std::optional<SourceRef> target_post_id, target_author_id;
};

// `with:` as written. The options a preset may set are optional (no default
// in the schema: the host fills defaults into `with:`, which would override
// the preset); effective_options() applies the preset, then the defaults.
struct TableConfig {
  std::string path;
  std::optional<Format> format;
  std::optional<Preset> preset;
  std::optional<MappingOption> mapping;
  std::optional<TimeFormat> time_format;
  std::string time_precision;
  std::optional<std::string> list_separator;
  std::string mentions_kind;
  std::optional<std::vector<RuleOption>> interaction;
  std::string default_interaction;
  std::optional<std::string> platform, campaign, state;
  std::optional<bool> header;
  std::optional<std::string> delimiter;
  std::vector<std::string> null_values;
  int64_t batch_rows;
};

enum class Kind { Text, Bool, Time, Count, List, Interaction };

struct FieldSpec {
  const char* name;
  Kind kind;
};

// Posts columns a mapping may fill (the others are constants or derived).
const std::vector<FieldSpec>& mappable_fields();
const std::vector<std::string>& interaction_types();

// A resolved interaction rule: slots instead of sources.
struct Rule {
  int column = -1;  // slot, -1: always
  std::optional<std::string> equals;
  std::string type;
  int target_post = -1, target_author = -1;  // slots
};

// What the reader works from: the preset applied, the defaults filled in
// (by resolve_options: the one place for the defaults of preset options).
struct Options {
  std::string path;
  Format format;
  bool header;
  std::optional<char> delimiter;
  std::vector<std::string> null_values;
  std::string platform;
  std::optional<std::string> campaign, state;
  TimeFormat time_format;
  std::string time_precision;
  std::string list_separator;
  std::string mentions_kind;
  std::string default_interaction;
  std::vector<SourceRef> slots;           // distinct sources, read once per row
  std::map<std::string, int> field_slot;  // posts column -> slot
  std::vector<Rule> rules;
  int64_t batch_rows;
};

// The `with:` values a preset stands for (JSON, as a pipeline would write them).
sdk::Json preset_config(Preset preset);

// `config` with the preset's values where it has none (mapping: entry by entry).
TableConfig with_preset(const TableConfig& config, const TableConfig& preset);

// The options the reader works from; throws sdk::ConfigError for a rule the
// schema cannot state (platform and mapping.post_id required unless a preset
// gives them, the delimiter one byte). `config` has its preset applied.
Options resolve_options(const TableConfig& config);

// Converters of the option table: a source (name or position), the mapping,
// the interaction rules. `where` is the key for messages (with.mapping.x).
SourceRef source_of(const sdk::Json& v, const std::string& where);
MappingOption mapping_option(const sdk::Json& v);
std::vector<RuleOption> interaction_option(const sdk::Json& v);

// CSV or JSONL for one file: the `format` option, else its name (.gz ignored).
Format format_of(const std::string& file, Format configured);
bool ends_with(std::string_view s, std::string_view suffix);

}  // namespace chorus::ingest_table
