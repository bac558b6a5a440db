#include "world.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "operations.hpp"
#include "rng.hpp"

namespace chorus::ingest_synthetic {

// --- names and texts ----------------------------------------------------------------

namespace words {

const std::vector<std::string>& syllables() {
  static const std::vector<std::string> s = {"ka", "lo", "mi",  "ra",  "ten", "vo", "shi", "na",  "dor", "el",
                                             "zu", "pa", "rin", "sol", "ma",  "ku", "bel", "tor", "an",  "vi"};
  return s;
}
const std::vector<std::string>& themes() {  // shared by every state and unaffiliated accounts
  static const std::vector<std::string> t = {"Peace", "Unity", "Truth", "Development", "Friendship", "Solidarity"};
  return t;
}
const std::vector<std::string>& phrases() {
  static const std::vector<std::string> p = {"a new chapter of cooperation",
                                             "the real story the media will not tell you",
                                             "people first, always",
                                             "record harvest this season",
                                             "our friends abroad agree",
                                             "facts speak louder than lies",
                                             "a stronger economy for everyone",
                                             "history will judge",
                                             "look at the numbers, not the noise",
                                             "progress you can see",
                                             "voices from the ground",
                                             "the truth about the border",
                                             "why the sanctions failed",
                                             "a day of celebration"};
  return p;
}
const std::vector<std::string>& languages() {
  static const std::vector<std::string> l = {"en", "es", "zh-cn", "ru", "ar", "fa", "fr", "tr"};
  return l;
}
const std::vector<std::string>& locations() {
  static const std::vector<std::string> l = {"", "", "Earth", "Capital City", "Everywhere", "Ciudad", "在路上"};
  return l;
}
const std::vector<std::string>& clients() {
  static const std::vector<std::string> c = {"Twitter Web App", "Twitter for Android", "Twitter for iPhone",
                                             "TweetDeck"};
  return c;
}
}  // namespace words

namespace {

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string base64(const std::vector<uint8_t>& bytes) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (uint32_t(bytes[i]) << 16) | (uint32_t(bytes[i + 1]) << 8) | bytes[i + 2];
    out += a[v >> 18 & 63], out += a[v >> 12 & 63], out += a[v >> 6 & 63], out += a[v & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t(bytes[i]) << 16;
    out += a[v >> 18 & 63], out += a[v >> 12 & 63], out += "==";
  } else if (rest == 2) {
    const uint32_t v = (uint32_t(bytes[i]) << 16) | (uint32_t(bytes[i + 1]) << 8);
    out += a[v >> 18 & 63], out += a[v >> 12 & 63], out += a[v >> 6 & 63], out += '=';
  }
  return out;
}

constexpr int64_t kTwitterEpochMs = 1288834974657LL;

// A Snowflake-style id: (ms since the Twitter epoch) << 22 | sequence.
std::string snowflake(int64_t ms, uint64_t seq) {
  const int64_t since = std::max<int64_t>(ms - kTwitterEpochMs, 1);
  return std::to_string((static_cast<uint64_t>(since) << 22) | (seq & 0x3FFFFF));
}

// --- generation ----------------------------------------------------------------------

class Generator {
 public:
  explicit Generator(const WorldConfig& c) : c_(c) { check(c); }

  static void check(const WorldConfig& c) {
    if (c.states < 4 || c.states > 26) throw std::invalid_argument("states: must be between 4 and 26");
    if (c.accounts_per_state < 12)
      throw std::invalid_argument(
          "accounts_per_state: must be at least 12 (planted roles need more than ten neighbours)");
    if (c.posts_per_account < 1) throw std::invalid_argument("posts_per_account: must be at least 1");
    if (c.unaffiliated < 0) throw std::invalid_argument("unaffiliated_accounts: must not be negative");
    if (c.days < 30) throw std::invalid_argument("days: must be at least 30");
    if (c.group_members < 2 || c.group_members > c.accounts_per_state - 2)
      throw std::invalid_argument("group_members: must be between 2 and accounts_per_state - 2");
    if (c.group_entities < 1) throw std::invalid_argument("group_entities: must be at least 1");
  }

  World build() {
    World w;
    w.config = c_;
    w_ = &w;
    make_url_pools();
    make_accounts();
    plan_posts();
    if (c_.operations) plan_operations_and_lookalikes();
    resolve();
    assign_engagement();
    return w;
  }

 private:
  enum Plan { kOriginal, kRetweet, kReply, kQuote, kMention, kExtRetweet, kExtReply, kExtMention };

  const WorldConfig& c_;
  World* w_ = nullptr;
  std::set<std::string> used_ids_, used_handles_;
  std::map<std::string, std::vector<std::string>> links_;  // category -> links
  std::vector<std::vector<std::string>> news_links_;       // per state
  std::vector<Post> plans_;
  std::vector<std::vector<int>> ordinary_;  // per state: accounts without a planted role
  std::map<int, int> global_ordinal_;       // ordinary state account -> ordinal
  std::map<int, std::vector<int>> circle_;  // account -> accounts it interacts with
  std::set<std::string> short_links_;       // the operations' shortened links

  int64_t t0() const { return c_.start_s; }
  int64_t span() const { return int64_t(c_.days) * 86400; }
  int64_t main_start() const { return t0() + span() / 50; }

  // ---- URLs
  void make_url_pools() {
    Rng r(c_.seed, 1);
    auto code = [&](int n) {
      static const char* al = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
      std::string s;
      for (int i = 0; i < n; ++i) s += al[r.below(57)];
      return s;
    };
    static const std::vector<std::string> outlets = {"cgtn.com",       "rt.com",         "presstv.ir",
                                                     "telesurtv.net",  "globaltimes.cn", "sputniknews.com",
                                                     "almayadeen.net", "hispantv.com"};
    UrlCategory news{"state_news", {}}, social{"social", {"youtube.com", "facebook.com", "instagram.com", "vk.com"}},
        blog{"blog", {"blogspot.com", "wordpress.com", "medium.com"}},
        tool{"content_tool", {"twitlonger.com", "twitpic.com", "tuitil.com"}},
        shortener{"shortener", {"bit.ly", "goo.gl", "ow.ly"}};
    news_links_.assign(static_cast<size_t>(c_.states), {});
    for (int s = 0; s < c_.states; ++s) {
      const std::string& d = outlets[static_cast<size_t>(s) % outlets.size()];
      if (std::find(news.domains.begin(), news.domains.end(), d) == news.domains.end()) news.domains.push_back(d);
      for (int k = 0; k < 12; ++k) {
        std::string u = "https://www." + d + "/news/" + std::to_string(2000 + s * 100 + k) + "/" + code(6) + ".html";
        if (k % 3 == 0) u += "?utm_source=twitter&utm_medium=social";
        news_links_[static_cast<size_t>(s)].push_back(u);
        add_link("state_news", u, false);
      }
    }
    for (int k = 0; k < 12; ++k) {
      add_link("social", "https://www.youtube.com/@" + code(8) + "/videos", true);
      add_link("social", "https://www.facebook.com/" + code(9) + "/posts/" + std::to_string(r.range(100000, 999999)),
               true);
      add_link("social", "https://www.instagram.com/p/" + code(11) + "/", true);
      add_link("social", "https://vk.com/wall-" + std::to_string(r.range(10000, 99999)) + "_" + std::to_string(k + 1),
               true);
      add_link("blog",
               "https://" + code(7) + ".blogspot.com/2020/0" + std::to_string(k % 9 + 1) + "/" + code(10) + ".html",
               true);
      add_link("blog", "https://" + code(7) + ".wordpress.com/" + code(12) + "/", true);
      add_link("blog", "https://medium.com/@" + code(8) + "/" + code(14), true);
      add_link("content_tool", "http://www.twitlonger.com/show/n_" + code(10), true);
      add_link("content_tool", "http://twitpic.com/" + code(6), true);
      add_link("content_tool", "https://tuitil.com/" + code(8), true);
      add_link("shortener", "https://bit.ly/" + code(7), true);
      add_link("shortener", "http://goo.gl/" + code(6), true);
      add_link("shortener", "http://ow.ly/" + code(5), true);
    }
    w_->url_categories = {news, social, blog, tool, shortener};
  }
  void add_link(const std::string& cat, const std::string& u, bool pool) {
    if (pool) links_[cat].push_back(u);
    w_->url_category_of_link[u] = cat;
  }

  // ---- accounts
  std::string fresh_numeric_id(Rng& r, int64_t created_s) {
    for (;;) {
      std::string id;
      if (created_s < 1451606400)  // before 2016: a short sequential id
        id = std::to_string(r.range(100000000, 4200000000LL));
      else
        id = snowflake(created_s * 1000 + r.range(0, 999), r.below(1 << 22));
      if (used_ids_.insert(id).second) return id;
    }
  }
  std::string fresh_hash(Rng& r) {
    for (;;) {
      std::vector<uint8_t> b(32);
      for (auto& x : b) x = static_cast<uint8_t>(r.below(256));
      std::string h = base64(b);  // 44 characters with + / and a trailing =
      if (used_ids_.insert(h).second) return h;
    }
  }
  std::string fresh_handle(Rng& r, const std::string& prefix) {
    for (;;) {
      std::string h = prefix;
      const int n = static_cast<int>(r.range(2, 3));
      for (int i = 0; i < n; ++i) h += r.pick(words::syllables());
      if (r.chance(0.6)) h += "_" + std::to_string(r.range(1, 999));
      if (h.size() > 15) h.resize(15);
      if (used_handles_.insert(h).second) return h;
    }
  }

  int add_account(Account a) {
    w_->accounts.push_back(std::move(a));
    return static_cast<int>(w_->accounts.size()) - 1;
  }

  void make_accounts() {
    World& w = *w_;
    Rng r(c_.seed, 2);
    for (int s = 0; s < c_.states; ++s) {
      const char letter = static_cast<char>('A' + s);
      w.state_codes.push_back(std::string("X") + letter);
      w.campaign_codes.push_back(std::string("SYN_") + letter + "_0621");
      w.campaigns.push_back("twitter_io:" + w.campaign_codes.back());
    }
    w.state_accounts.assign(static_cast<size_t>(c_.states), {});
    ordinary_.assign(static_cast<size_t>(c_.states), {});
    const std::vector<std::string> social = links_["social"], blog = links_["blog"];
    for (int s = 0; s < c_.states; ++s) {
      const std::string& lang = words::languages()[static_cast<size_t>(s) % words::languages().size()];
      for (int j = 0; j < c_.accounts_per_state; ++j) {
        Account a;
        a.state = s;
        a.lang = lang;
        if (j == 0 && s == 0) a.role = "influencer";
        if (j == 0 && s == 1) a.role = "promoter";
        if (j == 0 && s == 2) a.role = "broker";
        if (a.role == "influencer")
          a.followers = 84000;
        else if (a.role == "promoter")
          a.followers = 3100;
        else if (a.role == "broker")
          a.followers = 12500;
        else
          a.followers = j % 5 == 1 ? r.range(5000, 250000) : r.range(20, 4999);
        a.following = r.range(10, 3000);
        a.created_s = (t0() / 86400 - r.range(30, 3000)) * 86400;
        a.hashed = a.followers < 5000;
        if (a.hashed) {
          a.id = fresh_hash(r);
          a.handle = a.name = a.id;
        } else {
          a.id = fresh_numeric_id(r, a.created_s);
          a.handle = fresh_handle(r, "");
          a.name = capitalized(a.handle.substr(0, a.handle.find('_'))) + " " +
                   capitalized(r.pick(words::syllables()) + r.pick(words::syllables()));
        }
        a.location = r.pick(words::locations());
        const int d = static_cast<int>(r.below(4));
        a.description = d == 0   ? ""
                        : d == 1 ? "News and views from " + w.state_codes[static_cast<size_t>(s)]
                        : d == 2 ? "Proud citizen. " + r.pick(words::phrases()) + "\nViews my own"
                                 : "Culture | travel | truth";
        if (s == 1 && j == 0) {
          a.description = "Admin del tren #SigueMeYTeSigo, líder de equipo";
          a.admin = true;
        }
        if (s == 3 && j == 2) {
          a.description = "Team leader and admin of the #OpenFollow train";
          a.admin = true;
        }
        const int u = static_cast<int>(r.below(5));
        a.profile_url = u == 0   ? news_links_[static_cast<size_t>(s)][r.below(12)]
                        : u == 1 ? r.pick(social)
                        : u == 2 ? r.pick(blog)
                                 : "";
        const int idx = add_account(std::move(a));
        w.state_accounts[static_cast<size_t>(s)].push_back(idx);
        const std::string& role = w.accounts[static_cast<size_t>(idx)].role;
        if (role == "influencer")
          w.influencer = idx;
        else if (role == "promoter")
          w.promoter = idx;
        else if (role == "broker")
          w.broker = idx;
        else
          ordinary_[static_cast<size_t>(s)].push_back(idx);
      }
    }
    int g = 0;
    for (int s = 0; s < c_.states; ++s)
      for (int a : ordinary_[static_cast<size_t>(s)]) global_ordinal_[a] = g++;
    // Accounts outside the data: targets of external interactions (two per ordinary account).
    for (int k = 0; k < 2 * g + 8; ++k) {
      Account a;
      a.state = kOutside;
      a.created_s = (t0() / 86400 - r.range(400, 4000)) * 86400;
      a.id = fresh_numeric_id(r, a.created_s);
      a.handle = fresh_handle(r, "");
      a.name = capitalized(a.handle);
      a.followers = r.range(1000, 5000000);
      w.outside.push_back(add_account(std::move(a)));
    }
    for (int k = 0; k < c_.unaffiliated; ++k) {
      Account a;
      a.state = kUnaffiliated;
      a.created_s = (t0() / 86400 - r.range(30, 4000)) * 86400 + r.range(0, 86399);
      a.id = fresh_numeric_id(r, a.created_s);
      a.handle = fresh_handle(r, "");
      a.name = capitalized(a.handle.substr(0, a.handle.find('_')));
      a.followers = r.range(5, 20000);
      a.following = r.range(5, 5000);
      a.listed = r.range(0, 40);
      a.lang = "en";
      a.location = r.pick(words::locations());
      a.description = r.chance(0.3) ? "" : "Just a person on the internet. " + r.pick(words::phrases());
      a.profile_url = r.chance(0.25) ? r.pick(blog) : "";
      w.unaffiliated.push_back(add_account(std::move(a)));
    }
    // Circles: ordinary account j of a state interacts with the next three of its state.
    for (int s = 0; s < c_.states; ++s) {
      const auto& o = ordinary_[static_cast<size_t>(s)];
      for (size_t j = 0; j < o.size(); ++j)
        for (size_t d = 1; d <= 3; ++d) circle_[o[j]].push_back(o[(j + d) % o.size()]);
    }
    const auto& un = w.unaffiliated;
    for (size_t j = 0; j < un.size() && un.size() > 1; ++j)
      for (size_t d = 1; d <= std::min<size_t>(3, un.size() - 1); ++d)
        circle_[un[j]].push_back(un[(j + d) % un.size()]);
  }

  // ---- planning: who posts what kind of post when, before targets are resolved
  Post& plan(int author, int64_t t, int kind, int target = -1, int group = 0) {
    Post p;
    p.author = author;
    p.t_s = t;
    p.plan = kind;
    p.target_account = target;
    p.group = group;
    plans_.push_back(std::move(p));
    return plans_.back();
  }
  int64_t main_time(Rng& r) { return r.range(main_start(), t0() + span() - 1); }
  int64_t intro_time(Rng& r) { return r.range(t0(), main_start() - 1); }
  // Inter-state activity: later than intra-state activity, with a peak month.
  int64_t flow_time(Rng& r) {
    const int64_t peak = t0() + span() * 6 / 10;
    if (r.chance(0.6)) return std::min(r.range(peak, peak + 30 * 86400 - 1), t0() + span() - 1);
    return r.range(t0() + span() * 3 / 10, t0() + span() - 1);
  }

  void plan_posts() {
    World& w = *w_;
    Rng r(c_.seed, 3);
    const int n = c_.posts_per_account;
    // Background: every state account; its first post is an original in the first 2% of the span.
    for (int s = 0; s < c_.states; ++s)
      for (int a : w.state_accounts[static_cast<size_t>(s)]) {
        plan(a, intro_time(r), kOriginal);
        const bool role = !w.accounts[static_cast<size_t>(a)].role.empty();
        const int g = role ? 0 : global_ordinal_.at(a);
        for (int k = 1; k < n; ++k) {
          const int64_t t = main_time(r);
          if (role) {
            plan(a, t, kOriginal);
            continue;
          }
          const double x = r.unit();
          const auto& circle = circle_.at(a);
          const int ext = w.outside[static_cast<size_t>(2 * g + static_cast<int>(r.below(2)))];
          if (x < 0.40)
            plan(a, t, kOriginal);
          else if (x < 0.55)
            plan(a, t, kRetweet, r.pick(circle));
          else if (x < 0.65)
            plan(a, t, kReply, r.pick(circle));
          else if (x < 0.70)
            plan(a, t, kQuote, r.pick(circle));
          else if (x < 0.80) {
            Post& p = plan(a, t, kMention);
            p.mentions = {r.pick(circle)};
            p.follow_train = r.chance(0.15);
          } else if (x < 0.85)
            plan(a, t, kExtRetweet, ext);
          else if (x < 0.90)
            plan(a, t, kExtReply, ext);
          else if (x < 0.95) {
            Post& p = plan(a, t, kExtMention);
            p.mentions = {ext};
          } else
            plan(a, t, kOriginal);
        }
      }
    const auto& oA = ordinary_[0];
    const auto& oB = ordinary_[1];
    const auto& oC = ordinary_[2];
    // Influencer (XA): every ordinary account of XA retweets it once.
    for (int a : oA) plan(a, main_time(r), kRetweet, w.influencer, 1);
    // Promoter (XB): mentions every ordinary account of XB once, and two accounts outside.
    for (int a : oB) {
      Post& p = plan(w.promoter, main_time(r), kMention, -1, 2);
      p.mentions = {a};
    }
    for (int k = 0; k < 2; ++k) {
      Post& p = plan(w.promoter, main_time(r), kExtMention, -1, 2);
      p.mentions = {w.outside[w.outside.size() - 1 - static_cast<size_t>(k)]};
    }
    // Broker (XC): retweeted once by every ordinary account of XC; its hub flow is below.
    for (int a : oC) plan(a, main_time(r), kRetweet, w.broker, 3);
    // Inter-state flows.
    const int fp = c_.flow_posts_effective();
    auto flow = [&](const std::string& shape, int from, int to, std::vector<int> sources, std::vector<int> targets) {
      w.flows.push_back({shape, from, to});
      for (int k = 0; k < fp; ++k) {
        const int src = sources[static_cast<size_t>(k) % sources.size()];
        const int64_t t = flow_time(r);
        const double x = r.unit();
        if (x < 0.35)
          plan(src, t, kRetweet, r.pick(targets), 4);
        else if (x < 0.60)
          plan(src, t, kReply, r.pick(targets), 4);
        else if (x < 0.70)
          plan(src, t, kQuote, r.pick(targets), 4);
        else {
          Post& p = plan(src, t, kMention, -1, 4);
          const bool train = x >= 0.85;
          p.follow_train = train;
          std::vector<int> pool = targets;
          const size_t m = train ? static_cast<size_t>(r.range(1, static_cast<int64_t>(pool.size()))) : 1;
          for (size_t i = 0; i < m; ++i) {
            const size_t at = static_cast<size_t>(r.below(pool.size()));
            p.mentions.push_back(pool[at]);
            pool.erase(pool.begin() + static_cast<long>(at));
          }
        }
      }
    };
    auto slice = [&](int s, size_t from, size_t count) {
      const auto& o = ordinary_[static_cast<size_t>(s)];
      return std::vector<int>(o.begin() + static_cast<long>(from), o.begin() + static_cast<long>(from + count));
    };
    flow("bidirectional", 0, 1, slice(0, 0, 3), slice(1, 0, 3));
    flow("bidirectional", 1, 0, slice(1, 0, 3), slice(0, 0, 3));
    for (int s = 0; s < c_.states; ++s)
      if (s != 2) flow("hub", 2, s, {w.broker}, slice(s, 6, 4));
    // Make sure the hub reaches every one of its targets at least once.
    for (int s = 0; s < c_.states; ++s)
      if (s != 2)
        for (int a : slice(s, 6, 4)) {
          Post& p = plan(w.broker, flow_time(r), kMention, -1, 4);
          p.mentions = {a};
        }
    flow("one_way", c_.states - 1, 0, slice(c_.states - 1, 0, 3), slice(0, 3, 3));
    // The coordinated group (XB): a leader and members posting the same entities.
    w.leader = oB.back();
    for (int m = 1; m <= c_.group_members; ++m) w.members.push_back(oB[oB.size() - 1 - static_cast<size_t>(m)]);
    for (int e = 0; e < c_.group_entities; ++e) {
      CoordEntity ce;
      if (e % 2 == 0) {
        ce.type = "hashtag";
        ce.value = "OpWave" + std::to_string(e / 2 + 1);
      } else {
        ce.type = "url";
        ce.value = "https://bit.ly/opwave" + std::to_string(e / 2 + 1);
        add_link("shortener", ce.value, false);
      }
      w.coord.push_back(ce);
      // Leader at hh:30..hh:50; members in the next hour, less than 60 minutes after the leader.
      const int64_t seg = (span() - span() / 50) / c_.group_entities;
      const int64_t day = (main_start() + seg * e + r.range(0, std::max<int64_t>(seg - 2 * 86400, 0))) / 86400;
      const int64_t hour = day * 86400 + r.range(0, 22) * 3600;
      const int64_t lm = r.range(30, 50);
      Post& lp = plan(w.leader, hour + lm * 60 + r.range(0, 59), kOriginal, -1, 5);
      lp.coord_entity = e;
      for (int m : w.members) {
        const int64_t delta = r.range(60 - lm, 59);  // whole minutes after the leader's minute
        Post& mp = plan(m, hour + (lm + delta) * 60 + r.range(0, 59), kOriginal, -1, 5);
        mp.coord_entity = e;
      }
    }
    // Unaffiliated accounts (twarc2).
    Rng u(c_.seed, 4);
    plan_unaffiliated(w.unaffiliated, u, 6);
  }

  // Ordinary posts of accounts of the twarc2 collection: originals and
  // retweets and mentions of their circle.
  void plan_unaffiliated(const std::vector<int>& accounts, Rng& u, int group) {
    const int n = c_.posts_per_account;
    for (int a : accounts) {
      plan(a, intro_time(u), kOriginal, -1, group);
      for (int k = 1; k < n; ++k) {
        const int64_t t = main_time(u);
        const double x = u.unit();
        const auto it = circle_.find(a);
        if (x < 0.6 || it == circle_.end())
          plan(a, t, kOriginal, -1, group);
        else if (x < 0.85)
          plan(a, t, kRetweet, u.pick(it->second), group);
        else {
          Post& p = plan(a, t, kMention, -1, group);
          p.mentions = {u.pick(it->second)};
        }
      }
    }
  }

  // The coordinated operations and the organic look-alikes (operations.hpp),
  // each from its own random stream, planned after everything else so that
  // the rest of the world is planned as without them.
  void plan_operations_and_lookalikes() {
    World& w = *w_;
    OpsHost host;
    host.new_account = [&](Rng& r, int64_t created_s) {
      Account a;
      a.created_s = created_s;
      a.id = fresh_numeric_id(r, created_s);
      a.handle = fresh_handle(r, "");
      a.name = capitalized(a.handle.substr(0, a.handle.find('_')));
      return add_account(std::move(a));
    };
    host.plan = [&](Post p) {
      p.plan = p.kind == Kind::Retweet ? kRetweet : kOriginal;
      plans_.push_back(std::move(p));
      return static_cast<int>(plans_.size()) - 1;
    };
    host.short_link = [&](Rng& r) {
      static const char* al = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
      for (;;) {
        std::string s = "https://bit.ly/";
        for (int i = 0; i < 7; ++i) s += al[r.below(57)];
        if (!w.url_category_of_link.count(s) && short_links_.insert(s).second) return s;
      }
    };
    plan_operations(w, host);
    // An operation account's circle: the next three accounts of its operation, never an organic account.
    for (const auto& o : w.operations)
      for (size_t j = 0; j < o.accounts.size(); ++j)
        for (size_t d = 1; d <= 3; ++d) circle_[o.accounts[j]].push_back(o.accounts[(j + d) % o.accounts.size()]);
    Rng u(c_.seed, 9);
    plan_unaffiliated(w.operation_accounts, u, kOpsBackground);
    plan_lookalikes(w, host);
  }

  // ---- resolution: in time order, targets are earlier posts; content is drawn
  std::string tco(Rng& r) {
    static const char* al = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string s = "https://t.co/";
    for (int i = 0; i < 10; ++i) s += al[r.below(62)];
    return s;
  }

  void content(Post& p, Rng& r) {
    World& w = *w_;
    const Account& a = w.accounts[static_cast<size_t>(p.author)];
    const bool state = a.state >= 0;
    std::vector<std::string> tags;
    std::string url;
    if (p.coord_entity >= 0) {
      const CoordEntity& e = w.coord[static_cast<size_t>(p.coord_entity)];
      if (e.type == "hashtag")
        tags.push_back(e.value);
      else
        url = e.value;
      p.client = "SynPublisher";
    } else {
      if (r.chance(0.5)) tags.push_back(r.pick(words::themes()));
      if (state && r.chance(0.3))
        tags.push_back(w.state_codes[static_cast<size_t>(a.state)] + (r.chance(0.5) ? "Today" : "Strong"));
      if (p.follow_train) {
        static const std::vector<std::string> ft = {"openfollow", "OpenFollow",     "OPENFOLLOW",    "syts",
                                                    "SYTS",       "siguemeytesigo", "SigueMeYTeSigo"};
        tags.push_back(r.pick(ft));
      } else if (!state && r.chance(0.05)) {
        tags.push_back("openfollow");
      }
      if (r.chance(0.3)) {
        const double x = r.unit();
        if (state && x < 0.4)
          url = r.pick(news_links_[static_cast<size_t>(a.state)]);
        else if (x < 0.65)
          url = r.pick(links_["social"]);
        else if (x < 0.8)
          url = r.pick(links_["blog"]);
        else if (x < 0.9)
          url = r.pick(links_["content_tool"]);
        else
          url = r.pick(links_["shortener"]);
      }
      p.client = r.pick(words::clients());
    }
    // Tags are unique within a post (ignoring case).
    std::vector<std::string> uniq;
    std::set<std::string> seen;
    for (auto& t : tags) {
      std::string k = t;
      for (char& ch : k) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
      if (seen.insert(k).second) uniq.push_back(t);
    }
    p.hashtags = uniq;
    std::string text;
    if (p.follow_train)
      text = r.chance(0.5) ? "Follow train! Follow everyone who retweets" : "Sígueme y te sigo";
    else
      text = capitalized(r.pick(words::phrases()));
    if (r.chance(0.05)) text += ",\nand \"quoted\" words";
    std::string handles;
    for (int m : p.mentions) handles += "@" + w.accounts[static_cast<size_t>(m)].handle + " ";
    if (p.follow_train)
      text += " " + handles.substr(0, handles.size() - (handles.empty() ? 0 : 1));
    else
      text = handles + text;
    for (const auto& t : p.hashtags) text += " #" + t;
    if (!url.empty()) {
      p.urls = {url};
      text += " " + tco(r);
    }
    p.text = text;
    p.lang = r.chance(0.05) ? "und" : (state ? a.lang : "en");
  }

  // A post planned with its text, hashtags and links: the tags and a t.co link appended as in content().
  void finish_preset(Post& p, Rng& r) {
    for (const auto& t : p.hashtags) p.text += " #" + t;
    if (!p.urls.empty()) p.text += " " + tco(r);
    p.client = r.pick(words::clients());
    p.lang = "en";
  }

  void resolve() {
    World& w = *w_;
    std::vector<size_t> order(plans_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      if (plans_[x].t_s != plans_[y].t_s) return plans_[x].t_s < plans_[y].t_s;
      return x < y;
    });
    Rng r0(c_.seed, 5), ro(c_.seed, 10);
    std::map<int, std::vector<int>> originals, replyable;  // account -> posts, in time order
    std::vector<int> post_of_plan(plans_.size(), -1);
    w.posts.reserve(plans_.size());
    for (size_t oi : order) {
      Post p = std::move(plans_[oi]);
      Rng& r = p.group >= kOpsFirst ? ro : r0;
      post_of_plan[oi] = static_cast<int>(w.posts.size());
      p.ms = static_cast<int>(r.below(1000));
      const int self = static_cast<int>(w.posts.size());
      auto earlier = [&](std::map<int, std::vector<int>>& m, int acc) -> int {
        auto it = m.find(acc);
        if (it == m.end()) return -1;
        // only posts strictly earlier in time
        std::vector<int> c;
        for (auto i = it->second.rbegin(); i != it->second.rend() && c.size() < 50; ++i)
          if (w.posts[static_cast<size_t>(*i)].t_s < p.t_s) c.push_back(*i);
        return c.empty() ? -1 : r.pick(c);
      };
      switch (p.plan) {
        case kRetweet:
        case kQuote:
        case kReply: {
          const int t = p.target_plan >= 0 ? post_of_plan[static_cast<size_t>(p.target_plan)]
                                           : earlier(p.plan == kReply ? replyable : originals, p.target_account);
          if (t < 0) throw std::logic_error("synthetic world: no earlier post to interact with");
          p.kind = p.plan == kRetweet ? Kind::Retweet : p.plan == kQuote ? Kind::Quote : Kind::Reply;
          p.target_post = t;
          if (p.kind == Kind::Retweet) {
            const Post& o = w.posts[static_cast<size_t>(t)];
            p.text = "RT @" + w.accounts[static_cast<size_t>(o.author)].handle + ": " + o.text;
            p.hashtags = o.hashtags;
            p.urls = o.urls;
            p.mentions = {o.author};  // the archive lists the retweeted account among the mentions
            p.lang = o.lang;
            p.client = r.pick(words::clients());
          } else {
            content(p, r);
            if (p.kind == Kind::Reply) {
              p.text = "@" + w.accounts[static_cast<size_t>(p.target_account)].handle + " " + p.text;
              p.mentions = {p.target_account};
            }
          }
          break;
        }
        case kExtRetweet:
        case kExtReply: {
          p.kind = p.plan == kExtRetweet ? Kind::Retweet : Kind::Reply;
          p.ext_target_post = snowflake((p.t_s - r.range(3600, 30 * 86400)) * 1000, r.below(1 << 22));
          const std::string& h = w.accounts[static_cast<size_t>(p.target_account)].handle;
          content(p, r);
          if (p.kind == Kind::Retweet) {
            p.text = "RT @" + h + ": " + p.text;
          } else {
            p.text = "@" + h + " " + p.text;
          }
          p.mentions = {p.target_account};
          break;
        }
        default:  // originals, with or without mentions
          p.kind = Kind::Original;
          if (p.preset)
            finish_preset(p, r);
          else
            content(p, r);
          break;
      }
      // Coordinated posts are never interacted with: their entities stay the
      // group's own; nor are the operations' and look-alikes' posts, so their
      // planted retweets are all there is.
      const bool planted = p.coord_entity >= 0 || p.op >= 0 || p.lookalike >= 0;
      if (p.kind == Kind::Original && !planted) originals[p.author].push_back(self);
      if (p.kind != Kind::Retweet && !planted) replyable[p.author].push_back(self);
      if (p.coord_entity >= 0) {
        CoordEntity& e = w.coord[static_cast<size_t>(p.coord_entity)];
        if (p.author == w.leader)
          e.leader_post = self;
        else
          e.member_posts.push_back(self);
      }
      w.posts.push_back(std::move(p));
    }
    plans_.clear();
    // The sequence part of an id counts the other posts first and the
    // operations' after them, so ids stay those of the world without operations.
    uint64_t plain = 0, later = 0;
    for (const auto& p : w.posts) later += p.group < kOpsFirst;
    for (auto& p : w.posts) p.id = snowflake(p.t_s * 1000 + p.ms, p.group >= kOpsFirst ? later++ : plain++);
  }

  // ---- engagement: inter-state posts get more than intra-state ones
  void assign_engagement() {
    World& w = *w_;
    Rng r0(c_.seed, 6), ro(c_.seed, 11);
    for (auto& p : w.posts) {
      Rng& r = p.group >= kOpsFirst ? ro : r0;
      const Account& a = w.accounts[static_cast<size_t>(p.author)];
      if (p.kind == Kind::Retweet) {
        if (a.state < 0 && p.target_post >= 0) p.shares = w.posts[static_cast<size_t>(p.target_post)].shares;
        continue;  // 0 in the archive; twarc2 repeats the original's retweet count
      }
      int scope = -1;  // 0 intra, 1 inter, 2 external
      std::vector<int> targets = p.mentions;
      if (p.target_account >= 0) targets.push_back(p.target_account);
      for (int t : targets) {
        if (t == p.author) continue;
        const int ts = w.accounts[static_cast<size_t>(t)].state;
        const int sc = ts < 0 ? 2 : ts == a.state ? 0 : 1;
        if (scope < 0 || sc == 1) scope = sc;
      }
      if (a.state >= 0 && scope == 1) {
        p.likes = r.range(20, 80), p.shares = r.range(5, 30), p.replies = r.range(2, 12), p.quotes = r.range(0, 5);
      } else if (a.state >= 0 && scope == 0) {
        p.likes = r.range(0, 25), p.shares = r.range(0, 8), p.replies = r.range(0, 4), p.quotes = r.range(0, 2);
      } else {
        p.likes = r.range(0, 40), p.shares = r.range(0, 12), p.replies = r.range(0, 6), p.quotes = r.range(0, 3);
      }
      // The posts retweeted in a planted burst: counts that include those retweets.
      const int64_t burst = p.lookalike >= 0 && w.lookalikes[static_cast<size_t>(p.lookalike)].kind == "viral_post"
                                ? int64_t(w.lookalikes[static_cast<size_t>(p.lookalike)].accounts.size())
                            : p.op >= 0 && w.operations[static_cast<size_t>(p.op)].kind == "retweet_ring"
                                ? int64_t(w.operations[static_cast<size_t>(p.op)].accounts.size()) - 1
                                : 0;
      if (p.kind == Kind::Original && burst > 0) {
        p.shares = burst + r.range(0, burst / 2);
        p.likes = 2 * burst + r.range(0, 2 * burst);
      }
    }
    // A twarc2 retweet repeats its original's retweet count (set after the originals' counts).
    for (auto& p : w.posts)
      if (p.kind == Kind::Retweet && w.accounts[static_cast<size_t>(p.author)].state < 0 && p.target_post >= 0)
        p.shares = w.posts[static_cast<size_t>(p.target_post)].shares;
  }
};

}  // namespace

void check_world(const WorldConfig& c) { Generator::check(c); }

World build_world(const WorldConfig& c) { return Generator(c).build(); }

}  // namespace chorus::ingest_synthetic
