// Writing the synthetic world: the takedown-archive CSVs (2019+ layout), the
// twarc2 JSONL of unaffiliated accounts (flattened form), the rows an
// ingester would read back from them, and ground_truth.json.
#pragma once

#include <nlohmann/json.hpp>
#include <chorus/sdk/time.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "world.hpp"

namespace chorus::ingest::synthetic {

using Json = nlohmann::json;

// --- text formats -------------------------------------------------------------------

// RFC 4180: quoted when the field holds a comma, a quote or a line break; quotes doubled.
inline void csv_field(std::string& out, const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Python's repr of a list of str: ['a', 'b']; "it's" in double quotes as Python does.
inline std::string py_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    const std::string& s = items[i];
    const char q = s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
    out += q;
    for (char c : s) {
      if (c == '\\' || c == q) out += '\\';
      out += c;
    }
    out += q;
  }
  return out + "]";
}

inline std::string two(int64_t v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); }

// YYYY-MM-DD HH:MM (tweet_time), YYYY-MM-DD (account_creation_date), in UTC.
inline std::string minute_text(int64_t s) {
  const int64_t day = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  const auto c = time::civil_from_days(day);
  const int64_t rem = s - day * 86400;
  return std::to_string(c.year) + "-" + two(c.month) + "-" + two(c.day) + " " + two(rem / 3600) + ":" + two(rem / 60 % 60);
}
inline std::string date_text(int64_t s) { return minute_text(s).substr(0, 10); }
// 2021-03-04T05:06:07.000Z, as the v2 API writes times.
inline std::string v2_time(int64_t s) {
  std::string t = minute_text(s);
  t[10] = 'T';
  return t + ":" + two(((s % 60) + 60) % 60) + ".000Z";
}
inline std::string iso_minute(int64_t s) {
  std::string t = minute_text(s);
  t[10] = 'T';
  return t + ":00Z";
}
inline int64_t floor_minute(int64_t s) { return s - (((s % 60) + 60) % 60); }
inline std::string month_of(int64_t s) { return minute_text(s).substr(0, 7); }

inline std::string ascii_lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}
inline bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// --- rows as the readers give them back ------------------------------------------------

struct PostRow {
  std::string source_file;
  int64_t source_line = 0;
  std::string post_id, author_id;
  std::optional<std::string> author_handle, author_display_name, campaign, state;
  bool is_hashed_author = false;
  int64_t created_at_ms = 0;
  std::string time_precision, text;
  std::optional<std::string> language, target_post_id, target_author_id, mentions_kind;
  std::string interaction_type;
  std::vector<std::string> hashtags, urls, mentions;
  std::optional<int64_t> likes, shares, replies, quotes, views;
};

struct AccountRow {
  std::string source_file, author_id;
  std::optional<std::string> author_handle, display_name, description, profile_url, location, language,
      campaign, state, created_precision;
  bool is_hashed = false;
  std::optional<int64_t> followers, following, created_at_ms;
};

struct FileOut {
  std::string name, kind, state;  // state empty: none
  int64_t rows = -1;              // -1: not a table
  std::string content;
};

inline std::string tweets_file_name(const World& w, int s) { return w.campaign_codes[size_t(s)] + "_tweets_csv_hashed.csv"; }
inline std::string users_file_name(const World& w, int s) { return w.campaign_codes[size_t(s)] + "_users_csv_hashed.csv"; }
inline const char* kTwarcFile = "unaffiliated_twarc2_flat.jsonl";
inline const char* kGroundTruthFile = "ground_truth.json";

inline const char* interaction_name(Kind k) {
  switch (k) {
    case Kind::Original: return "original";
    case Kind::Retweet: return "share";
    case Kind::Reply: return "reply";
    case Kind::Quote: return "quote";
  }
  return "original";
}

// Writes the files' contents and calls on_post / on_account with every row,
// in the order ingest/tmrc (state files A, B, ...) then ingest/twarc2 read them.
class Renderer {
 public:
  Renderer(const World& w, std::string dir) : w_(w), dir_(std::move(dir)) {
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  }
  std::string path_of(const std::string& name) const { return dir_.empty() ? name : dir_ + "/" + name; }

  template <class OnPost, class OnAccount>
  std::vector<FileOut> render(OnPost&& on_post, OnAccount&& on_account) {
    std::vector<FileOut> files;
    std::vector<std::vector<size_t>> by_state(w_.state_codes.size());
    std::vector<size_t> unaffiliated;
    for (size_t i = 0; i < w_.posts.size(); ++i) {
      const int s = acc(w_.posts[i].author).state;
      if (s >= 0) by_state[size_t(s)].push_back(i);
      else unaffiliated.push_back(i);
    }
    std::vector<AccountRow> accounts;
    for (size_t s = 0; s < by_state.size(); ++s) files.push_back(tweets(int(s), by_state[s], on_post));
    for (size_t s = 0; s < by_state.size(); ++s) files.push_back(users(int(s), on_account));
    files.push_back(twarc(unaffiliated, on_post, on_account));
    return files;
  }

 private:
  const Account& acc(int i) const { return w_.accounts[size_t(i)]; }
  const Post& post(int i) const { return w_.posts[size_t(i)]; }

  template <class OnPost>
  FileOut tweets(int s, const std::vector<size_t>& idx, OnPost& on_post) {
    FileOut f{tweets_file_name(w_, s), "tweets_csv", w_.state_codes[size_t(s)], 0, {}};
    std::string& out = f.content;
    out += "tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
           "user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,"
           "tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,"
           "is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,"
           "retweet_count,hashtags,urls,user_mentions\n";
    int64_t line = 2;
    const std::string path = path_of(f.name);
    for (size_t i : idx) {
      const Post& p = w_.posts[i];
      const Account& a = acc(p.author);
      std::string reply_user, reply_tweet, quoted, rt_user, rt_tweet;
      const std::string target_id = p.target_post >= 0 ? post(p.target_post).id : p.ext_target_post;
      const std::string target_author = p.kind == Kind::Retweet && p.target_post >= 0 ? acc(post(p.target_post).author).id
                                        : p.target_account >= 0 ? acc(p.target_account).id : std::string();
      if (p.kind == Kind::Retweet) rt_user = target_author, rt_tweet = target_id;
      if (p.kind == Kind::Reply) reply_user = target_author, reply_tweet = target_id;
      if (p.kind == Kind::Quote) quoted = target_id;
      std::vector<std::string> mention_ids;
      for (int m : p.mentions) mention_ids.push_back(acc(m).id);
      const std::vector<std::string> fields = {
          p.id, a.id, a.name, a.handle, a.location, a.description, a.profile_url, std::to_string(a.followers),
          std::to_string(a.following), date_text(a.created_s), a.lang, p.lang, p.text, minute_text(p.t_s), p.client,
          reply_user, reply_tweet, quoted, p.kind == Kind::Retweet ? "True" : "False", rt_user, rt_tweet, "absent",
          "absent", std::to_string(p.quotes), std::to_string(p.replies), std::to_string(p.likes),
          std::to_string(p.shares), py_list(p.hashtags), py_list(p.urls), py_list(mention_ids)};
      const size_t record_start = out.size();
      for (size_t k = 0; k < fields.size(); ++k) {
        if (k) out += ',';
        csv_field(out, fields[k]);
      }
      out += '\n';
      const int64_t record_lines = std::count(out.begin() + static_cast<long>(record_start), out.end(), '\n');
      PostRow r;
      r.source_file = path;
      r.source_line = line;
      r.post_id = p.id;
      r.author_id = a.id;
      r.author_handle = a.handle;
      r.author_display_name = a.name;
      r.is_hashed_author = !all_digits(a.id);
      r.campaign = w_.campaigns[size_t(s)];
      r.state = w_.state_codes[size_t(s)];
      r.created_at_ms = floor_minute(p.t_s) * 1000;
      r.time_precision = "minute";
      r.text = p.text;
      if (!p.lang.empty()) r.language = p.lang;
      r.interaction_type = interaction_name(p.kind);
      if (p.kind != Kind::Original) r.target_post_id = target_id;
      if ((p.kind == Kind::Retweet || p.kind == Kind::Reply) && !target_author.empty()) r.target_author_id = target_author;
      r.hashtags = p.hashtags;
      r.urls = p.urls;
      r.mentions = mention_ids;
      r.mentions_kind = "id";
      r.likes = p.likes, r.shares = p.shares, r.replies = p.replies, r.quotes = p.quotes;
      on_post(r);
      line += record_lines;  // embedded line breaks (text, profile description) included
      ++f.rows;
    }
    return f;
  }

  template <class OnAccount>
  FileOut users(int s, OnAccount& on_account) {
    FileOut f{users_file_name(w_, s), "users_csv", w_.state_codes[size_t(s)], 0, {}};
    std::string& out = f.content;
    out += "userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
           "user_profile_url,follower_count,following_count,account_creation_date,account_language\n";
    const std::string path = path_of(f.name);
    for (int ai : w_.state_accounts[size_t(s)]) {
      const Account& a = acc(ai);
      const std::vector<std::string> fields = {a.id, a.name, a.handle, a.location, a.description, a.profile_url,
                                               std::to_string(a.followers), std::to_string(a.following),
                                               date_text(a.created_s), a.lang};
      for (size_t k = 0; k < fields.size(); ++k) {
        if (k) out += ',';
        csv_field(out, fields[k]);
      }
      out += '\n';
      AccountRow r;
      r.source_file = path;
      r.author_id = a.id;
      r.author_handle = a.handle;
      r.display_name = a.name;
      r.is_hashed = !all_digits(a.id);
      if (!a.description.empty()) r.description = a.description;
      if (!a.profile_url.empty()) r.profile_url = a.profile_url;
      if (!a.location.empty()) r.location = a.location;
      r.followers = a.followers, r.following = a.following;
      r.created_at_ms = a.created_s * 1000;
      r.created_precision = "day";
      r.language = a.lang;
      r.campaign = w_.campaigns[size_t(s)];
      r.state = w_.state_codes[size_t(s)];
      on_account(r);
      ++f.rows;
    }
    return f;
  }

  // --- twarc2 (flattened: one tweet per line, expansions inlined) ---
  static int64_t cp_offset(const std::string& text, size_t byte) {  // code points before `byte`
    int64_t n = 0;
    for (size_t i = 0; i < byte && i < text.size(); ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return n;
  }
  static std::string tco_of(const std::string& text) {
    const size_t at = text.rfind("https://t.co/");
    return at == std::string::npos ? std::string() : text.substr(at, 23);
  }
  Json user_json(const Account& a) const {
    Json u = {{"id", a.id}, {"username", a.handle}, {"name", a.name}, {"created_at", v2_time(a.created_s)},
              {"description", a.description}, {"protected", false}, {"verified", false},
              {"public_metrics", {{"followers_count", a.followers}, {"following_count", a.following},
                                  {"tweet_count", 0}, {"listed_count", a.listed}}}};
    if (!a.location.empty()) u["location"] = a.location;
    if (a.profile_url.empty()) {
      u["url"] = "";
    } else {
      const std::string padded = "ZZZZZZZZZZ" + a.id;
      const std::string t = "https://t.co/" + padded.substr(padded.size() - 10);
      u["url"] = t;
      std::string display = a.profile_url.substr(a.profile_url.find("://") + 3);
      u["entities"] = {{"url", {{"urls", Json::array({{{"start", 0}, {"end", 23}, {"url", t},
                                                        {"expanded_url", a.profile_url}, {"display_url", display}}})}}}};
    }
    return u;
  }
  Json tweet_json(const Post& p) const {
    const Account& a = acc(p.author);
    Json t = {{"id", p.id}, {"text", p.text}, {"created_at", v2_time(p.t_s)}, {"author_id", a.id},
              {"lang", p.lang}, {"source", p.client}, {"conversation_id", p.id}, {"possibly_sensitive", false},
              {"reply_settings", "everyone"}, {"edit_history_tweet_ids", Json::array({p.id})},
              {"public_metrics", {{"retweet_count", p.shares}, {"reply_count", p.replies},
                                  {"like_count", p.likes}, {"quote_count", p.quotes}}},
              {"author", user_json(a)}};
    Json ent = Json::object();
    auto find = [&](const std::string& needle) -> size_t { return p.text.find(needle); };
    if (p.kind == Kind::Retweet) {
      const Account& ta = acc(post(p.target_post).author);
      ent["mentions"] = Json::array({{{"start", 3}, {"end", 4 + cp_offset(ta.handle, ta.handle.size())},
                                      {"username", ta.handle}, {"id", ta.id}}});
    } else {
      Json tags = Json::array(), ments = Json::array(), urls = Json::array();
      for (const auto& h : p.hashtags) {
        const size_t at = find("#" + h);
        tags.push_back({{"start", cp_offset(p.text, at)}, {"end", cp_offset(p.text, at) + 1 + cp_offset(h, h.size())}, {"tag", h}});
      }
      for (int m : p.mentions) {
        const Account& ma = acc(m);
        const size_t at = find("@" + ma.handle);
        ments.push_back({{"start", cp_offset(p.text, at)}, {"end", cp_offset(p.text, at) + 1 + cp_offset(ma.handle, ma.handle.size())},
                         {"username", ma.handle}, {"id", ma.id}});
      }
      for (const auto& u : p.urls) {
        const std::string t = tco_of(p.text);
        const size_t at = p.text.rfind(t);
        urls.push_back({{"start", cp_offset(p.text, at)}, {"end", cp_offset(p.text, at) + 23}, {"url", t},
                        {"expanded_url", u}, {"display_url", u.substr(u.find("://") + 3)}});
      }
      if (!tags.empty()) ent["hashtags"] = tags;
      if (!ments.empty()) ent["mentions"] = ments;
      if (!urls.empty()) ent["urls"] = urls;
    }
    if (!ent.empty()) t["entities"] = ent;
    return t;
  }

  template <class OnPost, class OnAccount>
  FileOut twarc(const std::vector<size_t>& idx, OnPost& on_post, OnAccount& on_account) {
    FileOut f{kTwarcFile, "twarc2_jsonl", "", 0, {}};
    const std::string path = path_of(f.name);
    std::set<int> seen;
    int64_t line = 0;
    auto account = [&](int ai) {
      if (!seen.insert(ai).second) return;
      const Account& a = acc(ai);
      AccountRow r;
      r.source_file = path;
      r.author_id = a.id;
      r.author_handle = a.handle;
      r.display_name = a.name;
      r.is_hashed = false;
      r.description = a.description;  // twarc2 keeps an empty bio as ""
      if (!a.profile_url.empty()) r.profile_url = a.profile_url;
      if (!a.location.empty()) r.location = a.location;
      r.followers = a.followers, r.following = a.following;
      r.created_at_ms = a.created_s * 1000;
      r.created_precision = "second";
      on_account(r);
    };
    for (size_t i : idx) {
      const Post& p = w_.posts[i];
      const Account& a = acc(p.author);
      Json t = tweet_json(p);
      const Post* src = &p;
      if (p.kind == Kind::Retweet) {
        src = &post(p.target_post);
        Json ref = tweet_json(*src);
        ref["type"] = "retweeted";
        t["referenced_tweets"] = Json::array({ref});
      }
      t["__twarc"] = {{"url", "https://api.twitter.com/2/tweets/search/all?query=synthetic"},
                      {"version", "2.14.0"}, {"retrieved_at", v2_time(w_.config.start_s + int64_t(w_.config.days) * 86400)}};
      f.content += t.dump();
      f.content += '\n';
      ++line;
      ++f.rows;
      account(p.author);
      if (p.kind == Kind::Retweet) account(src->author);
      PostRow r;
      r.source_file = path;
      r.source_line = line;
      r.post_id = p.id;
      r.author_id = a.id;
      r.author_handle = a.handle;
      r.author_display_name = a.name;
      r.is_hashed_author = false;
      r.created_at_ms = p.t_s * 1000;
      r.time_precision = "millisecond";
      r.text = src->text;
      r.language = p.lang;
      r.interaction_type = interaction_name(p.kind);
      if (p.kind == Kind::Retweet) {
        r.target_post_id = src->id;
        r.target_author_id = acc(src->author).id;
      }
      r.hashtags = src->hashtags;
      r.urls = src->urls;
      for (int m : src->mentions) r.mentions.push_back(acc(m).id);
      if (!r.mentions.empty()) r.mentions_kind = "id";
      r.likes = p.likes, r.shares = p.shares, r.replies = p.replies, r.quotes = p.quotes;
      on_post(r);
    }
    return f;
  }

  const World& w_;
  std::string dir_;
};

// --- ground truth ------------------------------------------------------------------------

struct GtEdge {
  int post, source, target;
  std::string type;
  int scope;  // 0 intra, 1 inter, 2 external
};
inline const char* scope_name(int s) { return s == 0 ? "intra" : s == 1 ? "inter" : "external"; }

// The interaction edges of the state-linked posts (docs/synthetic-world.md):
// a retweet -> one retweet edge to the retweeted author (its mentions add
// nothing); a reply -> a reply edge to the replied-to author and a mention
// edge to every other mentioned account; a quote -> a quote edge to the
// quoted post's author when that post is in the data, plus mention edges; an
// original -> a mention edge per mentioned account. No self-edges.
inline std::vector<GtEdge> state_edges(const World& w) {
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

inline Json ground_truth(const World& w) {
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
  gt["generator"] = {{"stage", "ingest/synthetic"}, {"seed", c.seed}, {"states", c.states},
                     {"accounts_per_state", c.accounts_per_state}, {"posts_per_account", c.posts_per_account},
                     {"unaffiliated_accounts", c.unaffiliated}, {"start", iso_minute(c.start_s)}, {"days", c.days},
                     {"flow_posts", c.flow_posts_effective()}, {"group_members", c.group_members},
                     {"group_entities", c.group_entities}};
  gt["definitions"] = {
      {"edges", "From state-linked posts only. share -> one 'retweet' edge to the retweeted author (the row's "
                "mentions add nothing); reply -> 'reply' edge to the replied-to author, plus a 'mention' edge per "
                "other mentioned account; quote -> 'quote' edge to the quoted post's author (quoted posts are always "
                "in the data), plus mention edges; original -> a 'mention' edge per mentioned account. No self-edges."},
      {"scope", "intra: target in the same state; inter: target is a state-linked account of another state; "
                "external: target is not a state-linked account"},
      {"degree", "distinct neighbours over the edges above (any type, any scope)"},
      {"roles", "influencer: in-degree > 10 only; promoter: out-degree > 10 only; broker: both"},
      {"post_scope", "a non-retweet post with edges is inter if it has an inter-state edge, else intra if it has an intra-state edge, else external"},
      {"hashtags", "counted per post (a tag once per post), matched by ASCII lower case; groups are state codes and 'unaffiliated'"},
      {"urls", "counted per URL occurrence and per post; category by host (www./m. stripped; a domain matches itself and its subdomains)"},
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
    states.push_back({{"state", w.state_codes[s]}, {"campaign", w.campaigns[s]},
                      {"tweets_file", tweets_file_name(w, int(s))}, {"users_file", users_file_name(w, int(s))},
                      {"accounts", ids}, {"hashed_accounts", hashed}, {"posts", n}, {"posts_by_type", by_type}});
  }
  gt["states"] = states;
  {
    int64_t n = 0;
    Json ids = Json::array();
    for (int a : w.unaffiliated) ids.push_back(w.accounts[size_t(a)].id);
    for (const auto& p : w.posts) n += w.accounts[size_t(p.author)].state == kUnaffiliated;
    gt["unaffiliated"] = {{"file", kTwarcFile}, {"accounts", ids}, {"posts", n}};
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
    ia.push_back({{"source_state", ss}, {"target_state", ts.empty() ? Json(nullptr) : Json(ts)},
                  {"scope", ts.empty() ? "external" : ts == ss ? "intra" : "inter"}, {"type", type}, {"count", n}});
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
  gt["flow_shapes"] = {
      {"bidirectional", {w.state_codes[0], w.state_codes[1]}},
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
    role_rows.push_back({acc.id, {{"account", acc.id}, {"state", code(a)}, {"in_degree", in}, {"out_degree", out},
                                  {"role", role}, {"planted_role", acc.role.empty() ? Json(nullptr) : Json(acc.role)}}});
  }
  std::sort(role_rows.begin(), role_rows.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& r : role_rows) roles.push_back(r.second);
  gt["roles"] = roles;
  Json admins = Json::array();
  for (const auto& a : w.accounts)
    if (a.admin) admins.push_back({{"account", a.id}, {"state", w.state_codes[size_t(a.state)]}, {"description", a.description}});
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
      return {{"likes", sum[k][0] / double(n[k])}, {"shares", sum[k][1] / double(n[k])}, {"replies", sum[k][2] / double(n[k])}};
    };
    eng.push_back({{"state", w.state_codes[s]}, {"n_inter", n[0]}, {"n_intra", n[1]}, {"mean_inter", means(0)},
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
    const char* kind = trains.count(k) ? "follow_train" : k.rfind("opwave", 0) == 0 ? "coordination"
                       : theme_set.count(k) ? "theme" : "state";
    tags.push_back({{"hashtag", k}, {"variants", variants[k]}, {"kind", kind}, {"posts", total}, {"by_group", groups},
                    {"states", states_using}, {"shared", states_using >= 2}, {"inter_posts", tag_inter[k]}});
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
      by[g] = {{"occurrences", occ[g]}, {"posts", posts[g]}, {"distinct", int64_t(distinct[g].size())},
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
      ms.push_back({{"account", w.accounts[size_t(p.author)].id}, {"post_id", p.id}, {"time", iso_minute(floor_minute(p.t_s))}});
    }
    const Post& lp = w.posts[size_t(e.leader_post)];
    ents.push_back({{"type", e.type}, {"value", e.value}, {"leader_post_id", lp.id},
                    {"leader_time", iso_minute(floor_minute(lp.t_s))}, {"members", ms}});
  }
  Json members = Json::array();
  for (int m : w.members) members.push_back(w.accounts[size_t(m)].id);
  gt["coordination"] = {{"state", w.state_codes[1]}, {"leader", w.accounts[size_t(w.leader)].id}, {"members", members},
                        {"window_minutes", 60},
                        {"rule", "each member posts each entity once, 1 to 59 minutes (at minute precision) after the leader, in the next UTC hour; no other account posts these entities"},
                        {"entities", ents}};
  return gt;
}

}  // namespace chorus::ingest::synthetic
