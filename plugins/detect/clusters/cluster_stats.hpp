// detect/clusters, what each cluster is: its id, members with their
// membership strength, the streams inside it with their statistics, which
// streams support it, its independent streams and coordination score, and
// its rank. Every number is defined in docs/methods.md (detect/clusters).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evidence.hpp"
#include "multiplex.hpp"

namespace chorus::detect_clusters {

struct StreamInCluster {
  int32_t stream = 0;  // index into Evidence::streams()
  int64_t edges = 0;   // distinct member pairs with a kept edge of the stream
  double density = 0;
  double weight_sum = 0;
  double median_active_days = kNull;
  double min_q = kNull, median_q = kNull;
  double mean_latency_s = kNull;
  bool supports = false;
};

struct Member {
  int32_t account = 0;
  int64_t degree = 0;            // co-members joined by a kept edge
  int64_t outside = 0;           // accounts outside the cluster joined by a kept edge
  double strength = 0;           // membership_strength
  std::vector<int32_t> streams;  // stream indexes, ascending (so by name: streams are sorted by name)
};

struct Cluster {
  std::string id;
  int64_t rank = 0;
  std::vector<Member> members;  // by account id
  int64_t edges = 0;
  double density = 0;
  double score = 0;
  int64_t independent_streams = 0;
  std::vector<int32_t> supporting;        // stream indexes, ascending
  std::vector<StreamInCluster> evidence;  // every stream with a kept edge inside, ascending
  bool posts_known = false;               // the posts input was connected
  int64_t posts = 0;
  int64_t first_ms = 0, last_ms = 0;
  bool has_activity = false;  // some post of a member has a created_at
};

// 'C-' + the first 12 hex digits of SHA-256 over the member ids in byte
// order joined by '\n' (no trailing newline).
std::string cluster_id(const std::vector<std::string>& sorted_member_ids);

// 1 - prod_f (1 - d_f) over the families' densities.
double coordination_score(const std::vector<double>& family_density);

// membership_strength = (degree / (size - 1)) * (degree / (degree + outside)); 0 when degree is 0.
double membership_strength(int64_t degree, int64_t outside, int64_t size);

// Median of values (mean of the two middle ones for an even count); NaN when empty.
double median(std::vector<double> values);

// Clusters from groups of at least min_size accounts, ranked.
std::vector<Cluster> describe_clusters(const std::vector<std::vector<int32_t>>& groups, const Multiplex& m,
                                       const Evidence& ev, double support_share);

// Ranks: size descending, then coordination_score descending, then id; sorts the vector so.
void rank_clusters(std::vector<Cluster>& clusters);

}  // namespace chorus::detect_clusters
