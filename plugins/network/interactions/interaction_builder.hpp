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
//
// Pass 1 (add_accounts, add_posts) and finish() are in interaction_builder.cpp.
// What pass 2 calls once per post (edges_of, prefetch and the accessors) is
// defined here, so that it inlines into the writer's loop (interactions_writer.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>

#include "network/interactions/string_interner.hpp"

namespace chorus::network_interactions {

constexpr int64_t kNullCount = std::numeric_limits<int64_t>::min();
constexpr uint32_t kNoId = StringInterner::kNone;
constexpr uint32_t kAmbiguous = StringInterner::kNone - 1;
constexpr uint16_t kNoState = 0xFFFF;
constexpr uint16_t kStateConflict = 0xFFFE;
constexpr uint32_t kHandleBit = 0x80000000u;

enum class PostKind : uint8_t { Original, Share, Reply, Quote };
enum class EdgeType : uint8_t { Retweet, Reply, Quote, Mention };

// Called once per edge by the writer: inline.
inline const char* edge_type_name(EdgeType t) {
  switch (t) {
    case EdgeType::Retweet:
      return "retweet";
    case EdgeType::Reply:
      return "reply";
    case EdgeType::Quote:
      return "quote";
    case EdgeType::Mention:
      return "mention";
  }
  return "?";
}

// interaction_type values and how they are read; anything else is a reject.
bool post_kind_of(std::string_view t, PostKind& out);

// Handles compare without a leading '@' and in ASCII lower case (Twitter,
// Telegram and Reddit handles are ASCII; other bytes are kept as they are).
void normalize_handle(std::string_view h, std::string& out);

// A timestamp of `unit` in milliseconds (rounded towards minus infinity).
int64_t to_millis(int64_t v, TimeUnit unit);

// What the builder does with the data's ambiguities (with: of the stage).
struct InteractionOptions {
  bool keep_unresolved_handles;  // unresolved_handles: keep ("@handle" targets, external) or drop (no edge)
  bool conflict_is_error;        // on_state_conflict: error (else unattributed)
};

// What the run saw, for the log and the tests.
struct InteractionCounts {
  int64_t posts = 0, rejected = 0, edges = 0, isolates = 0;
  int64_t self_edges = 0;           // dropped
  int64_t unresolved_targets = 0;   // retweet/reply/quote targets not found
  int64_t unresolved_handles = 0;   // handle mentions not matching one author (edges to "@handle" or dropped)
  int64_t ambiguous_handles = 0;    // of those, handles of two or more accounts
  int64_t duplicate_post_ids = 0;   // rows whose post_id an earlier row had
  int64_t state_conflicts = 0;      // accounts with two or more states
  int64_t accounts_without_id = 0;  // accounts rows with a null author_id (skipped)
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
  explicit InteractionBuilder(InteractionOptions opt) : opt_(opt) {}

  // --- pass 1 -------------------------------------------------------------------

  void add_accounts(const Batch& b);
  // Adds a batch of posts; rows that cannot be used go to `rejects`.
  void add_posts(const Batch& b, std::vector<RejectRow>& rejects);

  // --- between the passes ---------------------------------------------------------

  // Resolves account states, handles and target posts and sorts the posts
  // into the output order: time, then post_id (bytes), then input order.
  void finish();

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
      if (target == a) {
        self = true;
        ++counts_.self_edges;
        return;
      }
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
        add(kind == PostKind::Share   ? EdgeType::Retweet
            : kind == PostKind::Reply ? EdgeType::Reply
                                      : EdgeType::Quote,
            t);
      }
    }
    if (kind != PostKind::Share) {
      seen_.clear();
      const uint32_t end = mentions_end(p);
      for (uint32_t j = rec.mentions; j < end; ++j) {
        uint32_t m = mention_items_[j];
        if (m & kHandleBit) {
          const uint32_t owner = handle_owner_[m & ~kHandleBit];
          if (owner == kNoId || owner == kAmbiguous) {
            ++counts_.unresolved_handles;
            counts_.ambiguous_handles += owner == kAmbiguous;
            if (!opt_.keep_unresolved_handles) {
              unresolved = true;
              continue;
            }
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
      const uint32_t p = order_[position + 4];
      const PostRec& r = recs_[p];
      auto target = [&](uint32_t t) {
        if (t >= kAmbiguous || (t & kHandleBit)) return;
        __builtin_prefetch(&accounts_info_[t]);
        __builtin_prefetch(accounts_.str(t).data());
      };
      target(r.target);
      const uint32_t end = mentions_end(p);
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
  size_t memory_bytes() const;

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
  struct Cols;  // the columns of a posts batch (interaction_builder.cpp)

  uint32_t mentions_end(uint32_t p) const {
    return p + 1 < recs_.size() ? recs_[p + 1].mentions : static_cast<uint32_t>(mention_items_.size());
  }

  // Pass 1 (interaction_builder.cpp).
  void prefetch_accounts(const Cols& c, int64_t r) const;
  uint32_t account(std::string_view id);
  void note_author_handle(std::string_view raw, uint32_t a);
  uint32_t handle(std::string_view normalized);
  void note_handle(std::string_view raw, uint32_t a);
  void note_state(uint32_t a, std::string_view state);
  void resolve_states();
  void resolve_target_posts();

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

}  // namespace chorus::network_interactions
