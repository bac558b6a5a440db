#include "ops_truth.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "render.hpp"
#include "text_formats.hpp"

namespace chorus::ingest_synthetic {

using Json = nlohmann::json;

namespace {

// 2020-03-04T05:06:07Z: the twarc2 times keep the second.
std::string iso_second(int64_t s) { return v2_time(s).substr(0, 19) + "Z"; }

Json sorted_ids(const World& w, const std::vector<int>& accounts) {
  std::vector<std::string> ids;
  for (int a : accounts) ids.push_back(w.accounts[size_t(a)].id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

Json range(int64_t lo, int64_t hi) { return {{"min", lo}, {"max", hi}}; }

Json entities(Json hashtags, Json domains, Json urls, Json seed_posts) {
  return {{"hashtags", std::move(hashtags)},
          {"domains", std::move(domains)},
          {"urls", std::move(urls)},
          {"seed_posts", std::move(seed_posts)}};
}

const char* rule_of(const std::string& kind) {
  if (kind == "retweet_ring")
    return "on each active day one member (in turn) posts an original and every other member retweets it 5 to 45 "
           "seconds later; nobody else retweets these posts";
  if (kind == "hashtag_flood")
    return "on each active day every member posts 2 to 4 originals with the group's hashtag (in any letter case; a "
           "third also carry a theme or the popular hashtag) within a 10-minute burst";
  return "on each active day every member posts one copy of the day's template with one or two words changed, "
         "within a 15-minute burst, linking the day's article on the group's site through a shortened link of its "
         "own (twarc2 expanded_url; the article in unwound_url and in posts.urls)";
}

}  // namespace

Json operations_truth(const World& w) {
  Json out = Json::array();
  for (size_t i = 0; i < w.operations.size(); ++i) {
    const Operation& o = w.operations[i];
    // The coordinated posts of each active day, in time order.
    std::vector<std::vector<const Post*>> by_day(o.day_start_s.size());
    for (const auto& p : w.posts)
      if (p.op == int(i)) by_day[size_t(p.op_day)].push_back(&p);
    Json days = Json::array(), seeds = Json::array(), tags = Json::array(), domains = Json::array(),
         urls = Json::array();
    int64_t lo = -1, hi = -1, posts = 0;
    std::set<std::string> variants;
    for (const auto& day : by_day) {
      const Post* first = day.front();
      if (o.kind == "retweet_ring")
        for (const Post* p : day)
          if (p->kind == Kind::Original) first = p, seeds.push_back(p->id);
      days.push_back(date_text(first->t_s));
      for (const Post* p : day) {
        ++posts;
        for (const auto& h : p->hashtags)
          if (ascii_lower(h) == o.hashtag) variants.insert(h);
        if (p == first && o.kind == "retweet_ring") continue;
        const int64_t lag = p->t_s - first->t_s;
        lo = lo < 0 ? lag : std::min(lo, lag);
        hi = std::max(hi, lag);
      }
    }
    if (!o.hashtag.empty()) tags.push_back(o.hashtag);
    if (!o.domain.empty()) domains.push_back(o.domain);
    for (const auto& l : o.links) urls.push_back(l);
    int64_t c_first = -1, c_last = -1;
    for (int a : o.accounts) {
      const int64_t c = w.accounts[size_t(a)].created_s;
      c_first = c_first < 0 ? c : std::min(c_first, c);
      c_last = std::max(c_last, c);
    }
    Json e = {{"name", o.name},
              {"kind", o.kind},
              {"attributed_state", nullptr},
              {"source", kTwarcFile},
              {"accounts", sorted_ids(w, o.accounts)},
              {"created", {{"first", iso_second(c_first)}, {"last", iso_second(c_last)}}},
              {"days", days},
              {"posts", posts},
              {"entities", entities(tags, domains, urls, seeds)},
              {"window_s", o.window_s},
              {"latency_s", range(lo, hi)},
              {"rule", rule_of(o.kind)}};
    if (!variants.empty()) e["hashtag_variants"] = variants;
    if (!o.templates.empty()) {
      Json t = Json::array();
      for (size_t d = 0; d < o.templates.size(); ++d)
        t.push_back({{"date", days[d]}, {"text", o.templates[d]}, {"url", o.links[d]}});
      e["templates"] = t;
    }
    out.push_back(e);
  }

  // The XB leader/follower group, as an operation of the takedown archive.
  std::vector<int> accounts = w.members;
  accounts.push_back(w.leader);
  std::set<std::string> days;
  Json tags = Json::array(), urls = Json::array(), seeds = Json::array();
  int64_t lo = -1, hi = -1, posts = 0;
  for (const auto& ce : w.coord) {
    const Post& lp = w.posts[size_t(ce.leader_post)];
    days.insert(date_text(lp.t_s));
    seeds.push_back(lp.id);
    (ce.type == "hashtag" ? tags : urls).push_back(ce.type == "hashtag" ? ascii_lower(ce.value) : ce.value);
    posts += 1 + int64_t(ce.member_posts.size());
    for (int mp : ce.member_posts) {
      const int64_t lag = floor_minute(w.posts[size_t(mp)].t_s) - floor_minute(lp.t_s);
      lo = lo < 0 ? lag : std::min(lo, lag);
      hi = std::max(hi, lag);
    }
  }
  out.push_back({{"name", "xb_group"},
                 {"kind", "hashtag_link_group"},
                 {"attributed_state", w.state_codes[1]},
                 {"source", tweets_file_name(w, 1)},
                 {"leader", w.accounts[size_t(w.leader)].id},
                 {"accounts", sorted_ids(w, accounts)},
                 {"days", days},
                 {"posts", posts},
                 {"entities", entities(tags, Json::array(), urls, seeds)},
                 {"window_s", 3600},
                 {"latency_s", range(lo, hi)},
                 {"rule",
                  "the leader posts each entity, every member posts it 1 to 59 minutes later (at minute precision) "
                  "in the next UTC hour; latency at minute precision"}});
  return out;
}

Json lookalikes_truth(const World& w) {
  Json out = Json::array();
  for (size_t i = 0; i < w.lookalikes.size(); ++i) {
    const Lookalike& l = w.lookalikes[i];
    std::vector<const Post*> posts;
    for (const auto& p : w.posts)
      if (p.lookalike == int(i)) posts.push_back(&p);
    Json e = {{"kind", l.kind}, {"accounts", sorted_ids(w, l.accounts)}};
    std::set<std::string> days;
    for (const Post* p : posts) days.insert(date_text(p->t_s));
    if (l.kind == "viral_post") {
      const Post* seed = nullptr;
      int64_t lo = -1, hi = -1;
      for (const Post* p : posts)
        if (p->kind == Kind::Original) seed = p;
      for (const Post* p : posts)
        if (p != seed) {
          lo = lo < 0 ? p->t_s - seed->t_s : std::min(lo, p->t_s - seed->t_s);
          hi = std::max(hi, p->t_s - seed->t_s);
        }
      e["post_id"] = seed->id;
      e["author"] = w.accounts[size_t(seed->author)].id;
      e["time"] = iso_second(seed->t_s);
      e["retweets"] = int64_t(posts.size()) - 1;
      e["window_s"] = l.to_s - l.from_s;
      e["latency_s"] = range(lo, hi);
    } else {
      std::set<std::string> variants, also;
      for (const Post* p : posts)
        for (const auto& h : p->hashtags) variants.insert(h);
      for (const auto& p : w.posts)
        if (p.op >= 0)
          for (const auto& h : p.hashtags)
            if (ascii_lower(h) == l.tag) also.insert(w.operations[size_t(p.op)].name);
      e["tag"] = l.tag;
      e["variants"] = variants;
      e["posts"] = int64_t(posts.size());
      e["first"] = iso_second(posts.front()->t_s);
      e["last"] = iso_second(posts.back()->t_s);
      e["window_s"] = l.to_s - l.from_s;
      e["also_used_by_operations"] = also;
    }
    e["days"] = days;
    out.push_back(e);
  }
  return out;
}

}  // namespace chorus::ingest_synthetic
