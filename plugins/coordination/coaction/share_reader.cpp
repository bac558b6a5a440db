#include "share_reader.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <stdexcept>

#include "text_key.hpp"

namespace chorus::coordination_coaction {

// Columns of `posts` each kind reads (author_id and created_at always).
std::vector<std::string> needed_columns(Kind k, bool include_shares) {
  std::vector<std::string> cols = {"author_id", "created_at"};
  switch (k) {
    case Kind::CoRetweet:
    case Kind::CoReply:
      cols.insert(cols.end(), {"interaction_type", "target_post_id"});
      break;
    case Kind::CoLink:
      cols.push_back("urls_normalized");
      break;
    case Kind::CoHashtag:
      cols.push_back("hashtags_folded");
      break;
    case Kind::CoMention:
      cols.push_back("mentions");
      break;
    case Kind::CoPostText:
      cols.push_back("text");
      break;
  }
  if (!include_shares && k != Kind::CoRetweet && k != Kind::CoReply) cols.push_back("interaction_type");
  return cols;
}

TypeId needed_type(const std::string& col) {
  if (col == "created_at") return TypeId::Timestamp;
  if (col == "urls_normalized" || col == "hashtags_folded" || col == "mentions") return TypeId::ListUtf8;
  return TypeId::Utf8;
}

void check_input(const Config& cfg, const Schema& s) {
  std::vector<std::string> names;
  for (const auto& f : s) names.push_back(f.name);
  for (const auto& col : needed_columns(cfg.kind, cfg.include_shares)) {
    auto it = std::find_if(s.begin(), s.end(), [&](const Field& f) { return f.name == col; });
    if (it == s.end())
      throw std::invalid_argument(std::string("with.kind: ") + kind_name(cfg.kind) + " needs column '" + col +
                                  "' in input 'posts'" + sdk::did_you_mean(col, names, "columns"));
    if (it->type.id != needed_type(col))
      throw std::invalid_argument(
          "input 'posts': column '" + col + "' is " + it->type.name() + ", expected " +
          (needed_type(col) == TypeId::Timestamp ? std::string("timestamp[ms]") : DataType{needed_type(col)}.name()));
  }
}

int64_t to_ms(int64_t v, TimeUnit u) {
  switch (u) {
    case TimeUnit::Second:
      return v * 1000;
    case TimeUnit::Milli:
      return v;
    case TimeUnit::Micro:
      return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
    case TimeUnit::Nano:
      return v >= 0 ? v / 1000000 : -((-v + 999999) / 1000000);
  }
  return v;
}

int64_t utf8_chars(std::string_view s) {
  int64_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

const char* ShareReader::key_column(Kind k) {
  return k == Kind::CoRetweet || k == Kind::CoReply ? "target_post_id"
         : k == Kind::CoLink                        ? "urls_normalized"
         : k == Kind::CoHashtag                     ? "hashtags_folded"
         : k == Kind::CoMention                     ? "mentions"
                                                    : "text";
}

std::vector<std::string> ShareReader::columns() const {
  return {"author_id", "created_at", "interaction_type", "mentions_kind", key_column(cfg_.kind)};
}

void ShareReader::add(const Batch& b) {
  check_input(cfg_, b.schema());
  const Column& author = b.column("author_id");
  const Column& created = b.column("created_at");
  const TimeUnit unit = created.type().unit;
  const int it_index = b.index_of("interaction_type");
  const Column* itype = it_index >= 0 ? &b.column(static_cast<size_t>(it_index)) : nullptr;
  const int mk_index = b.index_of("mentions_kind");
  const Column* mkind = mk_index >= 0 && b.column(static_cast<size_t>(mk_index)).type().id == TypeId::Utf8
                            ? &b.column(static_cast<size_t>(mk_index))
                            : nullptr;
  const Kind k = cfg_.kind;
  const Column& key = b.column(key_column(k));
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++counts_.input_rows;
    // Which rows take part.
    const bool null_type = itype && itype->is_null(r);
    const std::string_view type = itype && !null_type ? itype->str(r) : std::string_view();
    if (k == Kind::CoRetweet || k == Kind::CoReply) {
      if (null_type) {
        ++counts_.null_interaction_type;
        ++counts_.not_applicable;
        continue;
      }
      const bool ok =
          k == Kind::CoRetweet ? (type == "share" || type == "forward") : (type == "reply" || type == "comment");
      if (!ok) {
        ++counts_.not_applicable;
        continue;
      }
    } else if (!cfg_.include_shares) {
      if (null_type)
        ++counts_.null_interaction_type;  // kept: not known to be a share
      else if (type == "share" || type == "forward") {
        ++counts_.shares_excluded;
        continue;
      }
    }
    if (key.is_null(r)) {
      ++counts_.null_key;
      continue;
    }
    keys_.clear();
    if (key.type().id == TypeId::ListUtf8) {
      const bool handles = k == Kind::CoMention && mkind && !mkind->is_null(r) && mkind->str(r) == "handle";
      for (int64_t j = 0; j < key.list_size(r); ++j) {
        std::string item(key.list_item(r, j));
        if (k == Kind::CoMention) {
          if (!item.empty() && item[0] == '@') item.erase(0, 1);
          if (handles)
            for (char& ch : item)
              if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        }
        if (!item.empty()) keys_.push_back(std::move(item));
      }
    } else if (k == Kind::CoPostText) {
      std::string t = normalize_post_text(key.str(r));
      if (utf8_chars(t) >= cfg_.min_text_chars) keys_.push_back(std::move(t));
    } else if (!key.str(r).empty()) {
      keys_.emplace_back(key.str(r));
    }
    if (keys_.empty()) {
      ++counts_.no_key;
      continue;
    }
    if (author.is_null(r) || author.str(r).empty()) {
      ++counts_.null_author;
      continue;
    }
    if (created.is_null(r)) {
      ++counts_.null_time;
      continue;
    }
    builder_.add_post(author.str(r), to_ms(created.int64(r), unit), keys_);
    ++counts_.used;
  }
}

}  // namespace chorus::coordination_coaction
