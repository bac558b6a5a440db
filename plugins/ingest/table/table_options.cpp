#include "table_options.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace chorus::ingest_table {

const std::vector<FieldSpec>& mappable_fields() {
  static const std::vector<FieldSpec> f = {{"post_id", Kind::Text},
                                           {"author_id", Kind::Text},
                                           {"author_handle", Kind::Text},
                                           {"author_display_name", Kind::Text},
                                           {"is_hashed_author", Kind::Bool},
                                           {"created_at", Kind::Time},
                                           {"text", Kind::Text},
                                           {"language", Kind::Text},
                                           {"interaction_type", Kind::Interaction},
                                           {"target_post_id", Kind::Text},
                                           {"target_author_id", Kind::Text},
                                           {"hashtags", Kind::List},
                                           {"urls", Kind::List},
                                           {"mentions", Kind::List},
                                           {"likes", Kind::Count},
                                           {"shares", Kind::Count},
                                           {"replies", Kind::Count},
                                           {"quotes", Kind::Count},
                                           {"views", Kind::Count}};
  return f;
}

const std::vector<std::string>& interaction_types() {
  static const std::vector<std::string> t = {"original", "share", "reply", "quote", "forward", "comment"};
  return t;
}

sdk::Json preset_config(Preset preset) {
  switch (preset) {
    case Preset::Coortweet:
      // One row = one account sharing one object in one post (content).
      return sdk::Json::parse(R"json({
        "format": "csv", "header": true, "platform": "twitter",
        "time_format": "epoch_seconds",
        "mapping": {"post_id": "content_id", "author_id": "account_id", "created_at": "timestamp_share"},
        "interaction": [{"type": "share", "target_post_id": "object_id"}]
      })json");
    case Preset::CoordinationNetworkToolkit:
      // Positional: message_id, user_id, username, repost_id, reply_id,
      // message, timestamp, urls. The header line is required; its names are ignored.
      return sdk::Json::parse(R"json({
        "format": "csv", "header": true, "platform": "twitter",
        "time_format": "epoch_seconds", "list_separator": " ",
        "mapping": {"post_id": 0, "author_id": 1, "author_handle": 2, "text": 5,
                    "created_at": 6, "urls": 7},
        "interaction": [{"column": 3, "type": "share", "target_post_id": 3},
                        {"column": 4, "type": "reply", "target_post_id": 4}]
      })json");
  }
  throw std::logic_error("unknown preset");
}

TableConfig with_preset(const TableConfig& config, const TableConfig& preset) {
  TableConfig out = config;
  auto fill = [](auto& mine, const auto& theirs) {
    if (!mine) mine = theirs;
  };
  fill(out.format, preset.format);
  fill(out.time_format, preset.time_format);
  fill(out.list_separator, preset.list_separator);
  fill(out.interaction, preset.interaction);
  fill(out.platform, preset.platform);
  fill(out.campaign, preset.campaign);
  fill(out.state, preset.state);
  fill(out.header, preset.header);
  fill(out.delimiter, preset.delimiter);
  if (preset.mapping) {
    MappingOption m = *preset.mapping;
    if (config.mapping)
      for (const auto& [key, source] : *config.mapping) m[key] = source;
    out.mapping = std::move(m);
  }
  return out;
}

Options resolve_options(const TableConfig& c) {
  Options o{};
  o.path = c.path;
  o.format = c.format.value_or(Format::Auto);
  o.header = c.header.value_or(true);
  if (c.delimiter) {
    const std::string& d = *c.delimiter;
    if (d.size() != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r')
      throw sdk::ConfigError("with.delimiter: must be one byte, not a quote or a line break");
    o.delimiter = d[0];
  }
  o.null_values = c.null_values;
  if (!c.platform || c.platform->empty())
    throw sdk::ConfigError("with.platform: is required (e.g. twitter) unless a preset gives it");
  o.platform = *c.platform;
  o.campaign = c.campaign;
  o.state = c.state;
  o.time_format = c.time_format.value_or(TimeFormat::Iso8601);
  o.time_precision = c.time_precision;
  o.list_separator = c.list_separator.value_or(std::string());
  o.mentions_kind = c.mentions_kind;
  o.default_interaction = c.default_interaction;
  o.batch_rows = c.batch_rows;

  auto slot_of = [&](const SourceRef& s) {
    for (size_t i = 0; i < o.slots.size(); ++i)
      if (o.slots[i] == s) return static_cast<int>(i);
    o.slots.push_back(s);
    return static_cast<int>(o.slots.size() - 1);
  };
  if (!c.mapping)
    throw sdk::ConfigError("with.mapping: is required (posts column -> source column) unless a preset gives it");
  for (const auto& [key, source] : *c.mapping)
    if (source) o.field_slot[key] = slot_of(*source);  // null: a preset's entry switched off
  if (!o.field_slot.count("post_id"))
    throw sdk::ConfigError("with.mapping.post_id: is required (here or from the preset)");
  if (c.interaction)
    for (const auto& r : *c.interaction) {
      Rule rule;
      rule.type = r.type;
      rule.equals = r.equals;
      if (r.column) rule.column = slot_of(*r.column);
      if (r.target_post_id) rule.target_post = slot_of(*r.target_post_id);
      if (r.target_author_id) rule.target_author = slot_of(*r.target_author_id);
      o.rules.push_back(std::move(rule));
    }
  return o;
}

SourceRef source_of(const sdk::Json& v, const std::string& where) {
  SourceRef s;
  if (v.is_number_integer()) {
    if (v.get<int64_t>() < 0) throw sdk::ConfigError(where + ": a position must be >= 0");
    s.positional = true;
    s.position = v.get<size_t>();
  } else if (v.is_string() && !v.get<std::string>().empty()) {
    s.name = v.get<std::string>();
  } else {
    throw sdk::ConfigError(where + ": expected a column name or a 0-based position, got " + v.dump());
  }
  return s;
}

MappingOption mapping_option(const sdk::Json& v) {
  if (!v.is_object())
    throw sdk::ConfigError("with.mapping: expected a mapping of posts column -> source, got " + v.dump());
  std::vector<std::string> names;
  for (const auto& f : mappable_fields()) names.emplace_back(f.name);
  MappingOption m;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string where = "with.mapping." + it.key();
    if (std::find(names.begin(), names.end(), it.key()) == names.end())
      throw sdk::ConfigError(where + ": not a mappable posts column" + sdk::did_you_mean(it.key(), names, "columns"));
    if (it->is_null())
      m[it.key()] = std::nullopt;
    else
      m[it.key()] = source_of(*it, where);
  }
  return m;
}

std::vector<RuleOption> interaction_option(const sdk::Json& v) {
  if (!v.is_array()) throw sdk::ConfigError("with.interaction: expected a list of rules, got " + v.dump());
  static const std::vector<std::string> keys = {"column", "equals", "type", "target_post_id", "target_author_id"};
  const auto& types = interaction_types();
  std::vector<RuleOption> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const sdk::Json& r = v[i];
    const std::string where = "with.interaction[" + std::to_string(i) + "]";
    if (!r.is_object()) throw sdk::ConfigError(where + ": expected a rule {column, equals, type, ...}");
    for (auto it = r.begin(); it != r.end(); ++it)
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
        throw sdk::ConfigError(where + ": unknown key '" + it.key() + "'" +
                               sdk::did_you_mean(it.key(), keys, "expected"));
    RuleOption rule;
    if (r.contains("type") && r["type"].is_string()) rule.type = r["type"].get<std::string>();
    if (std::find(types.begin(), types.end(), rule.type) == types.end())
      throw sdk::ConfigError(where + ".type: must be one of original, share, reply, quote, forward, comment");
    auto source = [&](const char* key, std::optional<SourceRef>& into) {
      if (r.contains(key) && !r[key].is_null()) into = source_of(r[key], where + "." + key);
    };
    source("column", rule.column);
    source("target_post_id", rule.target_post_id);
    source("target_author_id", rule.target_author_id);
    if (r.contains("equals") && !r["equals"].is_null()) {
      if (!r["equals"].is_string()) throw sdk::ConfigError(where + ".equals: expected a string");
      if (!rule.column) throw sdk::ConfigError(where + ".equals: needs a column");
      rule.equals = r["equals"].get<std::string>();
    }
    out.push_back(std::move(rule));
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Format format_of(const std::string& file, Format configured) {
  if (configured != Format::Auto) return configured;
  std::string n = file;
  for (auto& ch : n) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ends_with(n, ".gz")) n.resize(n.size() - 3);
  if (ends_with(n, ".csv") || ends_with(n, ".tsv")) return Format::Csv;
  if (ends_with(n, ".jsonl") || ends_with(n, ".ndjson") || ends_with(n, ".json")) return Format::Jsonl;
  throw std::invalid_argument("cannot tell the format of '" + file +
                              "' from its name (.csv, .tsv, .jsonl, .ndjson, optionally .gz): set 'format'");
}

}  // namespace chorus::ingest_table
