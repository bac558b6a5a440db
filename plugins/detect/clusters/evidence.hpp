// detect/clusters, the evidence: every stream's edges read batch by batch
// into account ids, the keep rule applied (weight, days, BH q), and the kept
// edges merged per undirected account pair. Near-duplicate co-membership is
// turned into such edges here too. See docs/methods.md (detect/clusters).
#pragma once

#include <chorus/sdk/table.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stream_rules.hpp"

namespace chorus::detect_clusters {

// Account ids interned while reading; finish() renumbers them in byte order of
// the ids so that every later order is the ids' order.
class AccountIds {
 public:
  int32_t intern(std::string_view id);
  // The id of an account after finish(), or -1.
  int32_t find(std::string_view id) const;
  // Renumbers (sorted names); returns old -> new.
  std::vector<int32_t> finish();
  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, int32_t> ids_;
  std::vector<std::string> names_;
};

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

// A row that passed min_weight and min_days (the q rule needs every p first).
struct Candidate {
  int32_t a = 0, b = 0;
  double weight = 0;
  double p = kNull;
  int32_t days = -1;  // -1: the stream has no active_days
  double latency = kNull;
};

// A kept edge per undirected pair (a < b after renumbering): over the pair's
// kept rows, the largest weight and days, the smallest q, the mean latency.
struct PairEvidence {
  int32_t a = 0, b = 0;
  double weight = 0;
  int32_t days = -1;
  double q = kNull;
  double latency = kNull;
};

// Rows of a stream by what became of them; each row counts once, in this order.
struct StreamCounts {
  int64_t rows = 0;            // rows read
  int64_t invalid = 0;         // null/empty source or target, self-loop, null or non-finite weight, p outside [0, 1]
  int64_t other = 0;           // rows not evidence by definition (influence: another entity_type)
  int64_t dropped_weight = 0;  // weight < min_weight
  int64_t dropped_days = 0;    // active_days < min_days
  int64_t dropped_q = 0;       // q > max_q, or no p-value in a stream with p-values
  int64_t kept = 0;
};

struct Stream {
  std::string name;
  std::string port;
  StreamRule rule;
  bool has_days = false;
  bool has_latency = false;
  bool has_p = false;  // at least one row with a p-value
  std::vector<double> all_p;
  std::vector<Candidate> candidates;
  StreamCounts counts;
  std::vector<PairEvidence> pairs;  // after finish(), sorted by (a, b)
  int64_t tests = 0;                // p-values the BH adjustment ran over
};

// Columns of an edges batch, found by name (absent: -1).
struct EdgeColumns {
  int source = -1, target = -1, weight = -1, p_value = -1, active_days = -1, latency = -1, entity_type = -1,
      stream = -1;
};

class Evidence {
 public:
  explicit Evidence(RuleOverrides overrides, std::string influence_entity_type = "average",
                    int64_t near_duplicates_max_accounts = 1000);

  // One batch of an edges port (co_*, influence, signals). Throws
  // std::invalid_argument naming the port and column on a wrong type.
  void add_edges(const std::string& port, const Batch& batch);
  // One batch of near_duplicates members (cluster_id, author_id, created_at).
  void add_near_duplicates(const Batch& batch);

  // After the last batch: near-duplicate pairs, ids renumbered, the keep rule
  // with BH q per stream, kept edges merged per pair. Streams sorted by name.
  void finish();

  const AccountIds& accounts() const { return ids_; }
  const std::vector<Stream>& streams() const { return streams_; }
  // Near-duplicate clusters left out for having more authors than the cap, and member rows without author.
  int64_t near_duplicate_clusters_capped() const { return nd_capped_; }
  int64_t near_duplicate_rows_no_time() const { return nd_no_time_; }

 private:
  Stream& stream(const std::string& name, const std::string& port);
  void add_row(Stream& s, int32_t a, int32_t b, double weight, double p, int32_t days, double latency);
  void finish_near_duplicates();

  RuleOverrides overrides_;
  std::string influence_entity_type_;
  int64_t nd_max_accounts_;
  AccountIds ids_;
  std::vector<Stream> streams_;
  std::map<std::string, size_t> index_;
  // near_duplicates: (cluster, author, day) per member row; day INT64_MIN without created_at
  struct NdRow {
    int32_t cluster, author;
    int64_t day;
  };
  std::vector<NdRow> nd_rows_;
  std::unordered_map<std::string, int32_t> nd_clusters_;
  int64_t nd_capped_ = 0, nd_no_time_ = 0;
  bool nd_connected_ = false;
};

// floor(ms / 86400000): the UTC calendar day.
int64_t utc_day_of_ms(int64_t ms);
// A timestamp in its unit as milliseconds (floored).
int64_t to_ms(int64_t value, TimeUnit unit);

}  // namespace chorus::detect_clusters
