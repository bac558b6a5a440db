// ingest/synthetic: determinism, ground truth recounted from the emitted
// posts by plain test code, and the written files read back by the real
// readers (the ingest/tmrc and ingest/twarc2 modules built beside this test,
// loaded as the host loads them) giving the emitted rows.
#include <catch2/catch.hpp>
#include <chorus/sdk/testing.hpp>
#include <chorus/sdk/time.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/skip.hpp"
#include "support/plugin_stage.hpp"
#include "synthetic_stage.hpp"

using namespace chorus::sdk::testing;
using chorus::ingest_synthetic::SyntheticStage;

namespace {

std::string source_dir() { return CHORUS_TEST_SOURCE_DIR; }

void load_types(FakeHost& host) {
  for (const char* t : {"posts", "accounts"})
    host.dataset_types[t] = read_file(source_dir() + "/schemas/datasets/" + t + ".json");
}

// sha256 by coreutils, an implementation independent of the plugin's.
std::string sha256sum(const std::string& path) {
  FILE* p = popen(("sha256sum '" + path + "'").c_str(), "r");
  REQUIRE(p);
  char buf[128] = {0};
  const size_t n = fread(buf, 1, 64, p);
  pclose(p);
  return std::string(buf, n);
}

struct Generated {
  std::vector<Batch> posts, accounts, files;
};

Generated generate(FakeHost& host, const Json& config) {
  load_types(host);
  REQUIRE(host.infer<SyntheticStage>(config) == 0);
  const int rc = host.run<SyntheticStage>(config);
  INFO(host.last_error());
  REQUIRE(rc == 0);
  return {host.outputs["posts"], host.outputs["accounts"], host.outputs["files"]};
}

Json small_world(const std::string& dir, int seed = 7) {
  return Json{{"seed", seed},
              {"out_dir", dir},
              {"states", 4},
              {"accounts_per_state", 16},
              {"posts_per_account", 12},
              {"unaffiliated_accounts", 12},
              {"batch_rows", 500}};
}

// --- a plain view of the emitted posts -------------------------------------------------------

struct P {
  std::string post_id, author, state, type, target_post, target_author;  // "" for null
  int64_t t_ms = 0;
  std::vector<std::string> hashtags, urls, mentions;
  int64_t likes = 0, shares = 0, replies = 0;
};

std::string s_or_empty(const Column& c, int64_t i) { return c.is_null(i) ? std::string() : std::string(c.str(i)); }
std::vector<std::string> items(const Column& c, int64_t i) {
  std::vector<std::string> v;
  if (!c.is_null(i))
    for (int64_t j = 0; j < c.list_size(i); ++j) v.emplace_back(c.list_item(i, j));
  return v;
}

std::vector<P> view(const std::vector<Batch>& batches) {
  std::vector<P> out;
  for (const auto& b : batches)
    for (int64_t i = 0; i < b.rows(); ++i) {
      P p;
      p.post_id = s_or_empty(b.column("post_id"), i);
      p.author = s_or_empty(b.column("author_id"), i);
      p.state = s_or_empty(b.column("state"), i);
      p.type = s_or_empty(b.column("interaction_type"), i);
      p.target_post = s_or_empty(b.column("target_post_id"), i);
      p.target_author = s_or_empty(b.column("target_author_id"), i);
      p.t_ms = b.column("created_at").int64(i);
      p.hashtags = items(b.column("hashtags"), i);
      p.urls = items(b.column("urls"), i);
      p.mentions = items(b.column("mentions"), i);
      p.likes = b.column("likes").int64(i);
      p.shares = b.column("shares").int64(i);
      p.replies = b.column("replies").int64(i);
      out.push_back(std::move(p));
    }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string month(int64_t ms) { return chorus::time::format_timestamp(ms, chorus::TimeUnit::Milli).substr(0, 7); }
std::string iso_minute(int64_t ms) {
  return chorus::time::format_timestamp(ms - ms % 60000, chorus::TimeUnit::Milli);  // ...:00Z at whole minutes
}

struct E {
  size_t post;
  std::string source, target, type, scope, source_state, target_state;
};

// The edge rules of docs/synthetic-world.md, written again from the posts alone.
std::vector<E> edges_of(const std::vector<P>& posts) {
  std::map<std::string, std::string> state_of, author_of;
  for (const auto& p : posts)
    if (!p.state.empty()) state_of[p.author] = p.state, author_of[p.post_id] = p.author;
  std::vector<E> out;
  for (size_t i = 0; i < posts.size(); ++i) {
    const P& p = posts[i];
    if (p.state.empty()) continue;
    auto add = [&](const std::string& target, const std::string& type) {
      if (target.empty() || target == p.author) return;
      auto it = state_of.find(target);
      const std::string ts = it == state_of.end() ? "" : it->second;
      out.push_back({i, p.author, target, type,
                     ts.empty()      ? "external"
                     : ts == p.state ? "intra"
                                     : "inter",
                     p.state, ts});
    };
    if (p.type == "share") {
      add(p.target_author, "retweet");
      continue;
    }
    std::string reply_target;
    if (p.type == "reply") add(reply_target = p.target_author, "reply");
    if (p.type == "quote" && author_of.count(p.target_post)) add(author_of[p.target_post], "quote");
    std::set<std::string> seen;
    for (const auto& m : p.mentions)
      if (m != reply_target && seen.insert(m).second) add(m, "mention");
  }
  return out;
}

}  // namespace

TEST_CASE("synthetic: the same seed gives byte-identical files anywhere, another seed other files",
          "[ingest.synthetic]") {
  TempDir d1, d2, d3;
  FakeHost h1, h2, h3;
  Generated a = generate(h1, small_world(d1.path() + "/world", 7));
  Generated b = generate(h2, small_world(d2.path() + "/elsewhere", 7));
  Generated c = generate(h3, small_world(d3.path() + "/world", 8));
  REQUIRE(total_rows(a.files) == 10);  // 4 tweets, 4 users, 1 JSONL, ground truth
  const Batch fa = a.files.front(), fb = b.files.front(), fc = c.files.front();
  CHECK(col(fa, "kind") ==
        "tweets_csv|tweets_csv|tweets_csv|tweets_csv|users_csv|users_csv|users_csv|users_csv|"
        "twarc2_jsonl|ground_truth");
  CHECK(col(fa, "state") == "XA|XB|XC|XD|XA|XB|XC|XD|null|null");
  // The files' digests, by coreutils, equal the dataset's; same seed: same bytes in another folder.
  for (int64_t i = 0; i < fa.rows(); ++i) {
    const std::string path(fa.column("path").str(i));
    INFO(path);
    CHECK(sha256sum(path) == fa.column("sha256").str(i));
    CHECK(static_cast<int64_t>(std::filesystem::file_size(path)) == fa.column("bytes").int64(i));
    CHECK(fb.column("sha256").str(i) == fa.column("sha256").str(i));
    CHECK(fc.column("sha256").str(i) != fa.column("sha256").str(i));
  }
  CHECK(col(a.posts, "post_id") == col(b.posts, "post_id"));
  CHECK(col(a.posts, "text") == col(b.posts, "text"));
  CHECK(col(a.posts, "post_id") != col(c.posts, "post_id"));
  // Batches hold at most batch_rows rows.
  for (const auto& bt : a.posts) CHECK(bt.rows() <= 500);
  CHECK(a.posts.size() > 1);
}

TEST_CASE("synthetic: every number of ground_truth.json recounted from the emitted posts", "[ingest.synthetic]") {
  TempDir dir;
  FakeHost host;
  const std::string out = dir.path() + "/w";
  Generated g = generate(host, small_world(out));
  const Json gt = Json::parse(read_file(out + "/ground_truth.json"));
  const std::vector<P> posts = view(g.posts);
  const std::vector<E> edges = edges_of(posts);
  const std::vector<std::string> codes = {"XA", "XB", "XC", "XD"};

  SECTION("states, accounts and posts") {
    REQUIRE(gt["states"].size() == 4);
    const Batch acc = host.collected("accounts");
    for (size_t s = 0; s < 4; ++s) {
      const Json& st = gt["states"][s];
      CHECK(st["state"] == codes[s]);
      std::set<std::string> ids, hashed;
      for (int64_t i = 0; i < acc.rows(); ++i)
        if (s_or_empty(acc.column("state"), i) == codes[s]) {
          ids.insert(std::string(acc.column("author_id").str(i)));
          if (acc.column("is_hashed").boolean(i)) hashed.insert(std::string(acc.column("author_id").str(i)));
        }
      CHECK(ids.size() == 16);
      CHECK(ids == st["accounts"].get<std::set<std::string>>());
      CHECK(static_cast<int64_t>(hashed.size()) == st["hashed_accounts"].get<int64_t>());
      CHECK(!hashed.empty());
      CHECK(hashed.size() < ids.size());
      std::map<std::string, int64_t> by_type;
      int64_t n = 0;
      for (const auto& p : posts)
        if (p.state == codes[s]) ++by_type[p.type], ++n;
      CHECK(n == st["posts"].get<int64_t>());
      CHECK(by_type == st["posts_by_type"].get<std::map<std::string, int64_t>>());
      CHECK(by_type.size() == 4);  // original, share, reply, quote
    }
    int64_t unaffiliated = 0;
    for (const auto& p : posts) unaffiliated += p.state.empty();
    CHECK(unaffiliated == gt["unaffiliated"]["posts"].get<int64_t>());
    CHECK(gt["unaffiliated"]["accounts"].size() == 12);
  }

  SECTION("interactions per state pair and type; scope totals; flow shapes") {
    std::map<std::string, int64_t> mine, theirs;
    for (const auto& e : edges) ++mine[e.source_state + ">" + e.target_state + ":" + e.type];
    for (const auto& r : gt["interactions"])
      theirs[r["source_state"].get<std::string>() + ">" +
             (r["target_state"].is_null() ? "" : r["target_state"].get<std::string>()) + ":" +
             r["type"].get<std::string>()] = r["count"].get<int64_t>();
    CHECK(mine == theirs);
    // Scope totals.
    for (const auto& s : codes) {
      int64_t intra = 0, out = 0, in = 0, ext = 0;
      for (const auto& e : edges) {
        intra += e.scope == "intra" && e.source_state == s;
        out += e.scope == "inter" && e.source_state == s;
        in += e.scope == "inter" && e.target_state == s;
        ext += e.scope == "external" && e.source_state == s;
      }
      const Json& t = gt["scope_totals"][s];
      CHECK(intra == t["intra"].get<int64_t>());
      CHECK(out == t["inter_out"].get<int64_t>());
      CHECK(in == t["inter_in"].get<int64_t>());
      CHECK(ext == t["external"].get<int64_t>());
      CHECK(intra > 0);
      CHECK(ext > 0);
    }
    // Inter-state pairs: exactly the planted flows.
    std::map<std::string, int64_t> pairs;
    for (const auto& e : edges)
      if (e.scope == "inter") ++pairs[e.source_state + ">" + e.target_state];
    std::set<std::string> keys;
    for (const auto& [k, v] : pairs) keys.insert(k);
    CHECK(keys == std::set<std::string>{"XA>XB", "XB>XA", "XC>XA", "XC>XB", "XC>XD", "XD>XA"});
    for (const auto& f : gt["flows"]) {
      const std::string k = f["from"].get<std::string>() + ">" + f["to"].get<std::string>();
      CHECK(pairs[k] == f["count"].get<int64_t>());
      CHECK(pairs[k] >= 20);
    }
    CHECK(gt["flows"][0]["shape"] == "bidirectional");
    CHECK(gt["flow_shapes"]["hub"]["hub"] == "XC");
    CHECK(pairs.count("XA>XD") == 0);  // one-way: XD -> XA only
  }

  SECTION("accounts with more than ten distinct neighbours and their roles") {
    std::map<std::string, std::set<std::string>> in, out;
    std::map<std::string, std::string> state_of;
    for (const auto& p : posts)
      if (!p.state.empty()) state_of[p.author] = p.state;
    for (const auto& e : edges) out[e.source].insert(e.target), in[e.target].insert(e.source);
    std::map<std::string, std::string> mine;
    std::set<std::string> nodes;
    for (auto& [k, v] : in) nodes.insert(k);
    for (auto& [k, v] : out) nodes.insert(k);
    for (const auto& a : nodes) {
      const size_t i = in[a].size(), o = out[a].size();
      if (i > 10 || o > 10)
        mine[a] = std::string(i > 10 && o > 10 ? "broker"
                              : i > 10         ? "influencer"
                                               : "promoter") +
                  " " + std::to_string(i) + " " + std::to_string(o);
    }
    std::map<std::string, std::string> theirs;
    std::map<std::string, std::string> planted;
    for (const auto& r : gt["roles"]) {
      theirs[r["account"]] = r["role"].get<std::string>() + " " + std::to_string(r["in_degree"].get<int64_t>()) + " " +
                             std::to_string(r["out_degree"].get<int64_t>());
      if (!r["planted_role"].is_null())
        planted[r["account"]] = r["planted_role"].get<std::string>() + "@" + r["state"].get<std::string>();
    }
    CHECK(mine == theirs);
    // Exactly the three planted accounts, with the planted roles, in XA, XB and XC.
    CHECK(mine.size() == 3);
    std::multiset<std::string> roles;
    for (const auto& [a, r] : planted) roles.insert(r);
    CHECK(roles == std::multiset<std::string>{"influencer@XA", "promoter@XB", "broker@XC"});
    for (const auto& [a, r] : planted) CHECK(mine.count(a) == 1);
    // Admins: their descriptions say so, and no one else's does.
    const Batch acc = host.collected("accounts");
    std::set<std::string> admin_desc;
    for (int64_t i = 0; i < acc.rows(); ++i) {
      const std::string d = lower(s_or_empty(acc.column("description"), i));
      if (d.find("admin") != std::string::npos || d.find("team leader") != std::string::npos ||
          d.find("líder") != std::string::npos)
        admin_desc.insert(std::string(acc.column("author_id").str(i)));
    }
    std::set<std::string> listed;
    for (const auto& a : gt["admins"]) listed.insert(a["account"].get<std::string>());
    CHECK(admin_desc == listed);
    CHECK(listed.size() == 2);
  }

  SECTION("engagement of inter- vs intra-state posts") {
    std::map<size_t, std::string> post_scope;
    for (const auto& e : edges) {
      std::string& s = post_scope[e.post];
      if (s.empty() || e.scope == "inter" || (e.scope == "intra" && s == "external")) s = e.scope;
    }
    for (const auto& r : gt["engagement"]) {
      const std::string st = r["state"];
      int64_t n[2] = {0, 0};
      double sum[2][3] = {{0, 0, 0}, {0, 0, 0}};
      for (const auto& [i, sc] : post_scope) {
        const P& p = posts[i];
        if (p.state != st || p.type == "share" || (sc != "inter" && sc != "intra")) continue;
        const int k = sc == "inter" ? 0 : 1;
        ++n[k];
        sum[k][0] += double(p.likes), sum[k][1] += double(p.shares), sum[k][2] += double(p.replies);
      }
      INFO(st);
      CHECK(n[0] == r["n_inter"].get<int64_t>());
      CHECK(n[1] == r["n_intra"].get<int64_t>());
      REQUIRE(n[0] > 0);
      REQUIRE(n[1] > 0);
      const char* m[3] = {"likes", "shares", "replies"};
      for (int j = 0; j < 3; ++j) {
        CHECK(sum[0][j] / double(n[0]) == Approx(r["mean_inter"][m[j]].get<double>()).epsilon(1e-12));
        CHECK(sum[1][j] / double(n[1]) == Approx(r["mean_intra"][m[j]].get<double>()).epsilon(1e-12));
        CHECK(sum[0][j] / double(n[0]) > 2 * sum[1][j] / double(n[1]));  // the planted gap
      }
    }
    // Retweets carry no engagement in the archive.
    for (const auto& p : posts)
      if (!p.state.empty() && p.type == "share") CHECK(p.likes + p.shares + p.replies == 0);
  }

  SECTION("temporal: first edge and peak month per state and scope") {
    for (const auto& s : codes)
      for (const std::string sc : {"intra", "inter", "external"}) {
        std::map<std::string, int64_t> months;
        int64_t first = -1;
        for (const auto& e : edges)
          if (e.source_state == s && e.scope == sc) {
            ++months[month(posts[e.post].t_ms)];
            if (first < 0 || posts[e.post].t_ms < first) first = posts[e.post].t_ms;
          }
        std::string peak;
        int64_t best = 0;
        for (const auto& [m, v] : months)
          if (v > best) best = v, peak = m;
        const Json& t = gt["temporal"][s][sc];
        INFO(s << " " << sc);
        CHECK(months == t["monthly"].get<std::map<std::string, int64_t>>());
        if (first < 0) {
          CHECK(t["first"].is_null());
        } else {
          CHECK(iso_minute(first) == t["first"].get<std::string>());
          CHECK(peak == t["peak_month"].get<std::string>());
        }
      }
    // Inter-state activity starts after intra-state activity in XA.
    CHECK(gt["temporal"]["XA"]["inter"]["first"].get<std::string>() >
          gt["temporal"]["XA"]["intra"]["first"].get<std::string>());
  }

  SECTION("shared and follow-train hashtags") {
    std::map<size_t, bool> inter_post;
    for (const auto& e : edges)
      if (e.scope == "inter") inter_post[e.post] = true;
    std::map<std::string, std::map<std::string, int64_t>> groups;
    std::map<std::string, int64_t> inter;
    for (size_t i = 0; i < posts.size(); ++i) {
      std::set<std::string> once;
      for (const auto& h : posts[i].hashtags) {
        const std::string k = lower(h);
        if (!once.insert(k).second) continue;
        ++groups[k][posts[i].state.empty() ? "unaffiliated" : posts[i].state];
        if (!posts[i].state.empty() && posts[i].type != "share" && inter_post[i]) ++inter[k];
      }
    }
    std::set<std::string> all;
    for (const auto& h : gt["hashtags"]) {
      const std::string k = h["hashtag"];
      all.insert(k);
      INFO(k);
      CHECK(groups[k] == h["by_group"].get<std::map<std::string, int64_t>>());
      CHECK(inter[k] == h["inter_posts"].get<int64_t>());
      int states = 0;
      for (const auto& [g, n] : groups[k]) states += g != "unaffiliated";
      CHECK(h["shared"].get<bool>() == (states >= 2));
    }
    CHECK(all.size() == groups.size());
    for (const std::string t : {"openfollow", "syts", "siguemeytesigo"}) {
      INFO(t);
      REQUIRE(groups.count(t));
      CHECK(inter[t] > 0);  // follow trains ride on inter-state interactions
    }
    for (const std::string t : {"peace", "unity", "truth"}) {
      int states = 0;
      for (const auto& [g, n] : groups[t]) states += g != "unaffiliated";
      CHECK(states == 4);
    }
  }

  SECTION("URLs by domain category") {
    std::map<std::string, std::string> cat_of_domain;
    for (const auto& c : gt["url_categories"])
      for (const auto& d : c["domains"]) cat_of_domain[d.get<std::string>()] = c["category"];
    auto category = [&](const std::string& url) {
      std::string host = url.substr(url.find("://") + 3);
      host = host.substr(0, host.find_first_of("/?#"));
      for (const std::string sub : {"www.", "m."})
        if (host.rfind(sub, 0) == 0) host = host.substr(sub.size());
      for (const auto& [d, c] : cat_of_domain)
        if (host == d ||
            (host.size() > d.size() && host.compare(host.size() - d.size() - 1, d.size() + 1, "." + d) == 0))
          return c;
      return std::string("other");
    };
    std::map<std::string, std::map<std::string, int64_t>> occ, npost;
    std::map<std::string, std::map<std::string, std::set<std::string>>> distinct;
    for (const auto& p : posts) {
      const std::string g = p.state.empty() ? "unaffiliated" : p.state;
      std::set<std::string> cats;
      for (const auto& u : p.urls) {
        const std::string c = category(u);
        CHECK(c != "other");
        ++occ[c][g];
        distinct[c][g].insert(u);
        cats.insert(c);
      }
      for (const auto& c : cats) ++npost[c][g];
    }
    const Batch acc = host.collected("accounts");
    std::map<std::string, std::map<std::string, int64_t>> profiles;
    for (int64_t i = 0; i < acc.rows(); ++i)
      if (!acc.column("profile_url").is_null(i)) {
        const std::string g = acc.column("state").is_null(i) ? "unaffiliated" : std::string(acc.column("state").str(i));
        ++profiles[category(std::string(acc.column("profile_url").str(i)))][g];
      }
    for (const auto& c : gt["url_categories"]) {
      const std::string name = c["category"];
      INFO(name);
      std::set<std::string> gs;
      for (auto it = c["by_group"].begin(); it != c["by_group"].end(); ++it) {
        gs.insert(it.key());
        CHECK(occ[name][it.key()] == it.value()["occurrences"].get<int64_t>());
        CHECK(npost[name][it.key()] == it.value()["posts"].get<int64_t>());
        CHECK(static_cast<int64_t>(distinct[name][it.key()].size()) == it.value()["distinct"].get<int64_t>());
        CHECK(profiles[name][it.key()] == it.value()["profile_urls"].get<int64_t>());
      }
      for (const auto& [g, n] : occ[name]) CHECK(gs.count(g) == 1);
      int64_t total = 0;
      for (const auto& [g, n] : occ[name]) total += n;
      CHECK(total > 0);
    }
    CHECK(occ.size() == 5);  // state_news, social, blog, content_tool, shortener
  }

  SECTION("the leader/follower group: each member posts each entity 1-59 minutes after the leader") {
    const Json& co = gt["coordination"];
    const std::string leader = co["leader"];
    const std::set<std::string> members = co["members"].get<std::set<std::string>>();
    CHECK(members.size() == 7);
    CHECK(members.count(leader) == 0);
    REQUIRE(co["entities"].size() == 8);
    for (const auto& e : co["entities"]) {
      const std::string type = e["type"], value = e["value"];
      INFO(value);
      std::vector<const P*> with;
      for (const auto& p : posts) {
        const auto& list = type == "hashtag" ? p.hashtags : p.urls;
        if (std::find(list.begin(), list.end(), value) != list.end()) with.push_back(&p);
      }
      // The leader once, every member once, nobody else.
      REQUIRE(with.size() == members.size() + 1);
      const P* lead = nullptr;
      std::set<std::string> seen;
      for (const P* p : with)
        if (p->author == leader)
          lead = p;
        else
          seen.insert(p->author);
      REQUIRE(lead);
      CHECK(seen == members);
      CHECK(iso_minute(lead->t_ms) == e["leader_time"].get<std::string>());
      for (const P* p : with) {
        if (p == lead) continue;
        const int64_t minutes = (p->t_ms - lead->t_ms) / 60000;
        CHECK(minutes >= 1);
        CHECK(minutes <= 59);
        CHECK(p->t_ms / 3600000 == lead->t_ms / 3600000 + 1);  // the next UTC hour
      }
      for (const auto& m : e["members"]) {
        bool found = false;
        for (const P* p : with)
          if (p->post_id == m["post_id"] && p->author == m["account"] && iso_minute(p->t_ms) == m["time"]) found = true;
        CHECK(found);
      }
    }
  }
}

TEST_CASE("synthetic: ingest/tmrc and ingest/twarc2 read the written files back as the emitted rows",
          "[ingest.synthetic]") {
  TempDir dir;
  const chorus_stage_api* tmrc_stage = chorus::testing::built_plugin_stage("libchorus_ingest_tmrc.so", "ingest/tmrc");
  const chorus_stage_api* twarc2_stage =
      chorus::testing::built_plugin_stage("libchorus_ingest_twarc2.so", "ingest/twarc2");
  if (!tmrc_stage || !twarc2_stage)
    CHORUS_SKIP("the ingest/tmrc and ingest/twarc2 modules are not built in " CHORUS_TEST_PLUGIN_DIR);
  FakeHost host;
  const std::string out = dir.path() + "/w";
  Generated g = generate(host, small_world(out, 11));
  const Batch posts = host.collected("posts"), accounts = host.collected("accounts");

  Json campaigns = Json::array();
  for (const char c : std::string("ABCD")) {
    const std::string code = std::string("SYN_") + c + "_0621";
    campaigns.push_back({{"files", code + "_*"}, {"campaign", "twitter_io:" + code}, {"state", std::string("X") + c}});
  }
  FakeHost tmrc;
  load_types(tmrc);
  const Json tcfg = {{"tweets", out + "/SYN_*_tweets_csv_hashed.csv"},
                     {"users", out + "/SYN_*_users_csv_hashed.csv"},
                     {"campaigns", campaigns}};
  REQUIRE(tmrc.run(tmrc_stage, tcfg) == 0);
  CHECK(total_rows(tmrc.outputs["rejects"]) == 0);
  const Batch tp = tmrc.collected("posts"), ta = tmrc.collected("accounts");

  FakeHost twarc;
  load_types(twarc);
  REQUIRE(twarc.run(twarc2_stage, {{"path", out + "/unaffiliated_twarc2_flat.jsonl"}}) == 0);
  CHECK(total_rows(twarc.outputs["rejects"]) == 0);
  const Batch wp = twarc.collected("posts"), wa = twarc.collected("accounts");

  REQUIRE(tp.rows() + wp.rows() == posts.rows());
  REQUIRE(ta.rows() + wa.rows() == accounts.rows());
  REQUIRE(tp.rows() > 1000);
  REQUIRE(wp.rows() == 12 * 12);
  REQUIRE(schema_text(tp.schema()) == schema_text(posts.schema()));
  // Row by row, every column: first the TMRC rows, then the twarc2 rows.
  for (size_t c = 0; c < posts.num_columns(); ++c) {
    const std::string name = posts.schema()[c].name;
    INFO("posts." << name);
    int64_t diffs = 0;
    std::string first;
    for (int64_t i = 0; i < posts.rows(); ++i) {
      const std::string want = cell_text(posts.column(c), i);
      const std::string got = i < tp.rows() ? cell_text(tp.column(c), i) : cell_text(wp.column(c), i - tp.rows());
      if (want != got && diffs++ == 0)
        first = "row " + std::to_string(i) + ": emitted '" + want + "', read '" + got + "'";
    }
    INFO(first);
    CHECK(diffs == 0);
  }
  for (size_t c = 0; c < accounts.num_columns(); ++c) {
    const std::string name = accounts.schema()[c].name;
    INFO("accounts." << name);
    int64_t diffs = 0;
    std::string first;
    for (int64_t i = 0; i < accounts.rows(); ++i) {
      const std::string want = cell_text(accounts.column(c), i);
      const std::string got = i < ta.rows() ? cell_text(ta.column(c), i) : cell_text(wa.column(c), i - ta.rows());
      if (want != got && diffs++ == 0)
        first = "row " + std::to_string(i) + ": emitted '" + want + "', read '" + got + "'";
    }
    INFO(first);
    CHECK(diffs == 0);
  }
  // What the files hold, seen through the readers: hashed and numeric ids,
  // minute precision, a text with an embedded newline, every interaction type.
  CHECK(col(tp, "time_precision").find("second") == std::string::npos);
  CHECK(col(tp, "is_hashed_author").find("true") != std::string::npos);
  CHECK(col(tp, "is_hashed_author").find("false") != std::string::npos);
  CHECK(col(tp, "text").find("\n") != std::string::npos);
  for (const char* t : {"original", "share", "reply", "quote"})
    CHECK(col(tp, "interaction_type").find(t) != std::string::npos);
  CHECK(col(wp, "interaction_type").find("share") != std::string::npos);
  CHECK(col(wp, "time_precision").find("minute") == std::string::npos);
}

TEST_CASE("synthetic: config errors name the key, stale world files are replaced and others kept",
          "[ingest.synthetic]") {
  FakeHost host;
  load_types(host);
  CHECK(host.infer<SyntheticStage>(Json{{"seed", 1}}) != 0);
  CHECK(host.last_error().rfind("with.out_dir: is required (Folder the files are written to", 0) == 0);
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", ""}}) != 0);
  CHECK(host.last_error() == "with.out_dir: expected a string of at least 1 character(s), got \"\"");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"states", 3}}) != 0);
  CHECK(host.last_error() == "with.states: expected a number >= 4, got 3");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"states", 27}}) != 0);
  CHECK(host.last_error() == "with.states: expected a number <= 26, got 27");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"accounts_per_state", 11}}) != 0);
  CHECK(host.last_error() == "with.accounts_per_state: expected a number >= 12, got 11");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"posts_per_account", int64_t{1} << 40}}) != 0);
  CHECK(host.last_error() == "with.posts_per_account: 1099511627776 is more than the generator supports (2147483647)");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"seed", -1}}) != 0);
  CHECK(host.last_error() == "with.seed: expected a number >= 0, got -1");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"accounts_per_state", 12}, {"group_members", 11}}) != 0);
  CHECK(host.last_error() == "with.group_members: must be between 2 and accounts_per_state - 2");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"start", "2020-02-30"}}) != 0);
  CHECK(host.last_error() == "with.start: '2020-02-30' has day 30 out of 1..29");
  REQUIRE(host.infer<SyntheticStage>(Json{{"out_dir", "w"}}) == 0);
  CHECK(schema_text(host.output_types()["files"].columns) ==
        "path:utf8,kind:utf8,state:utf8,rows:int64,bytes:int64,sha256:utf8");
  CHECK(host.output_types()["posts"].name == "posts");

  TempDir dir;
  host.pipeline_dir = dir.path();
  dir.write("w/notes.txt", "mine");
  dir.write("w/SYN_Z_0621_tweets_csv_hashed.csv", "old");
  Json cfg = small_world("w");
  cfg["states"] = 5;
  REQUIRE(host.run<SyntheticStage>(cfg) == 0);
  CHECK(std::filesystem::exists(dir.file("w/SYN_E_0621_users_csv_hashed.csv")));
  CHECK(!std::filesystem::exists(dir.file("w/SYN_Z_0621_tweets_csv_hashed.csv")));
  // Relative out_dir resolves against the pipeline folder; paths in the datasets are absolute.
  CHECK(col(host.outputs["files"], "path").find(dir.file("w/SYN_A_0621_tweets_csv_hashed.csv")) == 0);
  cfg["states"] = 4;
  REQUIRE(host.run<SyntheticStage>(cfg) == 0);
  CHECK(!std::filesystem::exists(dir.file("w/SYN_E_0621_users_csv_hashed.csv")));
  CHECK(!std::filesystem::exists(dir.file("w/SYN_E_0621_tweets_csv_hashed.csv")));
  CHECK(read_file(dir.file("w/notes.txt")) == "mine");
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.file("w"))) names.insert(e.path().filename().string());
  CHECK(names.size() == 11);  // 10 files of the world and notes.txt; no temporary files left
}

TEST_CASE("synthetic: a bad option gives one error naming its key", "[ingest.synthetic]") {
  FakeHost host;
  load_types(host);
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"days", "many"}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.errors[0] == "with.days: expected an integer, got \"many\"");
  CHECK(host.infer<SyntheticStage>(Json{{"out_dir", "w"}, {"group_members", 30}}) != 0);
  REQUIRE(host.errors.size() == 1);
  CHECK(host.errors[0] == "with.group_members: must be between 2 and accounts_per_state - 2");
}

TEST_CASE("synthetic: the option table's defaults are what the stage runs with", "[ingest.synthetic]") {
  // Only out_dir: ground_truth.json states the knobs the world was made with.
  TempDir dir;
  FakeHost host;
  Generated g = generate(host, Json{{"out_dir", dir.path() + "/w"}});
  const Json gt = Json::parse(read_file(dir.path() + "/w/ground_truth.json"));
  CHECK(gt["generator"] == Json{{"stage", "ingest/synthetic"},
                                {"seed", 1},
                                {"states", 4},
                                {"accounts_per_state", 20},
                                {"posts_per_account", 20},
                                {"unaffiliated_accounts", 40},
                                {"start", "2020-01-01T00:00:00Z"},
                                {"days", 365},
                                {"flow_posts", 50},
                                {"group_members", 7},
                                {"group_entities", 8}});
  CHECK(total_rows(g.files) == 10);  // 4 states: 4 tweets and 4 users files, the JSONL, ground truth
  CHECK(total_rows(g.accounts) > 4 * 20);
  CHECK(g.posts.size() == 1);  // batch_rows 65536: one batch
  CHECK(host.logged(CHORUS_LOG_INFO, "ingest/synthetic: seed 1: "));
}
