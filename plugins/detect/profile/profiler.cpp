#include "profiler.hpp"

#include <algorithm>
#include <utility>

#include "facet_values.hpp"

namespace chorus::detect_profile {

namespace {

bool is_share(std::string_view type) { return type == "share" || type == "forward"; }

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// count desc, then value: the one total order of every ranked facet.
using Ranked = std::vector<std::pair<std::string, int64_t>>;
// Keeps the first `limit` entries (all with limit < 0), in order.
void rank_entries(Ranked& entries, int64_t limit) {
  const auto before = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  if (limit >= 0 && static_cast<size_t>(limit) < entries.size()) {
    std::partial_sort(entries.begin(), entries.begin() + limit, entries.end(), before);
    entries.resize(static_cast<size_t>(limit));
  } else {
    std::sort(entries.begin(), entries.end(), before);
  }
}

void append_row(Batch& b, const std::string& cluster, const char* facet, int64_t rank, std::string_view value,
                int64_t count, int64_t denominator, const std::vector<std::string>& excerpts = {}) {
  b.column(0).append_string(cluster);
  b.column(1).append_string(facet);
  b.column(2).append_int(rank);
  b.column(3).append_string(value);
  b.column(4).append_int(count);
  if (denominator > 0)
    b.column(5).append_double(static_cast<double>(count) / static_cast<double>(denominator));
  else
    b.column(5).append_null();
  b.column(6).append_list(excerpts);
}

void append_optional(Column& c, bool known, int64_t value) {
  if (known)
    c.append_int(value);
  else
    c.append_null();
}

}  // namespace

Schema Profiler::profile_schema() {
  return {{"cluster_id", {TypeId::Utf8}},  {"facet", {TypeId::Utf8}},  {"rank", {TypeId::Int64}},
          {"value", {TypeId::Utf8}},       {"count", {TypeId::Int64}}, {"share", {TypeId::Float64}},
          {"excerpts", {TypeId::ListUtf8}}};
}

Schema Profiler::summary_schema() {
  const DataType ts{TypeId::Timestamp, TimeUnit::Milli};
  return {{"cluster_id", {TypeId::Utf8}},
          {"accounts", {TypeId::Int64}},
          {"posts", {TypeId::Int64}},
          {"originals", {TypeId::Int64}},
          {"followers_sum", {TypeId::Int64}},
          {"followers_max", {TypeId::Int64}},
          {"likes", {TypeId::Int64}},
          {"shares", {TypeId::Int64}},
          {"replies", {TypeId::Int64}},
          {"reach", {TypeId::Int64}},
          {"first_post", ts},
          {"last_post", ts},
          {"active_days", {TypeId::Int64}},
          {"peak_day", {TypeId::Utf8}},
          {"peak_day_posts", {TypeId::Int64}},
          {"top_narrative", {TypeId::Utf8}}};
}

uint32_t Profiler::cluster_index(std::string_view id) {
  auto [it, added] = cluster_ids_.try_emplace(std::string(id), static_cast<uint32_t>(clusters_.size()));
  if (added) clusters_.emplace_back().id = std::string(id);
  return it->second;
}

uint32_t Profiler::domain_of(uint32_t url) {
  if (url >= url_domain_.size()) url_domain_.resize(url + 1, kNone - 1);
  if (url_domain_[url] == kNone - 1) {
    const std::string d = url_domain(values_.str(url));
    const uint32_t id = d.empty() ? kNone : values_.intern(d);
    url_domain_[url] = id;  // after intern: values_ may have grown, url_domain_ is sized by url
  }
  return url_domain_[url];
}

Ranked Profiler::ranked(const Tally& tally) const {
  Ranked out;
  out.reserve(tally.size());
  for (const auto& [id, n] : tally) out.emplace_back(std::string(values_.str(id)), n);
  rank_entries(out, options_.top_n);
  return out;
}

void Profiler::add_members(const Batch& b) {
  const Column& cluster = b.column("cluster_id");
  const Column& account = b.column("account_id");
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++counts_.member_rows;
    if (cluster.is_null(r) || account.is_null(r)) {
      ++counts_.member_rows_null;
      continue;
    }
    const uint32_t c = cluster_index(cluster.str(r));
    const uint32_t mi = member_ids_.intern(account.str(r));
    if (mi == members_.size()) members_.emplace_back();
    Member& m = members_[mi];
    if (std::find(m.clusters.begin(), m.clusters.end(), c) != m.clusters.end()) {
      ++counts_.member_rows_repeated;
      continue;
    }
    m.clusters.push_back(c);
    clusters_[c].members.push_back(mi);
  }
}

void Profiler::add_clusters(const Batch& b) {
  const Column& id = b.column("cluster_id");
  const Column& rank = b.column("rank");
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (id.is_null(r)) continue;
    Cluster& c = clusters_[cluster_index(id.str(r))];
    if (!rank.is_null(r) && (!c.rank || rank.int64(r) < *c.rank)) c.rank = rank.int64(r);
  }
}

void Profiler::add_near_duplicates(const Batch& b) {
  const Column& cluster = b.column("cluster_id");
  const Column& post = b.column("post_id");
  const Column& author = b.column("author_id");
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++counts_.near_duplicate_rows;
    if (cluster.is_null(r) || post.is_null(r) || author.is_null(r)) {
      ++counts_.near_duplicate_rows_null;
      continue;
    }
    auto [tit, added] =
        template_ids_.try_emplace(std::string(cluster.str(r)), static_cast<uint32_t>(templates_.size()));
    if (added) {
      templates_.push_back(tit->first);
      template_posts_total_.push_back(0);
    }
    ++template_posts_total_[tit->second];
    const uint32_t m = member_ids_.find(author.str(r));
    if (m == kNone) continue;  // counted above; otherwise not this cluster's post
    const uint32_t pi = template_post_ids_.intern(post.str(r));
    if (pi == template_posts_.size()) template_posts_.emplace_back();
    std::vector<uint32_t>& of_post = template_posts_[pi];
    if (std::find(of_post.begin(), of_post.end(), tit->second) != of_post.end()) continue;  // repeated row
    of_post.push_back(tit->second);
    for (uint32_t c : members_[m].clusters) ++clusters_[c].narrative[tit->second];
  }
}

void Profiler::add_accounts(const Batch& b) {
  const Column& id = b.column("author_id");
  const Column& location = b.column("location");
  const Column& followers = b.column("followers");
  const Column& created = b.column("created_at");
  const TimeUnit unit = created.type().unit;
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (id.is_null(r)) continue;
    const uint32_t mi = member_ids_.find(id.str(r));
    if (mi == kNone) continue;
    Member& m = members_[mi];
    m.has_account = true;
    // An account described twice (snapshots): its largest follower count,
    // its earliest creation day, every location it gave.
    if (!followers.is_null(r) && (!m.followers || followers.int64(r) > *m.followers)) m.followers = followers.int64(r);
    if (!created.is_null(r)) {
      const int64_t day = day_of(to_millis(created.int64(r), unit));
      if (!m.created_day || day < *m.created_day) m.created_day = day;
    }
    if (!location.is_null(r)) {
      const std::string_view loc = trim(location.str(r));
      const uint32_t v = loc.empty() ? kNone : values_.intern(loc);
      if (v != kNone && std::find(m.locations.begin(), m.locations.end(), v) == m.locations.end())
        m.locations.push_back(v);
    }
  }
}

void Profiler::add_excerpt(Cluster& c, uint32_t template_id, bool timed, int64_t time, std::string_view post_id,
                           std::string_view text) {
  std::vector<Excerpt>& list = c.excerpts[template_id];
  for (const Excerpt& e : list)
    if (e.post_id == post_id) return;  // the same post read twice
  const auto before = [](const Excerpt& a, const Excerpt& b) {
    if (a.timed != b.timed) return a.timed;  // unknown times last
    if (a.time != b.time) return a.time < b.time;
    return a.post_id < b.post_id;
  };
  Excerpt e{timed, time, std::string(post_id), {}};
  if (static_cast<int64_t>(list.size()) == options_.excerpts && !before(e, list.back())) return;
  e.text = std::string(utf8_prefix(text, options_.excerpt_chars));
  list.insert(std::upper_bound(list.begin(), list.end(), e, before), std::move(e));
  if (static_cast<int64_t>(list.size()) > options_.excerpts) list.pop_back();
}

// Distinct value ids of the non-empty items of a list cell, sorted (a value a
// post holds twice counts once).
void Profiler::distinct_values(const Column& c, int64_t row, std::vector<uint32_t>& out) {
  out.clear();
  if (c.is_null(row)) return;
  for (int64_t j = 0; j < c.list_size(row); ++j)
    if (!c.list_item(row, j).empty()) out.push_back(values_.intern(c.list_item(row, j)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

uint32_t Profiler::value_of(const Column& c, int64_t row) {
  if (c.is_null(row) || c.str(row).empty()) return kNone;
  return values_.intern(c.str(row));
}

void Profiler::add_posts(const Batch& b) {
  const Column& author = b.column("author_id");
  const Column& post_id = b.column("post_id");
  const Column& created = b.column("created_at");
  const Column& type = b.column("interaction_type");
  // Read only for excerpts: the stage selects it only with a near_duplicates input.
  const int text_index = b.index_of("text");
  const Column* text = text_index >= 0 ? &b.column(static_cast<size_t>(text_index)) : nullptr;
  const Column& hashtags = b.column("hashtags_folded");
  const Column& urls = b.column("urls_normalized");
  const Column& language = b.column("language");
  const Column& state = b.column("state");
  const Column& source = b.column("source_file");
  const Column& likes = b.column("likes");
  const Column& shares = b.column("shares");
  const Column& replies = b.column("replies");
  const TimeUnit unit = created.type().unit;
  std::vector<uint32_t> tags, links, domains;
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++counts_.posts_read;
    if (author.is_null(r)) continue;
    const uint32_t mi = member_ids_.find(author.str(r));
    if (mi == kNone) continue;
    ++counts_.member_posts;
    const bool timed = !created.is_null(r);
    const int64_t ms = timed ? to_millis(created.int64(r), unit) : 0;
    if (!timed) ++counts_.member_posts_null_time;
    if (type.is_null(r)) ++counts_.member_posts_null_type;
    const bool share = !type.is_null(r) && is_share(type.str(r));
    if (share) ++counts_.member_posts_share;
    distinct_values(hashtags, r, tags);
    distinct_values(urls, r, links);
    domains.clear();
    for (uint32_t u : links) {
      const uint32_t d = domain_of(u);
      if (d == kNone)
        ++counts_.urls_without_host;
      else
        domains.push_back(d);
    }
    std::sort(domains.begin(), domains.end());
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    const uint32_t lang = value_of(language, r), st = value_of(state, r);
    uint32_t src = kNone;
    if (!source.is_null(r)) {
      const std::string_view name = file_name(source.str(r));
      if (!name.empty()) src = values_.intern(name);
    }
    const std::vector<uint32_t>* templates = nullptr;
    if (!post_id.is_null(r) && !template_posts_.empty()) {
      const uint32_t pi = template_post_ids_.find(post_id.str(r));
      if (pi != kNone) templates = &template_posts_[pi];
    }
    for (uint32_t ci : members_[mi].clusters) {
      Cluster& c = clusters_[ci];
      ++c.posts;
      if (!share) {
        ++c.originals;
        // A retweet row carries the original's counts in some archives
        // (TMRC): only the members' own posts add engagement.
        if (!likes.is_null(r)) c.likes += likes.int64(r), c.has_likes = true;
        if (!shares.is_null(r)) c.shares += shares.int64(r), c.has_shares = true;
        if (!replies.is_null(r)) c.replies += replies.int64(r), c.has_replies = true;
      }
      if (timed) {
        c.first = c.timed ? std::min(c.first, ms) : ms;
        c.last = c.timed ? std::max(c.last, ms) : ms;
        c.timed = true;
        ++c.hours[hour_of(ms)];
        ++c.days[day_of(ms)];
      }
      for (uint32_t t : tags) ++c.hashtag[t];
      for (uint32_t u : links) ++c.url[u];
      for (uint32_t d : domains) ++c.domain[d];
      if (lang != kNone) ++c.language[lang];
      if (st != kNone) ++c.state[st];
      if (src != kNone) ++c.source[src];
      if (templates && text && !text->is_null(r))
        for (uint32_t t : *templates)
          if (c.narrative.count(t)) add_excerpt(c, t, timed, ms, post_id.str(r), text->str(r));
    }
  }
}

void Profiler::emit_cluster(const Cluster& c, Batch& profile, Batch& summary) {
  const std::string& id = c.id;
  const int64_t top_n = options_.top_n;

  // narrative
  Ranked narratives;
  for (const auto& [t, n] : c.narrative) {
    // A text everyone posts is not what the cluster pushes.
    if (static_cast<double>(n) < options_.narrative_min_share * static_cast<double>(template_posts_total_[t])) {
      ++counts_.narratives_shared_widely;
      continue;
    }
    narratives.emplace_back(templates_[t], n);
  }
  rank_entries(narratives, top_n);
  std::string top_excerpt;
  bool has_top_excerpt = false;
  for (size_t i = 0; i < narratives.size() && static_cast<int64_t>(i) < top_n; ++i) {
    std::vector<std::string> texts;
    auto it = c.excerpts.find(template_ids_.at(narratives[i].first));
    if (it != c.excerpts.end())
      for (const Excerpt& e : it->second) texts.push_back(e.text);
    if (texts.empty()) ++counts_.narratives_without_excerpt;
    if (i == 0 && !texts.empty()) top_excerpt = texts.front(), has_top_excerpt = true;
    append_row(profile, id, "narrative", static_cast<int64_t>(i) + 1, narratives[i].first, narratives[i].second,
               c.posts, texts);
  }

  const auto emit_top = [&](const char* facet, const Ranked& entries, int64_t denominator) {
    for (size_t i = 0; i < entries.size() && static_cast<int64_t>(i) < top_n; ++i)
      append_row(profile, id, facet, static_cast<int64_t>(i) + 1, entries[i].first, entries[i].second, denominator);
  };
  const Ranked hashtags = ranked(c.hashtag), domains = ranked(c.domain);
  emit_top("hashtag", hashtags, c.posts);
  emit_top("url", ranked(c.url), c.posts);
  emit_top("domain", domains, c.posts);
  emit_top("language", ranked(c.language), c.posts);

  // location and created: per member account, not per post
  Tally locations;
  std::unordered_map<int64_t, int64_t> created_days;
  int64_t members_created = 0, followers_sum = 0, followers_max = 0, followers_known = 0;
  for (uint32_t mi : c.members) {
    const Member& m = members_[mi];
    for (uint32_t loc : m.locations) ++locations[loc];
    if (m.created_day) ++created_days[*m.created_day], ++members_created;
    if (m.followers) {
      followers_sum += *m.followers;
      followers_max = followers_known ? std::max(followers_max, *m.followers) : *m.followers;
      ++followers_known;
    }
  }
  const int64_t accounts = static_cast<int64_t>(c.members.size());
  emit_top("location", ranked(locations), accounts);
  emit_top("state", ranked(c.state), c.posts);
  emit_top("source", ranked(c.source), c.posts);

  // hour: all 24 hours, zeros included, once the cluster has a timed post
  if (c.timed)
    for (int h = 0; h < 24; ++h) append_row(profile, id, "hour", h + 1, hour_text(h), c.hours[h], c.posts);
  std::vector<std::pair<int64_t, int64_t>> days(c.days.begin(), c.days.end());
  std::sort(days.begin(), days.end());
  int64_t peak_day = 0, peak_posts = 0;
  for (size_t i = 0; i < days.size(); ++i) {
    append_row(profile, id, "day", static_cast<int64_t>(i) + 1, day_text(days[i].first), days[i].second, c.posts);
    if (days[i].second > peak_posts) peak_day = days[i].first, peak_posts = days[i].second;  // earliest on ties
  }
  Ranked created;
  for (const auto& [day, n] : created_days) created.emplace_back(day_text(day), n);
  rank_entries(created, top_n);
  emit_top("created", created, members_created);

  // summary
  const bool followers = accounts_given_ && followers_known > 0;
  const auto col = [&summary](size_t i) -> Column& { return summary.column(i); };
  col(0).append_string(id);
  col(1).append_int(accounts);
  col(2).append_int(c.posts);
  col(3).append_int(c.originals);
  append_optional(col(4), followers, followers_sum);
  append_optional(col(5), followers, followers_max);
  append_optional(col(6), c.has_likes, c.likes);
  append_optional(col(7), c.has_shares, c.shares);
  append_optional(col(8), c.has_replies, c.replies);
  append_optional(col(9), followers || c.has_likes || c.has_shares || c.has_replies,
                  (followers ? followers_sum : 0) + c.likes + c.shares + c.replies);
  append_optional(col(10), c.timed, c.first);
  append_optional(col(11), c.timed, c.last);
  col(12).append_int(static_cast<int64_t>(days.size()));
  if (days.empty())
    col(13).append_null();
  else
    col(13).append_string(day_text(peak_day));
  col(14).append_int(peak_posts);
  if (has_top_excerpt)
    col(15).append_string(top_excerpt);
  else if (!hashtags.empty())
    col(15).append_string("#" + hashtags.front().first);
  else if (!domains.empty())
    col(15).append_string(domains.front().first);
  else
    col(15).append_null();
}

Profiler::Output Profiler::finish() {
  std::vector<uint32_t> order(clusters_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  // Ranked clusters by rank, then the rest; cluster_id breaks every tie.
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Cluster &x = clusters_[a], &y = clusters_[b];
    if (x.rank.has_value() != y.rank.has_value()) return x.rank.has_value();
    if (x.rank && *x.rank != *y.rank) return *x.rank < *y.rank;
    return x.id < y.id;
  });
  const bool ranked_input = std::any_of(clusters_.begin(), clusters_.end(), [](const Cluster& c) { return c.rank; });
  Output out{Batch(profile_schema()), Batch(summary_schema())};
  for (uint32_t i : order) {
    const Cluster& c = clusters_[i];
    if (c.members.empty()) ++counts_.clusters_without_members;
    if (ranked_input && !c.rank) ++counts_.clusters_unranked;
    emit_cluster(c, out.profile, out.summary);
  }
  if (accounts_given_)
    for (const Member& m : members_) {
      if (!m.followers) ++counts_.members_without_followers;
      if (!m.has_account) ++counts_.members_without_account;
    }
  return out;
}

}  // namespace chorus::detect_profile
