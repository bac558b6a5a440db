#include "cluster_stats.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

namespace chorus::detect_clusters {

std::string cluster_id(const std::vector<std::string>& sorted_member_ids) {
  std::string text;
  for (size_t i = 0; i < sorted_member_ids.size(); ++i) {
    if (i) text += '\n';
    text += sorted_member_ids[i];
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("detect/clusters: SHA-256 failed");
  static const char* hex = "0123456789abcdef";
  std::string id = "C-";
  for (int i = 0; i < 6; ++i) {
    id += hex[digest[i] >> 4];
    id += hex[digest[i] & 15];
  }
  return id;
}

double coordination_score(const std::vector<double>& family_density) {
  double none = 1;
  for (double d : family_density) none *= 1 - std::clamp(d, 0.0, 1.0);
  return 1 - none;
}

double membership_strength(int64_t degree, int64_t outside, int64_t size) {
  if (degree <= 0 || size < 2) return 0;
  const double d = static_cast<double>(degree);
  return d / static_cast<double>(size - 1) * (d / static_cast<double>(degree + outside));
}

double median(std::vector<double> v) {
  if (v.empty()) return kNull;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

namespace {

// Per (cluster, stream) while scanning the pairs.
struct Acc {
  int64_t edges = 0;
  double weight_sum = 0;
  std::vector<double> days, q;
  double latency_sum = 0;
  int64_t latency_n = 0;
};

}  // namespace

std::vector<Cluster> describe_clusters(const std::vector<std::vector<int32_t>>& groups, const Multiplex& m,
                                       const Evidence& ev, double support_share) {
  const auto& names = ev.accounts().names();
  const auto& streams = ev.streams();
  std::vector<Cluster> out(groups.size());
  std::vector<int32_t> cluster_of(m.accounts, -1), position(m.accounts, -1);
  for (size_t c = 0; c < groups.size(); ++c) {
    std::vector<std::string> ids;
    for (size_t k = 0; k < groups[c].size(); ++k) {
      const int32_t a = groups[c][k];
      cluster_of[a] = static_cast<int32_t>(c);
      position[a] = static_cast<int32_t>(k);
      Member mem;
      mem.account = a;
      out[c].members.push_back(mem);
      ids.push_back(names[a]);
    }
    out[c].id = cluster_id(ids);
  }
  std::vector<std::map<int32_t, Acc>> acc(groups.size());
  for (size_t i = 0; i < m.size(); ++i) {
    const int32_t ca = cluster_of[m.a[i]], cb = cluster_of[m.b[i]];
    if (ca != cb || ca < 0) {
      if (ca >= 0) ++out[ca].members[position[m.a[i]]].outside;
      if (cb >= 0) ++out[cb].members[position[m.b[i]]].outside;
      continue;
    }
    Cluster& cl = out[ca];
    ++cl.edges;
    Member& ma = cl.members[position[m.a[i]]];
    Member& mb = cl.members[position[m.b[i]]];
    ++ma.degree, ++mb.degree;
    for (int64_t e = m.begin[i]; e < m.begin[i + 1]; ++e) {
      const int32_t s = m.stream[e];
      const PairEvidence& p = streams[s].pairs[m.entry[e]];
      Acc& x = acc[ca][s];
      ++x.edges;
      x.weight_sum += p.weight;
      if (p.days >= 0) x.days.push_back(p.days);
      if (!std::isnan(p.q)) x.q.push_back(p.q);
      if (!std::isnan(p.latency)) x.latency_sum += p.latency, ++x.latency_n;
      for (Member* mm : {&ma, &mb})
        if (std::find(mm->streams.begin(), mm->streams.end(), s) == mm->streams.end()) mm->streams.push_back(s);
    }
  }
  for (size_t c = 0; c < out.size(); ++c) {
    Cluster& cl = out[c];
    const double n = static_cast<double>(cl.members.size());
    const double possible = n * (n - 1) / 2;
    cl.density = possible > 0 ? static_cast<double>(cl.edges) / possible : 0;
    int64_t most = 0;
    for (const auto& [s, x] : acc[c]) most = std::max(most, x.edges);
    for (const auto& [s, x] : acc[c]) {
      StreamInCluster e;
      e.stream = s;
      e.edges = x.edges;
      e.density = possible > 0 ? static_cast<double>(x.edges) / possible : 0;
      e.weight_sum = x.weight_sum;
      e.median_active_days = streams[s].has_days ? median(x.days) : kNull;
      if (!x.q.empty()) {
        e.min_q = *std::min_element(x.q.begin(), x.q.end());
        e.median_q = median(x.q);
      }
      e.mean_latency_s = x.latency_n > 0 ? x.latency_sum / static_cast<double>(x.latency_n) : kNull;
      e.supports = x.edges == most || static_cast<double>(x.edges) >= support_share * static_cast<double>(cl.edges);
      if (e.supports) cl.supporting.push_back(s);
      cl.evidence.push_back(e);
    }
    for (Member& mem : cl.members) {
      std::sort(mem.streams.begin(), mem.streams.end());
      mem.strength = membership_strength(mem.degree, mem.outside, static_cast<int64_t>(cl.members.size()));
    }
  }
  // Families: member pairs joined by a supporting stream of the family.
  std::vector<std::map<std::string, int64_t>> family_pairs(out.size());
  std::vector<std::vector<char>> supports(out.size());
  for (size_t c = 0; c < out.size(); ++c) {
    supports[c].assign(streams.size(), 0);
    for (int32_t s : out[c].supporting) supports[c][s] = 1;
  }
  std::set<std::string> fams;
  for (size_t i = 0; i < m.size(); ++i) {
    const int32_t ca = cluster_of[m.a[i]];
    if (ca < 0 || ca != cluster_of[m.b[i]]) continue;
    fams.clear();
    for (int64_t e = m.begin[i]; e < m.begin[i + 1]; ++e)
      if (supports[ca][m.stream[e]]) fams.insert(streams[m.stream[e]].rule.family);
    for (const auto& f : fams) ++family_pairs[ca][f];
  }
  for (size_t c = 0; c < out.size(); ++c) {
    Cluster& cl = out[c];
    const double n = static_cast<double>(cl.members.size());
    const double possible = n * (n - 1) / 2;
    std::vector<double> dens;
    for (const auto& [f, pairs] : family_pairs[c]) dens.push_back(possible > 0 ? pairs / possible : 0);
    cl.independent_streams = static_cast<int64_t>(family_pairs[c].size());
    cl.score = coordination_score(dens);
  }
  return out;
}

void rank_clusters(std::vector<Cluster>& clusters) {
  std::sort(clusters.begin(), clusters.end(), [](const Cluster& x, const Cluster& y) {
    if (x.members.size() != y.members.size()) return x.members.size() > y.members.size();
    if (x.score != y.score) return x.score > y.score;
    return x.id < y.id;
  });
  for (size_t i = 0; i < clusters.size(); ++i) clusters[i].rank = static_cast<int64_t>(i) + 1;
}

}  // namespace chorus::detect_clusters
