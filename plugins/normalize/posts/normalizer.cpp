#include "normalizer.hpp"

#include <algorithm>
#include <stdexcept>

#include "url_normalize.hpp"

namespace chorus::normalize_posts {

Schema duplicates_schema() {
  return {{"platform", DataType{TypeId::Utf8}},         {"post_id", DataType{TypeId::Utf8}},
          {"source_file", DataType{TypeId::Utf8}},      {"source_line", DataType{TypeId::Int64}},
          {"kept_source_file", DataType{TypeId::Utf8}}, {"kept_source_line", DataType{TypeId::Int64}}};
}

Normalizer::Normalizer(const Config& o, Schema schema, sdk::Context& ctx)
    : o_(o), schema_(std::move(schema)), ctx_(ctx), dup_(duplicates_schema()), folder_(o.turkic) {
  for (size_t c = 0; c < schema_.size(); ++c) {
    const std::string& n = schema_[c].name;
    if (n == "hashtags_folded")
      folded_ = static_cast<int>(c);
    else if (n == "urls_normalized")
      normalized_ = static_cast<int>(c);
    else if (n == "hashtags")
      hashtags_ = static_cast<int>(c);
    else if (n == "urls")
      urls_ = static_cast<int>(c);
    // Provenance and the key are never taken from a copy.
    fillable_.push_back(n != "platform" && n != "post_id" && n != "source_file" && n != "source_line" &&
                        n != "hashtags_folded" && n != "urls_normalized");
  }
  for (const auto& f : schema_) patch_.emplace_back(f.type);
  current_ = Batch(schema_);
}

void Normalizer::add(const Batch& in) {
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
  auto utf8_or_none = [&](int col) -> const Column* {
    return col >= 0 && in.schema()[col].type.id == TypeId::Utf8 ? &in.column(col) : nullptr;
  };
  const Column* platform_col = utf8_or_none(in.index_of("platform"));
  const Column* post_id_col = utf8_or_none(in.index_of("post_id"));
  const Column* file_col = utf8_or_none(in.index_of("source_file"));
  const int sl = in.index_of("source_line");
  const Column* line_col = sl >= 0 && in.schema()[sl].type.id == TypeId::Int64 ? &in.column(sl) : nullptr;

  const int64_t read_before = read_;
  int64_t run_begin = 0;  // first input row not yet copied to the output
  const int64_t rows = in.rows();
  auto key_of_row = [&](int64_t i) {
    const std::string_view platform = platform_col->str(i), post_id = post_id_col->str(i);
    key_.assign(platform.data(), platform.size());
    key_.push_back('\0');
    key_.append(post_id.data(), post_id.size());
  };
  // The hashes first, so that the table slot of a row can be fetched while
  // earlier rows are looked up.
  hashes_.assign(static_cast<size_t>(rows), 0);
  if (platform_col && post_id_col)
    for (int64_t i = 0; i < rows; ++i)
      if (!platform_col->is_null(i) && !post_id_col->is_null(i)) {
        key_of_row(i);
        hashes_[static_cast<size_t>(i)] = hash_bytes(key_);
      }
  constexpr int64_t kPrefetchAhead = 16;
  for (int64_t i = 0; i < rows; ++i) {
    if (i + kPrefetchAhead < rows) seen_.prefetch(hashes_[static_cast<size_t>(i + kPrefetchAhead)]);
    if (!platform_col || !post_id_col || platform_col->is_null(i) || post_id_col->is_null(i)) {
      ++unkeyed_;  // cannot be matched: always kept
      ++kept_;
      continue;
    }
    const std::string_view platform = platform_col->str(i), post_id = post_id_col->str(i);
    key_of_row(i);
    const auto [entry, fresh] = seen_.insert(key_, hashes_[static_cast<size_t>(i)]);
    const bool has_file = file_col && !file_col->is_null(i);
    const bool has_line = line_col && !line_col->is_null(i);
    if (fresh) {
      kept_info_.push_back(
          Kept{kept_, has_file ? intern(file_col->str(i)) : UINT32_MAX, !has_line, has_line ? line_col->int64(i) : 0});
      ++kept_;
      continue;
    }
    // A later copy: every kept row before it goes to the output first.
    append_rows(in, from, run_begin, i, read_before);
    run_begin = i + 1;
    read_ = read_before + i + 1;
    ++duplicates_;
    const Kept& k = kept_info_[entry];
    dup_.column(0).append_string(platform);
    dup_.column(1).append_string(post_id);
    if (has_file)
      dup_.column(2).append_string(file_col->str(i));
    else
      dup_.column(2).append_null();
    if (has_line)
      dup_.column(3).append_int(line_col->int64(i));
    else
      dup_.column(3).append_null();
    if (k.file == UINT32_MAX)
      dup_.column(4).append_null();
    else
      dup_.column(4).append_string(files_[k.file]);
    if (k.line_null)
      dup_.column(5).append_null();
    else
      dup_.column(5).append_int(k.line);
    if (dup_.rows() >= o_.batch_rows) flush_duplicates();
    if (o_.fill_nulls) fill(in, from, i, k.ordinal);
  }
  append_rows(in, from, run_begin, rows, read_before);
  read_ = read_before + rows;
}

void Normalizer::finish() {
  if (o_.fill_nulls) {
    if (current_.rows() > 0) held_.push_back(std::move(current_));
    current_ = Batch(schema_);
    // The filled cells by kept row, then column.
    std::vector<std::pair<uint64_t, int64_t>> patches(patches_.begin(), patches_.end());
    patches_.clear();
    std::sort(patches.begin(), patches.end());
    size_t next_patch = 0;
    int64_t base = 0;
    for (auto& b : held_) {
      const int64_t rows = b.rows();
      const uint64_t end_key = cell_key(base + rows, 0);
      size_t patch_end = next_patch;
      while (patch_end < patches.size() && patches[patch_end].first < end_key) ++patch_end;
      Batch out = patch_batch(b, base, patches, next_patch, patch_end);
      next_patch = patch_end;
      base += rows;
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
  ctx_.info(
      "normalize/posts: " + std::to_string(read_) + " rows read, " + std::to_string(emitted_) + " kept, " +
      std::to_string(duplicates_) + " duplicate(s) merged" +
      (o_.fill_nulls ? ", " + std::to_string(filled_) + " null field(s) filled from them" : std::string()) +
      (unparseable_ ? ", " + std::to_string(unparseable_) + " URL(s) kept as written (not parseable)" : std::string()) +
      (unkeyed_ ? ", " + std::to_string(unkeyed_) + " row(s) without platform or post_id kept as they are"
                : std::string()));
}

uint32_t Normalizer::intern(std::string_view f) {
  // Rows of one file come together: try the last one first.
  if (last_file_ != UINT32_MAX && files_[last_file_] == f) return last_file_;
  auto it = file_ids_.find(std::string(f));
  if (it != file_ids_.end()) return last_file_ = it->second;
  const uint32_t id = static_cast<uint32_t>(files_.size());
  files_.emplace_back(f);
  file_ids_.emplace(files_.back(), id);
  return last_file_ = id;
}

// Copies input rows [begin, end) to the output, batch_rows at most per
// output batch; a full batch is held (fill) or emitted, with the progress
// of the row that filled it.
void Normalizer::append_rows(const Batch& in, const std::vector<int>& from, int64_t begin, int64_t end,
                             int64_t read_before) {
  while (begin < end) {
    const int64_t n = std::min(end - begin, o_.batch_rows - current_.rows());
    for (size_t c = 0; c < schema_.size(); ++c) {
      if (static_cast<int>(c) == folded_ || static_cast<int>(c) == normalized_) continue;
      if (from[c] < 0)
        append_nulls(current_.column(c), n);
      else
        append_range(current_.column(c), in.column(from[c]), begin, n);
    }
    begin += n;
    if (current_.rows() < o_.batch_rows) return;
    if (o_.fill_nulls) {
      held_.push_back(std::move(current_));
      current_ = Batch(schema_);
    } else {
      read_ = read_before + begin;
      emit_current();
    }
  }
}

// Kept row `ordinal`, column c: its batch and row while held.
const Column& Normalizer::held_column(int64_t ordinal, size_t c, int64_t& row) const {
  const int64_t b = ordinal / o_.batch_rows;
  row = ordinal % o_.batch_rows;
  if (b < static_cast<int64_t>(held_.size())) return held_[b].column(c);
  return current_.column(c);
}

void Normalizer::fill(const Batch& in, const std::vector<int>& from, int64_t i, int64_t ordinal) {
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

// Held batch b (kept rows base...) with its filled cells patches[first, last)
// (sorted by row, then column) put in: columns without a filled cell are
// moved as they are, the others rebuilt in runs around the filled cells.
Batch Normalizer::patch_batch(Batch& b, int64_t base, const std::vector<std::pair<uint64_t, int64_t>>& patches,
                              size_t first, size_t last) {
  Batch out(schema_);
  if (first == last) {
    for (size_t c = 0; c < schema_.size(); ++c)
      if (static_cast<int>(c) != folded_ && static_cast<int>(c) != normalized_) out.column(c) = std::move(b.column(c));
    return out;
  }
  std::vector<std::vector<std::pair<int64_t, int64_t>>> by_column(schema_.size());  // (row, patch row)
  for (size_t p = first; p < last; ++p) {
    const size_t c = static_cast<size_t>(patches[p].first & 63);
    by_column[c].emplace_back(static_cast<int64_t>(patches[p].first >> 6) - base, patches[p].second);
  }
  const int64_t rows = b.rows();
  for (size_t c = 0; c < schema_.size(); ++c) {
    if (static_cast<int>(c) == folded_ || static_cast<int>(c) == normalized_) continue;
    if (by_column[c].empty()) {
      out.column(c) = std::move(b.column(c));
      continue;
    }
    Column& dst = out.column(c);
    int64_t r = 0;
    for (const auto& [row, patch_row] : by_column[c]) {
      append_range(dst, b.column(c), r, row - r);
      dst.append_from(patch_[c], patch_row);
      r = row + 1;
    }
    append_range(dst, b.column(c), r, rows - r);
  }
  return out;
}

// Column `to` of b from list column `from` (null where it is null or
// missing), each item written by put_item(item, list).
template <class PutItem>
void Normalizer::derive_list(Batch& b, int to, int from, PutItem&& put_item) {
  const int64_t rows = b.rows();
  Column& dst = b.column(to);
  if (from < 0) {
    append_nulls(dst, rows);
    return;
  }
  const Column& src = b.column(from);
  dst.reserve(static_cast<size_t>(rows));
  dst.offsets().reserve(src.offsets().size());
  dst.reserve_chars(src.chars().size());
  ListAppender list(dst);
  for (int64_t r = 0; r < rows; ++r) {
    if (src.is_null(r)) {
      dst.append_null();
      continue;
    }
    list.begin_row();
    for (int64_t j = 0, n = src.list_size(r); j < n; ++j) put_item(src.list_item(r, j), list);
    list.end_row();
  }
}

// Fills hashtags_folded and urls_normalized from hashtags and urls.
void Normalizer::derive(Batch& b) {
  if (folded_ >= 0)
    derive_list(b, folded_, hashtags_, [this](std::string_view item, ListAppender& list) {
      folder_.append(item, list.chars());
      list.end_item();
    });
  if (normalized_ >= 0)
    derive_list(b, normalized_, urls_, [this](std::string_view item, ListAppender& list) {
      if (!normalize_url(item, o_.strip_subdomains, url_)) ++unparseable_;
      list.item(url_);
    });
}

void Normalizer::emit_current() {
  derive(current_);
  emitted_ += current_.rows();
  ctx_.emit("posts", std::move(current_));
  current_ = Batch(schema_);
  ctx_.progress(read_);
}

void Normalizer::flush_duplicates() {
  if (dup_.rows() == 0) return;
  ctx_.emit("duplicates", std::move(dup_));
  dup_ = Batch(duplicates_schema());
}

}  // namespace chorus::normalize_posts
