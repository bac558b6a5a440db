#include "operations.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "text_formats.hpp"

namespace chorus::ingest_synthetic {

namespace {

using Words = std::vector<std::string>;

// --- texts ---------------------------------------------------------------------------

const Words& openers() {
  static const Words w = {"Wake up:",
                          "Share before they delete it:",
                          "They will not report this:",
                          "Read this twice:",
                          "Still think it is a coincidence?",
                          "Spread the word:",
                          "Nobody is talking about it:",
                          "Fact:",
                          "Remember this:",
                          "Do your own research:"};
  return w;
}
const Words& claims() {
  static const Words w = {
      "the water report was buried for a reason", "independent voices are being silenced one by one",
      "the official numbers do not add up",       "they raised prices while we slept",
      "the experts were paid to stay quiet",      "nobody voted for this policy",
      "ask who profits from the crisis",          "the rally was ten times bigger than they show you",
      "our farmers are being sold out",           "the harbour deal is a betrayal",
      "the budget hides a secret slush fund",     "the inquiry was closed before it started",
      "the censors are working overtime tonight", "every channel repeats the same script"};
  return w;
}
const Words& closers() {
  static const Words w = {"",
                          "Retweet if you agree.",
                          "Stay loud.",
                          "We see you.",
                          "Pass it on.",
                          "Not again.",
                          "Enough is enough.",
                          "The truth always wins."};
  return w;
}
std::string slogan(Rng& r) {
  const std::string& o = r.pick(openers());
  std::string claim = r.pick(claims());
  if (o.back() == '?') claim[0] = static_cast<char>(claim[0] - 'a' + 'A');  // a new sentence
  std::string t = o + " " + claim;
  const std::string& c = r.pick(closers());
  return c.empty() ? t : t + ". " + c;
}

// The link group's daily template: a fixed topic and one-word slots, so a
// copy with one or two slots changed stays a near-duplicate (2-word shingles).
const std::vector<Words>& slots() {
  static const std::vector<Words> s = {{"Shocking", "Alarming", "Stunning", "Disturbing", "Explosive"},
                                       {"report", "memo", "study", "document", "file"},
                                       {"reveals", "shows", "proves", "exposes", "confirms"},
                                       {"media", "press", "networks", "papers"},
                                       {"ignore", "bury", "hide", "skip"},
                                       {"numbers", "facts", "figures", "records"},
                                       {"Read", "See", "Open", "Check"},
                                       {"share", "repost", "spread", "forward"},
                                       {"deleted", "removed", "censored", "scrubbed"}};
  return s;
}
const Words& topics() {
  static const Words t = {"officials hid the true cost of the northern dam project from voters",
                          "the water authority knew about the contamination for two full years",
                          "ministers quietly sold the national grid to a foreign fund last spring",
                          "the census office deleted thousands of rural households from its count",
                          "hospital waiting lists were rewritten the week before the official audit",
                          "the new port contract pays three times the market price for steel",
                          "school budgets were cut while the agency spent millions on consultants",
                          "the drought relief money never reached a single farm in the valley",
                          "police overtime records vanished right after the stadium protest",
                          "the housing ministry approved towers on land owned by its own advisers",
                          "election observers were turned away from eleven districts in the south",
                          "the state broadcaster paid influencers to praise the fuel price rise"};
  return t;
}
std::string template_text(const std::string& topic, const std::vector<size_t>& choice) {
  auto s = [&](size_t k) { return slots()[k][choice[k]]; };
  return s(0) + " " + s(1) + " " + s(2) + ": " + topic + ". The " + s(3) + " " + s(4) + " this story, but the " + s(5) +
         " do not lie. Every claim is backed by the original documents. " + s(6) + " the full report and " + s(7) +
         " it before it gets " + s(8) + ".";
}
std::string slug(const std::string& topic) {
  std::string out;
  size_t words = 0, at = 0;
  while (at < topic.size() && words < 6) {
    const size_t end = std::min(topic.find(' ', at), topic.size());
    const std::string w = topic.substr(at, end - at);
    at = end + 1;
    if (w == "the" || w == "a" || w == "of") continue;
    out += (out.empty() ? "" : "-") + w;
    ++words;
  }
  return out;
}

const Words& viral_texts() {
  static const Words w = {
      "Our little town made the national news today, so proud of everyone who helped after the flood",
      "A stranger paid for every coffee in the queue this morning and left before anyone could thank him",
      "The old lighthouse keeper retired today after fifty years and the whole harbour came out to wave"};
  return w;
}
const Words& concert_texts() {
  static const Words w = {"Moonfall just opened with my favourite song and I am already crying",
                          "Best night of my life, the whole crowd is singing every word",
                          "That light show is unreal, no video will ever do it justice",
                          "Stuck at the very back but the sound is perfect tonight",
                          "They played the old album, I did not think I would ever hear it live",
                          "Lost my voice already and they are only halfway through",
                          "Watching the stream from home and still getting chills"};
  return w;
}
const Words& reading_texts() {
  static const Words w = {"Finished my fourth book this month, a slow but lovely mystery",
                          "Halfway through a huge fantasy novel and it is worth it so far",
                          "Library haul for the weekend, wish me luck",
                          "This chapter made me put the book down and stare at the wall",
                          "Any recommendations for short classics? Running behind on my goal",
                          "Reading on the train again, the best part of my day",
                          "Gave up on a bestseller at page ninety, life is too short"};
  return w;
}

// --- times ---------------------------------------------------------------------------

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

struct Span {
  int64_t first_day, last_day;  // the whole UTC days of the main part of the span
  int64_t days() const { return last_day - first_day + 1; }
};
Span main_days(const WorldConfig& c) {
  const int64_t span = int64_t(c.days) * 86400, main = c.start_s + span / 50;
  return {floor_div(main + 86399, 86400), floor_div(c.start_s + span, 86400) - 1};
}
// n distinct days spread over the span: one in each of n equal segments.
std::vector<int64_t> spread_days(Rng& r, const Span& s, int n) {
  const int64_t seg = s.days() / n;
  std::vector<int64_t> out;
  for (int k = 0; k < n; ++k) out.push_back(s.first_day + k * seg + r.range(0, seg - 1));
  return out;
}
// A time of day for a burst that ends by 22:00 UTC.
int64_t daytime(Rng& r, int64_t day) { return day * 86400 + r.range(6 * 3600, 21 * 3600 - 1); }

// k distinct items of v, in the order drawn (partial Fisher-Yates).
std::vector<int> sample(Rng& r, std::vector<int> v, size_t k) {
  k = std::min(k, v.size());
  for (size_t i = 0; i < k; ++i) std::swap(v[i], v[i + static_cast<size_t>(r.below(v.size() - i))]);
  v.resize(k);
  return v;
}
size_t percent_of(size_t n, size_t pct) { return (n * pct + 99) / 100; }

Post sync_post(int author, int64_t t, int op, int day) {
  Post p;
  p.author = author;
  p.t_s = t;
  p.kind = Kind::Original;
  p.preset = true;
  p.op = op;
  p.op_day = day;
  p.group = kOpsSync;
  return p;
}

// --- the operations ------------------------------------------------------------------

class Planner {
 public:
  Planner(World& w, const OpsHost& host) : w_(w), host_(host), r_(w.config.seed, 7), span_(main_days(w.config)) {}

  void run() {
    w_.url_categories.push_back({ops::kSiteCategory, {ops::kDomain}});
    w_.url_category_of_link[site_home()] = ops::kSiteCategory;
    ring(group("retweet_ring", "retweet_ring", ops::kRingAccounts));
    flood(group("hashtag_flood", "hashtag_flood", ops::kFloodAccounts));
    links(group("link_template", "link_template", ops::kLinkAccounts));
  }

 private:
  static std::string site_home() { return std::string("https://") + ops::kDomain + "/"; }

  // Bulk-created accounts: created within three days of each other.
  int group(const std::string& name, const std::string& kind, int n) {
    static const Words bios = {"", "Patriot. Truth seeker. No DMs.", "Independent thinker | news junkie",
                               "Asking the questions they will not", "Father, worker, free speech"};
    static const Words places = {"", "", "Earth", "Capital City", "Everywhere"};
    const int op = static_cast<int>(w_.operations.size());
    Operation o;
    o.name = name;
    o.kind = kind;
    const int64_t base = floor_div(w_.config.start_s, 86400) - r_.range(20, 400);
    for (int i = 0; i < n; ++i) {
      const int a = host_.new_account(r_, base * 86400 + r_.range(0, 3 * 86400 - 1));
      Account& acc = w_.accounts[size_t(a)];
      acc.state = kUnaffiliated;
      acc.operation = op;
      acc.followers = r_.range(40, 4000);  // inside the organic range (5..20000)
      acc.following = r_.range(200, 4500);
      acc.listed = r_.range(0, 3);
      acc.lang = "en";
      acc.location = r_.pick(places);
      acc.description = r_.pick(bios);
      if (kind == "link_template" && r_.chance(0.5)) acc.profile_url = site_home();
      o.accounts.push_back(a);
      w_.operation_accounts.push_back(a);
    }
    w_.operations.push_back(std::move(o));
    return op;
  }

  // One member (in turn) posts; every other member retweets it 5-45 s later.
  void ring(int op) {
    Operation& o = w_.operations[size_t(op)];
    o.window_s = ops::kRingLatencyMax;
    const auto days = spread_days(r_, span_, ops::kRingDays);
    for (size_t d = 0; d < days.size(); ++d) {
      const int64_t t = daytime(r_, days[d]);
      o.day_start_s.push_back(t);
      const int author = o.accounts[d % o.accounts.size()];
      Post seed = sync_post(author, t, op, int(d));
      seed.text = slogan(r_);
      if (r_.chance(0.3)) seed.hashtags = {r_.pick(words::themes())};
      const int seed_plan = host_.plan(std::move(seed));
      for (int m : o.accounts) {
        if (m == author) continue;
        Post rt = sync_post(m, t + r_.range(ops::kRingLatencyMin, ops::kRingLatencyMax), op, int(d));
        rt.kind = Kind::Retweet;
        rt.preset = false;
        rt.target_plan = seed_plan;
        host_.plan(std::move(rt));
      }
    }
  }

  // Every member posts 2-4 slogans with the group's hashtag (in any case)
  // within a 10-minute burst; a third of them also carry a popular tag.
  void flood(int op) {
    static const Words variants = {"EchoTruth", "echotruth", "ECHOTRUTH", "Echotruth", "echoTruth"};
    Operation& o = w_.operations[size_t(op)];
    o.window_s = ops::kFloodBurst;
    o.hashtag = ascii_lower(ops::kFloodTag);
    Words popular = words::themes();
    popular.push_back(ops::kPopularTag);
    const auto days = spread_days(r_, span_, ops::kFloodDays);
    for (size_t d = 0; d < days.size(); ++d) {
      const int64_t b = daytime(r_, days[d]);
      o.day_start_s.push_back(b);
      for (int m : o.accounts) {
        const int64_t n = r_.range(2, 4);
        for (int64_t k = 0; k < n; ++k) {
          Post p = sync_post(m, b + r_.range(0, ops::kFloodBurst - 1), op, int(d));
          p.text = slogan(r_);
          p.hashtags = {r_.pick(variants)};
          if (r_.chance(0.35)) {
            const std::string& extra = r_.pick(popular);
            if (r_.chance(0.5))
              p.hashtags.push_back(extra);
            else
              p.hashtags.insert(p.hashtags.begin(), extra);
          }
          host_.plan(std::move(p));
        }
      }
    }
  }

  // Every member posts a copy of the day's template with one or two words
  // changed, within a 15-minute burst, linking the group's site through its
  // own shortened link.
  void links(int op) {
    Operation& o = w_.operations[size_t(op)];
    o.window_s = ops::kLinkBurst;
    o.domain = ops::kDomain;
    std::vector<int> order;
    for (int k = 0; k < int(topics().size()); ++k) order.push_back(k);
    order = sample(r_, order, order.size());
    const auto days = spread_days(r_, span_, ops::kLinkDays);
    for (size_t d = 0; d < days.size(); ++d) {
      const std::string& topic = topics()[size_t(order[d % order.size()])];
      std::vector<size_t> choice;
      for (const auto& s : slots()) choice.push_back(size_t(r_.below(s.size())));
      std::string date = date_text(days[d] * 86400);
      std::replace(date.begin(), date.end(), '-', '/');
      const std::string link = site_home() + date + "/" + slug(topic);
      o.templates.push_back(template_text(topic, choice));
      o.links.push_back(link);
      w_.url_category_of_link[link] = ops::kSiteCategory;
      const int64_t b = daytime(r_, days[d]);
      o.day_start_s.push_back(b);
      for (int m : o.accounts) {
        // One or two distinct slots, each to another word than the template's.
        std::vector<size_t> edit = choice;
        const size_t ns = slots().size(), s1 = size_t(r_.below(ns));
        std::vector<size_t> changed = {s1};
        if (r_.chance(0.5)) changed.push_back((s1 + 1 + size_t(r_.below(ns - 1))) % ns);
        for (size_t slot : changed) {
          const size_t alts = slots()[slot].size();
          edit[slot] = (choice[slot] + 1 + size_t(r_.below(alts - 1))) % alts;
        }
        Post p = sync_post(m, b + r_.range(0, ops::kLinkBurst - 1), op, int(d));
        p.text = template_text(topic, edit);
        p.urls = {link};
        p.short_urls = {host_.short_link(r_)};
        host_.plan(std::move(p));
      }
    }
  }

  World& w_;
  const OpsHost& host_;
  Rng r_;
  Span span_;
};

// --- the look-alikes ------------------------------------------------------------------

Post organic_post(int author, int64_t t, int look) {
  Post p;
  p.author = author;
  p.t_s = t;
  p.kind = Kind::Original;
  p.preset = true;
  p.lookalike = look;
  p.group = kLookalike;
  return p;
}

}  // namespace

void plan_operations(World& w, const OpsHost& host) { Planner(w, host).run(); }

void plan_lookalikes(World& w, const OpsHost& host) {
  const std::vector<int>& organic = w.unaffiliated;
  const size_t n = organic.size();
  if (n < 2) return;
  Rng r(w.config.seed, 8);
  const Span span = main_days(w.config);

  // A viral post: ~15% of the organic accounts (at least 30 where there are
  // as many) retweet it within 10 minutes, half of them in the first 90 s.
  {
    const int look = int(w.lookalikes.size());
    Lookalike l{"viral_post", "", {}, 0, 0};
    const int64_t t = daytime(r, span.first_day + r.range(0, span.days() - 1));
    const int author = organic[size_t(r.below(n))];
    Post p = organic_post(author, t, look);
    p.text = r.pick(viral_texts());
    const int seed = host.plan(std::move(p));
    std::vector<int> others;
    for (int a : organic)
      if (a != author) others.push_back(a);
    l.accounts = sample(r, others, std::max(percent_of(n, 15), std::min<size_t>(30, n - 1)));
    for (int a : l.accounts) {
      Post rt = organic_post(a, t + (r.chance(0.5) ? r.range(5, 90) : r.range(91, ops::kViralWindow - 1)), look);
      rt.kind = Kind::Retweet;
      rt.preset = false;
      rt.target_plan = seed;
      host.plan(std::move(rt));
    }
    l.from_s = t, l.to_s = t + ops::kViralWindow;
    w.lookalikes.push_back(std::move(l));
  }
  // A concert night: ~20% of the organic accounts (at least 20) post the
  // concert's hashtag once or twice between 19:00 and 22:00 UTC.
  {
    static const Words variants = {"MoonfallLive", "moonfalllive", "MOONFALLLIVE", "MoonFallLive"};
    const int look = int(w.lookalikes.size());
    Lookalike l{"trending_hashtag", ascii_lower(ops::kTrendingTag), {}, 0, 0};
    const int64_t from = (span.first_day + r.range(0, span.days() - 1)) * 86400 + 19 * 3600;
    l.accounts = sample(r, organic, std::max(percent_of(n, 20), std::min<size_t>(20, n)));
    for (int a : l.accounts) {
      const int64_t k = r.chance(0.3) ? 2 : 1;
      for (int64_t i = 0; i < k; ++i) {
        Post p = organic_post(a, from + r.range(0, ops::kTrendingWindow - 1), look);
        p.text = r.pick(concert_texts());
        p.hashtags = {r.pick(variants)};
        host.plan(std::move(p));
      }
    }
    l.from_s = from, l.to_s = from + ops::kTrendingWindow;
    w.lookalikes.push_back(std::move(l));
  }
  // A long-running popular hashtag: ~15% of the organic accounts (at least
  // 10) use it 2-4 times each at independent random times over 60 days.
  {
    static const Words variants = {"ReadingChallenge", "readingchallenge", "READINGCHALLENGE"};
    const int look = int(w.lookalikes.size());
    Lookalike l{"popular_hashtag", ascii_lower(ops::kPopularTag), {}, 0, 0};
    const int64_t days = std::min<int64_t>(ops::kPopularDays, span.days());
    const int64_t from = (span.first_day + r.range(0, span.days() - days)) * 86400;
    l.accounts = sample(r, organic, std::max(percent_of(n, 15), std::min<size_t>(10, n)));
    for (int a : l.accounts) {
      const int64_t k = r.range(2, 4);
      for (int64_t i = 0; i < k; ++i) {
        Post p = organic_post(a, from + r.range(0, days * 86400 - 1), look);
        p.text = r.pick(reading_texts());
        p.hashtags = {r.pick(variants)};
        host.plan(std::move(p));
      }
    }
    l.from_s = from, l.to_s = from + days * 86400;
    w.lookalikes.push_back(std::move(l));
  }
}

}  // namespace chorus::ingest_synthetic
