#include "stix_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chorus::export_stix {

namespace {

// Howard Hinnant's civil-from-days and days-from-civil (proleptic Gregorian).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool read_digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

}  // namespace

std::string stix_timestamp(int64_t ms) {
  const int64_t days = (ms >= 0 ? ms : ms - 86399999) / 86400000;
  const int64_t rest = ms - days * 86400000;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rest / 3600000), static_cast<long long>(rest / 60000 % 60),
                static_cast<long long>(rest / 1000 % 60), static_cast<long long>(rest % 1000));
  return buf;
}

std::optional<int64_t> parse_stix_timestamp(std::string_view s) {
  unsigned y, mo, d, h, mi, sec;
  if (s.size() < 20 || !read_digits(s, 0, 4, y) || s[4] != '-' || !read_digits(s, 5, 2, mo) || s[7] != '-' ||
      !read_digits(s, 8, 2, d) || s[10] != 'T' || !read_digits(s, 11, 2, h) || s[13] != ':' ||
      !read_digits(s, 14, 2, mi) || s[16] != ':' || !read_digits(s, 17, 2, sec))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  size_t pos = 19;
  int64_t frac_ms = 0;
  if (s[pos] == '.') {
    size_t n = 0;
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
      ++n, ++pos;
    }
    if (n == 0 || n > 9) return std::nullopt;
    for (size_t k = n; k < 3; ++k) frac_ms *= 10;
  }
  if (pos + 1 != s.size() || s[pos] != 'Z') return std::nullopt;
  const int64_t days = days_from_civil(y, mo, d);
  return ((days * 24 + h) * 60 + mi) * 60000 + int64_t{sec} * 1000 + frac_ms;
}

std::string hashtag_pcre(std::string_view tag) {
  std::string out = "(?i)(^|\\s)#";
  for (const char ch : tag) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain =
        c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!plain) out.push_back('\\');
    out.push_back(ch);
  }
  out += "\\b";
  return out;
}

std::string stix_pattern_literal(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string disarm_phase(std::string_view tactic_id) {
  static const std::pair<const char*, const char*> kPhases[] = {{"TA01", "plan-strategy"},
                                                                {"TA02", "plan-objectives"},
                                                                {"TA05", "microtarget"},
                                                                {"TA06", "develop-content"},
                                                                {"TA07", "select-channels-and-affordances"},
                                                                {"TA08", "conduct-pump-priming"},
                                                                {"TA09", "deliver-content"},
                                                                {"TA10", "drive-offline-activity"},
                                                                {"TA11", "persist-in-the-information-environment"},
                                                                {"TA12", "assess-effectiveness"},
                                                                {"TA13", "target-audience-analysis"},
                                                                {"TA14", "develop-narratives"},
                                                                {"TA15", "establish-assets"},
                                                                {"TA16", "establish-legitimacy"},
                                                                {"TA17", "maximise-exposure"},
                                                                {"TA18", "drive-online-harms"}};
  for (const auto& [id, phase] : kPhases)
    if (tactic_id == id) return phase;
  return {};
}

const TierInfo* tier_info(std::string_view tier) {
  static const TierInfo kTiers[] = {
      {"monitor",
       "coordination detected, low reach or weak attribution; keep watching",
       {{"C00220", "Develop a monitoring and intelligence plan"}}},
      {"pre-bunk", "narrative expected or emerging, before it spreads widely", {{"C00125", "Prebunking"}}},
      {"rebut",
       "narrative is spreading and is false or misleading",
       {{"C00119", "Engage payload and debunk"}, {"C00042", "Address truth contained in narratives"}}},
      {"escalate",
       "state attribution of at least B2 and high reach, or a cross-state, election or crisis context: notify "
       "STRATCOM and the platform",
       {{"C00115", "Expose actor and intentions"},
        {"C00189", "Ensure that platforms are taking down flagged accounts"},
        {"C00123", "Remove or rate limit botnets"}}}};
  for (const auto& t : kTiers)
    if (tier == t.tier) return &t;
  return nullptr;
}

int64_t confidence_of(double p) {
  const double v = std::round(100.0 * p);
  return static_cast<int64_t>(std::clamp(v, 0.0, 100.0));
}

}  // namespace chorus::export_stix
