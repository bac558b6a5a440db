#include "stream_rules.hpp"

#include <chorus/sdk/options.hpp>
#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chorus::detect_clusters {

using Json = nlohmann::json;

const std::vector<std::string>& evidence_ports() {
  static const std::vector<std::string> ports = {"co_retweet", "co_link",   "co_hashtag",      "co_reply", "co_mention",
                                                 "co_text",    "influence", "near_duplicates", "signals"};
  return ports;
}

bool is_edge_port(const std::string& port) {
  return port != "near_duplicates" &&
         std::find(evidence_ports().begin(), evidence_ports().end(), port) != evidence_ports().end();
}

StreamRule default_rule(const std::string& stream) {
  // Co-action streams: a pair must co-act on two days at least (one live
  // event makes organic pairs co-act once) and twice at least (the same rule
  // without active_days), with BH q <= 0.05 when the stream has p-values.
  static const std::map<std::string, std::string> coaction_family = {{"co_retweet", "retweet"}, {"co_link", "link"},
                                                                     {"co_hashtag", "hashtag"}, {"co_reply", "reply"},
                                                                     {"co_mention", "mention"}, {"co_text", "text"}};
  auto it = coaction_family.find(stream);
  if (it != coaction_family.end()) return {0.05, 2, 2, it->second};
  // influence weight = 1 - d_mean in (0, 1]: 0.5 means j's activity one bin
  // after i's is at least 50 points likelier than after i's inactivity.
  if (stream == "influence") return {0.05, 2, 0.5, "influence"};
  // One shared near-duplicate text cluster is enough when posted on two days.
  if (stream == "near_duplicates") return {0.05, 2, 1, "text"};
  // A signal stream: its producer already filtered it; repetition and FDR still apply when it has the columns.
  return {0.05, 2, 0, stream};
}

StreamRule rule_for(const std::string& stream, const RuleOverrides& overrides) {
  StreamRule r = default_rule(stream);
  auto it = overrides.find(stream);
  if (it == overrides.end()) return r;
  const RuleOverride& o = it->second;
  if (o.max_q) r.max_q = *o.max_q;
  if (o.min_days) r.min_days = *o.min_days;
  if (o.min_weight) r.min_weight = *o.min_weight;
  if (o.family) r.family = *o.family;
  return r;
}

Json streams_schema() {
  Json rule = {{"type", "object"},
               {"additionalProperties", false},
               {"properties",
                {{"max_q", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                 {"min_days", {{"type", "integer"}, {"minimum", 0}}},
                 {"min_weight", {{"type", "number"}}},
                 {"family", {{"type", "string"}, {"minLength", 1}}}}}};
  return {{"type", "object"}, {"additionalProperties", rule}};
}

RuleOverrides parse_streams(const Json& value) {
  using sdk::ConfigError;
  if (!value.is_object()) throw ConfigError("with.streams: expected a mapping of stream name to rule");
  RuleOverrides out;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string key = "with.streams." + it.key();
    if (it.key().empty()) throw ConfigError("with.streams: a stream name is empty");
    if (it.key() == "signals")
      throw ConfigError(key + ": 'signals' is a port, not a stream: name the signal streams (its stream column)");
    if (!it->is_object()) throw ConfigError(key + ": expected a mapping (max_q, min_days, min_weight, family)");
    RuleOverride o;
    for (auto f = it->begin(); f != it->end(); ++f) {
      const std::string fk = key + "." + f.key();
      const Json& v = f.value();
      if (f.key() == "max_q") {
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 || v.get<double>() > 1)
          throw ConfigError(fk + ": expected a number in [0, 1], got " + v.dump());
        o.max_q = v.get<double>();
      } else if (f.key() == "min_days") {
        const bool whole =
            v.is_number_integer() || (v.is_number_float() && std::nearbyint(v.get<double>()) == v.get<double>());
        if (!whole || v.get<double>() < 0) throw ConfigError(fk + ": expected an integer >= 0, got " + v.dump());
        o.min_days = static_cast<int64_t>(v.get<double>());
      } else if (f.key() == "min_weight") {
        if (!v.is_number() || !std::isfinite(v.get<double>()))
          throw ConfigError(fk + ": expected a number, got " + v.dump());
        o.min_weight = v.get<double>();
      } else if (f.key() == "family") {
        if (!v.is_string() || v.get<std::string>().empty())
          throw ConfigError(fk + ": expected a non-empty string, got " + v.dump());
        o.family = v.get<std::string>();
      } else {
        throw ConfigError(key + ": unknown key '" + f.key() + "'" +
                          sdk::did_you_mean(f.key(), {"max_q", "min_days", "min_weight", "family"}, "expected"));
      }
    }
    out[it.key()] = o;
  }
  return out;
}

void check_stream_names(const RuleOverrides& overrides, const std::vector<std::string>& connected_ports) {
  const bool signals = std::find(connected_ports.begin(), connected_ports.end(), "signals") != connected_ports.end();
  std::vector<std::string> stream_ports;
  for (const auto& p : evidence_ports())
    if (p != "signals") stream_ports.push_back(p);
  for (const auto& [name, rule] : overrides) {
    (void)rule;
    if (std::find(stream_ports.begin(), stream_ports.end(), name) != stream_ports.end()) continue;
    const std::string near = sdk::closest_match(name, stream_ports);
    if (!near.empty())
      throw std::invalid_argument("with.streams." + name + ": no evidence stream '" + name + "' (did you mean '" +
                                  near + "'?)");
    if (!signals)
      throw std::invalid_argument("with.streams." + name + ": no evidence stream '" + name +
                                  "': a port's stream is one of " +
                                  [&] {
                                    std::string s;
                                    for (const auto& p : stream_ports) s += (s.empty() ? "" : ", ") + p;
                                    return s;
                                  }() +
                                  "; any other name is a signal stream and needs the signals input connected");
  }
}

}  // namespace chorus::detect_clusters
