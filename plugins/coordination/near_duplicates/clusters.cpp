#include "clusters.hpp"

#include <algorithm>
#include <stdexcept>

namespace chorus::coordination_near_duplicates {

Schema clusters_schema() {
  return {{"cluster_id", {TypeId::Utf8}},
          {"posts", {TypeId::Int64}},
          {"accounts", {TypeId::Int64}},
          {"distinct_texts", {TypeId::Int64}},
          {"first", {TypeId::Timestamp, TimeUnit::Milli}},
          {"last", {TypeId::Timestamp, TimeUnit::Milli}},
          {"span_seconds", {TypeId::Float64}},
          {"representative_post_id", {TypeId::Utf8}},
          {"representative_text", {TypeId::Utf8}}};
}
Schema members_schema() {
  return {{"cluster_id", {TypeId::Utf8}},
          {"post_id", {TypeId::Utf8}},
          {"author_id", {TypeId::Utf8}},
          {"created_at", {TypeId::Timestamp, TimeUnit::Milli}}};
}
Schema pairs_schema() {
  return {{"cluster_id", {TypeId::Utf8}},
          {"post_id_a", {TypeId::Utf8}},
          {"post_id_b", {TypeId::Utf8}},
          {"jaccard", {TypeId::Float64}}};
}
Schema summary_schema() {
  Schema s;
  for (const char* name : {"posts_read", "null_post_id", "shares_skipped", "null_text", "short_text", "posts_hashed",
                           "distinct_texts", "jaccard_checks", "similar_checks", "clusters", "clustered_posts"})
    s.push_back({name, {TypeId::Int64}});
  return s;
}

// Millisecond value of a timestamp cell of any unit (floor division).
int64_t to_millis(int64_t v, TimeUnit unit) {
  auto floor_div = [](int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); };
  switch (unit) {
    case TimeUnit::Second:
      return v * 1000;
    case TimeUnit::Milli:
      return v;
    case TimeUnit::Micro:
      return floor_div(v, 1000);
    case TimeUnit::Nano:
      return floor_div(v, 1000000);
  }
  return v;
}

namespace {

const Column& required(const Batch& b, const char* name, TypeId type) {
  const int i = b.index_of(name);
  if (i < 0) throw std::runtime_error(std::string("input 'posts' has no column '") + name + "'");
  const Column& c = b.column(static_cast<size_t>(i));
  if (c.type().id != type)
    throw std::runtime_error(std::string("input 'posts': column '") + name + "' is " + c.type().name() + ", expected " +
                             DataType{type, TimeUnit::Milli}.name());
  return c;
}

}  // namespace

void NearDuplicates::add(const Batch& b) {
  const Column& post_id = required(b, "post_id", TypeId::Utf8);
  const Column& author = required(b, "author_id", TypeId::Utf8);
  const Column& created = required(b, "created_at", TypeId::Timestamp);
  const Column& text = required(b, "text", TypeId::Utf8);
  const Column* kind = cfg_.exclude_shares ? &required(b, "interaction_type", TypeId::Utf8) : nullptr;
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++counts_.posts_read;
    if (post_id.is_null(r)) {
      ++counts_.null_post_id;
      continue;
    }
    if (kind && !kind->is_null(r) && kind->str(r) == "share") {
      ++counts_.shares_skipped;
      continue;
    }
    if (text.is_null(r)) {
      ++counts_.null_text;
      continue;
    }
    token_hashes(text.str(r), cfg_.tokenize, tokens_);
    if (tokens_.size() < static_cast<size_t>(cfg_.min_tokens)) {
      ++counts_.short_text;
      continue;
    }
    shingle_set(tokens_, cfg_.shingle_size, shingles_);
    sets_.add(shingles_);
    push(post_ids_, post_offsets_, post_id.str(r));
    push(texts_, text_offsets_, text.str(r));
    authors_.push_back(author.is_null(r) ? -1 : intern_author(author.str(r)));
    times_.push_back(created.is_null(r) ? kNoTime : to_millis(created.int64(r), created.type().unit));
  }
}

NearDuplicates::Output NearDuplicates::finish() {
  NearDuplicateResult res = find_near_duplicates(sets_, cfg_.minhash, cfg_.pairs);
  const size_t n = sets_.size();
  // Group documents by component.
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return res.component[a] < res.component[b]; });
  struct Cluster {
    std::vector<uint32_t> docs;  // by created_at (null last), then post_id
    std::string id;              // smallest post_id
    int64_t accounts = 0, distinct = 0;
  };
  std::vector<Cluster> clusters;
  std::vector<int32_t> cluster_of(n, -1);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && res.component[order[j]] == res.component[order[i]]) ++j;
    Cluster c;
    c.docs.assign(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(j));
    i = j;
    if (c.docs.size() < static_cast<size_t>(cfg_.min_posts)) continue;
    std::vector<int32_t> authors;
    for (uint32_t d : c.docs)
      if (authors_[d] >= 0) authors.push_back(authors_[d]);
    std::sort(authors.begin(), authors.end());
    c.accounts = std::unique(authors.begin(), authors.end()) - authors.begin();
    if (c.accounts < cfg_.min_accounts) continue;
    std::sort(c.docs.begin(), c.docs.end(), [&](uint32_t a, uint32_t b) { return earlier(a, b); });
    c.id = std::string(post_id(c.docs[0]));
    std::vector<std::pair<uint64_t, uint32_t>> sets;
    for (uint32_t d : c.docs) {
      if (post_id(d) < c.id) c.id = std::string(post_id(d));
      sets.emplace_back(set_fingerprint(sets_.data(d), sets_.length(d)), d);
    }
    std::sort(sets.begin(), sets.end());
    c.distinct = 0;
    for (size_t k = 0; k < sets.size(); ++k)
      if (k == 0 || sets[k].first != sets[k - 1].first || !same_set(sets[k].second, sets[k - 1].second)) ++c.distinct;
    clusters.push_back(std::move(c));
  }
  // Largest clusters first, then by id.
  std::sort(clusters.begin(), clusters.end(), [](const Cluster& a, const Cluster& b) {
    return a.docs.size() != b.docs.size() ? a.docs.size() > b.docs.size() : a.id < b.id;
  });
  Output out;
  int64_t clustered = 0;
  for (size_t k = 0; k < clusters.size(); ++k) {
    const Cluster& c = clusters[k];
    for (uint32_t d : c.docs) cluster_of[d] = static_cast<int32_t>(k);
    clustered += static_cast<int64_t>(c.docs.size());
    int64_t first = kNoTime, last = kNoTime;
    for (uint32_t d : c.docs)
      if (times_[d] != kNoTime) {
        first = first == kNoTime ? times_[d] : std::min(first, times_[d]);
        last = last == kNoTime ? times_[d] : std::max(last, times_[d]);
      }
    Batch& t = out.clusters;
    t.column("cluster_id").append_string(c.id);
    t.column("posts").append_int(static_cast<int64_t>(c.docs.size()));
    t.column("accounts").append_int(c.accounts);
    t.column("distinct_texts").append_int(c.distinct);
    append_time(t.column("first"), first);
    append_time(t.column("last"), last);
    if (first == kNoTime)
      t.column("span_seconds").append_null();
    else
      t.column("span_seconds").append_double(static_cast<double>(last - first) / 1000.0);
    t.column("representative_post_id").append_string(post_id(c.docs[0]));
    t.column("representative_text").append_string(text(c.docs[0]));
    for (uint32_t d : c.docs) {
      Batch& m = out.members;
      m.column("cluster_id").append_string(c.id);
      m.column("post_id").append_string(post_id(d));
      if (authors_[d] < 0)
        m.column("author_id").append_null();
      else
        m.column("author_id").append_string(author_names_[static_cast<size_t>(authors_[d])]);
      append_time(m.column("created_at"), times_[d]);
    }
  }
  if (cfg_.pairs) {
    // Pairs inside reported clusters, by cluster order then post ids.
    struct Row {
      int32_t cluster;
      std::string_view a, b;
      double j;
    };
    std::vector<Row> rows;
    for (const SimilarPair& p : res.pairs) {
      const int32_t k = cluster_of[p.a];
      if (k < 0) continue;
      std::string_view a = post_id(p.a), b = post_id(p.b);
      if (b < a) std::swap(a, b);
      rows.push_back({k, a, b, p.jaccard});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
      if (x.cluster != y.cluster) return x.cluster < y.cluster;
      if (x.a != y.a) return x.a < y.a;
      return x.b < y.b;
    });
    for (const Row& r : rows) {
      out.pairs.column("cluster_id").append_string(clusters[static_cast<size_t>(r.cluster)].id);
      out.pairs.column("post_id_a").append_string(r.a);
      out.pairs.column("post_id_b").append_string(r.b);
      out.pairs.column("jaccard").append_double(r.j);
    }
  }
  const int64_t values[] = {counts_.posts_read,
                            counts_.null_post_id,
                            counts_.shares_skipped,
                            counts_.null_text,
                            counts_.short_text,
                            static_cast<int64_t>(n),
                            res.distinct_texts,
                            res.jaccard_checks,
                            res.similar_checks,
                            static_cast<int64_t>(clusters.size()),
                            clustered};
  for (size_t i = 0; i < out.summary.num_columns(); ++i) out.summary.column(i).append_int(values[i]);
  for (Batch* b : {&out.clusters, &out.members, &out.pairs, &out.summary}) b->set_empty_rows(b->rows());
  return out;
}

}  // namespace chorus::coordination_near_duplicates
