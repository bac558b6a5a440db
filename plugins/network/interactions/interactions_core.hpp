// network/interactions, the work without a host: posts (and accounts) in,
// directed interaction edges and isolated posts out.
//
// The definition (docs/methods.md has it in full):
//   share, forward   -> one `retweet` edge to the shared post's author; its mentions add nothing
//   reply, comment   -> one `reply` edge to the replied-to author
//   quote            -> one `quote` edge to the quoted post's author
//   original, reply, comment, quote -> one `mention` edge per distinct mentioned account
//                       that is not the post's reply target
//   self-edges are dropped; a post left without an edge is an isolate.
// A target author is posts.target_author_id when the source gives it, else
// the author of target_post_id when that post is in the data (one author),
// else unresolved (no edge; counted). A handle mention resolves
// case-insensitively (ASCII) through the handles of the data's authors and
// accounts; an unresolved one becomes the target "@<handle, lower case>".
// An account's state is the one non-null state its posts and accounts rows
// carry; an account with two or more is a conflict (unattributed, or an
// error with on_state_conflict: error).
//
// Memory: one pass keeps, per post, fixed-size fields (ids interned to
// uint32, counts, time) and interned hashtags/URLs, never the post's text;
// edges are not stored at all but generated again, post by post, in the
// output order. About 100 bytes a post plus the distinct strings.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <chorus/sdk.hpp>

#include "string_interner.hpp"

namespace chorus::network {

constexpr int64_t kNullCount = std::numeric_limits<int64_t>::min();
constexpr uint32_t kNoId = StringInterner::kNone;
constexpr uint32_t kAmbiguous = StringInterner::kNone - 1;
constexpr uint16_t kNoState = 0xFFFF;
constexpr uint16_t kStateConflict = 0xFFFE;
constexpr uint32_t kHandleBit = 0x80000000u;

enum class PostKind : uint8_t { Original, Share, Reply, Quote };
enum class EdgeType : uint8_t { Retweet, Reply, Quote, Mention };

inline const char* edge_type_name(EdgeType t) {
  switch (t) {
    case EdgeType::Retweet: return "retweet";
    case EdgeType::Reply: return "reply";
    case EdgeType::Quote: return "quote";
    case EdgeType::Mention: return "mention";
  }
  return "?";
}

// interaction_type values and how they are read; anything else is a reject.
inline bool post_kind_of(std::string_view t, PostKind& out) {
  if (t == "original") out = PostKind::Original;
  else if (t == "share" || t == "forward") out = PostKind::Share;
  else if (t == "reply" || t == "comment") out = PostKind::Reply;
  else if (t == "quote") out = PostKind::Quote;
  else return false;
  return true;
}

// Handles compare without a leading '@' and in ASCII lower case (Twitter,
// Telegram and Reddit handles are ASCII; other bytes are kept as they are).
inline void normalize_handle(std::string_view h, std::string& out) {
  if (!h.empty() && h[0] == '@') h.remove_prefix(1);
  out.assign(h.data(), h.size());
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

inline int64_t to_millis(int64_t v, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Second: return v * 1000;
    case TimeUnit::Milli: return v;
    case TimeUnit::Micro: return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
    case TimeUnit::Nano: return v >= 0 ? v / 1000000 : -((-v + 999999) / 1000000);
  }
  return v;
}

struct InteractionOptions {
  bool keep_unresolved_handles = true;  // "@handle" targets (external) vs no edge
  bool conflict_is_error = false;       // on_state_conflict: error
};

// What the run saw, for the log and the tests.
struct InteractionCounts {
  int64_t posts = 0, rejected = 0, edges = 0, isolates = 0;
  int64_t self_edges = 0;            // dropped
  int64_t unresolved_targets = 0;    // retweet/reply/quote targets not found
  int64_t unresolved_handles = 0;    // handle mentions not matching one author (edges to "@handle" or dropped)
  int64_t ambiguous_handles = 0;     // of those, handles of two or more accounts
  int64_t duplicate_post_ids = 0;    // rows whose post_id an earlier row had
  int64_t state_conflicts = 0;       // accounts with two or more states
  int64_t accounts_without_id = 0;   // accounts rows with a null author_id (skipped)
  std::vector<std::string> conflict_examples;  // the first few, sorted
};

// One reject: where the row came from and why.
struct RejectRow {
  std::string file;
  int64_t line = -1;  // -1: null
  std::string reason, raw;
};

class InteractionBuilder {
 public:
  explicit InteractionBuilder(InteractionOptions opt = {}) : opt_(opt) {}

  // --- pass 1 -------------------------------------------------------------------

  void add_accounts(const Batch& b) {
    const Column* id = find(b, "author_id");
    if (!id) throw std::invalid_argument("input 'accounts': no column 'author_id'");
    const Column* handle = find(b, "author_handle");
    const Column* state = find(b, "state");
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

  // Adds a batch of posts; rows that cannot be used go to `rejects`.
  void add_posts(const Batch& b, std::vector<RejectRow>& rejects) {
    const Cols c = bind(b);
    constexpr int64_t kAhead = 8;  // rows whose account slots are prefetched while this one is read
    for (int64_t r = 0; r < b.rows(); ++r) {
      if (r + kAhead < b.rows()) prefetch_accounts(c, r + kAhead);
      ++counts_.posts;
      const char* why = nullptr;
      PostKind kind = PostKind::Original;
      if (c.post_id->is_null(r)) why = "post_id: null";
      else if (c.author->is_null(r)) why = "author_id: null";
      else if (c.time->is_null(r)) why = "created_at: null";
      else if (c.itype->is_null(r)) why = "interaction_type: null";
      else if (!post_kind_of(c.itype->str(r), kind))
        why = "interaction_type: expected original, share, reply, quote, forward or comment";
      const bool has_mentions = c.mentions && !c.mentions->is_null(r) && c.mentions->list_size(r) > 0;
      bool mentions_are_handles = false;
      if (!why && has_mentions && kind != PostKind::Share) {
        const std::string_view mk = c.mkind && !c.mkind->is_null(r) ? c.mkind->str(r) : std::string_view();
        if (mk == "handle") mentions_are_handles = true;
        else if (mk != "id") why = "mentions_kind: expected id or handle for a post with mentions";
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
      rec.platform = static_cast<uint16_t>(
          c.platform && !c.platform->is_null(r) ? small(platforms_, c.platform->str(r)) + 1 : 0);
      rec.time = to_millis(c.time->int64(r), c.time_unit);
      rec.likes = count_or_null(c.likes, r);
      rec.shares = count_or_null(c.shares, r);
      rec.replies = count_or_null(c.replies, r);
      // The target of a share, reply or quote.
      rec.target = kNoId;
      if (kind != PostKind::Original) {
        if (c.tauthor && !c.tauthor->is_null(r)) rec.target = account(c.tauthor->str(r));
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

  // --- between the passes ---------------------------------------------------------

  // Resolves account states, handles and target posts and sorts the posts
  // into the output order: time, then post_id (bytes), then input order.
  void finish() {
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

  // --- pass 2: the edges of one post ----------------------------------------------

  struct Edge {
    EdgeType type;
    uint32_t target;  // account id, or handle id | kHandleBit for an unresolved handle
  };
  enum class IsolateReason { None, Self, Unresolved };

  // The edges of post p in their order (retweet | reply, quote, mentions in
  // list order); returns false for an isolate, with the reason.
  bool edges_of(uint32_t p, std::vector<Edge>& out, IsolateReason& reason) {
    out.clear();
    bool self = false, unresolved = false;
    const PostRec& rec = recs_[p];
    const uint32_t a = rec.author;
    auto add = [&](EdgeType t, uint32_t target) {
      if (target == a) { self = true; ++counts_.self_edges; return; }
      out.push_back({t, target});
    };
    const PostKind kind = rec.kind;
    uint32_t reply_target = kNoId;
    if (kind != PostKind::Original) {
      const uint32_t t = rec.target;
      if (t == kNoId || t == kAmbiguous) {
        unresolved = true;
        ++counts_.unresolved_targets;
      } else {
        if (kind == PostKind::Reply) reply_target = t;
        add(kind == PostKind::Share ? EdgeType::Retweet : kind == PostKind::Reply ? EdgeType::Reply : EdgeType::Quote, t);
      }
    }
    if (kind != PostKind::Share) {
      seen_.clear();
      const uint32_t end = p + 1 < recs_.size() ? recs_[p + 1].mentions : static_cast<uint32_t>(mention_items_.size());
      for (uint32_t j = rec.mentions; j < end; ++j) {
        uint32_t m = mention_items_[j];
        if (m & kHandleBit) {
          const uint32_t owner = handle_owner_[m & ~kHandleBit];
          if (owner == kNoId || owner == kAmbiguous) {
            ++counts_.unresolved_handles;
            counts_.ambiguous_handles += owner == kAmbiguous;
            if (!opt_.keep_unresolved_handles) { unresolved = true; continue; }
          } else {
            m = owner;
          }
        }
        // One edge per distinct mentioned account (a list holds few: a linear scan).
        if (std::find(seen_.begin(), seen_.end(), m) != seen_.end()) continue;
        seen_.push_back(m);
        if (m == reply_target) continue;  // the reply edge already stands for it
        add(EdgeType::Mention, m);
      }
    }
    if (out.empty()) reason = unresolved ? IsolateReason::Unresolved : self ? IsolateReason::Self : IsolateReason::None;
    return !out.empty();
  }

  // --- reading what pass 1 kept --------------------------------------------------

  // Asks the CPU for the data of the post `ahead` places further in the
  // output order: the writer visits posts in time order, i.e. at random
  // places in memory, and waits for memory otherwise.
  void prefetch(size_t position) const {
#if defined(__GNUC__)
    if (position + 16 < order_.size()) __builtin_prefetch(&recs_[order_[position + 16]]);
    if (position + 8 < order_.size()) {
      const PostRec& r = recs_[order_[position + 8]];
      __builtin_prefetch(r.post_id.data());
      __builtin_prefetch(&accounts_info_[r.author]);
      __builtin_prefetch(accounts_.str(r.author).data());
      if (r.mentions < mention_items_.size()) __builtin_prefetch(mention_items_.data() + r.mentions);
    }
    if (position + 4 < order_.size()) {  // the targets' ids and states
      const PostRec& r = recs_[order_[position + 4]];
      auto target = [&](uint32_t t) {
        if (t >= kAmbiguous || (t & kHandleBit)) return;
        __builtin_prefetch(&accounts_info_[t]);
        __builtin_prefetch(accounts_.str(t).data());
      };
      target(r.target);
      const uint32_t p = order_[position + 4];
      const uint32_t end = p + 1 < recs_.size() ? recs_[p + 1].mentions : static_cast<uint32_t>(mention_items_.size());
      for (uint32_t j = r.mentions; j < end && j < r.mentions + 3; ++j) target(mention_items_[j]);
    }
#else
    (void)position;
#endif
  }

  size_t posts() const { return recs_.size(); }
  const std::vector<uint32_t>& order() const { return order_; }
  std::string_view post_id(uint32_t p) const { return recs_[p].post_id; }
  uint32_t author(uint32_t p) const { return recs_[p].author; }
  int64_t time(uint32_t p) const { return recs_[p].time; }
  int64_t likes(uint32_t p) const { return recs_[p].likes; }
  int64_t shares(uint32_t p) const { return recs_[p].shares; }
  int64_t replies(uint32_t p) const { return recs_[p].replies; }
  std::string_view interaction_type(uint32_t p) const { return itypes_[recs_[p].itype]; }
  // has_platform false for a null platform.
  bool has_platform(uint32_t p) const { return recs_[p].platform != 0; }
  std::string_view platform(uint32_t p) const { return platforms_[recs_[p].platform - 1]; }
  std::string_view account_id(uint32_t a) const { return accounts_.str(a); }
  std::string_view handle_text(uint32_t h) const { return handles_.str(h); }
  // The state index of an account, or kNoState (none or conflict).
  uint16_t state_of_account(uint32_t a) const {
    const uint16_t s = accounts_info_[a].state;
    return s == kStateConflict ? kNoState : s;
  }
  // kNoState for a target outside the data (an unresolved "@handle" too).
  uint16_t state_of_target(uint32_t t) const { return (t & kHandleBit) ? kNoState : state_of_account(t); }
  std::string_view state_name(uint16_t s) const { return states_.str(s); }
  template <class F>
  void for_each_hashtag(uint32_t p, F&& f) const {
    const uint32_t end = p + 1 < recs_.size() ? recs_[p + 1].hashtags : static_cast<uint32_t>(hashtag_items_.size());
    for (uint32_t j = recs_[p].hashtags; j < end; ++j) f(hashtags_.str(hashtag_items_[j]));
  }
  template <class F>
  void for_each_url(uint32_t p, F&& f) const {
    const uint32_t end = p + 1 < recs_.size() ? recs_[p + 1].urls : static_cast<uint32_t>(url_items_.size());
    for (uint32_t j = recs_[p].urls; j < end; ++j) f(urls_.str(url_items_[j]));
  }
  bool hashtags_null(uint32_t p) const { return recs_[p].hashtags_null; }
  bool urls_null(uint32_t p) const { return recs_[p].urls_null; }
  InteractionCounts& counts() { return counts_; }

  // Bytes held, roughly (vectors' capacities and string arenas).
  size_t memory_bytes() const {
    auto v = [](const auto& x) { return x.capacity() * sizeof(x[0]); };
    return post_ids_.allocated() + v(recs_) + v(hashtag_items_) + v(url_items_) + v(mention_items_) + v(order_) +
           accounts_.memory_bytes() + handles_.memory_bytes() + hashtags_.memory_bytes() +
           urls_.memory_bytes() + v(accounts_info_) + v(handle_owner_) +
           pending_target_post_.capacity() * sizeof(pending_target_post_[0]);
  }

 private:
  // What one post keeps: 80 bytes, so the writer's random access in time
  // order costs one or two cache lines per post. A list's items run from its
  // offset to the next post's offset.
  struct PostRec {
    std::string_view post_id;
    int64_t time, likes, shares, replies;
    uint32_t author, target;
    uint32_t hashtags, urls, mentions;  // offsets into the item vectors
    uint16_t platform;                  // 0: null, else index + 1
    PostKind kind;
    uint8_t itype;
    bool hashtags_null, urls_null;
  };

  struct Cols {
    const Column *post_id, *author, *time, *itype;
    const Column *file = nullptr, *line = nullptr, *platform = nullptr, *handle = nullptr, *state = nullptr,
                 *tpost = nullptr, *tauthor = nullptr, *hashtags = nullptr, *urls = nullptr, *mentions = nullptr,
                 *mkind = nullptr, *likes = nullptr, *shares = nullptr, *replies = nullptr;
    TimeUnit time_unit = TimeUnit::Milli;
  };

  static const Column* find(const Batch& b, std::string_view name) {
    const int i = b.index_of(name);
    return i < 0 ? nullptr : &b.column(static_cast<size_t>(i));
  }
  static const Column* need(const Batch& b, std::string_view name, TypeId type) {
    const Column* c = find(b, name);
    if (!c) throw std::invalid_argument("input 'posts': no column '" + std::string(name) + "'");
    if (c->type().id != type)
      throw std::invalid_argument("input 'posts': column '" + std::string(name) + "' is " + c->type().name() +
                                  ", expected " + DataType{type}.name());
    return c;
  }
  static const Column* maybe(const Batch& b, std::string_view name, TypeId type) {
    return find(b, name) ? need(b, name, type) : nullptr;
  }
  static Cols bind(const Batch& b) {
    Cols c{need(b, "post_id", TypeId::Utf8), need(b, "author_id", TypeId::Utf8),
           need(b, "created_at", TypeId::Timestamp), need(b, "interaction_type", TypeId::Utf8)};
    c.time_unit = c.time->type().unit;
    c.file = maybe(b, "source_file", TypeId::Utf8);
    c.line = maybe(b, "source_line", TypeId::Int64);
    c.platform = maybe(b, "platform", TypeId::Utf8);
    c.handle = maybe(b, "author_handle", TypeId::Utf8);
    c.state = maybe(b, "state", TypeId::Utf8);
    c.tpost = maybe(b, "target_post_id", TypeId::Utf8);
    c.tauthor = maybe(b, "target_author_id", TypeId::Utf8);
    c.hashtags = maybe(b, "hashtags_folded", TypeId::ListUtf8);
    c.urls = maybe(b, "urls_normalized", TypeId::ListUtf8);
    c.mentions = maybe(b, "mentions", TypeId::ListUtf8);
    c.mkind = maybe(b, "mentions_kind", TypeId::Utf8);
    c.likes = maybe(b, "likes", TypeId::Int64);
    c.shares = maybe(b, "shares", TypeId::Int64);
    c.replies = maybe(b, "replies", TypeId::Int64);
    return c;
  }

  void prefetch_accounts(const Cols& c, int64_t r) const {
    if (!c.author->is_null(r)) accounts_.prefetch(c.author->str(r));
    if (c.tauthor && !c.tauthor->is_null(r)) accounts_.prefetch(c.tauthor->str(r));
    if (c.mentions && !c.mentions->is_null(r))
      for (int64_t j = 0; j < c.mentions->list_size(r) && j < 4; ++j) accounts_.prefetch(c.mentions->list_item(r, j));
  }

  static int64_t count_or_null(const Column* c, int64_t r) {
    return c && !c->is_null(r) ? c->int64(r) : kNullCount;
  }
  static uint32_t checked32(size_t n) {
    if (n >= kNoId) throw std::length_error("more than 4 billion list items");
    return static_cast<uint32_t>(n);
  }
  // Index in a short list of distinct values (platforms, interaction types).
  static size_t small(std::vector<std::string>& values, std::string_view v) {
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == v) return i;
    if (values.size() >= 250) throw std::invalid_argument("more than 250 distinct platforms or interaction types");
    values.emplace_back(v);
    return values.size() - 1;
  }

  uint32_t account(std::string_view id) {
    const uint32_t a = accounts_.intern(id);
    if (a >= kHandleBit) throw std::length_error("more than 2 billion accounts");
    if (a == accounts_info_.size()) accounts_info_.push_back(AccountInfo{});
    return a;
  }
  // An author's handle is noted once per (account, handle): most posts repeat
  // their author's handle, and the check costs a hash instead of a table
  // look-up (a hash of 0 is looked up every time: never wrong, only slower).
  void note_author_handle(std::string_view raw, uint32_t a) {
    const uint64_t h = hash_bytes(raw);
    if (h != 0 && accounts_info_[a].handle_hash == h) return;
    note_handle(raw, a);
    accounts_info_[a].handle_hash = h;
  }
  uint32_t handle(std::string_view normalized) {
    const uint32_t h = handles_.intern(normalized);
    if (h >= kHandleBit) throw std::length_error("more than 2 billion handles");
    if (h == handle_owner_.size()) handle_owner_.push_back(kNoId);
    return h;
  }
  void note_handle(std::string_view raw, uint32_t a) {
    normalize_handle(raw, scratch_);
    if (scratch_.empty()) return;
    uint32_t& owner = handle_owner_[handle(scratch_)];
    if (owner == kNoId) owner = a;
    else if (owner != a) owner = kAmbiguous;
  }
  void note_state(uint32_t a, std::string_view state) {
    // Consecutive rows mostly carry the same state: a one-entry cache.
    if (!has_last_state_ || state != last_state_text_) {
      last_state_ = states_.intern(state);
      last_state_text_.assign(state.data(), state.size());
      has_last_state_ = true;
    }
    const uint32_t s = last_state_;
    if (s >= kStateConflict) throw std::length_error("more than 65,533 distinct states");
    uint16_t& cur = accounts_info_[a].state;
    if (cur == kNoState) cur = static_cast<uint16_t>(s);
    else if (cur != s) cur = kStateConflict;
  }
  // Interns a list cell's items; returns the offset where they start.
  static uint32_t push_list(const Column* c, int64_t r, StringInterner& pool, std::vector<uint32_t>& items) {
    const uint32_t begin = checked32(items.size());
    if (c && !c->is_null(r))
      for (int64_t j = 0; j < c->list_size(r); ++j) items.push_back(pool.intern(c->list_item(r, j)));
    return begin;
  }

  void resolve_states() {
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
  void resolve_target_posts() {
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
      recs_[p].target = std::binary_search(ambiguous_posts_.begin(), ambiguous_posts_.end(), first)
                            ? kAmbiguous
                            : recs_[first].author;
    }
    pending_target_post_.clear();
    pending_target_post_.shrink_to_fit();
  }

  InteractionOptions opt_;
  InteractionCounts counts_;
  std::string scratch_;
  std::vector<uint32_t> seen_;
  StringArena post_ids_;
  StringInterner accounts_, handles_, states_, hashtags_, urls_;
  std::vector<std::string> platforms_, itypes_;
  // Per account, together so that a post's author costs one cache line.
  struct AccountInfo {
    uint64_t handle_hash = 0;  // hash of the handle last noted for it (0: none)
    uint16_t state = kNoState;
  };
  HugeVector<AccountInfo> accounts_info_;
  std::vector<uint32_t> handle_owner_;
  uint32_t last_state_ = 0;
  bool has_last_state_ = false;
  std::string last_state_text_;
  HugeVector<PostRec> recs_;
  std::vector<uint32_t> hashtag_items_, url_items_, mention_items_;
  std::vector<std::pair<uint32_t, std::string_view>> pending_target_post_;
  std::vector<uint32_t> ambiguous_posts_;
  std::vector<uint32_t> order_;
};

}  // namespace chorus::network
