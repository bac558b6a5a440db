// detect/clusters, the output tables: schemas (the dataset contracts of
// schemas/datasets, with this stage's extra columns at the end) and writers.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cluster_stats.hpp"
#include "evidence.hpp"

namespace chorus::detect_clusters {

Schema clusters_schema();
Schema members_schema();
Schema evidence_schema();  // cluster_evidence + family, supports
Schema summary_schema();

// The counts of the summary row that are not per stream.
struct RunCounts {
  int64_t accounts = 0, pairs = 0, components = 0, components_split = 0, clusters = 0, clusters_dropped = 0,
          accounts_clustered = 0;
};

void emit_clusters(const std::vector<Cluster>& clusters, const Evidence& ev, sdk::Context& ctx);
void emit_members(const std::vector<Cluster>& clusters, const Evidence& ev, sdk::Context& ctx);
void emit_evidence(const std::vector<Cluster>& clusters, const Evidence& ev, sdk::Context& ctx);
// connected: the evidence ports connected (their columns are non-null).
void emit_summary(const RunCounts& rc, const Evidence& ev, const std::vector<std::string>& connected,
                  sdk::Context& ctx);

}  // namespace chorus::detect_clusters
