#include "cluster_facts.hpp"

#include <algorithm>
#include <stdexcept>

namespace chorus::attribute_assess {

namespace {

const Column& column_of(const Batch& b, const char* port, const char* name, TypeId type) {
  const int i = b.index_of(name);
  if (i < 0) throw std::invalid_argument(std::string("input '") + port + "': no column '" + name + "'");
  const Column& c = b.column(static_cast<size_t>(i));
  if (c.type().id != type)
    throw std::invalid_argument(std::string("input '") + port + "', column '" + name + "': is " + c.type().name() +
                                ", expected " + DataType{type}.name());
  return c;
}

std::string required_id(const Column& c, int64_t row, const char* port, int64_t offset) {
  if (c.is_null(row) || c.str(row).empty())
    throw std::invalid_argument(std::string("input '") + port + "', column 'cluster_id': null or empty at row " +
                                std::to_string(offset + row + 1));
  return std::string(c.str(row));
}

std::optional<double> opt_double(const Column& c, int64_t row) {
  if (c.is_null(row)) return std::nullopt;
  return c.float64(row);
}
std::optional<int64_t> opt_int(const Column& c, int64_t row) {
  if (c.is_null(row)) return std::nullopt;
  return c.int64(row);
}

}  // namespace

ClusterFacts* ClusterTable::find(std::string_view id) {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &clusters_[it->second];
}

void ClusterTable::add_clusters(const Batch& b) {
  const Column& id = column_of(b, "clusters", "cluster_id", TypeId::Utf8);
  const Column& rank = column_of(b, "clusters", "rank", TypeId::Int64);
  const Column& size = column_of(b, "clusters", "size", TypeId::Int64);
  const Column& streams = column_of(b, "clusters", "independent_streams", TypeId::Int64);
  for (int64_t r = 0; r < b.rows(); ++r) {
    ClusterFacts f;
    f.id = required_id(id, r, "clusters", cluster_rows_);
    if (rank.is_null(r) || size.is_null(r))
      throw std::invalid_argument("input 'clusters', cluster '" + f.id + "': null rank or size");
    f.rank = rank.int64(r);
    f.size = size.int64(r);
    f.independent_streams = opt_int(streams, r);
    if (!index_.emplace(f.id, clusters_.size()).second)
      throw std::invalid_argument("input 'clusters', column 'cluster_id': '" + f.id + "' appears twice");
    clusters_.push_back(std::move(f));
  }
  cluster_rows_ += b.rows();
}

void ClusterTable::clusters_done() {
  std::sort(clusters_.begin(), clusters_.end(), [](const ClusterFacts& a, const ClusterFacts& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.id < b.id;
  });
  index_.clear();
  for (size_t i = 0; i < clusters_.size(); ++i) index_.emplace(clusters_[i].id, i);
}

void ClusterTable::add_evidence(const Batch& b) {
  const Column& id = column_of(b, "evidence", "cluster_id", TypeId::Utf8);
  const Column& stream = column_of(b, "evidence", "stream", TypeId::Utf8);
  const Column& edges = column_of(b, "evidence", "edges", TypeId::Int64);
  const Column& density = column_of(b, "evidence", "density", TypeId::Float64);
  const Column& days = column_of(b, "evidence", "median_active_days", TypeId::Float64);
  const Column& min_q = column_of(b, "evidence", "min_q", TypeId::Float64);
  for (int64_t r = 0; r < b.rows(); ++r) {
    ClusterFacts* f = id.is_null(r) ? nullptr : find(id.str(r));
    if (!f) {
      ++orphans_.evidence;
      continue;
    }
    if (stream.is_null(r) || stream.str(r).empty())
      throw std::invalid_argument("input 'evidence', column 'stream': null or empty for cluster '" + f->id + "'");
    StreamEvidence e;
    e.stream = std::string(stream.str(r));
    e.edges = edges.is_null(r) ? 0 : edges.int64(r);
    e.density = opt_double(density, r);
    e.median_active_days = opt_double(days, r);
    e.min_q = opt_double(min_q, r);
    f->evidence.push_back(std::move(e));
  }
}

void ClusterTable::add_summary(const Batch& b) {
  const Column& id = column_of(b, "summary", "cluster_id", TypeId::Utf8);
  const Column& reach = column_of(b, "summary", "reach", TypeId::Int64);
  const Column& peak = column_of(b, "summary", "peak_day_posts", TypeId::Int64);
  for (int64_t r = 0; r < b.rows(); ++r) {
    ClusterFacts* f = id.is_null(r) ? nullptr : find(id.str(r));
    if (!f) {
      ++orphans_.summary;
      continue;
    }
    f->has_summary = true;
    f->reach = opt_int(reach, r);
    f->peak_day_posts = opt_int(peak, r);
  }
}

void ClusterTable::add_profile(const Batch& b) {
  const Column& id = column_of(b, "profile", "cluster_id", TypeId::Utf8);
  const Column& facet = column_of(b, "profile", "facet", TypeId::Utf8);
  const Column& rank = column_of(b, "profile", "rank", TypeId::Int64);
  const Column& value = column_of(b, "profile", "value", TypeId::Utf8);
  const Column& count = column_of(b, "profile", "count", TypeId::Int64);
  const Column& share = column_of(b, "profile", "share", TypeId::Float64);
  for (int64_t r = 0; r < b.rows(); ++r) {
    ClusterFacts* f = id.is_null(r) ? nullptr : find(id.str(r));
    if (!f) {
      ++orphans_.profile;
      continue;
    }
    if (facet.is_null(r) || value.is_null(r) || count.is_null(r)) {
      ++orphans_.null_profile_values;
      continue;
    }
    FacetValue v;
    v.rank = rank.is_null(r) ? 0 : rank.int64(r);
    v.value = std::string(value.str(r));
    v.count = count.int64(r);
    v.share = share.is_null(r) ? 0 : share.float64(r);
    f->facets[std::string(facet.str(r))].push_back(std::move(v));
  }
}

}  // namespace chorus::attribute_assess
