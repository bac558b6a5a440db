#include "interaction_builder.hpp"

#include <stdexcept>

namespace chorus::network_interactions {

bool post_kind_of(std::string_view t, PostKind& out) {
  if (t == "original")
    out = PostKind::Original;
  else if (t == "share" || t == "forward")
    out = PostKind::Share;
  else if (t == "reply" || t == "comment")
    out = PostKind::Reply;
  else if (t == "quote")
    out = PostKind::Quote;
  else
    return false;
  return true;
}

void normalize_handle(std::string_view h, std::string& out) {
  if (!h.empty() && h[0] == '@') h.remove_prefix(1);
  out.assign(h.data(), h.size());
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

int64_t to_millis(int64_t v, TimeUnit unit) {
  switch (unit) {
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

namespace {

const Column* find_column(const Batch& b, std::string_view name) {
  const int i = b.index_of(name);
  return i < 0 ? nullptr : &b.column(static_cast<size_t>(i));
}
const Column* need(const Batch& b, std::string_view name, TypeId type) {
  const Column* c = find_column(b, name);
  if (!c) throw std::invalid_argument("input 'posts': no column '" + std::string(name) + "'");
  if (c->type().id != type)
    throw std::invalid_argument("input 'posts': column '" + std::string(name) + "' is " + c->type().name() +
                                ", expected " + DataType{type}.name());
  return c;
}
const Column* maybe(const Batch& b, std::string_view name, TypeId type) {
  return find_column(b, name) ? need(b, name, type) : nullptr;
}

int64_t count_or_null(const Column* c, int64_t r) { return c && !c->is_null(r) ? c->int64(r) : kNullCount; }

uint32_t checked32(size_t n) {
  if (n >= kNoId) throw std::length_error("more than 4 billion list items");
  return static_cast<uint32_t>(n);
}

// Index in a short list of distinct values (platforms, interaction types).
size_t small(std::vector<std::string>& values, std::string_view v) {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i] == v) return i;
  if (values.size() >= 250) throw std::invalid_argument("more than 250 distinct platforms or interaction types");
  values.emplace_back(v);
  return values.size() - 1;
}

// Interns a list cell's items; returns the offset where they start.
uint32_t push_list(const Column* c, int64_t r, StringInterner& pool, std::vector<uint32_t>& items) {
  const uint32_t begin = checked32(items.size());
  if (c && !c->is_null(r))
    for (int64_t j = 0; j < c->list_size(r); ++j) items.push_back(pool.intern(c->list_item(r, j)));
  return begin;
}

}  // namespace

struct InteractionBuilder::Cols {
  const Column *post_id, *author, *time, *itype;
  const Column *file = nullptr, *line = nullptr, *platform = nullptr, *handle = nullptr, *state = nullptr,
               *tpost = nullptr, *tauthor = nullptr, *hashtags = nullptr, *urls = nullptr, *mentions = nullptr,
               *mkind = nullptr, *likes = nullptr, *shares = nullptr, *replies = nullptr;
  TimeUnit time_unit = TimeUnit::Milli;

  explicit Cols(const Batch& b)
      : post_id(need(b, "post_id", TypeId::Utf8)),
        author(need(b, "author_id", TypeId::Utf8)),
        time(need(b, "created_at", TypeId::Timestamp)),
        itype(need(b, "interaction_type", TypeId::Utf8)) {
    time_unit = time->type().unit;
    file = maybe(b, "source_file", TypeId::Utf8);
    line = maybe(b, "source_line", TypeId::Int64);
    platform = maybe(b, "platform", TypeId::Utf8);
    handle = maybe(b, "author_handle", TypeId::Utf8);
    state = maybe(b, "state", TypeId::Utf8);
    tpost = maybe(b, "target_post_id", TypeId::Utf8);
    tauthor = maybe(b, "target_author_id", TypeId::Utf8);
    hashtags = maybe(b, "hashtags_folded", TypeId::ListUtf8);
    urls = maybe(b, "urls_normalized", TypeId::ListUtf8);
    mentions = maybe(b, "mentions", TypeId::ListUtf8);
    mkind = maybe(b, "mentions_kind", TypeId::Utf8);
    likes = maybe(b, "likes", TypeId::Int64);
    shares = maybe(b, "shares", TypeId::Int64);
    replies = maybe(b, "replies", TypeId::Int64);
  }
};

void InteractionBuilder::add_accounts(const Batch& b) {
  const Column* id = find_column(b, "author_id");
  if (!id) throw std::invalid_argument("input 'accounts': no column 'author_id'");
  const Column* handle = find_column(b, "author_handle");
  const Column* state = find_column(b, "state");
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (id->is_null(r)) {  // says nothing about anyone: counted, reported
      ++counts_.accounts_without_id;
      continue;
    }
    const uint32_t a = account(id->str(r));
    if (state && !state->is_null(r)) note_state(a, state->str(r));
    if (handle && !handle->is_null(r)) note_handle(handle->str(r), a);
  }
}

void InteractionBuilder::add_posts(const Batch& b, std::vector<RejectRow>& rejects) {
  const Cols c(b);
  constexpr int64_t kAhead = 8;  // rows whose account slots are prefetched while this one is read
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (r + kAhead < b.rows()) prefetch_accounts(c, r + kAhead);
    ++counts_.posts;
    const char* why = nullptr;
    PostKind kind = PostKind::Original;
    if (c.post_id->is_null(r))
      why = "post_id: null";
    else if (c.author->is_null(r))
      why = "author_id: null";
    else if (c.time->is_null(r))
      why = "created_at: null";
    else if (c.itype->is_null(r))
      why = "interaction_type: null";
    else if (!post_kind_of(c.itype->str(r), kind))
      why = "interaction_type: expected original, share, reply, quote, forward or comment";
    const bool has_mentions = c.mentions && !c.mentions->is_null(r) && c.mentions->list_size(r) > 0;
    bool mentions_are_handles = false;
    if (!why && has_mentions && kind != PostKind::Share) {
      const std::string_view mk = c.mkind && !c.mkind->is_null(r) ? c.mkind->str(r) : std::string_view();
      if (mk == "handle")
        mentions_are_handles = true;
      else if (mk != "id")
        why = "mentions_kind: expected id or handle for a post with mentions";
    }
    if (why) {
      RejectRow rej;
      if (c.file && !c.file->is_null(r)) rej.file = std::string(c.file->str(r));
      if (c.line && !c.line->is_null(r)) rej.line = c.line->int64(r);
      rej.reason = why;
      if (!c.post_id->is_null(r)) rej.raw = "post_id=" + std::string(c.post_id->str(r));
      rejects.push_back(std::move(rej));
      ++counts_.rejected;
      continue;
    }
    const uint32_t p = static_cast<uint32_t>(recs_.size());
    if (p == kNoId - 1) throw std::length_error("more than 4 billion posts");
    PostRec rec;
    rec.post_id = post_ids_.store(c.post_id->str(r));
    const uint32_t a = account(c.author->str(r));
    rec.author = a;
    if (c.state && !c.state->is_null(r)) note_state(a, c.state->str(r));
    if (c.handle && !c.handle->is_null(r)) note_author_handle(c.handle->str(r), a);
    rec.kind = kind;
    rec.itype = static_cast<uint8_t>(small(itypes_, c.itype->str(r)));
    rec.platform =
        static_cast<uint16_t>(c.platform && !c.platform->is_null(r) ? small(platforms_, c.platform->str(r)) + 1 : 0);
    rec.time = to_millis(c.time->int64(r), c.time_unit);
    rec.likes = count_or_null(c.likes, r);
    rec.shares = count_or_null(c.shares, r);
    rec.replies = count_or_null(c.replies, r);
    // The target of a share, reply or quote.
    rec.target = kNoId;
    if (kind != PostKind::Original) {
      if (c.tauthor && !c.tauthor->is_null(r))
        rec.target = account(c.tauthor->str(r));
      else if (c.tpost && !c.tpost->is_null(r))
        pending_target_post_.push_back({p, post_ids_.store(c.tpost->str(r))});
    }
    rec.hashtags_null = !c.hashtags || c.hashtags->is_null(r);
    rec.urls_null = !c.urls || c.urls->is_null(r);
    rec.hashtags = push_list(c.hashtags, r, hashtags_, hashtag_items_);
    rec.urls = push_list(c.urls, r, urls_, url_items_);
    rec.mentions = checked32(mention_items_.size());
    if (has_mentions && kind != PostKind::Share) {
      for (int64_t j = 0; j < c.mentions->list_size(r); ++j) {
        const std::string_view m = c.mentions->list_item(r, j);
        if (m.empty()) continue;
        if (mentions_are_handles) {
          normalize_handle(m, scratch_);
          mention_items_.push_back(handle(scratch_) | kHandleBit);
        } else {
          mention_items_.push_back(account(m));
        }
      }
    }
    recs_.push_back(rec);
  }
}

void InteractionBuilder::finish() {
  resolve_states();
  resolve_target_posts();
  // Sort (time, index) pairs, contiguous, and compare post ids only on equal times.
  HugeVector<std::pair<int64_t, uint32_t>> keys(recs_.size());
  for (uint32_t p = 0; p < recs_.size(); ++p) keys[p] = {recs_[p].time, p};
  std::sort(keys.begin(), keys.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    const int c = recs_[x.second].post_id.compare(recs_[y.second].post_id);
    if (c != 0) return c < 0;
    return x.second < y.second;
  });
  order_.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) order_[i] = keys[i].second;
}

size_t InteractionBuilder::memory_bytes() const {
  auto v = [](const auto& x) { return x.capacity() * sizeof(x[0]); };
  return post_ids_.allocated() + v(recs_) + v(hashtag_items_) + v(url_items_) + v(mention_items_) + v(order_) +
         accounts_.memory_bytes() + handles_.memory_bytes() + hashtags_.memory_bytes() + urls_.memory_bytes() +
         v(accounts_info_) + v(handle_owner_) + pending_target_post_.capacity() * sizeof(pending_target_post_[0]);
}

void InteractionBuilder::prefetch_accounts(const Cols& c, int64_t r) const {
  if (!c.author->is_null(r)) accounts_.prefetch(c.author->str(r));
  if (c.tauthor && !c.tauthor->is_null(r)) accounts_.prefetch(c.tauthor->str(r));
  if (c.mentions && !c.mentions->is_null(r))
    for (int64_t j = 0; j < c.mentions->list_size(r) && j < 4; ++j) accounts_.prefetch(c.mentions->list_item(r, j));
}

uint32_t InteractionBuilder::account(std::string_view id) {
  const uint32_t a = accounts_.intern(id);
  if (a >= kHandleBit) throw std::length_error("more than 2 billion accounts");
  if (a == accounts_info_.size()) accounts_info_.push_back(AccountInfo{});
  return a;
}

// An author's handle is noted once per (account, handle): most posts repeat
// their author's handle, and the check costs a hash instead of a table
// look-up (a hash of 0 is looked up every time: never wrong, only slower).
void InteractionBuilder::note_author_handle(std::string_view raw, uint32_t a) {
  const uint64_t h = hash_bytes(raw);
  if (h != 0 && accounts_info_[a].handle_hash == h) return;
  note_handle(raw, a);
  accounts_info_[a].handle_hash = h;
}

uint32_t InteractionBuilder::handle(std::string_view normalized) {
  const uint32_t h = handles_.intern(normalized);
  if (h >= kHandleBit) throw std::length_error("more than 2 billion handles");
  if (h == handle_owner_.size()) handle_owner_.push_back(kNoId);
  return h;
}

void InteractionBuilder::note_handle(std::string_view raw, uint32_t a) {
  normalize_handle(raw, scratch_);
  if (scratch_.empty()) return;
  uint32_t& owner = handle_owner_[handle(scratch_)];
  if (owner == kNoId)
    owner = a;
  else if (owner != a)
    owner = kAmbiguous;
}

void InteractionBuilder::note_state(uint32_t a, std::string_view state) {
  // Consecutive rows mostly carry the same state: a one-entry cache.
  if (!has_last_state_ || state != last_state_text_) {
    last_state_ = states_.intern(state);
    last_state_text_.assign(state.data(), state.size());
    has_last_state_ = true;
  }
  const uint32_t s = last_state_;
  if (s >= kStateConflict) throw std::length_error("more than 65,533 distinct states");
  uint16_t& cur = accounts_info_[a].state;
  if (cur == kNoState)
    cur = static_cast<uint16_t>(s);
  else if (cur != s)
    cur = kStateConflict;
}

void InteractionBuilder::resolve_states() {
  std::vector<std::string> conflicts;
  for (uint32_t a = 0; a < accounts_info_.size(); ++a)
    if (accounts_info_[a].state == kStateConflict) conflicts.emplace_back(accounts_.str(a));
  counts_.state_conflicts = static_cast<int64_t>(conflicts.size());
  std::sort(conflicts.begin(), conflicts.end());
  if (conflicts.size() > 5) conflicts.resize(5);
  counts_.conflict_examples = conflicts;
  if (!conflicts.empty() && opt_.conflict_is_error) {
    std::string list;
    for (const auto& c : conflicts) list += (list.empty() ? "" : ", ") + c;
    throw std::runtime_error("with.on_state_conflict is error and " + std::to_string(counts_.state_conflicts) +
                             " account(s) carry two or more states in the data, e.g. " + list);
  }
}

// post_id -> author for targets given as a post only; a post_id whose rows
// name two authors is ambiguous (no edge). Counts repeated post_ids too.
void InteractionBuilder::resolve_target_posts() {
  const size_t n = recs_.size();
  size_t size = 1024;
  while (size < 2 * n) size *= 2;
  HugeVector<uint32_t> slots(size, kNoId);
  const size_t mask = size - 1;
  // Hashes are computed a few posts ahead so the slot's cache line is on its way.
  constexpr uint32_t kAhead = 8;
  std::vector<size_t> home(kAhead);
  for (uint32_t p = 0; p < n && p < kAhead; ++p) home[p] = hash_bytes(recs_[p].post_id) & mask;
  for (uint32_t p = 0; p < n; ++p) {
    size_t s = home[p % kAhead];
    if (p + kAhead < n) {
      home[p % kAhead] = hash_bytes(recs_[p + kAhead].post_id) & mask;
#if defined(__GNUC__)
      __builtin_prefetch(&slots[home[p % kAhead]]);
#endif
    }
    while (slots[s] != kNoId && recs_[slots[s]].post_id != recs_[p].post_id) s = (s + 1) & mask;
    if (slots[s] == kNoId) {
      slots[s] = p;
    } else {
      ++counts_.duplicate_post_ids;
      if (recs_[slots[s]].author != recs_[p].author) ambiguous_posts_.push_back(slots[s]);
    }
  }
  std::sort(ambiguous_posts_.begin(), ambiguous_posts_.end());
  for (const auto& [p, tid] : pending_target_post_) {
    size_t s = hash_bytes(tid) & mask;
    while (slots[s] != kNoId && recs_[slots[s]].post_id != tid) s = (s + 1) & mask;
    if (slots[s] == kNoId) continue;  // not in the data
    const uint32_t first = slots[s];
    recs_[p].target =
        std::binary_search(ambiguous_posts_.begin(), ambiguous_posts_.end(), first) ? kAmbiguous : recs_[first].author;
  }
  pending_target_post_.clear();
  pending_target_post_.shrink_to_fit();
}

}  // namespace chorus::network_interactions
