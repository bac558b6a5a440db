#include "credibility.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "figures.hpp"

namespace chorus::attribute_assess {

bool is_strong(const StreamEvidence& e, const StrongThresholds& t, std::string* why) {
  std::vector<std::string> fails;
  if (!e.density || *e.density < t.min_density)
    fails.push_back(e.density ? "density " + figure(*e.density) + " < " + figure(t.min_density) : "no density");
  if (e.edges < t.min_edges) fails.push_back(std::to_string(e.edges) + " edges < " + std::to_string(t.min_edges));
  // Either a small q or repetition over days makes the edges convincing: a
  // group alone on its own objects never gets a small q under a null that
  // shuffles times within objects, but repeats its co-actions day after day.
  const bool q_ok = e.min_q && *e.min_q <= t.max_q;
  const bool days_ok = e.median_active_days && *e.median_active_days >= t.min_active_days;
  if (!q_ok && !days_ok) {
    const std::string q = e.min_q ? "min_q " + figure(*e.min_q) + " > " + figure(t.max_q) : "no q";
    const std::string d =
        e.median_active_days ? "median " + figure(*e.median_active_days) + " active days < " + figure(t.min_active_days)
                             : "no active days";
    fails.push_back(q + " and " + d);
  }
  if (why) {
    if (fails.empty()) {
      std::string figs = "density " + figure(*e.density) + ", " + std::to_string(e.edges) + " edges";
      if (e.min_q) figs += ", min_q " + figure(*e.min_q);
      if (e.median_active_days) figs += ", median " + figure(*e.median_active_days) + " active days";
      *why = e.stream + " strong (" + figs + ")";
    } else {
      std::string text;
      for (const auto& f : fails) text += (text.empty() ? "" : ", ") + f;
      *why = e.stream + " weak (" + text + ")";
    }
  }
  return fails.empty();
}

namespace {

std::string describe(const CredibilityRule& r) {
  std::string s;
  if (r.min_strong > 0) s += ">= " + std::to_string(r.min_strong) + " strong independent stream(s)";
  if (r.min_streams > 0)
    s += (s.empty() ? "" : ", ") + (">= " + std::to_string(r.min_streams) + " independent stream(s)");
  return s.empty() ? "always" : s;
}

}  // namespace

CredibilityGrade grade_credibility(const ClusterFacts& cluster, const Config& config) {
  CredibilityGrade g;
  if (cluster.evidence.empty()) {
    g.credibility = 6;
    g.rationale = "no evidence rows: truth cannot be judged (6)";
    return g;
  }
  std::map<std::string, std::pair<bool, std::string>> streams;  // name -> (strong, why); strongest row kept
  for (const StreamEvidence& e : cluster.evidence) {
    std::string why;
    const bool strong = is_strong(e, config.strong, &why);
    auto it = streams.find(e.stream);
    if (it == streams.end() || (strong && !it->second.first)) streams[e.stream] = {strong, why};
  }
  int64_t strong = 0;
  std::string detail;
  for (const auto& [name, s] : streams) {
    strong += s.first;
    detail += (detail.empty() ? "" : "; ") + s.second;
  }
  // detect/clusters knows which streams restate one another (e.g. co-retweet
  // and the influence network); its count bounds ours.
  g.independent = static_cast<int64_t>(streams.size());
  if (cluster.independent_streams)
    g.independent = std::min(g.independent, std::max<int64_t>(0, *cluster.independent_streams));
  g.strong = std::min(strong, g.independent);
  const std::string figures = std::to_string(g.strong) + " strong of " + std::to_string(g.independent) +
                              " independent stream(s) [" + detail + "]";
  const CredibilityRule* hit = nullptr;
  size_t hit_index = 0;
  for (size_t i = 0; i < config.credibility_rules.size() && !hit; ++i) {
    const CredibilityRule& r = config.credibility_rules[i];
    if (g.strong >= r.min_strong && g.independent >= r.min_streams) {
      hit = &r;
      hit_index = i;
    }
  }
  if (hit) {
    g.credibility = hit->credibility;
    g.rationale = "credibility_rules[" + std::to_string(hit_index) + "] (" + describe(*hit) + " -> " +
                  std::to_string(hit->credibility) + "): " + figures;
  } else {
    g.credibility = 6;
    g.rationale = "no credibility rule matched (6): " + figures;
  }
  // The hard rule, whatever the configured rules say: one stream alone, however strong, is never corroborated.
  if (g.independent < 2 && g.credibility < 3) {
    g.credibility = 3;
    g.rationale += "; capped at 3: a single independent stream is never better than 3";
  }
  return g;
}

std::optional<int64_t> stix_confidence(int credibility) {
  switch (credibility) {
    case 1:
      return 90;
    case 2:
      return 70;
    case 3:
      return 50;
    case 4:
      return 30;
    case 5:
      return 10;
    default:
      return std::nullopt;
  }
}

std::optional<int64_t> capped_confidence(int credibility, Reliability reliability, const Config& config) {
  auto c = stix_confidence(credibility);
  if (!c) return c;
  const size_t i = static_cast<size_t>(reliability - 'A');
  if (i < config.confidence_caps.size()) c = std::min(*c, config.confidence_caps[i]);
  return c;
}

}  // namespace chorus::attribute_assess
