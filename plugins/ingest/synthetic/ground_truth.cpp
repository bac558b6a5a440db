#include "ground_truth.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "operations.hpp"
#include "ops_truth.hpp"
#include "render.hpp"
#include "text_formats.hpp"

namespace chorus::ingest_synthetic {

using Json = nlohmann::json;

namespace {

struct GtEdge {
  int post, source, target;
  std::string type;
  int scope;  // 0 intra, 1 inter, 2 external
};
const char* scope_name(int s) { return s == 0 ? "intra" : s == 1 ? "inter" : "external"; }

// The interaction edges of the state-linked posts (docs/synthetic-world.md):
// a retweet -> one retweet edge to the retweeted author (its mentions add
// nothing); a reply -> a reply edge to the replied-to author and a mention
// edge to every other mentioned account; a quote -> a quote edge to the
// quoted post's author when that post is in the data, plus mention edges; an
// original -> a mention edge per mentioned account. No self-edges.
std::vector<GtEdge> state_edges(const World& w) {
  std::vector<GtEdge> out;
  auto st = [&](int a) { return w.accounts[size_t(a)].state; };
  for (size_t i = 0; i < w.posts.size(); ++i) {
    const Post& p = w.posts[i];
    const int s = st(p.author);
    if (s < 0) continue;
    auto add = [&](int target, const char* type) {
      if (target == p.author) return;
      const int ts = st(target);
      out.push_back({int(i), p.author, target, type, ts < 0 ? 2 : ts == s ? 0 : 1});
    };
    int reply_target = -1;
    if (p.kind == Kind::Retweet) {
      add(p.target_post >= 0 ? w.posts[size_t(p.target_post)].author : p.target_account, "retweet");
      continue;
    }
    if (p.kind == Kind::Reply) {
      reply_target = p.target_post >= 0 ? w.posts[size_t(p.target_post)].author : p.target_account;
      add(reply_target, "reply");
    }
    if (p.kind == Kind::Quote && p.target_post >= 0) add(w.posts[size_t(p.target_post)].author, "quote");
    std::set<int> done;
    for (int m : p.mentions)
      if (m != reply_target && done.insert(m).second) add(m, "mention");
  }
  return out;
}

}  // namespace

Json ground_truth(const World& w) {
  const auto edges = state_edges(w);
  auto code = [&](int a) -> Json {
    const int s = w.accounts[size_t(a)].state;
    return s >= 0 ? Json(w.state_codes[size_t(s)]) : Json(nullptr);
  };
  auto group = [&](int a) {
    const int s = w.accounts[size_t(a)].state;
    return s >= 0 ? w.state_codes[size_t(s)] : std::string(s == kUnaffiliated ? "unaffiliated" : "outside");
  };
  Json gt;
  const WorldConfig& c = w.config;
  gt["generator"] = {{"stage", "ingest/synthetic"},
                     {"seed", c.seed},
                     {"states", c.states},
                     {"accounts_per_state", c.accounts_per_state},
                     {"posts_per_account", c.posts_per_account},
                     {"unaffiliated_accounts", c.unaffiliated},
                     {"start", iso_minute(c.start_s)},
                     {"days", c.days},
                     {"flow_posts", c.flow_posts_effective()},
                     {"group_members", c.group_members},
                     {"group_entities", c.group_entities}};
  if (c.operations) gt["generator"]["operations"] = true;  // absent when false: the old worlds' bytes
  gt["definitions"] = {
      {"edges",
       "From state-linked posts only. share -> one 'retweet' edge to the retweeted author (the row's "
       "mentions add nothing); reply -> 'reply' edge to the replied-to author, plus a 'mention' edge per "
       "other mentioned account; quote -> 'quote' edge to the quoted post's author (quoted posts are always "
       "in the data), plus mention edges; original -> a 'mention' edge per mentioned account. No self-edges."},
      {"scope",
       "intra: target in the same state; inter: target is a state-linked account of another state; "
       "external: target is not a state-linked account"},
      {"degree", "distinct neighbours over the edges above (any type, any scope)"},
      {"roles", "influencer: in-degree > 10 only; promoter: out-degree > 10 only; broker: both"},
      {"post_scope",
       "a non-retweet post with edges is inter if it has an inter-state edge, else intra if it has an intra-state "
       "edge, else external"},
      {"hashtags",
       "counted per post (a tag once per post), matched by ASCII lower case; groups are state codes and "
       "'unaffiliated'"},
      {"urls",
       "counted per URL occurrence and per post; category by host (www./m. stripped; a domain matches itself and its "
       "subdomains)"},
      {"times", "TMRC times at minute precision (as the files give them), UTC"}};

  // States.
  Json states = Json::array();
  for (size_t s = 0; s < w.state_codes.size(); ++s) {
    Json ids = Json::array();
    int hashed = 0;
    for (int a : w.state_accounts[s]) {
      ids.push_back(w.accounts[size_t(a)].id);
      hashed += w.accounts[size_t(a)].hashed;
    }
    std::map<std::string, int64_t> by_type;
    for (const auto& p : w.posts)
      if (w.accounts[size_t(p.author)].state == int(s)) ++by_type[interaction_name(p.kind)];
    int64_t n = 0;
    for (auto& [k, v] : by_type) n += v;
    states.push_back({{"state", w.state_codes[s]},
                      {"campaign", w.campaigns[s]},
                      {"tweets_file", tweets_file_name(w, int(s))},
                      {"users_file", users_file_name(w, int(s))},
                      {"accounts", ids},
                      {"hashed_accounts", hashed},
                      {"posts", n},
                      {"posts_by_type", by_type}});
  }
  gt["states"] = states;
  {
    int64_t n = 0;
    Json ids = Json::array();
    for (int a : w.unaffiliated) ids.push_back(w.accounts[size_t(a)].id);
    for (const auto& p : w.posts) n += w.accounts[size_t(p.author)].state == kUnaffiliated;
    gt["unaffiliated"] = {{"file", kTwarcFile}, {"accounts", ids}, {"posts", n}};
    if (c.operations) {
      // `accounts` stays the organic accounts; `posts` counts the whole file.
      Json ops = Json::array();
      int64_t organic = 0;
      for (int a : w.operation_accounts) ops.push_back(w.accounts[size_t(a)].id);
      for (const auto& p : w.posts)
        organic += w.accounts[size_t(p.author)].state == kUnaffiliated && w.accounts[size_t(p.author)].operation < 0;
      gt["unaffiliated"]["operation_accounts"] = ops;
      gt["unaffiliated"]["organic_posts"] = organic;
    }
  }

  // Interactions per (source state, target state, type).
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> inter;
  std::map<std::string, std::map<std::string, int64_t>> scope_totals;
  for (const auto& e : edges) {
    const std::string ss = group(e.source);
    const std::string ts = e.scope == 2 ? std::string() : group(e.target);
    ++inter[{ss, ts, e.type}];
    if (e.scope == 0) ++scope_totals[ss]["intra"];
    if (e.scope == 1) ++scope_totals[ss]["inter_out"], ++scope_totals[ts]["inter_in"];
    if (e.scope == 2) ++scope_totals[ss]["external"];
  }
  Json ia = Json::array();
  for (const auto& [k, n] : inter) {
    const auto& [ss, ts, type] = k;
    ia.push_back({{"source_state", ss},
                  {"target_state", ts.empty() ? Json(nullptr) : Json(ts)},
                  {"scope", ts.empty() ? "external"
                            : ts == ss ? "intra"
                                       : "inter"},
                  {"type", type},
                  {"count", n}});
  }
  gt["interactions"] = ia;
  Json totals = Json::object();
  for (const auto& code_s : w.state_codes) {
    Json t = {{"intra", 0}, {"inter_out", 0}, {"inter_in", 0}, {"external", 0}};
    for (const auto& [k, v] : scope_totals[code_s]) t[k] = v;
    totals[code_s] = t;
  }
  gt["scope_totals"] = totals;

  // Flows.
  Json flows = Json::array();
  for (const auto& f : w.flows) {
    const std::string from = w.state_codes[size_t(f.from)], to = w.state_codes[size_t(f.to)];
    std::map<std::string, int64_t> by_type;
    int64_t n = 0;
    for (const auto& e : edges)
      if (e.scope == 1 && group(e.source) == from && group(e.target) == to) ++by_type[e.type], ++n;
    flows.push_back({{"shape", f.shape}, {"from", from}, {"to", to}, {"count", n}, {"by_type", by_type}});
  }
  gt["flows"] = flows;
  gt["flow_shapes"] = {{"bidirectional", {w.state_codes[0], w.state_codes[1]}},
                       {"hub", {{"hub", w.state_codes[2]}, {"account", w.accounts[size_t(w.broker)].id}}},
                       {"one_way", {{"from", w.state_codes.back()}, {"to", w.state_codes[0]}}}};

  // Degrees and roles.
  std::map<int, std::set<int>> outn, inn;
  for (const auto& e : edges) outn[e.source].insert(e.target), inn[e.target].insert(e.source);
  std::set<int> nodes;
  for (auto& [a, s] : outn) nodes.insert(a);
  for (auto& [a, s] : inn) nodes.insert(a);
  Json roles = Json::array();
  std::vector<std::pair<std::string, Json>> role_rows;
  for (int a : nodes) {
    const int64_t in = inn.count(a) ? int64_t(inn[a].size()) : 0, out = outn.count(a) ? int64_t(outn[a].size()) : 0;
    if (in <= 10 && out <= 10) continue;
    const Account& acc = w.accounts[size_t(a)];
    const char* role = in > 10 && out > 10 ? "broker" : in > 10 ? "influencer" : "promoter";
    role_rows.push_back({acc.id,
                         {{"account", acc.id},
                          {"state", code(a)},
                          {"in_degree", in},
                          {"out_degree", out},
                          {"role", role},
                          {"planted_role", acc.role.empty() ? Json(nullptr) : Json(acc.role)}}});
  }
  std::sort(role_rows.begin(), role_rows.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& r : role_rows) roles.push_back(r.second);
  gt["roles"] = roles;
  Json admins = Json::array();
  for (const auto& a : w.accounts)
    if (a.admin)
      admins.push_back({{"account", a.id}, {"state", w.state_codes[size_t(a.state)]}, {"description", a.description}});
  gt["admins"] = admins;

  // Post scope and engagement.
  std::vector<int> post_scope(w.posts.size(), -1);
  for (const auto& e : edges) {
    int& ps = post_scope[size_t(e.post)];
    if (ps < 0 || e.scope == 1 || (e.scope == 0 && ps == 2)) ps = e.scope;
  }
  Json eng = Json::array();
  for (size_t s = 0; s < w.state_codes.size(); ++s) {
    int64_t n[2] = {0, 0};
    double sum[2][3] = {{0, 0, 0}, {0, 0, 0}};
    for (size_t i = 0; i < w.posts.size(); ++i) {
      const Post& p = w.posts[i];
      if (w.accounts[size_t(p.author)].state != int(s) || p.kind == Kind::Retweet) continue;
      const int ps = post_scope[i];
      if (ps != 0 && ps != 1) continue;
      const int k = ps == 1 ? 0 : 1;
      ++n[k];
      sum[k][0] += double(p.likes), sum[k][1] += double(p.shares), sum[k][2] += double(p.replies);
    }
    auto means = [&](int k) -> Json {
      if (n[k] == 0) return {{"likes", nullptr}, {"shares", nullptr}, {"replies", nullptr}};
      return {{"likes", sum[k][0] / double(n[k])},
              {"shares", sum[k][1] / double(n[k])},
              {"replies", sum[k][2] / double(n[k])}};
    };
    eng.push_back({{"state", w.state_codes[s]},
                   {"n_inter", n[0]},
                   {"n_intra", n[1]},
                   {"mean_inter", means(0)},
                   {"mean_intra", means(1)}});
  }
  gt["engagement"] = eng;

  // Temporal: edges by source state, scope and month.
  Json temporal = Json::object();
  for (size_t s = 0; s < w.state_codes.size(); ++s) {
    Json per = Json::object();
    for (int sc = 0; sc < 3; ++sc) {
      std::map<std::string, int64_t> months;
      int64_t first = -1;
      for (const auto& e : edges) {
        const Post& p = w.posts[size_t(e.post)];
        if (e.scope != sc || w.accounts[size_t(e.source)].state != int(s)) continue;
        ++months[month_of(p.t_s)];
        if (first < 0 || floor_minute(p.t_s) < first) first = floor_minute(p.t_s);
      }
      std::string peak;
      int64_t best = 0;
      for (const auto& [m, v] : months)
        if (v > best) best = v, peak = m;
      per[scope_name(sc)] = {{"edges", months.empty() ? 0 : [&] { int64_t t = 0; for (auto& [m, v] : months) t += v; return t; }()},
                             {"first", first < 0 ? Json(nullptr) : Json(iso_minute(first))},
                             {"peak_month", peak.empty() ? Json(nullptr) : Json(peak)}, {"monthly", months}};
    }
    temporal[w.state_codes[s]] = per;
  }
  gt["temporal"] = temporal;

  // Hashtags.
  const std::set<std::string> trains = {"openfollow", "syts", "siguemeytesigo"};
  std::set<std::string> theme_set;
  for (const auto& t : words::themes()) theme_set.insert(ascii_lower(t));
  std::map<std::string, std::map<std::string, int64_t>> tag_groups;
  std::map<std::string, int64_t> tag_inter;
  std::map<std::string, std::set<std::string>> variants;
  for (size_t i = 0; i < w.posts.size(); ++i) {
    const Post& p = w.posts[i];
    std::set<std::string> once;
    for (const auto& h : p.hashtags) {
      const std::string k = ascii_lower(h);
      variants[k].insert(h);
      if (!once.insert(k).second) continue;
      ++tag_groups[k][group(p.author)];
      if (w.accounts[size_t(p.author)].state >= 0 && p.kind != Kind::Retweet && post_scope[i] == 1) ++tag_inter[k];
    }
  }
  Json tags = Json::array();
  for (const auto& [k, groups] : tag_groups) {
    int states_using = 0;
    int64_t total = 0;
    for (const auto& [g, n] : groups) {
      states_using += g != "unaffiliated";
      total += n;
    }
    const char* kind = trains.count(k)                       ? "follow_train"
                       : k.rfind("opwave", 0) == 0           ? "coordination"
                       : theme_set.count(k)                  ? "theme"
                       : k == ascii_lower(ops::kFloodTag)    ? "operation"
                       : k == ascii_lower(ops::kTrendingTag) ? "trending"
                       : k == ascii_lower(ops::kPopularTag)  ? "popular"
                                                             : "state";
    tags.push_back({{"hashtag", k},
                    {"variants", variants[k]},
                    {"kind", kind},
                    {"posts", total},
                    {"by_group", groups},
                    {"states", states_using},
                    {"shared", states_using >= 2},
                    {"inter_posts", tag_inter[k]}});
  }
  gt["hashtags"] = tags;
  gt["follow_train_hashtags"] = Json::array({"openfollow", "syts", "siguemeytesigo"});

  // URLs by category.
  Json cats = Json::array();
  for (const auto& cat : w.url_categories) {
    std::map<std::string, int64_t> occ, posts, profiles;
    std::map<std::string, std::set<std::string>> distinct;
    for (const auto& p : w.posts) {
      bool any = false;
      for (const auto& u : p.urls)
        if (w.url_category_of_link.at(u) == cat.name) {
          ++occ[group(p.author)];
          distinct[group(p.author)].insert(u);
          any = true;
        }
      if (any) ++posts[group(p.author)];
    }
    for (const auto& a : w.accounts)
      if (a.state != kOutside && !a.profile_url.empty() && w.url_category_of_link.at(a.profile_url) == cat.name)
        ++profiles[a.state >= 0 ? w.state_codes[size_t(a.state)] : "unaffiliated"];
    Json by = Json::object();
    std::set<std::string> gs;
    for (auto& [g, v] : occ) gs.insert(g);
    for (auto& [g, v] : profiles) gs.insert(g);
    for (const auto& g : gs)
      by[g] = {{"occurrences", occ[g]},
               {"posts", posts[g]},
               {"distinct", int64_t(distinct[g].size())},
               {"profile_urls", profiles[g]}};
    cats.push_back({{"category", cat.name}, {"domains", cat.domains}, {"by_group", by}});
  }
  gt["url_categories"] = cats;

  // The coordinated group.
  Json ents = Json::array();
  for (const auto& e : w.coord) {
    Json ms = Json::array();
    for (int mp : e.member_posts) {
      const Post& p = w.posts[size_t(mp)];
      ms.push_back(
          {{"account", w.accounts[size_t(p.author)].id}, {"post_id", p.id}, {"time", iso_minute(floor_minute(p.t_s))}});
    }
    const Post& lp = w.posts[size_t(e.leader_post)];
    ents.push_back({{"type", e.type},
                    {"value", e.value},
                    {"leader_post_id", lp.id},
                    {"leader_time", iso_minute(floor_minute(lp.t_s))},
                    {"members", ms}});
  }
  Json members = Json::array();
  for (int m : w.members) members.push_back(w.accounts[size_t(m)].id);
  gt["coordination"] = {{"state", w.state_codes[1]},
                        {"leader", w.accounts[size_t(w.leader)].id},
                        {"members", members},
                        {"window_minutes", 60},
                        {"rule",
                         "each member posts each entity once, 1 to 59 minutes (at minute precision) after the leader, "
                         "in the next UTC hour; no other account posts these entities"},
                        {"entities", ents}};
  if (c.operations) {
    gt["operations"] = operations_truth(w);
    gt["organic_lookalikes"] = lookalikes_truth(w);
  }
  return gt;
}

}  // namespace chorus::ingest_synthetic
