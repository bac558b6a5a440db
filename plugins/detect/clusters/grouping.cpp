#include "grouping.hpp"

#include <algorithm>
#include <numeric>

namespace chorus::detect_clusters {

namespace {

int32_t root_of(std::vector<int32_t>& parent, int32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

}  // namespace

Groups find_groups(const Multiplex& m, const GroupOptions& o) {
  Groups out;
  const size_t n = m.accounts;
  std::vector<int32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < m.size(); ++i) {
    int32_t x = root_of(parent, m.a[i]), y = root_of(parent, m.b[i]);
    if (x == y) continue;
    if (x > y) std::swap(x, y);
    parent[y] = x;  // the smallest account is the root
  }
  std::vector<char> touched(n, 0);
  for (size_t i = 0; i < m.size(); ++i) touched[m.a[i]] = touched[m.b[i]] = 1;
  // Components numbered by their smallest account; members ascending.
  std::vector<int32_t> comp_of(n, -1);
  std::vector<std::vector<int32_t>> comps;
  for (size_t v = 0; v < n; ++v) {
    if (!touched[v]) continue;
    const int32_t r = root_of(parent, static_cast<int32_t>(v));
    if (comp_of[r] < 0) {
      comp_of[r] = static_cast<int32_t>(comps.size());
      comps.emplace_back();
    }
    comp_of[v] = comp_of[r];
    comps[comp_of[v]].push_back(static_cast<int32_t>(v));
  }
  out.components = static_cast<int64_t>(comps.size());
  // Pairs of each component to split, by counting sort on the component.
  std::vector<char> split(comps.size(), 0);
  for (size_t c = 0; c < comps.size(); ++c)
    split[c] = o.method == Method::ComponentsThenLeiden && static_cast<int64_t>(comps[c].size()) > o.split_above;
  std::vector<std::vector<size_t>> pairs_of(comps.size());
  for (size_t i = 0; i < m.size(); ++i)
    if (split[comp_of[m.a[i]]]) pairs_of[comp_of[m.a[i]]].push_back(i);
  std::vector<int32_t> local(n, -1);
  for (size_t c = 0; c < comps.size(); ++c) {
    if (!split[c]) {
      out.groups.push_back(std::move(comps[c]));
      continue;
    }
    ++out.components_split;
    const auto& members = comps[c];
    for (size_t k = 0; k < members.size(); ++k) local[members[k]] = static_cast<int32_t>(k);
    std::vector<WeightedPair> edges;
    edges.reserve(pairs_of[c].size());
    for (size_t i : pairs_of[c]) edges.push_back({local[m.a[i]], local[m.b[i]], static_cast<double>(m.streams_of(i))});
    const std::vector<int64_t> community =
        leiden_cpm(static_cast<int64_t>(members.size()), edges, o.resolution, o.seed);
    std::vector<std::vector<int32_t>> parts;
    std::vector<int64_t> part_of_community;
    for (size_t k = 0; k < members.size(); ++k) {
      const int64_t cm = community[k];
      if (cm >= static_cast<int64_t>(part_of_community.size())) part_of_community.resize(cm + 1, -1);
      if (part_of_community[cm] < 0) {
        part_of_community[cm] = static_cast<int64_t>(parts.size());
        parts.emplace_back();
      }
      parts[part_of_community[cm]].push_back(members[k]);  // members ascending, so parts are too
    }
    for (auto& p : parts) out.groups.push_back(std::move(p));
  }
  std::sort(out.groups.begin(), out.groups.end(),
            [](const std::vector<int32_t>& x, const std::vector<int32_t>& y) { return x.front() < y.front(); });
  return out;
}

}  // namespace chorus::detect_clusters
