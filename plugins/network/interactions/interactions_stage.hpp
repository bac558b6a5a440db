// network/interactions: the stage around InteractionBuilder (interactions_core.hpp).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "interactions_core.hpp"

namespace chorus::network {

using sdk::Json;

inline const Schema& interactions_schema() {
  static const Schema s{{"platform", {TypeId::Utf8}},
                        {"post_id", {TypeId::Utf8}},
                        {"source", {TypeId::Utf8}},
                        {"target", {TypeId::Utf8}},
                        {"type", {TypeId::Utf8}},
                        {"time", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"likes", {TypeId::Int64}},
                        {"shares", {TypeId::Int64}},
                        {"replies", {TypeId::Int64}},
                        {"source_state", {TypeId::Utf8}},
                        {"target_state", {TypeId::Utf8}},
                        {"scope", {TypeId::Utf8}},
                        {"hashtags", {TypeId::ListUtf8}},
                        {"urls", {TypeId::ListUtf8}}};
  return s;
}

inline const Schema& isolates_schema() {
  static const Schema s{{"platform", {TypeId::Utf8}}, {"post_id", {TypeId::Utf8}},
                        {"source", {TypeId::Utf8}},   {"state", {TypeId::Utf8}},
                        {"time", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"likes", {TypeId::Int64}},   {"shares", {TypeId::Int64}},
                        {"replies", {TypeId::Int64}}, {"type", {TypeId::Utf8}},
                        {"reason", {TypeId::Utf8}}};
  return s;
}

inline const Schema& rejects_schema() {
  static const Schema s{{"file", {TypeId::Utf8}}, {"line", {TypeId::Int64}}, {"reason", {TypeId::Utf8}},
                        {"raw", {TypeId::Utf8}}};
  return s;
}

struct InteractionConfig {
  InteractionOptions options;
  int64_t batch_rows = 65536;
};

inline InteractionConfig parse_interaction_config(const Json& config) {
  InteractionConfig c;
  if (config.is_null()) return c;
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  for (auto it = config.begin(); it != config.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = it.value();
    if (k == "batch_rows") {
      if (!v.is_number_integer() || v.get<int64_t>() < 1)
        throw std::invalid_argument("with.batch_rows: expected a positive integer, got " + v.dump());
      c.batch_rows = v.get<int64_t>();
    } else if (k == "unresolved_handles") {
      if (v != "keep" && v != "drop")
        throw std::invalid_argument("with.unresolved_handles: expected keep or drop, got " + v.dump());
      c.options.keep_unresolved_handles = v == "keep";
    } else if (k == "on_state_conflict") {
      if (v != "unattributed" && v != "error")
        throw std::invalid_argument("with.on_state_conflict: expected unattributed or error, got " + v.dump());
      c.options.conflict_is_error = v == "error";
    } else {
      throw std::invalid_argument("with: unknown key '" + k + "'" +
                                  sdk::did_you_mean(k, {"batch_rows", "unresolved_handles", "on_state_conflict"},
                                                    "expected"));
    }
  }
  return c;
}

inline const char* scope_name(uint16_t source_state, uint16_t target_state) {
  if (source_state == kNoState) return "unattributed";
  if (target_state == kNoState) return "external";
  return source_state == target_state ? "intra" : "inter";
}

// Writes the builder's edges and isolates, in its order, as batches of at
// most batch_rows rows, handing each full batch to `emit(port, batch)`.
template <class Emit>
void write_interactions(InteractionBuilder& b, int64_t batch_rows, Emit&& emit) {
  // Batches with room for batch_rows rows (a post's edges may add a few):
  // growing 14 columns by doubling for every batch costs more than the rows.
  auto fresh = [&](const Schema& schema) {
    Batch fresh_batch(schema);
    const size_t rows = static_cast<size_t>(std::min<int64_t>(batch_rows, 1 << 20)) + 64;
    for (size_t c = 0; c < fresh_batch.num_columns(); ++c) fresh_batch.column(c).reserve(rows);
    return fresh_batch;
  };
  Batch edges = fresh(interactions_schema()), isolates = fresh(isolates_schema());
  std::vector<InteractionBuilder::Edge> out;
  std::vector<std::string_view> list;
  std::string handle_target;
  auto put_str = [](Column& c, std::string_view s) { c.append_string(s); };
  auto put_count = [](Column& c, int64_t v) {
    if (v == kNullCount) c.append_null();
    else c.append_int(v);
  };
  auto put_state = [&](Column& c, uint16_t s) {
    if (s == kNoState) c.append_null();
    else c.append_string(b.state_name(s));
  };
  auto put_platform = [&](Column& c, uint32_t p) {
    if (b.has_platform(p)) c.append_string(b.platform(p));
    else c.append_null();
  };
  InteractionCounts& n = b.counts();
  const std::vector<uint32_t>& order = b.order();
  for (size_t i = 0; i < order.size(); ++i) {
    const uint32_t p = order[i];
    b.prefetch(i);
    InteractionBuilder::IsolateReason reason{};
    const uint32_t author = b.author(p);
    const uint16_t ss = b.state_of_account(author);
    if (!b.edges_of(p, out, reason)) {
      ++n.isolates;
      put_platform(isolates.column(0), p);
      put_str(isolates.column(1), b.post_id(p));
      put_str(isolates.column(2), b.account_id(author));
      put_state(isolates.column(3), ss);
      isolates.column(4).append_int(b.time(p));
      put_count(isolates.column(5), b.likes(p));
      put_count(isolates.column(6), b.shares(p));
      put_count(isolates.column(7), b.replies(p));
      put_str(isolates.column(8), b.interaction_type(p));
      put_str(isolates.column(9), reason == InteractionBuilder::IsolateReason::Self         ? "self"
                                  : reason == InteractionBuilder::IsolateReason::Unresolved ? "unresolved"
                                                                                              : "none");
      if (isolates.rows() >= batch_rows) {
        emit("isolates", std::move(isolates));
        isolates = fresh(isolates_schema());
      }
      continue;
    }
    for (const auto& e : out) {
      ++n.edges;
      const uint16_t ts = b.state_of_target(e.target);
      put_platform(edges.column(0), p);
      put_str(edges.column(1), b.post_id(p));
      put_str(edges.column(2), b.account_id(author));
      if (e.target & kHandleBit) {
        handle_target = "@";
        handle_target += b.handle_text(e.target & ~kHandleBit);
        put_str(edges.column(3), handle_target);
      } else {
        put_str(edges.column(3), b.account_id(e.target));
      }
      put_str(edges.column(4), edge_type_name(e.type));
      edges.column(5).append_int(b.time(p));
      put_count(edges.column(6), b.likes(p));
      put_count(edges.column(7), b.shares(p));
      put_count(edges.column(8), b.replies(p));
      put_state(edges.column(9), ss);
      put_state(edges.column(10), ts);
      put_str(edges.column(11), scope_name(ss, ts));
      if (b.hashtags_null(p)) {
        edges.column(12).append_null();
      } else {
        list.clear();
        b.for_each_hashtag(p, [&](std::string_view s) { list.push_back(s); });
        edges.column(12).append_list(list);
      }
      if (b.urls_null(p)) {
        edges.column(13).append_null();
      } else {
        list.clear();
        b.for_each_url(p, [&](std::string_view s) { list.push_back(s); });
        edges.column(13).append_list(list);
      }
    }
    if (edges.rows() >= batch_rows) {
      emit("interactions", std::move(edges));
      edges = fresh(interactions_schema());
    }
  }
  if (edges.rows() > 0) emit("interactions", std::move(edges));
  if (isolates.rows() > 0) emit("isolates", std::move(isolates));
}

struct Interactions : sdk::Stage {
  static constexpr const char* type = "network/interactions";
  static constexpr const char* description =
      "Directed interaction edges (retweet, reply, quote, mention) from posts, with state and scope; isolated posts";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"json({
    "type": "object", "additionalProperties": false,
    "properties": {
      "unresolved_handles": {"enum": ["keep", "drop"], "default": "keep",
        "description": "a handle mention that matches no single author or account in the data: keep it as an external edge to the target '@<handle in lower case>', or drop it (counted)"},
      "on_state_conflict": {"enum": ["unattributed", "error"], "default": "unattributed",
        "description": "an account whose posts/accounts rows carry two or more states: treat it as unattributed (warned, with examples) or fail the stage"},
      "batch_rows": {"type": "integer", "minimum": 1, "default": 65536,
        "description": "maximum rows per emitted batch"}
    }})json";
  static constexpr const char* ports = R"json({
    "inputs": [
      {"name": "posts", "type": "posts", "description": "normalized posts (normalize/posts)"},
      {"name": "accounts", "type": "accounts", "optional": true,
       "description": "accounts: states and handles of accounts, also of those that never post"}],
    "outputs": [
      {"name": "interactions", "type": "interactions",
       "description": "one row per directed edge, ordered by time, post_id, then edge order within the post (retweet | reply, quote, mentions in list order)"},
      {"name": "isolates", "type": "any",
       "description": "posts without an edge: platform, post_id, source, state, time, likes, shares, replies, type (interaction_type), reason (none | self | unresolved); ordered like interactions"},
      {"name": "rejects", "type": "rejects",
       "description": "posts that could not be used (null post_id/author_id/created_at/interaction_type, unknown interaction_type, mentions without mentions_kind); file and line are the post's source_file and source_line"}]})json";

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes&, sdk::Context&) override {
    parse_interaction_config(config);
    return sdk::PortTypes{{"interactions", {"interactions", interactions_schema()}},
                          {"isolates", {"", isolates_schema()}},
                          {"rejects", {"rejects", rejects_schema()}}};
  }

  void run(const Json& config, sdk::Context& ctx) override {
    const InteractionConfig cfg = parse_interaction_config(config);
    InteractionBuilder builder(cfg.options);
    Batch in;
    ctx.select("accounts", {"author_id"}, {"author_handle", "state"});
    while (ctx.read("accounts", in)) builder.add_accounts(in);
    ctx.select("posts", {"post_id", "author_id", "created_at", "interaction_type"},
               {"source_file", "source_line", "platform", "author_handle", "state", "target_post_id",
                "target_author_id", "hashtags_folded", "urls_normalized", "mentions", "mentions_kind", "likes",
                "shares", "replies"});
    std::vector<RejectRow> rejects;
    int64_t rows = 0;
    while (ctx.read("posts", in)) {
      if (ctx.cancelled()) return;
      builder.add_posts(in, rejects);
      rows += in.rows();
      ctx.progress(rows);
      if (!rejects.empty()) emit_rejects(rejects, ctx);
    }
    builder.finish();
    write_interactions(builder, cfg.batch_rows, [&](const char* port, Batch&& b) { ctx.emit(port, std::move(b)); });
    report(builder.counts(), ctx);
  }

  static void emit_rejects(std::vector<RejectRow>& rejects, sdk::Context& ctx) {
    Batch b(rejects_schema());
    for (const auto& r : rejects) {
      if (r.file.empty()) b.column(0).append_null();
      else b.column(0).append_string(r.file);
      if (r.line < 0) b.column(1).append_null();
      else b.column(1).append_int(r.line);
      b.column(2).append_string(r.reason);
      b.column(3).append_string(r.raw);
    }
    rejects.clear();
    ctx.emit("rejects", std::move(b));
  }

  static void report(const InteractionCounts& n, sdk::Context& ctx) {
    ctx.info(std::to_string(n.posts) + " posts: " + std::to_string(n.edges) + " edges, " +
             std::to_string(n.isolates) + " isolated posts, " + std::to_string(n.rejected) + " rejected, " +
             std::to_string(n.self_edges) + " self-edges dropped");
    if (n.rejected) ctx.warn(std::to_string(n.rejected) + " posts rejected (see the rejects port)");
    if (n.unresolved_targets)
      ctx.warn(std::to_string(n.unresolved_targets) +
               " retweet/reply/quote targets not resolved (no target_author_id and target post not in the data, or "
               "its post_id has two authors): no edge");
    if (n.unresolved_handles)
      ctx.warn(std::to_string(n.unresolved_handles) + " handle mentions not resolved to one account (" +
               std::to_string(n.ambiguous_handles) + " of them ambiguous)");
    if (n.accounts_without_id)
      ctx.warn(std::to_string(n.accounts_without_id) + " accounts rows with a null author_id skipped");
    if (n.duplicate_post_ids)
      ctx.warn(std::to_string(n.duplicate_post_ids) + " posts repeat an earlier post_id (kept: deduplicate upstream)");
    if (n.state_conflicts) {
      std::string ex;
      for (const auto& e : n.conflict_examples) ex += (ex.empty() ? "" : ", ") + e;
      ctx.warn(std::to_string(n.state_conflicts) + " accounts carry two or more states: unattributed (e.g. " + ex + ")");
    }
  }
};

}  // namespace chorus::network
