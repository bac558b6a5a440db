// Reads the stage's input tables into Findings: clusters first (they key
// everything), then the tables that join to them. Rows of clusters the
// clusters table does not have are counted (the stage logs the counts),
// never silently dropped; malformed values throw naming port and column.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <chorus/sdk.hpp>

#include "finding.hpp"

namespace chorus::export_stix {

class FindingReader {
 public:
  void add_clusters(const Batch& b);
  void add_assessments(const Batch& b);
  void add_members(const Batch& b);
  void add_evidence(const Batch& b);
  void add_techniques(const Batch& b);
  void add_summary(const Batch& b);
  void add_profile(const Batch& b);
  // Keeps the first row of each author_id that is a member of a cluster.
  void add_accounts(const Batch& b);

  // Sorts clusters by rank then id and profile values by rank.
  Findings finish();

  // Rows that name a cluster missing from the clusters input, per port.
  const std::map<std::string, int64_t>& orphan_rows() const { return orphans_; }
  // The columns each port's rows are read from (for ctx.select).
  static const std::vector<std::string>& columns(const std::string& port);

 private:
  Cluster* find(std::string_view id);
  Cluster* owner(const Batch& b, const char* port, int64_t row);

  Findings f_;
  std::unordered_map<std::string, size_t> index_;
  std::unordered_set<std::string> member_ids_;
  std::map<std::string, int64_t> orphans_;
  std::map<std::string, int64_t> rows_;
};

}  // namespace chorus::export_stix
