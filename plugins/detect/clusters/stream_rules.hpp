// detect/clusters, the evidence streams: the input ports, each stream's keep
// rule (max_q, min_days, min_weight) and family, their defaults, and the
// parsing of `with.streams`. See docs/methods.md (detect/clusters).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chorus::detect_clusters {

// The evidence input ports, in the order they are read. Every port but
// `signals` is one stream named after the port; `signals` carries one stream
// per value of its `stream` column.
const std::vector<std::string>& evidence_ports();
// The ports of type edges with source, target, weight (all but near_duplicates).
bool is_edge_port(const std::string& port);

// When an edge of a stream is kept (docs/methods.md): weight >= min_weight,
// active_days >= min_days (streams with active_days), BH q <= max_q (streams
// with p-values). Streams of one family are not independent evidence.
struct StreamRule {
  double max_q = 0.05;
  int64_t min_days = 2;
  double min_weight = 0;
  std::string family;
};

// What `with.streams.<name>` sets; unset fields keep the stream's default.
struct RuleOverride {
  std::optional<double> max_q;
  std::optional<int64_t> min_days;
  std::optional<double> min_weight;
  std::optional<std::string> family;
};
using RuleOverrides = std::map<std::string, RuleOverride>;

// The default rule of a port's stream, or of a signal stream (any other name).
StreamRule default_rule(const std::string& stream);
StreamRule rule_for(const std::string& stream, const RuleOverrides& overrides);

// The JSON Schema of with.streams and its conversion (throws sdk::ConfigError
// naming with.streams.<name>[.<key>]).
nlohmann::json streams_schema();
RuleOverrides parse_streams(const nlohmann::json& value);

// Checks the names of with.streams against the connected ports: a name that is
// not a port's must be a signal stream (the signals input connected) and must
// not look like a misspelt port name. Throws std::invalid_argument.
void check_stream_names(const RuleOverrides& overrides, const std::vector<std::string>& connected_ports);

}  // namespace chorus::detect_clusters
