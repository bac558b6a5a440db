#include "table_stage.hpp"

#include <stdexcept>
#include <string>

#include "io/common/input.hpp"
#include "io/common/reader_support.hpp"
#include "table_reader.hpp"

namespace chorus::ingest_table {

namespace {

using Json = sdk::Json;

// A source: a column name or a 0-based position.
Json source_schema(const char* description) {
  return Json{{"description", description},
              {"oneOf", Json::array({{{"type", "string"}, {"minLength", 1}}, {{"type", "integer"}, {"minimum", 0}}})}};
}
const char* const kSource =
    "Where a value comes from: a CSV header name or a JSONL key (or a JSON pointer starting with '/'), or a 0-based "
    "CSV column position (with header: true the header line is then skipped and its names ignored).";

// A mapping entry: a source, or null to switch off a preset's entry.
Json optional_source_schema(const char* description) {
  return Json{{"description", description}, {"oneOf", Json::array({source_schema(kSource), {{"type", "null"}}})}};
}

Json mapping_schema() {
  static const std::pair<const char*, const char*> fields[] = {
      {"post_id", "Post id (text; an empty value rejects the record)."},
      {"author_id", "Account id."},
      {"author_handle", "Screen name / username."},
      {"author_display_name", "Display name."},
      {"is_hashed_author", "Boolean (true/false/True/False/1/0)."},
      {"created_at", "Post time, read as time_format says."},
      {"text", "Post text."},
      {"language", "Language code as given."},
      {"interaction_type",
       "A column holding original, share, reply, quote, forward or comment (case-insensitive); used when no "
       "interaction rule matches."},
      {"target_post_id", "Target post id, used when the matching interaction rule gives none."},
      {"target_author_id", "Target author id, used when the matching interaction rule gives none."},
      {"hashtags",
       "List column (JSON array, Python-repr list or list_separator-separated text); a leading '#' is removed."},
      {"urls", "List column of URLs."},
      {"mentions",
       "List column of mentioned accounts (ids or handles, see mentions_kind); a leading '@' is removed from "
       "handles."},
      {"likes", "Count (integer, or a float with no fraction such as 3.0)."},
      {"shares", "Count."},
      {"replies", "Count."},
      {"quotes", "Count."},
      {"views", "Count."}};
  Json props = Json::object();
  for (const auto& [name, doc] : fields) props[name] = optional_source_schema(doc);
  return Json{{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

Json interaction_schema() {
  Json types = Json(interaction_types());
  Json rule = {
      {"type", "object"},
      {"description", "One rule."},
      {"properties",
       {{"column", source_schema("The rule matches when this column is non-empty (or equals 'equals'); without "
                                 "column the rule always matches.")},
        {"equals", {{"type", "string"}, {"description", "Match only when the column holds exactly this text."}}},
        {"type", {{"type", "string"}, {"enum", types}, {"description", "interaction_type given by the rule."}}},
        {"target_post_id", source_schema("Column holding the target post id.")},
        {"target_author_id", source_schema("Column holding the target author id.")}}},
      {"required", {"type"}},
      {"additionalProperties", false}};
  return Json{{"type", "array"}, {"items", rule}};
}

bool boolean_option(const Json& v, const char* key) {
  if (!v.is_boolean()) throw sdk::ConfigError(std::string("with.") + key + ": expected true or false, got " + v.dump());
  return v.get<bool>();
}

// The preset's options, parsed by the stage's own table (a dummy path).
TableConfig parse_preset(Preset p) {
  Json with = preset_config(p);
  with["path"] = "-";
  return TableStage::options().parse(with);
}

const TableConfig& preset_values(Preset p) {
  if (p == Preset::Coortweet) {
    static const TableConfig coortweet = parse_preset(Preset::Coortweet);
    return coortweet;
  }
  static const TableConfig cnt = parse_preset(Preset::CoordinationNetworkToolkit);
  return cnt;
}

Schema posts_schema(const sdk::Context& ctx) {
  auto s = ctx.dataset_type("posts");
  if (!s) throw std::runtime_error("ingest/table: the host does not know the dataset type 'posts'");
  return *s;
}

}  // namespace

Options effective_options(const TableConfig& config) {
  if (!config.preset) return resolve_options(config);
  return resolve_options(with_preset(config, preset_values(*config.preset)));
}

const sdk::OptionTable<TableConfig>& TableStage::options() {
  using C = TableConfig;
  static const auto table =
      sdk::OptionTable<C>()
          .string("path", &C::path,
                  "File path or glob pattern (e.g. data/*.csv.gz); relative to the pipeline file's folder. Files are "
                  "read in name order; gzip is recognised by its content.")
          .min_length(1)
          .choice("format", &C::format, {{"auto", Format::Auto}, {"csv", Format::Csv}, {"jsonl", Format::Jsonl}},
                  nullptr,
                  "csv or jsonl; auto (the default) decides per file by its name (.csv, .tsv, .jsonl, .ndjson, "
                  ".json, each optionally followed by .gz).")
          .optional()
          .choice(
              "preset", &C::preset,
              {{"coortweet", Preset::Coortweet}, {"coordination_network_toolkit", Preset::CoordinationNetworkToolkit}},
              nullptr,
              "A named mapping: coortweet (object_id, account_id, content_id, timestamp_share: one account "
              "sharing one object; post_id = content_id, author_id = account_id, share of target_post_id = "
              "object_id) or coordination_network_toolkit (positional message_id, user_id, username, repost_id, "
              "reply_id, message, timestamp, urls). See docs/ingest-table.md.")
          .optional()
          .json("mapping", &C::mapping, mapping_schema(), Json(),
                "posts column -> source. post_id is required (here or from the preset). Unmapped columns are null.",
                mapping_option)
          .optional()
          .choice("time_format", &C::time_format,
                  {{"iso8601", TimeFormat::Iso8601},
                   {"epoch_seconds", TimeFormat::EpochSeconds},
                   {"epoch_millis", TimeFormat::EpochMillis}},
                  nullptr,
                  "How created_at is written: iso8601 (the default unless a preset says otherwise; no zone = UTC), "
                  "epoch seconds (integer or decimal such as 1606451170.518), or epoch milliseconds.")
          .optional()
          .string("time_precision", &C::time_precision, "auto",
                  "time_precision of every row; auto takes it from each value (ISO text: the fields present; epoch "
                  "seconds: second, or millisecond when the value has a non-zero fraction; epoch millis: "
                  "millisecond).")
          .one_of({"auto", "millisecond", "second", "minute", "day"})
          .string("list_separator", &C::list_separator,
                  "Separator of list columns given as plain text (e.g. \" \" or \"|\"). Cells that look like [..] "
                  "are always read as a JSON array or Python-repr list. Without a separator a plain text is one item.")
          .optional()
          .string("mentions_kind", &C::mentions_kind, "handle",
                  "What the mentions column holds (mentions_kind of every row with mentions).")
          .one_of({"id", "handle"})
          .json("interaction", &C::interaction, interaction_schema(), Json(),
                "Rules tried in order; the first that matches sets interaction_type and its targets. No match: the "
                "interaction_type column if mapped and non-empty, else default_interaction.",
                interaction_option)
          .optional()
          .string("default_interaction", &C::default_interaction, "original",
                  "interaction_type when no rule matches and no interaction_type column gives one.")
          .one_of(interaction_types())
          .string("platform", &C::platform,
                  "platform of every row (required unless a preset gives it; both presets give twitter).")
          .optional()
          .min_length(1)
          .string("campaign", &C::campaign, "campaign label of every row (default null).")
          .optional()
          .string("state", &C::state, "Attributed state of every row (default null).")
          .optional()
          .json("header", &C::header, Json{{"type", "boolean"}}, Json(),
                "CSV (default true): the first record is a header (names for name sources; skipped). false: only "
                "positions can be used.",
                [](const Json& v) { return boolean_option(v, "header"); })
          .optional()
          .string("delimiter", &C::delimiter, "CSV field separator; default \",\" (tab for .tsv files).")
          .optional()
          .min_length(1)
          .max_length(1)
          .strings("null_values", &C::null_values, {""},
                   "CSV texts read as null in scalar columns (an empty list cell is an empty list).")
          .integer("batch_rows", &C::batch_rows, 65536, "Maximum rows per emitted batch.")
          .at_least(1)
          .check([](const C& c) { effective_options(c); });
  return table;
}

std::optional<sdk::PortTypes> TableStage::infer(const TableConfig& config, const sdk::PortTypes&, sdk::Context& ctx) {
  effective_options(config);
  return sdk::PortTypes{{"posts", {"posts", posts_schema(ctx)}},
                        {"rejects", {"rejects", io_common::rejects_schema(ctx)}}};
}

void TableStage::fingerprint(const TableConfig& config, sdk::Context& ctx) {
  for (const auto& f : io_common::expand_paths(ctx.resolve_path(config.path))) ctx.add_input_file(f);
}

void TableStage::run(const TableConfig& config, sdk::Context& ctx) {
  const Options o = effective_options(config);
  const auto files = io_common::expand_paths(ctx.resolve_path(o.path));
  TableReader reader(ctx, o, posts_schema(ctx));
  for (const auto& file : files) reader.read_file(file);
  reader.finish();
}

}  // namespace chorus::ingest_table
