#include "render.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <utility>

#include "text_formats.hpp"

namespace chorus::ingest_synthetic {

using Json = nlohmann::json;

std::string tweets_file_name(const World& w, int s) { return w.campaign_codes[size_t(s)] + "_tweets_csv_hashed.csv"; }
std::string users_file_name(const World& w, int s) { return w.campaign_codes[size_t(s)] + "_users_csv_hashed.csv"; }

const char* interaction_name(Kind k) {
  switch (k) {
    case Kind::Original:
      return "original";
    case Kind::Retweet:
      return "share";
    case Kind::Reply:
      return "reply";
    case Kind::Quote:
      return "quote";
  }
  return "original";
}

namespace {

// Renders one world into its files and rows, file by file.
class FileWriter {
 public:
  FileWriter(const World& w, const Renderer& r) : w_(w), r_(r) {}

  std::vector<FileOut> render(const PostSink& on_post, const AccountSink& on_account) {
    std::vector<FileOut> files;
    std::vector<std::vector<size_t>> by_state(w_.state_codes.size());
    std::vector<size_t> unaffiliated;
    for (size_t i = 0; i < w_.posts.size(); ++i) {
      const int s = acc(w_.posts[i].author).state;
      if (s >= 0)
        by_state[size_t(s)].push_back(i);
      else
        unaffiliated.push_back(i);
    }
    for (size_t s = 0; s < by_state.size(); ++s) files.push_back(tweets(int(s), by_state[s], on_post));
    for (size_t s = 0; s < by_state.size(); ++s) files.push_back(users(int(s), on_account));
    files.push_back(twarc(unaffiliated, on_post, on_account));
    return files;
  }

 private:
  std::string path_of(const std::string& name) const { return r_.path_of(name); }
  const Account& acc(int i) const { return w_.accounts[size_t(i)]; }
  const Post& post(int i) const { return w_.posts[size_t(i)]; }

  FileOut tweets(int s, const std::vector<size_t>& idx, const PostSink& on_post) {
    FileOut f{tweets_file_name(w_, s), "tweets_csv", w_.state_codes[size_t(s)], 0, {}};
    std::string& out = f.content;
    out +=
        "tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
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
      const std::string target_author = p.kind == Kind::Retweet && p.target_post >= 0
                                            ? acc(post(p.target_post).author).id
                                        : p.target_account >= 0 ? acc(p.target_account).id
                                                                : std::string();
      if (p.kind == Kind::Retweet) rt_user = target_author, rt_tweet = target_id;
      if (p.kind == Kind::Reply) reply_user = target_author, reply_tweet = target_id;
      if (p.kind == Kind::Quote) quoted = target_id;
      std::vector<std::string> mention_ids;
      for (int m : p.mentions) mention_ids.push_back(acc(m).id);
      const std::vector<std::string> fields = {p.id,
                                               a.id,
                                               a.name,
                                               a.handle,
                                               a.location,
                                               a.description,
                                               a.profile_url,
                                               std::to_string(a.followers),
                                               std::to_string(a.following),
                                               date_text(a.created_s),
                                               a.lang,
                                               p.lang,
                                               p.text,
                                               minute_text(p.t_s),
                                               p.client,
                                               reply_user,
                                               reply_tweet,
                                               quoted,
                                               p.kind == Kind::Retweet ? "True" : "False",
                                               rt_user,
                                               rt_tweet,
                                               "absent",
                                               "absent",
                                               std::to_string(p.quotes),
                                               std::to_string(p.replies),
                                               std::to_string(p.likes),
                                               std::to_string(p.shares),
                                               py_list(p.hashtags),
                                               py_list(p.urls),
                                               py_list(mention_ids)};
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
      if ((p.kind == Kind::Retweet || p.kind == Kind::Reply) && !target_author.empty())
        r.target_author_id = target_author;
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

  FileOut users(int s, const AccountSink& on_account) {
    FileOut f{users_file_name(w_, s), "users_csv", w_.state_codes[size_t(s)], 0, {}};
    std::string& out = f.content;
    out +=
        "userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,"
        "user_profile_url,follower_count,following_count,account_creation_date,account_language\n";
    const std::string path = path_of(f.name);
    for (int ai : w_.state_accounts[size_t(s)]) {
      const Account& a = acc(ai);
      const std::vector<std::string> fields = {a.id,
                                               a.name,
                                               a.handle,
                                               a.location,
                                               a.description,
                                               a.profile_url,
                                               std::to_string(a.followers),
                                               std::to_string(a.following),
                                               date_text(a.created_s),
                                               a.lang};
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
    Json u = {{"id", a.id},
              {"username", a.handle},
              {"name", a.name},
              {"created_at", v2_time(a.created_s)},
              {"description", a.description},
              {"protected", false},
              {"verified", false},
              {"public_metrics",
               {{"followers_count", a.followers},
                {"following_count", a.following},
                {"tweet_count", 0},
                {"listed_count", a.listed}}}};
    if (!a.location.empty()) u["location"] = a.location;
    if (a.profile_url.empty()) {
      u["url"] = "";
    } else {
      const std::string padded = "ZZZZZZZZZZ" + a.id;
      const std::string t = "https://t.co/" + padded.substr(padded.size() - 10);
      u["url"] = t;
      std::string display = a.profile_url.substr(a.profile_url.find("://") + 3);
      u["entities"] = {{"url",
                        {{"urls", Json::array({{{"start", 0},
                                                {"end", 23},
                                                {"url", t},
                                                {"expanded_url", a.profile_url},
                                                {"display_url", display}}})}}}};
    }
    return u;
  }
  Json tweet_json(const Post& p) const {
    const Account& a = acc(p.author);
    Json t = {
        {"id", p.id},
        {"text", p.text},
        {"created_at", v2_time(p.t_s)},
        {"author_id", a.id},
        {"lang", p.lang},
        {"source", p.client},
        {"conversation_id", p.id},
        {"possibly_sensitive", false},
        {"reply_settings", "everyone"},
        {"edit_history_tweet_ids", Json::array({p.id})},
        {"public_metrics",
         {{"retweet_count", p.shares}, {"reply_count", p.replies}, {"like_count", p.likes}, {"quote_count", p.quotes}}},
        {"author", user_json(a)}};
    Json ent = Json::object();
    auto find = [&](const std::string& needle) -> size_t { return p.text.find(needle); };
    if (p.kind == Kind::Retweet) {
      const Account& ta = acc(post(p.target_post).author);
      ent["mentions"] = Json::array({{{"start", 3},
                                      {"end", 4 + cp_offset(ta.handle, ta.handle.size())},
                                      {"username", ta.handle},
                                      {"id", ta.id}}});
    } else {
      Json tags = Json::array(), ments = Json::array(), urls = Json::array();
      for (const auto& h : p.hashtags) {
        const size_t at = find("#" + h);
        tags.push_back({{"start", cp_offset(p.text, at)},
                        {"end", cp_offset(p.text, at) + 1 + cp_offset(h, h.size())},
                        {"tag", h}});
      }
      for (int m : p.mentions) {
        const Account& ma = acc(m);
        const size_t at = find("@" + ma.handle);
        ments.push_back({{"start", cp_offset(p.text, at)},
                         {"end", cp_offset(p.text, at) + 1 + cp_offset(ma.handle, ma.handle.size())},
                         {"username", ma.handle},
                         {"id", ma.id}});
      }
      for (size_t k = 0; k < p.urls.size(); ++k) {
        const std::string t = tco_of(p.text);
        const size_t at = p.text.rfind(t);
        // A shortened link: expanded_url is the link as posted, unwound_url where it leads.
        const std::string& u = k < p.short_urls.size() ? p.short_urls[k] : p.urls[k];
        Json e = {{"start", cp_offset(p.text, at)},
                  {"end", cp_offset(p.text, at) + 23},
                  {"url", t},
                  {"expanded_url", u},
                  {"display_url", u.substr(u.find("://") + 3)}};
        if (k < p.short_urls.size()) {
          e["unwound_url"] = p.urls[k];
          e["status"] = 200;
        }
        urls.push_back(std::move(e));
      }
      if (!tags.empty()) ent["hashtags"] = tags;
      if (!ments.empty()) ent["mentions"] = ments;
      if (!urls.empty()) ent["urls"] = urls;
    }
    if (!ent.empty()) t["entities"] = ent;
    return t;
  }

  FileOut twarc(const std::vector<size_t>& idx, const PostSink& on_post, const AccountSink& on_account) {
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
                      {"version", "2.14.0"},
                      {"retrieved_at", v2_time(w_.config.start_s + int64_t(w_.config.days) * 86400)}};
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
  const Renderer& r_;
};

}  // namespace

Renderer::Renderer(const World& w, std::string dir) : w_(w), dir_(std::move(dir)) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

std::string Renderer::path_of(const std::string& name) const { return dir_.empty() ? name : dir_ + "/" + name; }

std::vector<FileOut> Renderer::render(const PostSink& on_post, const AccountSink& on_account) const {
  return FileWriter(w_, *this).render(on_post, on_account);
}

}  // namespace chorus::ingest_synthetic
