#include "techniques.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "credibility.hpp"
#include "figures.hpp"

namespace chorus::attribute_assess {

bool parse_day(const std::string& text, int64_t& day) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return false;
  const int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2)), d = std::stoi(text.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  // Howard Hinnant's days_from_civil.
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  day = static_cast<int64_t>(era) * 146097 + doe - 719468;
  return true;
}

namespace {

bool stream_test(const TechniqueRule& r, const ClusterFacts& c, const Config& config, std::string& evidence) {
  for (const StreamEvidence& e : c.evidence) {
    if (std::find(r.streams.begin(), r.streams.end(), e.stream) == r.streams.end()) continue;
    std::string why;
    const bool strong = is_strong(e, config.strong, &why);
    if (r.strong && !strong) continue;
    evidence = why;
    return true;
  }
  return false;
}

bool hashtag_test(const TechniqueRule& r, const ClusterFacts& c, std::string& evidence) {
  const auto* tags = c.facet("hashtag");
  if (!tags) return false;
  for (const FacetValue& v : *tags) {
    const std::string t = fold_tag(v.value);
    if (v.count > 0 && v.share >= r.min_share && std::find(r.hashtags.begin(), r.hashtags.end(), t) != r.hashtags.end())
      evidence += (evidence.empty() ? "" : ", ") +
                  ("#" + t + " in " + std::to_string(v.count) + " posts (" + percent(v.share) + ")");
  }
  return !evidence.empty();
}

// The most members created within any window of `window_days` consecutive
// UTC days, against the cluster's size.
bool bulk_created_test(const TechniqueRule& r, const ClusterFacts& c, std::string& evidence) {
  const auto* created = c.facet("created");
  if (!created || c.size <= 0) return false;
  std::vector<std::pair<int64_t, int64_t>> days;  // (day, members)
  for (const FacetValue& v : *created) {
    int64_t d = 0;
    if (!parse_day(v.value, d))
      throw std::invalid_argument("input 'profile', facet 'created' of cluster '" + c.id + "': value '" + v.value +
                                  "' is not a YYYY-MM-DD day");
    days.emplace_back(d, v.count);
  }
  std::sort(days.begin(), days.end());
  int64_t best = 0, best_first = 0, sum = 0;
  size_t lo = 0;
  for (size_t hi = 0; hi < days.size(); ++hi) {
    sum += days[hi].second;
    while (days[hi].first - days[lo].first >= r.window_days) sum -= days[lo++].second;
    if (sum > best) {
      best = sum;
      best_first = days[lo].first;
    }
  }
  const double share = static_cast<double>(best) / static_cast<double>(c.size);
  if (best == 0 || share < r.min_share) return false;
  std::string first;
  for (const FacetValue& v : *created) {
    int64_t d = 0;
    if (parse_day(v.value, d) && d == best_first) first = v.value.substr(0, 10);
  }
  evidence = std::to_string(best) + " of " + std::to_string(c.size) + " members (" + percent(share) +
             ") created within " + std::to_string(r.window_days) + " days from " + first;
  return true;
}

}  // namespace

std::vector<TechniqueHit> match_techniques(const ClusterFacts& cluster, const Config& config) {
  std::map<std::string, TechniqueHit> hits;
  for (const TechniqueRule& r : config.techniques) {
    std::string evidence;
    bool fired = false;
    switch (r.test) {
      case TechniqueTest::Stream:
        fired = stream_test(r, cluster, config, evidence);
        break;
      case TechniqueTest::Hashtags:
        fired = hashtag_test(r, cluster, evidence);
        break;
      case TechniqueTest::BulkCreated:
        fired = bulk_created_test(r, cluster, evidence);
        break;
    }
    if (!fired) continue;
    TechniqueHit& h = hits[r.technique];
    h.technique = find_disarm_technique(r.technique);
    h.rules += (h.rules.empty() ? "" : "; ") + r.name;
    h.evidence += (h.evidence.empty() ? "" : "; ") + evidence;
  }
  std::vector<TechniqueHit> out;
  for (auto& [id, h] : hits) out.push_back(std::move(h));
  return out;
}

}  // namespace chorus::attribute_assess
