#include "interactions_writer.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace chorus::network_interactions {

const Schema& interactions_schema() {
  static const Schema s{{"platform", {TypeId::Utf8}},     {"post_id", {TypeId::Utf8}},
                        {"source", {TypeId::Utf8}},       {"target", {TypeId::Utf8}},
                        {"type", {TypeId::Utf8}},         {"time", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"likes", {TypeId::Int64}},       {"shares", {TypeId::Int64}},
                        {"replies", {TypeId::Int64}},     {"source_state", {TypeId::Utf8}},
                        {"target_state", {TypeId::Utf8}}, {"scope", {TypeId::Utf8}},
                        {"hashtags", {TypeId::ListUtf8}}, {"urls", {TypeId::ListUtf8}}};
  return s;
}

const Schema& isolates_schema() {
  static const Schema s{{"platform", {TypeId::Utf8}},
                        {"post_id", {TypeId::Utf8}},
                        {"source", {TypeId::Utf8}},
                        {"state", {TypeId::Utf8}},
                        {"time", {TypeId::Timestamp, TimeUnit::Milli}},
                        {"likes", {TypeId::Int64}},
                        {"shares", {TypeId::Int64}},
                        {"replies", {TypeId::Int64}},
                        {"type", {TypeId::Utf8}},
                        {"reason", {TypeId::Utf8}}};
  return s;
}

const Schema& rejects_schema() {
  static const Schema s{
      {"file", {TypeId::Utf8}}, {"line", {TypeId::Int64}}, {"reason", {TypeId::Utf8}}, {"raw", {TypeId::Utf8}}};
  return s;
}

const char* scope_name(uint16_t source_state, uint16_t target_state) {
  if (source_state == kNoState) return "unattributed";
  if (target_state == kNoState) return "external";
  return source_state == target_state ? "intra" : "inter";
}

void write_interactions(InteractionBuilder& b, int64_t batch_rows,
                        const std::function<void(const char* port, Batch&& batch)>& emit) {
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
    if (v == kNullCount)
      c.append_null();
    else
      c.append_int(v);
  };
  auto put_state = [&](Column& c, uint16_t s) {
    if (s == kNoState)
      c.append_null();
    else
      c.append_string(b.state_name(s));
  };
  auto put_platform = [&](Column& c, uint32_t p) {
    if (b.has_platform(p))
      c.append_string(b.platform(p));
    else
      c.append_null();
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

Batch rejects_batch(std::vector<RejectRow>& rejects) {
  Batch b(rejects_schema());
  for (const auto& r : rejects) {
    if (r.file.empty())
      b.column(0).append_null();
    else
      b.column(0).append_string(r.file);
    if (r.line < 0)
      b.column(1).append_null();
    else
      b.column(1).append_int(r.line);
    b.column(2).append_string(r.reason);
    b.column(3).append_string(r.raw);
  }
  rejects.clear();
  return b;
}

}  // namespace chorus::network_interactions
