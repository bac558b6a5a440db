// What attribute/assess knows of one cluster, gathered from its four inputs
// (clusters, cluster_evidence, cluster_summary, cluster_profile), and the
// reader that gathers it batch by batch.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace chorus::attribute_assess {

// One cluster_evidence row.
struct StreamEvidence {
  std::string stream;
  int64_t edges = 0;
  std::optional<double> density, median_active_days, min_q;
};

// One cluster_profile row.
struct FacetValue {
  int64_t rank = 0;
  std::string value;
  int64_t count = 0;
  double share = 0;
};

struct ClusterFacts {
  std::string id;
  int64_t rank = 0;
  int64_t size = 0;
  std::optional<int64_t> independent_streams;
  std::vector<StreamEvidence> evidence;  // in input order
  bool has_summary = false;
  std::optional<int64_t> reach, peak_day_posts;
  std::map<std::string, std::vector<FacetValue>> facets;  // facet -> rows in input order

  const std::vector<FacetValue>* facet(const std::string& name) const {
    auto it = facets.find(name);
    return it == facets.end() ? nullptr : &it->second;
  }
};

// Rows of evidence, summary or profile naming a cluster the clusters input
// does not have: counted per input, reported by the stage.
struct OrphanCounts {
  int64_t evidence = 0, summary = 0, profile = 0;
  int64_t null_profile_values = 0;  // profile rows with a null value or count
};

// Gathers the inputs. Clusters first (add_clusters for every batch, then
// clusters_done), then the others in any order.
class ClusterTable {
 public:
  void add_clusters(const Batch& b);
  void clusters_done();  // sorts by rank, then cluster_id
  void add_evidence(const Batch& b);
  void add_summary(const Batch& b);
  void add_profile(const Batch& b);

  const std::vector<ClusterFacts>& clusters() const { return clusters_; }
  const OrphanCounts& orphans() const { return orphans_; }
  bool has(const std::string& id) const { return index_.count(id) != 0; }

 private:
  ClusterFacts* find(std::string_view id);
  std::vector<ClusterFacts> clusters_;
  std::unordered_map<std::string, size_t> index_;
  OrphanCounts orphans_;
  int64_t cluster_rows_ = 0;
};

}  // namespace chorus::attribute_assess
