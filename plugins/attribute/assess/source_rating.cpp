#include "source_rating.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <vector>

namespace chorus::attribute_assess {

namespace {

// The globs match the file name alone, whatever folder the profile reports.
std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Tally {
  int index = -1;  // into config.sources; -1: files no rule matched
  int64_t posts = 0;
};

}  // namespace

SourceRating rate_source(const ClusterFacts& cluster, const Config& config) {
  SourceRating out;
  out.reliability = config.default_reliability;
  const std::vector<FacetValue>* files = cluster.facet("source");
  if (!files || files->empty()) {
    out.rationale = std::string("no source facet in the profile: with.default_reliability ") + out.reliability;
    return out;
  }
  std::map<int, int64_t> posts;  // source index (-1 unmatched) -> posts
  for (const FacetValue& f : *files) {
    int match = -1;
    const std::string name = base_name(f.value);
    for (size_t i = 0; i < config.sources.size() && match < 0; ++i)
      if (fnmatch(config.sources[i].files.c_str(), name.c_str(), 0) == 0) match = static_cast<int>(i);
    posts[match] += f.count;
  }
  auto reliability_of = [&](int i) { return i < 0 ? config.default_reliability : config.sources[i].reliability; };
  auto label = [&](int i) { return i < 0 ? std::string("unmatched files") : "'" + config.sources[i].name + "'"; };
  std::vector<Tally> tallies;
  for (const auto& [i, n] : posts) tallies.push_back({i, n});
  // Most posts first; on a tie the less reliable source (the later letter)
  // wins, so a tie never lends a cluster the better rating; then config order.
  std::sort(tallies.begin(), tallies.end(), [&](const Tally& a, const Tally& b) {
    if (a.posts != b.posts) return a.posts > b.posts;
    if (reliability_of(a.index) != reliability_of(b.index)) return reliability_of(a.index) > reliability_of(b.index);
    return a.index < b.index;
  });
  const Tally& top = tallies.front();
  out.reliability = reliability_of(top.index);
  if (top.index >= 0) out.name = config.sources[top.index].name;
  std::string text;
  for (const Tally& t : tallies) {
    if (!text.empty()) text += ", ";
    text += label(t.index) + " " + std::to_string(t.posts) + " posts (" + reliability_of(t.index) + ")";
  }
  out.rationale = "posts by source: " + text + "; " + label(top.index) + " holds the most";
  if (tallies.size() > 1 && tallies[1].posts == top.posts) out.rationale += " (tie: the less reliable kept)";
  if (top.index < 0) out.rationale += std::string(": with.default_reliability ") + out.reliability;
  return out;
}

}  // namespace chorus::attribute_assess
