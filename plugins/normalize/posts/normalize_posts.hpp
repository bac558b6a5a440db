// The normalize/posts stage: reads one or more posts upstreams (one port,
// a list in the pipeline), fills hashtags_folded and urls_normalized, and
// merges duplicate (platform, post_id) rows. Header-only so the unit tests can
// drive it through a fake host; plugin.cpp only adds the descriptor.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text_norm.hpp"

namespace chorus::normalize::posts {

inline Schema duplicates_schema() {
  return {{"platform", DataType{TypeId::Utf8}},       {"post_id", DataType{TypeId::Utf8}},
          {"source_file", DataType{TypeId::Utf8}},    {"source_line", DataType{TypeId::Int64}},
          {"kept_source_file", DataType{TypeId::Utf8}}, {"kept_source_line", DataType{TypeId::Int64}}};
}

struct Options {
  std::vector<std::string> strip_subdomains{"www", "m", "mobile"};
  bool fill_nulls = true;
  bool turkic = false;
  int64_t batch_rows = 65536;
};

inline Options parse_options(const sdk::Json& c) {
  Options o;
  if (c.contains("strip_subdomains")) {
    o.strip_subdomains.clear();
    for (const auto& s : c["strip_subdomains"]) {
      std::string v = s.get<std::string>();
      for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (v.empty() || v.find('.') != std::string::npos)
        throw std::invalid_argument("strip_subdomains: '" + s.get<std::string>() + "' is not one label");
      o.strip_subdomains.push_back(std::move(v));
    }
  }
  o.fill_nulls = c.value("fill_nulls_from_duplicates", true);
  o.turkic = c.value("turkic_case_folding", false);
  o.batch_rows = c.value("batch_rows", int64_t(65536));
  if (o.batch_rows < 1) throw std::invalid_argument("'batch_rows' must be at least 1");
  return o;
}

struct NormalizePosts : sdk::Stage {
  static constexpr const char* type = "normalize/posts";
  static constexpr const char* description =
      "Fills hashtags_folded and urls_normalized and merges duplicate posts of one or more upstreams";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "normalize/posts",
  "description": "Reads every upstream of 'in' in order; fills hashtags_folded (Unicode full case folding, then NFC, with ICU) and urls_normalized; keeps the first row of each (platform, post_id) and lists every later copy in 'duplicates'. See docs/normalize.md.",
  "type": "object",
  "properties": {
    "strip_subdomains": {
      "type": "array",
      "items": {"type": "string", "minLength": 1, "description": "One leading host label, e.g. www."},
      "default": ["www", "m", "mobile"],
      "description": "Leading host labels removed by urls_normalized (repeatedly, as long as name.tld remains): m.facebook.com -> facebook.com."
    },
    "fill_nulls_from_duplicates": {
      "type": "boolean",
      "default": true,
      "description": "true: a null field of the kept row takes the value of the first later copy that has one; every kept row is then held in memory until the inputs end (output in input order). false: rows stream batch by batch and later copies are only listed in duplicates."
    },
    "turkic_case_folding": {
      "type": "boolean",
      "default": false,
      "description": "Fold dotted capital I (U+0130) to i and keep dotless i (U+0131), as for Turkish and Azeri; default folding gives i + U+0307 for U+0130."
    },
    "batch_rows": {"type": "integer", "minimum": 1, "default": 65536, "description": "Maximum rows per emitted batch."}
  },
  "additionalProperties": false
})json";
  static constexpr const char* ports = R"json({
  "inputs": [
    {"name": "in", "type": "posts", "multiple": true, "description": "Posts from one or more upstreams, read one after the other in the order listed."}
  ],
  "outputs": [
    {"name": "posts", "type": "posts", "description": "One row per (platform, post_id), first occurrence in input order, with hashtags_folded and urls_normalized filled."},
    {"name": "duplicates", "type": "any", "description": "Every later copy of a kept post: platform, post_id, source_file, source_line, kept_source_file, kept_source_line."}
  ]
})json";

  static Schema posts_schema(const sdk::Context& ctx) {
    auto s = ctx.dataset_type("posts");
    if (!s) throw std::runtime_error("normalize/posts: the host does not know the dataset type 'posts'");
    return *s;
  }

  std::optional<sdk::PortTypes> infer(const sdk::Json& config, const sdk::PortTypes&,
                                      sdk::Context& ctx) override {
    parse_options(config);
    return sdk::PortTypes{{"posts", {"posts", posts_schema(ctx)}},
                          {"duplicates", {"", duplicates_schema()}}};
  }

  void run(const sdk::Json& config, sdk::Context& ctx) override;
};

// Where a kept row came from, for the duplicates output.
struct Kept {
  int64_t ordinal;  // index among kept rows
  uint32_t file;    // interned source_file; UINT32_MAX for null
  bool line_null;
  int64_t line;
};

class Normalizer {
 public:
  Normalizer(const Options& o, Schema schema, sdk::Context& ctx)
      : o_(o), schema_(std::move(schema)), ctx_(ctx), dup_(duplicates_schema()) {
    for (size_t c = 0; c < schema_.size(); ++c) {
      const std::string& n = schema_[c].name;
      if (n == "hashtags_folded") folded_ = static_cast<int>(c);
      else if (n == "urls_normalized") normalized_ = static_cast<int>(c);
      else if (n == "hashtags") hashtags_ = static_cast<int>(c);
      else if (n == "urls") urls_ = static_cast<int>(c);
      // Provenance and the key are never taken from a copy.
      fillable_.push_back(n != "platform" && n != "post_id" && n != "source_file" && n != "source_line" &&
                          n != "hashtags_folded" && n != "urls_normalized");
    }
    for (const auto& f : schema_) patch_.emplace_back(f.type);
    current_ = Batch(schema_);
  }

  void add(const Batch& in) {
    // Output column -> input column, by name; a missing column is null.
    std::vector<int> from(schema_.size(), -1);
    for (size_t c = 0; c < schema_.size(); ++c) {
      if (static_cast<int>(c) == folded_ || static_cast<int>(c) == normalized_) continue;
      const int k = in.index_of(schema_[c].name);
      if (k < 0) continue;
      if (in.schema()[k].type != schema_[c].type)
        throw std::runtime_error("normalize/posts: input column '" + schema_[c].name + "' is " +
                                 in.schema()[k].type.name() + ", posts needs " + schema_[c].type.name());
      from[c] = k;
    }
    const int pf = in.index_of("platform"), pid = in.index_of("post_id");
    const int sf = in.index_of("source_file"), sl = in.index_of("source_line");
    auto str_or_null = [&](int col, int64_t i) -> std::optional<std::string_view> {
      if (col < 0 || in.column(col).is_null(i) || in.schema()[col].type.id != TypeId::Utf8) return std::nullopt;
      return in.column(col).str(i);
    };
    auto line_of = [&](int64_t i) -> std::optional<int64_t> {
      if (sl < 0 || in.column(sl).is_null(i) || in.schema()[sl].type.id != TypeId::Int64) return std::nullopt;
      return in.column(sl).int64(i);
    };
    std::string key;
    for (int64_t i = 0; i < in.rows(); ++i) {
      ++read_;
      auto platform = str_or_null(pf, i);
      auto post_id = str_or_null(pid, i);
      if (!post_id || !platform) {
        ++unkeyed_;  // cannot be matched: always kept
        append_kept(in, from, i);
        continue;
      }
      key.assign(platform->data(), platform->size());
      key.push_back('\0');
      key.append(post_id->data(), post_id->size());
      auto file = str_or_null(sf, i);
      auto line = line_of(i);
      auto [it, fresh] = seen_.try_emplace(key, Kept{kept_, intern(file), !line, line.value_or(0)});
      if (fresh) {
        append_kept(in, from, i);
        continue;
      }
      // A later copy.
      ++duplicates_;
      const Kept& k = it->second;
      dup_.column(0).append_string(*platform);
      dup_.column(1).append_string(*post_id);
      if (file) dup_.column(2).append_string(*file); else dup_.column(2).append_null();
      if (line) dup_.column(3).append_int(*line); else dup_.column(3).append_null();
      if (k.file == UINT32_MAX) dup_.column(4).append_null(); else dup_.column(4).append_string(files_[k.file]);
      if (k.line_null) dup_.column(5).append_null(); else dup_.column(5).append_int(k.line);
      if (dup_.rows() >= o_.batch_rows) flush_duplicates();
      if (o_.fill_nulls) fill(in, from, i, k.ordinal);
    }
  }

  void finish() {
    if (o_.fill_nulls) {
      if (current_.rows() > 0) held_.push_back(std::move(current_));
      current_ = Batch(schema_);
      int64_t base = 0;
      for (auto& b : held_) {
        Batch out(schema_);
        for (size_t c = 0; c < schema_.size(); ++c) {
          if (static_cast<int>(c) == folded_ || static_cast<int>(c) == normalized_) continue;
          Column& dst = out.column(c);
          const Column& src = b.column(c);
          for (int64_t r = 0; r < b.rows(); ++r) {
            auto p = patches_.find(cell_key(base + r, c));
            if (p != patches_.end()) dst.append_from(patch_[c], p->second);
            else dst.append_from(src, r);
          }
        }
        base += b.rows();
        b = Batch();  // release as we go
        derive(out);
        emitted_ += out.rows();
        ctx_.emit("posts", std::move(out));
        ctx_.progress(read_);
      }
      held_.clear();
    } else if (current_.rows() > 0) {
      emit_current();
    }
    flush_duplicates();
    ctx_.progress(read_);
    ctx_.info("normalize/posts: " + std::to_string(read_) + " rows read, " + std::to_string(emitted_) +
              " kept, " + std::to_string(duplicates_) + " duplicate(s) merged" +
              (o_.fill_nulls ? ", " + std::to_string(filled_) + " null field(s) filled from them" : std::string()) +
              (unparseable_ ? ", " + std::to_string(unparseable_) + " URL(s) kept as written (not parseable)"
                            : std::string()) +
              (unkeyed_ ? ", " + std::to_string(unkeyed_) + " row(s) without platform or post_id kept as they are"
                        : std::string()));
  }

  int64_t duplicates() const { return duplicates_; }

 private:
  static uint64_t cell_key(int64_t ordinal, size_t col) {
    return (static_cast<uint64_t>(ordinal) << 6) | static_cast<uint64_t>(col);
  }
  uint32_t intern(const std::optional<std::string_view>& f) {
    if (!f) return UINT32_MAX;
    auto it = file_ids_.find(std::string(*f));
    if (it != file_ids_.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(files_.size());
    files_.emplace_back(*f);
    file_ids_.emplace(files_.back(), id);
    return id;
  }

  void append_kept(const Batch& in, const std::vector<int>& from, int64_t i) {
    for (size_t c = 0; c < schema_.size(); ++c) {
      if (static_cast<int>(c) == folded_ || static_cast<int>(c) == normalized_) continue;
      if (from[c] < 0) current_.column(c).append_null();
      else current_.column(c).append_from(in.column(from[c]), i);
    }
    ++kept_;
    if (current_.rows() < o_.batch_rows) return;
    if (o_.fill_nulls) {
      held_.push_back(std::move(current_));
      current_ = Batch(schema_);
    } else {
      emit_current();
    }
  }

  // Kept row `ordinal`, column c: its batch and row while held.
  const Column& held_column(int64_t ordinal, size_t c, int64_t& row) const {
    const int64_t b = ordinal / o_.batch_rows;
    row = ordinal % o_.batch_rows;
    if (b < static_cast<int64_t>(held_.size())) return held_[b].column(c);
    return current_.column(c);
  }

  void fill(const Batch& in, const std::vector<int>& from, int64_t i, int64_t ordinal) {
    if (schema_.size() > 64) throw std::logic_error("normalize/posts: more than 64 columns");
    for (size_t c = 0; c < schema_.size(); ++c) {
      if (!fillable_[c] || from[c] < 0 || in.column(from[c]).is_null(i)) continue;
      int64_t row;
      const Column& kept = held_column(ordinal, c, row);
      if (!kept.is_null(row)) continue;
      const uint64_t k = cell_key(ordinal, c);
      if (patches_.count(k)) continue;  // an earlier copy filled it already
      patch_[c].append_from(in.column(from[c]), i);
      patches_.emplace(k, patch_[c].size() - 1);
      ++filled_;
    }
  }

  // Fills hashtags_folded and urls_normalized from hashtags and urls.
  void derive(Batch& b) {
    std::vector<std::string> items;
    std::string tmp;
    for (int64_t r = 0; r < b.rows(); ++r) {
      if (folded_ >= 0) {
        Column& dst = b.column(folded_);
        if (hashtags_ < 0 || b.column(hashtags_).is_null(r)) {
          dst.append_null();
        } else {
          const Column& h = b.column(hashtags_);
          items.clear();
          for (int64_t j = 0; j < h.list_size(r); ++j) items.push_back(fold_hashtag(h.list_item(r, j), o_.turkic));
          dst.append_list(items);
        }
      }
      if (normalized_ >= 0) {
        Column& dst = b.column(normalized_);
        if (urls_ < 0 || b.column(urls_).is_null(r)) {
          dst.append_null();
        } else {
          const Column& u = b.column(urls_);
          items.clear();
          for (int64_t j = 0; j < u.list_size(r); ++j) {
            if (!normalize_url(u.list_item(r, j), o_.strip_subdomains, tmp)) ++unparseable_;
            items.push_back(tmp);
          }
          dst.append_list(items);
        }
      }
    }
  }

  void emit_current() {
    derive(current_);
    emitted_ += current_.rows();
    ctx_.emit("posts", std::move(current_));
    current_ = Batch(schema_);
    ctx_.progress(read_);
  }
  void flush_duplicates() {
    if (dup_.rows() == 0) return;
    ctx_.emit("duplicates", std::move(dup_));
    dup_ = Batch(duplicates_schema());
  }

  const Options& o_;
  Schema schema_;
  sdk::Context& ctx_;
  int folded_ = -1, normalized_ = -1, hashtags_ = -1, urls_ = -1;
  std::vector<bool> fillable_;
  Batch current_;
  std::vector<Batch> held_;
  std::vector<Column> patch_;                       // filled values, per column
  std::unordered_map<uint64_t, int64_t> patches_;   // (ordinal, column) -> row in patch_
  std::unordered_map<std::string, Kept> seen_;
  std::vector<std::string> files_;
  std::unordered_map<std::string, uint32_t> file_ids_;
  Batch dup_;
  int64_t read_ = 0, kept_ = 0, emitted_ = 0, duplicates_ = 0, filled_ = 0, unkeyed_ = 0, unparseable_ = 0;
};

inline void NormalizePosts::run(const sdk::Json& config, sdk::Context& ctx) {
  const Options o = parse_options(config);
  Normalizer n(o, posts_schema(ctx), ctx);
  Batch b;
  while (ctx.read("in", b)) {
    n.add(b);
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
  n.finish();
}

}  // namespace chorus::normalize::posts
