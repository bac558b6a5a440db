#include "row_builder.hpp"

#include <chorus/sdk/time.hpp>

#include <algorithm>
#include <cctype>
#include <utility>

#include "io/common/reader_support.hpp"
#include "list_text.hpp"
#include "table_values.hpp"

namespace chorus::ingest_table {

using io_common::quote_value;

RowBuilder::RowBuilder(const Options& o, Schema schema) : o_(o), schema_(std::move(schema)), batch_(schema_) {
  for (const auto& f : mappable_fields()) {
    auto it = o.field_slot.find(f.name);
    slot_[f.name] = it == o.field_slot.end() ? -1 : it->second;
  }
  interaction_slot_ = slot_["interaction_type"];
}

Batch RowBuilder::take() {
  Batch b = std::move(batch_);
  batch_ = Batch(schema_);
  return b;
}

bool RowBuilder::add(const std::vector<Cell>& cells, const std::string& file, int64_t line, std::string& reason) {
  // post_id first: nothing without it.
  const Cell* pid = cell(cells, "post_id");
  if (!pid || pid->null || (!pid->is_list && pid->text.empty())) {
    reason = "post_id (source '" + label("post_id") + "'): empty";
    return false;
  }
  // Interaction.
  std::optional<std::string> itype, tpost, tauthor;
  bool matched = false;
  for (const auto& r : o_.rules) {
    if (r.column >= 0) {
      const Cell& c = cells[r.column];
      if (c.null || (!c.is_list && c.text.empty())) continue;
      if (r.equals && (c.is_list || c.text != *r.equals)) continue;
    }
    matched = true;
    itype = r.type;
    if (r.target_post >= 0) tpost = text_of(cells[r.target_post]);
    if (r.target_author >= 0) tauthor = text_of(cells[r.target_author]);
    break;
  }
  if (!matched && interaction_slot_ >= 0) {
    auto v = text_of(cells[interaction_slot_]);
    if (v) {
      std::string low = *v;
      for (auto& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const auto& types = interaction_types();
      if (std::find(types.begin(), types.end(), low) == types.end()) {
        reason = "interaction_type (source '" + label("interaction_type") + "'): " + quote_value(*v) +
                 " is not one of original, share, reply, quote, forward, comment";
        return false;
      }
      itype = low;
    }
  }
  if (!itype) itype = o_.default_interaction;
  if (!tpost) tpost = field_text(cells, "target_post_id");
  if (!tauthor) tauthor = field_text(cells, "target_author_id");

  // Time.
  std::optional<int64_t> created;
  std::optional<std::string> precision;
  if (const Cell* t = cell(cells, "created_at"); t && !t->null && !t->is_list && !t->text.empty()) {
    int64_t ms = 0;
    const char* prec = nullptr;
    std::string_view s = trim_ws(t->text);
    bool ok = false;
    switch (o_.time_format) {
      case TimeFormat::Iso8601: {
        time::ParseOptions po;
        po.epoch_integers = false;
        ok = static_cast<bool>(time::parse_timestamp(s, TimeUnit::Milli, ms, po));
        prec = iso_precision(s);
        break;
      }
      case TimeFormat::EpochSeconds: {
        bool frac = false;
        ok = parse_epoch_seconds(s, ms, frac);
        prec = frac ? "millisecond" : "second";
        break;
      }
      case TimeFormat::EpochMillis:
        ok = parse_epoch_millis(s, ms);
        prec = "millisecond";
        break;
    }
    if (!ok) {
      static const char* names[] = {"an ISO 8601 timestamp", "epoch seconds", "epoch milliseconds"};
      reason = "created_at (source '" + label("created_at") + "'): cannot read " + quote_value(t->text) + " as " +
               names[static_cast<int>(o_.time_format)];
      return false;
    }
    created = ms;
    precision = o_.time_precision == "auto" ? std::string(prec) : o_.time_precision;
  }

  // Typed fields.
  std::optional<bool> hashed;
  if (auto v = field_text(cells, "is_hashed_author")) {
    bool b;
    if (!parse_bool_text(*v, b)) {
      reason = "is_hashed_author (source '" + label("is_hashed_author") + "'): cannot read " + quote_value(*v) +
               " as a boolean";
      return false;
    }
    hashed = b;
  }
  static const char* counts[] = {"likes", "shares", "replies", "quotes", "views"};
  std::optional<int64_t> count_values[5];
  for (int k = 0; k < 5; ++k) {
    if (auto v = field_text(cells, counts[k])) {
      int64_t n;
      if (!parse_count(trim_ws(*v), n)) {
        reason = std::string(counts[k]) + " (source '" + label(counts[k]) + "'): cannot read " + quote_value(*v) +
                 " as a count";
        return false;
      }
      count_values[k] = n;
    }
  }
  std::optional<std::vector<std::string>> hashtags = list_of(cells, "hashtags", '#');
  std::optional<std::vector<std::string>> urls = list_of(cells, "urls", 0);
  std::optional<std::vector<std::string>> mentions = list_of(cells, "mentions", o_.mentions_kind == "handle" ? '@' : 0);

  // Append, column by column of the posts type.
  for (size_t i = 0; i < schema_.size(); ++i) {
    Column& col = batch_.column(i);
    const std::string& n = schema_[i].name;
    auto put_text = [&](const std::optional<std::string>& v) {
      if (v && col.type().id == TypeId::Utf8)
        col.append_string(*v);
      else
        col.append_null();
    };
    if (n == "platform")
      put_text(o_.platform);
    else if (n == "source_file")
      put_text(file);
    else if (n == "source_line")
      col.append_int(line);
    else if (n == "post_id" || n == "author_id" || n == "author_handle" || n == "author_display_name" || n == "text" ||
             n == "language")
      put_text(field_text(cells, n.c_str()));
    else if (n == "is_hashed_author") {
      if (hashed)
        col.append_bool(*hashed);
      else
        col.append_null();
    } else if (n == "campaign")
      put_text(o_.campaign);
    else if (n == "state")
      put_text(o_.state);
    else if (n == "created_at") {
      if (created)
        col.append_int(*created);
      else
        col.append_null();
    } else if (n == "time_precision")
      put_text(precision);
    else if (n == "interaction_type")
      put_text(itype);
    else if (n == "target_post_id")
      put_text(tpost);
    else if (n == "target_author_id")
      put_text(tauthor);
    else if (n == "hashtags")
      put_list(col, hashtags);
    else if (n == "urls")
      put_list(col, urls);
    else if (n == "mentions")
      put_list(col, mentions);
    else if (n == "mentions_kind")
      put_text(mentions ? std::optional<std::string>(o_.mentions_kind) : std::nullopt);
    else {
      bool done = false;
      for (int k = 0; k < 5 && !done; ++k)
        if (n == counts[k]) {
          if (count_values[k])
            col.append_int(*count_values[k]);
          else
            col.append_null();
          done = true;
        }
      if (!done) col.append_null();  // hashtags_folded, urls_normalized, unknown columns
    }
  }
  return true;
}

std::string RowBuilder::label(const char* field) const {
  auto it = slot_.find(field);
  return it == slot_.end() || it->second < 0 ? std::string("?") : o_.slots[it->second].label();
}

const Cell* RowBuilder::cell(const std::vector<Cell>& cells, const char* field) const {
  auto it = slot_.find(field);
  if (it == slot_.end() || it->second < 0) return nullptr;
  return &cells[it->second];
}

std::optional<std::string> RowBuilder::text_of(const Cell& c) {
  if (c.null) return std::nullopt;
  if (c.is_list) {
    sdk::Json a = c.items;
    return a.dump();
  }
  if (c.text.empty()) return std::nullopt;
  return c.text;
}

std::optional<std::string> RowBuilder::field_text(const std::vector<Cell>& cells, const char* field) const {
  const Cell* c = cell(cells, field);
  return c ? text_of(*c) : std::nullopt;
}

std::optional<std::vector<std::string>> RowBuilder::list_of(const std::vector<Cell>& cells, const char* field,
                                                            char strip) const {
  const Cell* c = cell(cells, field);
  if (!c || c->null) return std::nullopt;
  std::vector<std::string> items;
  if (c->is_list)
    items = c->items;
  else
    parse_list_text(c->text, o_.list_separator, items);
  if (strip)
    for (auto& s : items)
      if (!s.empty() && s[0] == strip) s.erase(0, 1);
  return items;
}

void RowBuilder::put_list(Column& col, const std::optional<std::vector<std::string>>& v) {
  if (v && col.type().id == TypeId::ListUtf8)
    col.append_list(*v);
  else
    col.append_null();
}

}  // namespace chorus::ingest_table
