#include "alert_builder.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "alert_time.hpp"
#include "export/stix_ids/stix_ids.hpp"

namespace chorus::export_alerts {

namespace ids = export_stix_ids;

namespace {

template <class T>
OrderedJson or_null(const std::optional<T>& v) {
  return v ? OrderedJson(*v) : OrderedJson(nullptr);
}

OrderedJson time_or_null(const std::optional<int64_t>& ms) {
  return ms ? OrderedJson(format_ms(*ms)) : OrderedJson(nullptr);
}

OrderedJson cluster_part(const ClusterRow& c, const AlertSettings& s) {
  OrderedJson j;
  j["stix_id"] = ids::cluster_infrastructure_id(c.cluster_id);
  j["cluster_id"] = c.cluster_id;
  j["rank"] = c.rank;
  j["size"] = c.size;
  j["coordination_score"] = c.coordination_score;
  j["independent_streams"] = c.independent_streams;
  j["streams"] = c.streams;
  j["edges"] = c.edges;
  j["density"] = c.density;
  j["posts"] = or_null(c.posts);
  j["first_activity"] = time_or_null(c.first_activity_ms);
  j["last_activity"] = time_or_null(c.last_activity_ms);
  j["method"] = s.method;
  return j;
}

// Strongest members first (ties: account id), so a cut keeps the core.
OrderedJson accounts_part(std::vector<MemberRow> members, const FindingInputs& in, const AlertSettings& s,
                          AlertNotes& notes) {
  std::sort(members.begin(), members.end(), [](const MemberRow& x, const MemberRow& y) {
    if (x.membership_strength != y.membership_strength) return x.membership_strength > y.membership_strength;
    return x.account_id < y.account_id;
  });
  OrderedJson out = OrderedJson::array();
  for (const auto& m : members) {
    if (s.max_accounts > 0 && static_cast<int64_t>(out.size()) >= s.max_accounts) {
      ++notes.accounts_cut;
      continue;
    }
    auto h = in.handles.find(m.account_id);
    const std::string handle = h == in.handles.end() ? std::string() : h->second;
    OrderedJson j;
    j["account_id"] = m.account_id;
    j["handle"] = handle.empty() ? OrderedJson(nullptr) : OrderedJson(handle);
    j["stix_id"] = ids::user_account_id(s.account_type, m.account_id, handle);
    j["membership_strength"] = m.membership_strength;
    j["degree"] = or_null(m.degree);
    j["streams"] = m.streams;
    out.push_back(std::move(j));
  }
  return out;
}

OrderedJson facet_value(const ProfileRow& r) {
  OrderedJson j;
  j["value"] = r.value;
  j["rank"] = r.rank;
  j["count"] = r.count;
  j["share"] = r.share;
  return j;
}

// Profile rows of one facet, by rank (the profile's order: counts descending; hours in time order).
std::vector<const ProfileRow*> facet_rows(const std::vector<ProfileRow>* rows, const std::string& facet) {
  std::vector<const ProfileRow*> out;
  if (!rows) return out;
  for (const auto& r : *rows)
    if (r.facet == facet) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const ProfileRow* x, const ProfileRow* y) { return x->rank < y->rank; });
  return out;
}

OrderedJson facet_values(const std::vector<ProfileRow>* rows, const std::string& facet) {
  OrderedJson out = OrderedJson::array();
  for (const ProfileRow* r : facet_rows(rows, facet)) out.push_back(facet_value(*r));
  return out;
}

OrderedJson narratives_part(const std::vector<ProfileRow>* rows) {
  OrderedJson out = OrderedJson::array();
  for (const ProfileRow* r : facet_rows(rows, "narrative")) {
    OrderedJson j;
    j["template_id"] = r->value;
    j["rank"] = r->rank;
    j["count"] = r->count;
    j["share"] = r->share;
    j["excerpts"] = r->excerpts;
    if (r->translated_excerpt) j["translated_excerpt"] = *r->translated_excerpt;
    out.push_back(std::move(j));
  }
  return out;
}

OrderedJson posting_hours(const std::vector<ProfileRow>* rows) {
  OrderedJson out = OrderedJson::array();
  for (const ProfileRow* r : facet_rows(rows, "hour")) {
    int hour = -1;
    if (r->value.size() == 2 && std::isdigit(static_cast<unsigned char>(r->value[0])) &&
        std::isdigit(static_cast<unsigned char>(r->value[1])))
      hour = (r->value[0] - '0') * 10 + (r->value[1] - '0');
    if (hour < 0 || hour > 23)
      throw std::runtime_error("input 'profile' column 'value': hour '" + r->value + "' is not 00..23");
    OrderedJson j;
    j["hour"] = hour;
    j["count"] = r->count;
    j["share"] = r->share;
    out.push_back(std::move(j));
  }
  return out;
}

OrderedJson reach_part(const FindingInputs& in, const std::string& cluster_id) {
  if (!in.has_summary) return nullptr;
  auto it = in.summary.find(cluster_id);
  if (it == in.summary.end()) return nullptr;
  const SummaryRow& r = it->second;
  OrderedJson j;
  j["posts"] = or_null(r.posts);
  j["originals"] = or_null(r.originals);
  j["followers_sum"] = or_null(r.followers_sum);
  j["followers_max"] = or_null(r.followers_max);
  j["likes"] = or_null(r.likes);
  j["shares"] = or_null(r.shares);
  j["replies"] = or_null(r.replies);
  j["reach"] = or_null(r.reach);
  j["active_days"] = or_null(r.active_days);
  j["first_post"] = time_or_null(r.first_post_ms);
  j["last_post"] = time_or_null(r.last_post_ms);
  j["peak_day"] = or_null(r.peak_day);
  j["peak_day_posts"] = or_null(r.peak_day_posts);
  j["top_narrative"] = or_null(r.top_narrative);
  return j;
}

// The assessment's technique list is authoritative; the techniques input adds
// name, tactic, rule and evidence (one entry per rule that fired).
OrderedJson techniques_part(const AssessmentRow& a, const FindingInputs& in, AlertNotes& notes) {
  std::vector<TechniqueRow> rows;
  auto it = in.techniques.find(a.cluster_id);
  if (it != in.techniques.end()) rows = it->second;
  const std::set<std::string> assessed(a.techniques.begin(), a.techniques.end());
  std::set<std::string> detailed;
  for (const auto& r : rows) {
    detailed.insert(r.technique_id);
    if (!assessed.count(r.technique_id)) ++notes.techniques_not_assessed;
  }
  for (const auto& id : assessed)
    if (!detailed.count(id)) rows.push_back(TechniqueRow{id, {}, {}, {}, {}});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const TechniqueRow& x, const TechniqueRow& y) { return x.technique_id < y.technique_id; });
  OrderedJson out = OrderedJson::array();
  for (const auto& r : rows) {
    OrderedJson j;
    j["id"] = r.technique_id;
    j["name"] = or_null(r.name);
    j["tactic"] = or_null(r.tactic_id);
    j["rule"] = or_null(r.rule);
    j["evidence"] = or_null(r.evidence);
    out.push_back(std::move(j));
  }
  return out;
}

OrderedJson evidence_part(const FindingInputs& in, const std::string& cluster_id) {
  OrderedJson out = OrderedJson::array();
  auto it = in.evidence.find(cluster_id);
  if (it == in.evidence.end()) return out;
  for (const auto& r : it->second) {
    OrderedJson j;
    j["stream"] = r.stream;
    j["edges"] = r.edges;
    j["density"] = r.density;
    j["weight_sum"] = r.weight_sum;
    j["median_active_days"] = or_null(r.median_active_days);
    j["min_q"] = or_null(r.min_q);
    j["median_q"] = or_null(r.median_q);
    j["mean_latency_s"] = or_null(r.mean_latency_s);
    j["family"] = or_null(r.family);
    j["supports"] = or_null(r.supports);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

OrderedJson build_alert(const AssessmentRow& a, const FindingInputs& in, const AlertSettings& s, AlertNotes& notes) {
  const ClusterRow& cluster = in.clusters.at(a.cluster_id);
  const auto* profile = [&]() -> const std::vector<ProfileRow>* {
    auto it = in.profile.find(a.cluster_id);
    return it == in.profile.end() ? nullptr : &it->second;
  }();
  auto members_it = in.members.find(a.cluster_id);
  const std::vector<MemberRow> members = members_it == in.members.end() ? std::vector<MemberRow>{} : members_it->second;
  const std::string container = ids::finding_container_id(a.cluster_id, a.reviewed);
  const std::string campaign = ids::campaign_id(a.cluster_id);
  const std::string infrastructure = ids::cluster_infrastructure_id(a.cluster_id);
  const OrderedJson actor =
      a.attributed_state ? OrderedJson(ids::state_actor_id(*a.attributed_state)) : OrderedJson(nullptr);

  OrderedJson j;
  j["alert_id"] = container;
  j["bundle_id"] = s.bundle_id;
  j["campaign_id"] = campaign;
  j["generated"] = s.generated;
  j["tlp"] = s.tlp;
  j["reviewed"] = a.reviewed;
  j["pseudonymised"] = s.pseudonymised;
  j["tier"] = a.tier;
  j["tier_rationale"] = a.tier_rationale;
  j["cluster"] = cluster_part(cluster, s);
  j["accounts_total"] = static_cast<int64_t>(members.size());
  j["accounts"] = accounts_part(members, in, s, notes);
  j["narratives"] = narratives_part(profile);
  j["hashtags"] = facet_values(profile, "hashtag");
  j["urls"] = facet_values(profile, "url");
  j["domains"] = facet_values(profile, "domain");
  j["reach"] = reach_part(in, a.cluster_id);
  OrderedJson targeting;
  targeting["languages"] = facet_values(profile, "language");
  targeting["locations"] = facet_values(profile, "location");
  targeting["states"] = facet_values(profile, "state");
  targeting["posting_hours"] = posting_hours(profile);
  j["targeting"] = std::move(targeting);
  j["source_name"] = a.source_name;
  j["admiralty"] = a.admiralty;
  j["source_reliability"] = a.source_reliability;
  j["reliability_rationale"] = or_null(a.reliability_rationale);
  j["information_credibility"] = a.information_credibility;
  j["confidence"] = or_null(a.confidence);
  j["credibility_rationale"] = a.credibility_rationale;
  if (a.attributed_state) {
    OrderedJson at;
    at["state"] = *a.attributed_state;
    at["basis"] = *a.attribution_basis;
    at["stix_id"] = actor;
    j["attribution"] = std::move(at);
  } else {
    j["attribution"] = nullptr;
  }
  OrderedJson disarm;
  disarm["version"] = or_null(a.disarm_version);
  disarm["techniques"] = techniques_part(a, in, notes);
  j["disarm"] = std::move(disarm);
  j["evidence"] = evidence_part(in, a.cluster_id);
  OrderedJson stix;
  stix["container_id"] = container;
  stix["campaign_id"] = campaign;
  stix["infrastructure_id"] = infrastructure;
  stix["actor_id"] = actor;
  stix["course_of_action_id"] = ids::tier_course_of_action_id(a.tier);
  j["stix"] = std::move(stix);
  return j;
}

}  // namespace chorus::export_alerts
