#include "assess_config.hpp"

#include <chorus/sdk/options.hpp>
#include <chorus/sdk/suggest.hpp>

#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "disarm_table.hpp"
#include "network/follow_trains/follow_trains.hpp"

namespace chorus::attribute_assess {

namespace {

using sdk::ConfigError;

std::string at(const std::string& key, size_t i) { return key + "[" + std::to_string(i) + "]"; }

void expect_object(const Json& v, const std::string& key) {
  if (!v.is_object()) throw ConfigError(key + ": expected a mapping, got " + v.dump());
}
void expect_list(const Json& v, const std::string& key) {
  if (!v.is_array()) throw ConfigError(key + ": expected a list, got " + v.dump());
}

void only_keys(const Json& obj, const std::string& key, const std::vector<std::string>& allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == it.key();
    if (!known)
      throw ConfigError(key + ": unknown key '" + it.key() + "'" + sdk::did_you_mean(it.key(), allowed, "expected"));
  }
}

std::string string_field(const Json& obj, const std::string& key, const char* field, bool required = true) {
  if (!obj.contains(field)) {
    if (required) throw ConfigError(key + "." + field + ": is required");
    return {};
  }
  const Json& v = obj.at(field);
  if (!v.is_string() || v.get<std::string>().empty())
    throw ConfigError(key + "." + field + ": expected a non-empty string, got " + v.dump());
  return v.get<std::string>();
}

bool is_integral(const Json& v) {
  return v.is_number_integer() || (v.is_number_float() && std::nearbyint(v.get<double>()) == v.get<double>() &&
                                   std::fabs(v.get<double>()) < 9e18);
}

int64_t int_field(const Json& obj, const std::string& key, const char* field, int64_t lo, int64_t hi) {
  const Json& v = obj.at(field);
  if (!is_integral(v)) throw ConfigError(key + "." + field + ": expected an integer, got " + v.dump());
  const int64_t x = v.is_number_integer() ? v.get<int64_t>() : static_cast<int64_t>(v.get<double>());
  if (x < lo || x > hi)
    throw ConfigError(key + "." + field + ": expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
                      ", got " + v.dump());
  return x;
}

double number_field(const Json& obj, const std::string& key, const char* field, double lo, double hi) {
  const Json& v = obj.at(field);
  if (!v.is_number() || !std::isfinite(v.get<double>()))
    throw ConfigError(key + "." + field + ": expected a number, got " + v.dump());
  const double x = v.get<double>();
  if (x < lo || x > hi) {
    char range[64];
    std::snprintf(range, sizeof range, "%g..%g", lo, hi);
    throw ConfigError(key + "." + field + ": expected a number in " + range + ", got " + v.dump());
  }
  return x;
}

Reliability reliability_of(const Json& v, const std::string& key) {
  static const std::vector<std::string> letters = {"A", "B", "C", "D", "E", "F"};
  if (v.is_string())
    for (const auto& l : letters)
      if (v.get<std::string>() == l) return l[0];
  throw ConfigError(key + ": expected a source reliability A, B, C, D, E or F, got " + v.dump());
}

std::vector<std::string> string_list(const Json& v, const std::string& key) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array() && !v.empty()) {
    for (const auto& s : v) {
      if (!s.is_string()) throw ConfigError(key + ": expected strings, got " + s.dump());
      out.push_back(s.get<std::string>());
    }
  } else {
    throw ConfigError(key + ": expected a string or a non-empty list of strings, got " + v.dump());
  }
  for (const auto& s : out)
    if (s.empty()) throw ConfigError(key + ": an empty string is not a name");
  return out;
}

}  // namespace

std::string fold_tag(const std::string& s) {
  std::string out = !s.empty() && s[0] == '#' ? s.substr(1) : s;
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

const std::vector<std::string>& default_follow_train_hashtags() {
  return network_follow_trains::default_follow_train_hashtags();
}

std::vector<SourceRule> sources_from_json(const Json& v) {
  const std::string key = "with.sources";
  expect_list(v, key);
  std::vector<SourceRule> out;
  std::set<std::string> names;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string k = at(key, i);
    expect_object(v[i], k);
    only_keys(v[i], k, {"name", "files", "reliability"});
    SourceRule r;
    r.name = string_field(v[i], k, "name");
    r.files = string_field(v[i], k, "files");
    if (!v[i].contains("reliability")) throw ConfigError(k + ".reliability: is required");
    r.reliability = reliability_of(v[i]["reliability"], k + ".reliability");
    if (!names.insert(r.name).second) throw ConfigError(k + ".name: '" + r.name + "' is named twice");
    out.push_back(std::move(r));
  }
  return out;
}

Json default_credibility_rules() {
  return Json::parse(R"json([
    {"credibility": 1, "min_strong": 3},
    {"credibility": 2, "min_strong": 2},
    {"credibility": 3, "min_strong": 1},
    {"credibility": 4, "min_streams": 1}])json");
}

std::vector<CredibilityRule> credibility_rules_from_json(const Json& v) {
  const std::string key = "with.credibility_rules";
  expect_list(v, key);
  std::vector<CredibilityRule> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string k = at(key, i);
    expect_object(v[i], k);
    only_keys(v[i], k, {"credibility", "min_strong", "min_streams"});
    if (!v[i].contains("credibility")) throw ConfigError(k + ".credibility: is required");
    CredibilityRule r;
    r.credibility = static_cast<int>(int_field(v[i], k, "credibility", 1, 6));
    if (v[i].contains("min_strong")) r.min_strong = int_field(v[i], k, "min_strong", 0, 1000);
    if (v[i].contains("min_streams")) r.min_streams = int_field(v[i], k, "min_streams", 0, 1000);
    out.push_back(r);
  }
  return out;
}

Json default_confidence_caps() { return Json{{"D", 50}, {"E", 30}, {"F", 50}}; }

std::array<int64_t, 6> confidence_caps_from_json(const Json& v) {
  const std::string key = "with.confidence_caps";
  expect_object(v, key);
  std::array<int64_t, 6> caps{100, 100, 100, 100, 100, 100};
  for (auto it = v.begin(); it != v.end(); ++it) {
    const Reliability r = reliability_of(Json(it.key()), key + " key '" + it.key() + "'");
    caps[static_cast<size_t>(r - 'A')] = int_field(v, key, it.key().c_str(), 0, 100);
  }
  return caps;
}

Json default_tiers() {
  return Json::parse(R"json([
    {"name": "escalate", "tier": "escalate",
     "when": {"attributed": true, "min_confidence": 70, "min_reliability": "B", "min_reach": 100000}},
    {"name": "rebut", "tier": "rebut", "when": {"min_confidence": 50, "min_reach": 100000}},
    {"name": "pre-bunk", "tier": "pre-bunk", "when": {"min_confidence": 50, "min_peak_day_posts": 100}},
    {"name": "monitor", "tier": "monitor", "when": {}}])json");
}

std::vector<TierRule> tiers_from_json(const Json& v) {
  const std::string key = "with.tiers";
  expect_list(v, key);
  static const std::vector<std::string> tiers = {"monitor", "pre-bunk", "rebut", "escalate"};
  std::vector<TierRule> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string k = at(key, i);
    expect_object(v[i], k);
    only_keys(v[i], k, {"name", "tier", "when"});
    TierRule r;
    r.name = string_field(v[i], k, "name");
    r.tier = string_field(v[i], k, "tier");
    bool known = false;
    for (const auto& t : tiers) known = known || t == r.tier;
    if (!known)
      throw ConfigError(k + ".tier: unknown tier '" + r.tier + "' (expected monitor, pre-bunk, rebut or escalate)" +
                        sdk::did_you_mean(r.tier, tiers));
    const Json when = v[i].value("when", Json::object());
    const std::string w = k + ".when";
    expect_object(when, w);
    only_keys(when, w,
              {"min_reach", "max_reach", "min_peak_day_posts", "max_peak_day_posts", "min_confidence", "max_confidence",
               "attributed", "min_reliability"});
    constexpr int64_t kBig = 4000000000000000000;
    TierCondition& c = r.when;
    if (when.contains("min_reach")) c.min_reach = int_field(when, w, "min_reach", 0, kBig);
    if (when.contains("max_reach")) c.max_reach = int_field(when, w, "max_reach", 0, kBig);
    if (when.contains("min_peak_day_posts")) c.min_peak_day_posts = int_field(when, w, "min_peak_day_posts", 0, kBig);
    if (when.contains("max_peak_day_posts")) c.max_peak_day_posts = int_field(when, w, "max_peak_day_posts", 0, kBig);
    if (when.contains("min_confidence")) c.min_confidence = int_field(when, w, "min_confidence", 0, 100);
    if (when.contains("max_confidence")) c.max_confidence = int_field(when, w, "max_confidence", 0, 100);
    if (when.contains("attributed")) {
      if (!when["attributed"].is_boolean())
        throw ConfigError(w + ".attributed: expected true or false, got " + when["attributed"].dump());
      c.attributed = when["attributed"].get<bool>();
    }
    if (when.contains("min_reliability"))
      c.min_reliability = reliability_of(when["min_reliability"], w + ".min_reliability");
    out.push_back(std::move(r));
  }
  return out;
}

Json default_attribution() { return Json{{"min_state_share", 0.5}, {"rules", Json::array()}}; }

AttributionConfig attribution_from_json(const Json& v) {
  const std::string key = "with.attribution";
  expect_object(v, key);
  only_keys(v, key, {"min_state_share", "rules"});
  AttributionConfig a;
  if (v.contains("min_state_share")) {
    a.min_state_share = number_field(v, key, "min_state_share", 0, 1);
    if (a.min_state_share <= 0)
      throw ConfigError(key + ".min_state_share: expected a share above 0 (at most 1), got " +
                        v["min_state_share"].dump());
  }
  if (!v.contains("rules")) return a;
  const std::string rk = key + ".rules";
  expect_list(v["rules"], rk);
  for (size_t i = 0; i < v["rules"].size(); ++i) {
    const Json& r = v["rules"][i];
    const std::string k = at(rk, i);
    expect_object(r, k);
    only_keys(r, k, {"name", "state", "when"});
    AttributionRule rule;
    rule.name = string_field(r, k, "name");
    rule.state = string_field(r, k, "state");
    if (!r.contains("when")) throw ConfigError(k + ".when: is required");
    const std::string w = k + ".when";
    expect_object(r["when"], w);
    only_keys(r["when"], w, {"domain", "hashtag", "url", "min_share"});
    int facets = 0;
    for (const char* f : {"domain", "hashtag", "url"})
      if (r["when"].contains(f)) {
        ++facets;
        rule.facet = f;
        rule.value = string_field(r["when"], w, f);
      }
    if (facets != 1) throw ConfigError(w + ": expected exactly one of domain, hashtag or url");
    if (rule.facet != "url") rule.value = fold_tag(rule.value);
    if (r["when"].contains("min_share")) rule.min_share = number_field(r["when"], w, "min_share", 0, 1);
    a.rules.push_back(std::move(rule));
  }
  return a;
}

Json default_techniques() {
  Json trains = Json::array();
  for (const auto& t : default_follow_train_hashtags()) trains.push_back(t);
  return Json::array({
      {{"name", "co-retweet ring"}, {"technique", "T0049.003"}, {"when", {{"stream", "co_retweet"}}}},
      {{"name", "hashtag flooding"}, {"technique", "T0049.002"}, {"when", {{"stream", "co_hashtag"}}}},
      {{"name", "coordinated link sharing"}, {"technique", "T0049.007"}, {"when", {{"stream", "co_link"}}}},
      {{"name", "copypasta"}, {"technique", "T0084.001"}, {"when", {{"stream", {"co_text", "near_duplicates"}}}}},
      // A tenth of the cluster's posts: organic accounts join a follow train now
      // and then, a cluster that runs one posts its tags again and again.
      {{"name", "follow trains"}, {"technique", "T0092.002"}, {"when", {{"hashtags", trains}, {"min_share", 0.1}}}},
      {{"name", "bulk-created accounts"},
       {"technique", "T0150.008"},
       {"when", {{"created_within_days", 7}, {"min_share", 0.5}}}},
  });
}

std::vector<TechniqueRule> techniques_from_json(const Json& v) {
  const std::string key = "with.techniques";
  expect_list(v, key);
  std::vector<TechniqueRule> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string k = at(key, i);
    expect_object(v[i], k);
    only_keys(v[i], k, {"name", "technique", "when"});
    TechniqueRule r;
    r.name = string_field(v[i], k, "name");
    r.technique = string_field(v[i], k, "technique");
    if (!find_disarm_technique(r.technique))
      throw ConfigError(k + ".technique: '" + r.technique + "' is not in the pinned DISARM v" + kDisarmVersion +
                        " table of attribute/assess" + sdk::did_you_mean(r.technique, disarm_technique_ids()));
    if (!v[i].contains("when")) throw ConfigError(k + ".when: is required");
    const Json& when = v[i]["when"];
    const std::string w = k + ".when";
    expect_object(when, w);
    const int tests =
        int(when.contains("stream")) + int(when.contains("hashtags")) + int(when.contains("created_within_days"));
    if (tests != 1) throw ConfigError(w + ": expected exactly one of stream, hashtags or created_within_days");
    if (when.contains("stream")) {
      only_keys(when, w, {"stream", "strong"});
      r.test = TechniqueTest::Stream;
      r.streams = string_list(when["stream"], w + ".stream");
      if (when.contains("strong")) {
        if (!when["strong"].is_boolean())
          throw ConfigError(w + ".strong: expected true or false, got " + when["strong"].dump());
        r.strong = when["strong"].get<bool>();
      }
    } else if (when.contains("hashtags")) {
      only_keys(when, w, {"hashtags", "min_share"});
      r.test = TechniqueTest::Hashtags;
      for (const auto& t : string_list(when["hashtags"], w + ".hashtags")) r.hashtags.push_back(fold_tag(t));
      if (when.contains("min_share")) r.min_share = number_field(when, w, "min_share", 0, 1);
    } else {
      only_keys(when, w, {"created_within_days", "min_share"});
      r.test = TechniqueTest::BulkCreated;
      r.window_days = int_field(when, w, "created_within_days", 1, 36600);
      r.min_share = 0.5;
      if (when.contains("min_share")) r.min_share = number_field(when, w, "min_share", 0, 1);
      if (r.min_share <= 0) throw ConfigError(w + ".min_share: expected a share above 0 for created_within_days");
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace chorus::attribute_assess
