// Options of coordination/influence: the parsed `with:` (every key checked
// again here, naming it, since tests and other hosts may call without schema).
#pragma once

#include <chorus/sdk.hpp>
#include <chorus/sdk/time.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "model.hpp"

namespace chorus::coordination_influence {

// Entity types in their output order; kAverage is the row averaged over types.
enum EntityType : uint8_t { kHashtag = 0, kUrl = 1, kMention = 2 };
constexpr int kTypes = 3;
constexpr int kAverage = 3;
inline const char* entity_type_name(int t) {
  static const char* names[] = {"hashtag", "url", "mention", "average"};
  return names[t];
}

struct Options {
  int64_t bin_ms = 3600000;
  std::optional<int64_t> start_ms, end_ms;  // end exclusive
  bool type_enabled[kTypes] = {true, true, true};
  std::set<std::string> exclude[kTypes];
  int64_t min_posts = 1;
  std::optional<double> top_percent;
  bool balance_unaffiliated = false;
  uint64_t seed = 1;
  bool class_is_state_code = false;
  int64_t max_accounts_per_entity_bin = 1000;  // 0: no cap
  Measure measure = Measure::Trace;
  double laplace = 0;
  bool average_over_all = false;  // false: co_used
  bool pooled_types = false;      // false: mean of the per-type means
  int64_t min_coused_entities = 1, min_lag1_events = 1;
  int scores_type = kAverage;
  std::optional<int64_t> split_at_ms;
  int64_t network_matrix_accounts = 0;
  int em_max_iterations = 5000;
  double em_tolerance = 1e-10;
  int threads = 2;
  int64_t pair_memory_mb = 1024;  // budget of the lag-1 pair records per pass
  int64_t batch_rows = 65536;
};

inline std::string fold_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// "1h", "30m", "90s", "1d" -> milliseconds.
inline int64_t parse_duration_ms(const std::string& text, const std::string& key) {
  size_t pos = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  const std::string unit = text.substr(pos);
  int64_t scale = 0;
  if (unit == "s") scale = 1000;
  else if (unit == "m") scale = 60000;
  else if (unit == "h") scale = 3600000;
  else if (unit == "d") scale = 86400000;
  if (pos == 0 || pos > 9 || scale == 0)
    throw std::invalid_argument(key + ": expected a duration like 1h, 30m, 90s or 1d, got '" + text + "'");
  const int64_t value = std::stoll(text.substr(0, pos));
  if (value <= 0) throw std::invalid_argument(key + ": the duration must be positive, got '" + text + "'");
  return value * scale;
}

inline int64_t parse_time_ms(const sdk::Json& v, const std::string& key) {
  if (!v.is_string()) throw std::invalid_argument(key + ": expected an ISO 8601 timestamp string");
  int64_t out = 0;
  const std::string text = v.get<std::string>();
  if (auto r = chorus::time::parse_timestamp(text, TimeUnit::Milli, out); !r)
    throw std::invalid_argument(key + ": '" + text + "' " + r.message());
  return out;
}

inline std::string one_of(const sdk::Json& config, const char* key, const std::string& fallback,
                          std::initializer_list<const char*> allowed) {
  if (!config.contains(key)) return fallback;
  const sdk::Json& v = config.at(key);
  std::string list;
  for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
  if (v.is_string())
    for (const char* a : allowed)
      if (v.get<std::string>() == a) return a;
  throw std::invalid_argument(std::string("with.") + key + ": expected one of " + list + ", got " + v.dump());
}

inline int64_t int_at_least(const sdk::Json& config, const char* key, int64_t fallback, int64_t minimum) {
  if (!config.contains(key)) return fallback;
  const sdk::Json& v = config.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < minimum)
    throw std::invalid_argument(std::string("with.") + key + ": expected an integer >= " + std::to_string(minimum) +
                                ", got " + v.dump());
  return v.get<int64_t>();
}

inline Options parse_options(const sdk::Json& config) {
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  static const std::set<std::string> known = {
      "bin", "start", "end", "entity_types", "exclude", "min_posts", "top_percent", "balance_unaffiliated", "seed",
      "class_value", "max_accounts_per_entity_bin", "measure", "laplace", "average", "type_average",
      "min_coused_entities", "min_lag1_events", "scores_entity_type", "split_at", "network_matrix_accounts",
      "em_max_iterations", "em_tolerance", "threads", "pair_memory_mb", "batch_rows"};
  for (auto it = config.begin(); it != config.end(); ++it)
    if (!known.count(it.key())) throw std::invalid_argument("with." + it.key() + ": unknown key");
  Options o;
  if (config.contains("bin")) {
    if (!config["bin"].is_string()) throw std::invalid_argument("with.bin: expected a duration like 1h");
    o.bin_ms = parse_duration_ms(config["bin"].get<std::string>(), "with.bin");
  }
  if (config.contains("start")) o.start_ms = parse_time_ms(config["start"], "with.start");
  if (config.contains("end")) o.end_ms = parse_time_ms(config["end"], "with.end");
  if (o.start_ms && o.end_ms && *o.end_ms <= *o.start_ms)
    throw std::invalid_argument("with.end: must be after with.start");
  if (config.contains("entity_types")) {
    const auto& v = config["entity_types"];
    if (!v.is_array() || v.empty()) throw std::invalid_argument("with.entity_types: expected a non-empty array");
    for (bool& e : o.type_enabled) e = false;
    for (const auto& t : v) {
      const std::string name = t.is_string() ? t.get<std::string>() : t.dump();
      int found = -1;
      for (int k = 0; k < kTypes; ++k)
        if (name == entity_type_name(k)) found = k;
      if (found < 0)
        throw std::invalid_argument("with.entity_types: expected hashtag, url or mention, got '" + name + "'");
      o.type_enabled[found] = true;
    }
  }
  if (config.contains("exclude")) {
    const auto& v = config["exclude"];
    if (!v.is_object()) throw std::invalid_argument("with.exclude: expected an object with hashtags, urls, mentions");
    static const char* keys[] = {"hashtags", "urls", "mentions"};
    for (auto it = v.begin(); it != v.end(); ++it) {
      int found = -1;
      for (int k = 0; k < kTypes; ++k)
        if (it.key() == keys[k]) found = k;
      if (found < 0) throw std::invalid_argument("with.exclude." + it.key() + ": unknown key (hashtags, urls, mentions)");
      if (!it.value().is_array()) throw std::invalid_argument("with.exclude." + it.key() + ": expected an array of strings");
      for (const auto& s : it.value()) {
        if (!s.is_string()) throw std::invalid_argument("with.exclude." + it.key() + ": expected strings");
        std::string value = s.get<std::string>();
        if (found == kHashtag) {
          if (!value.empty() && value[0] == '#') value.erase(0, 1);
          value = fold_ascii(value);
        }
        o.exclude[found].insert(value);
      }
    }
  }
  o.min_posts = int_at_least(config, "min_posts", 1, 1);
  if (config.contains("top_percent")) {
    const auto& v = config["top_percent"];
    if (!v.is_number() || v.get<double>() <= 0 || v.get<double>() > 100)
      throw std::invalid_argument("with.top_percent: expected a number in (0, 100], got " + v.dump());
    o.top_percent = v.get<double>();
  }
  if (config.contains("balance_unaffiliated")) {
    if (!config["balance_unaffiliated"].is_boolean()) throw std::invalid_argument("with.balance_unaffiliated: expected true or false");
    o.balance_unaffiliated = config["balance_unaffiliated"].get<bool>();
  }
  o.seed = static_cast<uint64_t>(int_at_least(config, "seed", 1, 0));
  o.class_is_state_code = one_of(config, "class_value", "state_linked", {"state_linked", "state"}) == "state";
  o.max_accounts_per_entity_bin = int_at_least(config, "max_accounts_per_entity_bin", 1000, 0);
  o.measure = one_of(config, "measure", "trace", {"trace", "frobenius_distance"}) == "trace" ? Measure::Trace
                                                                                             : Measure::FrobeniusDistance;
  if (config.contains("laplace")) {
    const auto& v = config["laplace"];
    if (!v.is_number() || v.get<double>() < 0) throw std::invalid_argument("with.laplace: expected a number >= 0, got " + v.dump());
    o.laplace = v.get<double>();
  }
  o.average_over_all = one_of(config, "average", "co_used", {"co_used", "all"}) == "all";
  o.pooled_types = one_of(config, "type_average", "mean_of_types", {"mean_of_types", "pooled"}) == "pooled";
  o.min_coused_entities = int_at_least(config, "min_coused_entities", 1, 1);
  o.min_lag1_events = int_at_least(config, "min_lag1_events", 1, 1);
  const std::string scores = one_of(config, "scores_entity_type", "average", {"average", "hashtag", "url", "mention"});
  for (int t = 0; t <= kAverage; ++t)
    if (scores == entity_type_name(t)) o.scores_type = t;
  if (o.scores_type < kTypes && !o.type_enabled[o.scores_type])
    throw std::invalid_argument("with.scores_entity_type: '" + scores + "' is not in with.entity_types");
  if (config.contains("split_at")) o.split_at_ms = parse_time_ms(config["split_at"], "with.split_at");
  o.network_matrix_accounts = int_at_least(config, "network_matrix_accounts", 0, 0);
  if (o.network_matrix_accounts > 1000)
    throw std::invalid_argument("with.network_matrix_accounts: at most 1000 (the EM is dense in the chosen accounts)");
  o.em_max_iterations = static_cast<int>(int_at_least(config, "em_max_iterations", 5000, 1));
  if (config.contains("em_tolerance")) {
    const auto& v = config["em_tolerance"];
    if (!v.is_number() || v.get<double>() <= 0) throw std::invalid_argument("with.em_tolerance: expected a number > 0");
    o.em_tolerance = v.get<double>();
  }
  o.threads = static_cast<int>(int_at_least(config, "threads", 2, 1));
  o.pair_memory_mb = int_at_least(config, "pair_memory_mb", 1024, 16);
  if (o.pair_memory_mb > 32768) throw std::invalid_argument("with.pair_memory_mb: at most 32768");
  o.batch_rows = int_at_least(config, "batch_rows", 65536, 1);
  return o;
}

}  // namespace chorus::coordination_influence
