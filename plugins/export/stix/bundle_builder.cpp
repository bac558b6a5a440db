#include "bundle_builder.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "export/common/value_text.hpp"
#include "export/stix_ids/stix_ids.hpp"
#include "json_text.hpp"
#include "stix_text.hpp"

namespace chorus::export_stix {

namespace ids = chorus::export_stix_ids;

namespace {

constexpr const char* kTlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
constexpr int64_t kMaxCount = 999999999;  // STIX bound of number_observed and sighting count

struct TlpEntry {
  const char* level;
  const char* v2_id;
  const char* v2_name;
  const char* v1_id;
  const char* v1_name;
  const char* v1_level;
};
const TlpEntry kTlp[] = {{"clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "TLP:CLEAR",
                          "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "TLP:WHITE", "white"},
                         {"green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "TLP:GREEN",
                          "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "TLP:GREEN", "green"},
                         {"amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "TLP:AMBER",
                          "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "TLP:AMBER", "amber"},
                         {"amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
                          "TLP:AMBER+STRICT", nullptr, nullptr, nullptr},
                         {"red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "TLP:RED",
                          "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "TLP:RED", "red"}};

const TlpEntry& tlp_entry(const Config& c) {
  for (const auto& e : kTlp)
    if (c.tlp == e.level && (c.tlp_version == 2 || e.v1_id)) return e;
  throw std::invalid_argument("with.tlp: no TLP " + std::to_string(c.tlp_version) + ".0 marking for '" + c.tlp + "'");
}

std::string num(double v) {
  std::string s;
  export_common::append_float64(s, v);
  return s;
}

std::string percent(double share) { return num(std::round(share * 10000.0) / 100.0) + "%"; }

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

bool iso_alpha2(const std::string& s) {
  return s.size() == 2 && std::isalpha(static_cast<unsigned char>(s[0])) &&
         std::isalpha(static_cast<unsigned char>(s[1]));
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// ISO 3166-1 reserves AA, QM..QZ, XA..XZ and ZZ for users: no real country.
bool user_assigned(const std::string& code) {
  return code == "AA" || code == "ZZ" || code[0] == 'X' || (code[0] == 'Q' && code[1] >= 'M');
}

// Builds the objects of all findings into one id-keyed table.
class Builder {
 public:
  Builder(const Config& c, const DisarmBundle* disarm, std::string timestamp)
      : c_(c), disarm_(disarm), ts_(std::move(timestamp)) {
    producer_ = ids::producer_identity_id(c.producer);
    ext_ = ids::authored_id("extension-definition", "chorus-findings");
    tlp_ = tlp_marking_id(c);
    append_json_string(q_producer_, producer_);
    append_json_string(q_ts_, ts_);
    append_json_string(q_account_type_, c.account_type);
    q_marking_ = "[";
    append_json_string(q_marking_, tlp_);
    q_marking_ += "]";
  }

  Bundle build(const Findings& f) {
    // Two objects per member and a few dozen per finding: reserved, the
    // table is not moved as it grows.
    size_t expected = 16;
    for (const auto& cl : f.clusters) expected += 2 * cl.members.size() + 48;
    entries_.reserve(expected);
    index_.reserve(expected);
    add_shared();
    for (const auto& cl : f.clusters) {
      if (!cl.assessment) {
        ++out_.clusters_without_assessment;
        continue;
      }
      add_finding(cl, *cl.assessment, f);
    }
    return finish();
  }

 private:
  // --- the table of objects ----------------------------------------------------
  struct Entry {
    std::string text;  // the object's line
    std::string name;  // ObjectMeta::name
    std::string type;
    std::string cluster;
    bool shared = false;
    int cls = 0;
  };

  // Adds an object unless its id is already there; records it in the
  // current finding either way. Returns its id. `make` writes the new
  // object's entry (text, name, type, class) and runs only for a new id.
  template <class Make>
  const std::string& put_new(std::string id, Make make) {
    auto [it, fresh] = index_.emplace(std::move(id), entries_.size());
    if (fresh) {
      entries_.emplace_back();
      Entry& e = entries_.back();
      e.cluster = current_;
      make(e, it->first);
    } else {
      Entry& e = entries_[it->second];
      if (e.cluster != current_) e.shared = true;
    }
    if (!current_.empty() && finding_seen_.insert(&it->first).second) finding_ids_.push_back(&it->first);
    return it->first;
  }

  const std::string& put(Json j) {
    std::string id = j["id"].get<std::string>();
    return put_new(std::move(id), [&](Entry& e, const std::string&) {
      e.cls = order_class(j);
      e.name = display_name(j);
      e.type = j.value("type", "");
      e.text = dump_line(j);
    });
  }

  Json sdo(const char* type, const std::string& id) const {
    Json j;
    j["type"] = type;
    j["spec_version"] = "2.1";
    j["id"] = id;
    j["created_by_ref"] = producer_;
    j["created"] = ts_;
    j["modified"] = ts_;
    return j;
  }
  void mark(Json& j) const { j["object_marking_refs"] = Json::array({tlp_}); }
  Json ext(Json props) const {
    Json inner;
    inner["extension_type"] = "property-extension";
    for (auto& [k, v] : props.items()) inner[k] = v;
    Json e;
    e[ext_] = std::move(inner);
    return e;
  }

  std::string relationship(const std::string& type, const std::string& source, const std::string& target,
                           std::optional<int64_t> confidence, const std::string& description, Json props = Json()) {
    Json j = sdo("relationship", ids::authored_id("relationship", type + "\n" + source + "\n" + target));
    j["relationship_type"] = type;
    j["source_ref"] = source;
    j["target_ref"] = target;
    if (!description.empty()) j["description"] = description;
    if (confidence) j["confidence"] = *confidence;
    if (!props.is_null()) j["extensions"] = ext(std::move(props));
    mark(j);
    return put(std::move(j));
  }

  // --- objects every bundle has --------------------------------------------------
  void add_shared() {
    put(tlp_marking_object(c_));
    Json id;
    id["type"] = "identity";
    id["spec_version"] = "2.1";
    id["id"] = producer_;
    id["created"] = ts_;
    id["modified"] = ts_;
    id["name"] = c_.producer;
    id["description"] = "Producer of automated detections of coordinated inauthentic behaviour (Chorus).";
    id["identity_class"] = "organization";
    put(std::move(id));
    Json e = sdo("extension-definition", ext_);
    e["name"] = "chorus-findings";
    e["description"] =
        "Chorus's properties of coordinated-cluster findings. Scores are in [0, 1]; docs/methods.md defines each.";
    e["schema"] =
        "Property extension. infrastructure: coordination_score (number), detection_method (string), size, edges, "
        "independent_streams (integers), density (number), streams (list of strings), window_start, window_end "
        "(timestamps). consists-of relationship: membership_strength (number), degree (integer), streams (list). "
        "report, grouping, campaign: response_tier (monitor|pre-bunk|rebut|escalate), tier_rationale, "
        "credibility_rationale, source_name (strings), admiralty (e.g. B2), admiralty_source_reliability (A-F), "
        "admiralty_information_credibility (1-6), coordination_score, disarm_version. attributed-to relationship: "
        "admiralty, admiralty_source_reliability, admiralty_information_credibility, attribution_basis. "
        "observed-data: coordination_score, detection_method.";
    e["version"] = "1.0.0";
    e["extension_types"] = Json::array({"property-extension"});
    put(std::move(e));
  }

  // --- one finding -----------------------------------------------------------------
  void add_finding(const Cluster& cl, const Assessment& a, const Findings& f) {
    current_ = cl.id;
    finding_ids_.clear();
    finding_seen_.clear();
    const TierInfo* tier = tier_info(a.tier);
    if (!tier)
      throw std::invalid_argument("input 'assessments', column 'tier': '" + a.tier + "' for cluster '" + cl.id +
                                  "' is not monitor, pre-bunk, rebut or escalate");
    const std::string campaign = ids::campaign_id(cl.id);
    const std::string infra = ids::cluster_infrastructure_id(cl.id);
    const std::string method = "chorus detect/clusters evidence fusion (" + join(cl.streams, "+") + ")";
    std::optional<int64_t> first = cl.first_activity_ms, last = cl.last_activity_ms;
    if (!first && cl.summary) first = cl.summary->first_post_ms;
    if (!last && cl.summary) last = cl.summary->last_post_ms;
    std::optional<int64_t> posts = cl.posts;
    if (!posts && cl.summary) posts = cl.summary->posts;
    const std::vector<std::string> techniques = technique_ids(cl, a);
    const std::string admiralty_text = admiralty_words(a);

    // campaign
    Json cp = sdo("campaign", campaign);
    cp["name"] = "Coordinated campaign of cluster " + cl.id;
    cp["description"] =
        std::to_string(cl.size) + " accounts acting in coordination (cluster " + cl.id + "), " + admiralty_text +
        "; recommended response tier: " + a.tier + "." +
        (a.attributed_state.empty() ? std::string(" No state attribution.")
                                    : " Attributed to " + a.attributed_state + " (" + a.attribution_basis + ").");
    if (first) cp["first_seen"] = stix_timestamp(*first);
    if (last) cp["last_seen"] = stix_timestamp(*last);
    if (a.confidence) cp["confidence"] = *a.confidence;
    cp["extensions"] = ext(assessment_props(cl, a));
    mark(cp);
    put(std::move(cp));

    // infrastructure and its accounts
    Json inf = sdo("infrastructure", infra);
    inf["name"] = cl.id + " coordinated amplification network";
    inf["description"] = std::to_string(cl.size) + " accounts joined by " +
                         (cl.edges ? std::to_string(*cl.edges) : std::string("?")) + " kept evidence edges from " +
                         std::to_string(cl.streams.size()) + " stream(s): " + join(cl.streams, ", ") +
                         "; coordination score " + num(cl.coordination_score) + ".";
    Json types = Json::array({"amplification"});
    for (const auto& t : techniques)
      if (t == "T0049.003" || t == "T0146.007" || t == "T0093.002") {
        types.push_back("botnet");
        break;
      }
    inf["infrastructure_types"] = std::move(types);
    if (first) inf["first_seen"] = stix_timestamp(*first);
    if (last) inf["last_seen"] = stix_timestamp(*last);
    inf["confidence"] = confidence_of(cl.coordination_score);
    Json ip;
    ip["coordination_score"] = cl.coordination_score;
    ip["detection_method"] = method;
    ip["size"] = cl.size;
    if (cl.edges) ip["edges"] = *cl.edges;
    if (cl.density) ip["density"] = *cl.density;
    if (cl.independent_streams) ip["independent_streams"] = *cl.independent_streams;
    ip["streams"] = cl.streams;
    if (first) ip["window_start"] = stix_timestamp(*first);
    if (last) ip["window_end"] = stix_timestamp(*last);
    inf["extensions"] = ext(std::move(ip));
    mark(inf);
    put(std::move(inf));
    relationship("uses", campaign, infra, confidence_of(cl.coordination_score),
                 "The campaign's accounts form this coordinated network.");

    std::vector<std::string> observed;  // SCOs of the observed-data
    observed.reserve(cl.members.size());
    for (const auto& m : cl.members) {
      const std::string& acc = user_account(m.account_id, f);
      observed.push_back(acc);
      consists_of(infra, acc, m);
    }

    // attribution
    std::vector<std::string> attributions;
    if (!a.attributed_state.empty()) {
      const std::string actor = ids::state_actor_id(a.attributed_state);
      Json ta = sdo("threat-actor", actor);
      ta["name"] = "State actor " + a.attributed_state;
      ta["description"] = "The state designated '" + a.attributed_state +
                          "' where input data or an attribution rule names it; each attribution carries its basis "
                          "and Admiralty grade on its attributed-to relationship.";
      ta["threat_actor_types"] = Json::array({"nation-state"});
      ta["resource_level"] = "government";
      mark(ta);
      put(std::move(ta));
      if (iso_alpha2(a.attributed_state)) {
        const std::string code = upper(a.attributed_state);
        Json loc = sdo("location", ids::authored_id("location", "country\n" + code));
        loc["name"] = "Country " + code;
        if (user_assigned(code))
          loc["description"] = code + " is a user-assigned ISO 3166-1 alpha-2 code (no real country).";
        loc["country"] = code;
        mark(loc);
        const std::string& lid = put(std::move(loc));
        relationship("located-at", actor, lid, std::nullopt, "");
      } else if (std::find(out_.non_iso_states.begin(), out_.non_iso_states.end(), a.attributed_state) ==
                 out_.non_iso_states.end()) {
        out_.non_iso_states.push_back(a.attributed_state);
      }
      Json ap;
      ap["admiralty"] = a.admiralty;
      ap["admiralty_source_reliability"] = a.source_reliability;
      ap["admiralty_information_credibility"] = a.information_credibility;
      ap["attribution_basis"] = a.attribution_basis;
      attributions.push_back(
          relationship("attributed-to", campaign, actor, a.confidence,
                       "Admiralty " + a.admiralty + " (" + admiralty_text + ")" +
                           (a.confidence ? " -> STIX confidence " + std::to_string(*a.confidence) : std::string()) +
                           ". Basis: " + a.attribution_basis + ".",
                       std::move(ap)));
    }

    // DISARM techniques
    std::map<std::string, const Technique*> technique_rows;
    for (const auto& t : cl.techniques) technique_rows.emplace(t.id, &t);
    for (const auto& t : techniques) {
      auto row = technique_rows.find(t);
      const Technique* tr = row == technique_rows.end() ? nullptr : row->second;
      const std::string ap = attack_pattern(t, tr, cl.id);
      std::string d = "DISARM " + (a.disarm_version.empty() ? std::string() : "v" + a.disarm_version + " ") + t;
      if (tr && !tr->name.empty()) d += " (" + tr->name + ")";
      if (tr && !tr->rule.empty()) d += ": rule " + tr->rule;
      if (tr && !tr->evidence.empty()) d += "; evidence: " + tr->evidence;
      relationship("uses", campaign, ap, std::nullopt, d + ".");
    }

    // observed-data (needed before the sightings and based-on refer to it)
    std::string obs;
    if (c_.observed_data) obs = ids::authored_id("observed-data", cl.id);

    // indicators: hashtags, domains, URLs
    std::vector<std::string> indicators;
    auto facet = [&](const char* name) -> const std::vector<ProfileValue>* {
      auto it = cl.profile.find(name);
      return it == cl.profile.end() ? nullptr : &it->second;
    };
    const int64_t post_count = posts.value_or(0);
    auto usage = [&](const ProfileValue& v, const std::string& what) {
      return what + ": " + std::to_string(v.count) + " posts of cluster " + cl.id +
             (v.share ? " (" + percent(*v.share) + " of its posts)" : std::string()) + ", rank " +
             std::to_string(v.rank) + ".";
    };
    auto add_indicator_links = [&](const std::string& ind, const ProfileValue& v, const std::string& what) {
      indicators.push_back(ind);
      relationship("indicates", ind, campaign, std::nullopt, usage(v, what));
      if (!obs.empty()) relationship("based-on", ind, obs, std::nullopt, "");
      if (c_.sightings) {
        Json s = sdo("sighting", ids::authored_id("sighting", cl.id + "\n" + ind));
        if (first) s["first_seen"] = stix_timestamp(*first);
        if (last) s["last_seen"] = stix_timestamp(*last);
        s["count"] = std::clamp<int64_t>(v.count, 0, kMaxCount);
        s["sighting_of_ref"] = ind;
        if (!obs.empty()) s["observed_data_refs"] = Json::array({obs});
        s["where_sighted_refs"] = Json::array({producer_});
        s["description"] = usage(v, what);
        mark(s);
        put(std::move(s));
      }
    };
    if (const auto* tags = facet("hashtag")) {
      for (size_t i = 0; i < tags->size() && static_cast<int64_t>(i) < c_.max_hashtags; ++i) {
        const ProfileValue& v = (*tags)[i];
        std::string tag = v.value;
        if (!tag.empty() && tag[0] == '#') tag.erase(0, 1);
        if (tag.empty()) continue;
        Json ind = sdo("indicator", ids::authored_id("indicator", "hashtag\n" + tag));
        ind["name"] = "Hashtag #" + tag;
        ind["description"] = "Posts carrying the hashtag #" + tag +
                             " (case-insensitive), pushed by coordinated accounts; the indicates relationships "
                             "give the counts per cluster.";
        ind["indicator_types"] = Json::array({"anomalous-activity"});
        ind["pattern"] = hashtag_pcre(tag);
        ind["pattern_type"] = "pcre";
        ind["valid_from"] = ts_;
        ind["kill_chain_phases"] = Json::array({{{"kill_chain_name", "disarm"}, {"phase_name", "maximise-exposure"}}});
        mark(ind);
        add_indicator_links(put(std::move(ind)), v, "#" + tag);
      }
    }
    auto observable = [&](const char* facet_name, int64_t max, bool is_domain) {
      const auto* values = facet(facet_name);
      if (!values) return;
      for (size_t i = 0; i < values->size() && static_cast<int64_t>(i) < max; ++i) {
        const ProfileValue& v = (*values)[i];
        if (v.value.empty()) continue;
        Json sco;
        sco["type"] = is_domain ? "domain-name" : "url";
        sco["spec_version"] = "2.1";
        sco["id"] = is_domain ? ids::domain_name_id(v.value) : ids::url_id(v.value);
        sco["value"] = v.value;
        const std::string& sid = put(std::move(sco));
        observed.push_back(sid);
        relationship("communicates-with", infra, sid, std::nullopt, usage(v, v.value));
        Json ind =
            sdo("indicator", ids::authored_id("indicator", std::string(is_domain ? "domain\n" : "url\n") + v.value));
        ind["name"] = std::string(is_domain ? "Domain " : "URL ") + v.value;
        ind["description"] = std::string(is_domain ? "Domain" : "URL") + " " + v.value +
                             " pushed by coordinated accounts; the indicates relationships give the counts per "
                             "cluster.";
        ind["indicator_types"] = Json::array({"attribution"});
        ind["pattern"] =
            std::string(is_domain ? "[domain-name:value = " : "[url:value = ") + stix_pattern_literal(v.value) + "]";
        ind["pattern_type"] = "stix";
        ind["pattern_version"] = "2.1";
        ind["valid_from"] = ts_;
        mark(ind);
        add_indicator_links(put(std::move(ind)), v, v.value);
      }
    };
    observable("domain", c_.max_domains, true);
    observable("url", c_.max_urls, false);

    if (!obs.empty()) {
      Json od = sdo("observed-data", obs);
      od["first_observed"] = stix_timestamp(first.value_or(last.value_or(*parse_stix_timestamp(ts_))));
      od["last_observed"] = stix_timestamp(last.value_or(first.value_or(*parse_stix_timestamp(ts_))));
      od["number_observed"] = std::clamp<int64_t>(post_count, 1, kMaxCount);
      std::sort(observed.begin(), observed.end());
      observed.erase(std::unique(observed.begin(), observed.end()), observed.end());
      od["object_refs"] = observed;
      Json op;
      op["coordination_score"] = cl.coordination_score;
      op["detection_method"] = method;
      od["extensions"] = ext(std::move(op));
      mark(od);
      put(std::move(od));
    }

    // notes
    Json ev = sdo("note", ids::authored_id("note", cl.id + "\ncoordination-evidence"));
    ev["abstract"] = "Coordination evidence for cluster " + cl.id;
    ev["content"] = evidence_text(cl, a, first, last, posts);
    ev["authors"] = Json::array({c_.producer});
    ev["labels"] = Json::array({"coordination-evidence"});
    Json refs = Json::array({infra, campaign});
    if (!obs.empty()) refs.push_back(obs);
    for (const auto& r : attributions) refs.push_back(r);
    ev["object_refs"] = std::move(refs);
    mark(ev);
    put(std::move(ev));
    if (const auto* narratives = facet("narrative")) {
      for (size_t i = 0; i < narratives->size() && static_cast<int64_t>(i) < c_.max_narratives; ++i) {
        const ProfileValue& v = (*narratives)[i];
        Json n = sdo("note", ids::authored_id("note", cl.id + "\nnarrative\n" + v.value));
        n["abstract"] = "Narrative " + v.value + " of cluster " + cl.id;
        std::string text = "Narrative (near-duplicate template " + v.value + "): " + std::to_string(v.count) +
                           " posts of cluster " + cl.id +
                           (v.share ? " (" + percent(*v.share) + " of its posts)" : std::string()) + ", rank " +
                           std::to_string(v.rank) + ".";
        if (!v.excerpts.empty()) text += "\nVerbatim excerpts, earliest first:";
        for (const auto& e : v.excerpts) text += "\n- " + e;
        n["content"] = std::move(text);
        n["authors"] = Json::array({c_.producer});
        n["labels"] = Json::array({"narrative"});
        Json nrefs = Json::array({campaign, infra});
        for (const auto& ind : indicators) nrefs.push_back(ind);
        n["object_refs"] = std::move(nrefs);
        mark(n);
        put(std::move(n));
      }
    }

    // response tier
    Json coa = sdo("course-of-action", ids::tier_course_of_action_id(a.tier));
    coa["name"] = "Response tier: " + upper(a.tier);
    coa["description"] = "Recommended response tier '" + a.tier +
                         "' (scale: monitor < pre-bunk < rebut < escalate): " + tier->meaning + ".";
    coa["labels"] = Json::array({"response-tier:" + a.tier});
    Json counters = Json::array();
    for (const auto& k : tier->counters) {
      Json r;
      r["source_name"] = "DISARM";
      r["external_id"] = k.id;
      r["description"] = k.name;
      r["url"] =
          std::string("https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/counters/") +
          k.id + ".md";
      counters.push_back(std::move(r));
    }
    coa["external_references"] = std::move(counters);
    mark(coa);
    const std::string& coa_id = put(std::move(coa));
    relationship("related-to", coa_id, campaign, std::nullopt,
                 "Recommended response for this campaign: " + a.tier_rationale);

    add_container(cl, a, !a.attributed_state.empty(), !indicators.empty());
    current_.clear();
  }

  void add_container(const Cluster& cl, const Assessment& a, bool attributed, bool has_indicators) {
    const std::string id = ids::finding_container_id(cl.id, a.reviewed);
    Json j = sdo(a.reviewed ? "report" : "grouping", id);
    j["name"] = "Coordinated cluster " + cl.id + ": " + std::to_string(cl.size) + " accounts, Admiralty " +
                a.admiralty + ", tier " + a.tier;
    j["description"] = std::string(a.reviewed ? "Automated detection, reviewed by an analyst. "
                                              : "Automated detection, not reviewed by an analyst. ") +
                       std::to_string(cl.size) + " coordinated accounts; " + admiralty_words(a) +
                       "; recommended response tier " + a.tier + ": " + a.tier_rationale +
                       (attributed ? " Attributed to " + a.attributed_state + " (" + a.attribution_basis + ")."
                                   : std::string(" No state attribution."));
    if (a.reviewed) {
      Json types = Json::array({"campaign"});
      if (has_indicators) types.push_back("indicator");
      if (attributed) types.push_back("threat-actor");
      j["report_types"] = std::move(types);
      j["published"] = ts_;
    } else {
      j["context"] = "suspicious-activity";
    }
    if (a.confidence) j["confidence"] = *a.confidence;
    std::string rel = a.source_reliability, cred = std::to_string(a.information_credibility);
    for (auto& ch : rel) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    j["labels"] = Json::array({"response-tier:" + a.tier, "admiralty-scale:source-reliability=\"" + rel + "\"",
                               "admiralty-scale:information-credibility=\"" + cred + "\""});
    std::vector<std::pair<int, const std::string*>> refs;
    for (const std::string* r : finding_ids_) {
      const int k = entries_[index_.at(*r)].cls;
      if (k >= 4) refs.emplace_back(k, r);  // not markings, identities, extension-definitions
    }
    std::sort(refs.begin(), refs.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first < y.first : *x.second < *y.second;
    });
    Json arr = Json::array();
    for (const auto& r : refs) arr.push_back(*r.second);
    j["object_refs"] = std::move(arr);
    j["extensions"] = ext(assessment_props(cl, a));
    mark(j);
    put(std::move(j));
  }

  Json assessment_props(const Cluster& cl, const Assessment& a) const {
    Json p;
    p["response_tier"] = a.tier;
    p["tier_rationale"] = a.tier_rationale;
    p["admiralty"] = a.admiralty;
    p["admiralty_source_reliability"] = a.source_reliability;
    p["admiralty_information_credibility"] = a.information_credibility;
    p["credibility_rationale"] = a.credibility_rationale;
    p["source_name"] = a.source_name;
    p["coordination_score"] = cl.coordination_score;
    if (!a.disarm_version.empty()) p["disarm_version"] = a.disarm_version;
    return p;
  }

  static std::string admiralty_words(const Assessment& a) {
    return "Admiralty " + a.admiralty + " (source " + a.source_name + " rated " + a.source_reliability +
           ", information credibility " + std::to_string(a.information_credibility) + ")" +
           (a.confidence ? ", STIX confidence " + std::to_string(*a.confidence) : std::string());
  }

  std::string evidence_text(const Cluster& cl, const Assessment& a, std::optional<int64_t> first,
                            std::optional<int64_t> last, std::optional<int64_t> posts) const {
    std::string t = "Cluster " + cl.id + ": " + std::to_string(cl.size) + " accounts, coordination score " +
                    num(cl.coordination_score) + ", " +
                    (cl.independent_streams ? std::to_string(*cl.independent_streams) : std::string("?")) +
                    " independent evidence stream(s) (" + join(cl.streams, ", ") + ")";
    if (cl.edges) t += ", " + std::to_string(*cl.edges) + " member pairs with a kept edge";
    if (cl.density) t += " (density " + num(*cl.density) + ")";
    t += ".";
    if (first || last || posts)
      t += "\nActivity: " + (first ? stix_timestamp(*first) : std::string("?")) + " to " +
           (last ? stix_timestamp(*last) : std::string("?")) +
           (posts ? ", " + std::to_string(*posts) + " posts" : std::string()) + ".";
    if (!cl.evidence.empty()) t += "\nEvidence streams:";
    for (const auto& e : cl.evidence) {
      t += "\n- " + e.stream + ":";
      std::vector<std::string> parts;
      if (e.edges) parts.push_back(std::to_string(*e.edges) + " edges");
      auto add = [&](const char* label, const std::optional<double>& v, const char* unit = "") {
        if (v) parts.push_back(std::string(label) + " " + num(*v) + unit);
      };
      add("density", e.density);
      add("weight sum", e.weight_sum);
      add("median active days", e.median_active_days);
      add("min q", e.min_q);
      add("median q", e.median_q);
      add("mean latency", e.mean_latency_s, " s");
      t += " " + join(parts, ", ");
    }
    if (cl.summary) {
      const Summary& s = *cl.summary;
      std::vector<std::string> parts;
      auto add = [&](const char* label, const std::optional<int64_t>& v) {
        if (v) parts.push_back(std::string(label) + " " + std::to_string(*v));
      };
      add("estimated reach", s.reach);
      add("followers (sum)", s.followers_sum);
      add("likes", s.likes);
      add("shares", s.shares);
      add("replies", s.replies);
      add("active days", s.active_days);
      if (!s.peak_day.empty() && s.peak_day_posts)
        parts.push_back("peak day " + s.peak_day + " with " + std::to_string(*s.peak_day_posts) + " posts");
      if (!parts.empty()) t += "\nReach: " + join(parts, ", ") + ".";
      if (!s.top_narrative.empty()) t += "\nTop narrative: " + s.top_narrative;
    }
    t += "\nAssessment: " + admiralty_words(a) + ". Credibility: " + a.credibility_rationale;
    t += "\nResponse tier " + a.tier + ": " + a.tier_rationale;
    t += a.attributed_state.empty() ? std::string("\nAttribution: none.")
                                    : "\nAttribution: " + a.attributed_state + " (" + a.attribution_basis + ").";
    return t;
  }

  // The two objects of every member, written straight to text (json_text):
  // with 100,000 accounts they are nine objects in ten. Properties in the
  // order the json trees of the other objects would give them.
  const std::string& user_account(const std::string& account_id, const Findings& f) {
    const auto it = f.accounts.find(account_id);
    const Account* acc = it == f.accounts.end() ? nullptr : &it->second;
    std::string id = ids::user_account_id(c_.account_type, account_id, acc ? acc->handle : std::string());
    return put_new(std::move(id), [&](Entry& e, const std::string& uid) {
      e.cls = 5;
      e.type = "user-account";
      e.name = acc && !acc->handle.empty() ? acc->handle : account_id;
      std::string& t = scratch_;
      t.clear();
      JsonObjectText o(t);
      o.raw("type", "\"user-account\"").raw("spec_version", "\"2.1\"").string("id", uid);
      o.raw("account_type", q_account_type_).string("user_id", account_id);
      if (acc && !acc->handle.empty()) o.string("account_login", acc->handle);
      if (acc && !acc->display_name.empty()) o.string("display_name", acc->display_name);
      if (acc && acc->created_ms) o.string("account_created", stix_timestamp(*acc->created_ms));
      o.close();
      e.text.assign(t);  // exact size: 100,000 of these
    });
  }

  void consists_of(const std::string& infra, const std::string& account, const Member& m) {
    std::string key = "consists-of\n";
    key.reserve(key.size() + infra.size() + account.size() + 1);
    key.append(infra).append(1, '\n').append(account);
    std::string id = ids::authored_id("relationship", key);
    put_new(std::move(id), [&](Entry& e, const std::string& rid) {
      e.cls = 7;
      e.type = "relationship";
      std::string& t = scratch_;
      t.clear();
      JsonObjectText o(t);
      o.raw("type", "\"relationship\"").raw("spec_version", "\"2.1\"").string("id", rid);
      o.raw("created_by_ref", q_producer_).raw("created", q_ts_).raw("modified", q_ts_);
      o.raw("relationship_type", "\"consists-of\"").string("source_ref", infra).string("target_ref", account);
      o.integer("confidence", confidence_of(m.membership_strength));
      JsonObjectText exts = o.object("extensions");
      JsonObjectText p = exts.object(ext_.c_str());
      p.raw("extension_type", "\"property-extension\"").number("membership_strength", m.membership_strength);
      if (m.degree) p.integer("degree", *m.degree);
      std::string streams = "[";
      for (size_t i = 0; i < m.streams.size(); ++i) {
        if (i) streams.push_back(',');
        append_json_string(streams, m.streams[i]);
      }
      streams.push_back(']');
      p.raw("streams", streams);
      p.close();
      exts.close();
      o.raw("object_marking_refs", q_marking_);
      o.close();
      e.text.assign(t);
    });
  }

  std::vector<std::string> technique_ids(const Cluster& cl, const Assessment& a) const {
    std::set<std::string> s(a.techniques.begin(), a.techniques.end());
    for (const auto& t : cl.techniques) s.insert(t.id);
    s.erase(std::string());
    return {s.begin(), s.end()};
  }

  std::string attack_pattern(const std::string& t, const Technique* row, const std::string& cluster) {
    if (disarm_) {
      auto it = disarm_->techniques.find(t);
      if (it == disarm_->techniques.end())
        throw std::invalid_argument("input 'assessments', column 'techniques': '" + t + "' of cluster '" + cluster +
                                    "' is not in the DISARM bundle '" + disarm_->path +
                                    "' (with.disarm_bundle); is it the release the assessment pinned?");
      for (const Json* s : disarm_->support_of(it->second)) put(*s);
      return put(it->second);
    }
    Json ap = sdo("attack-pattern", ids::authored_id("attack-pattern", "disarm\n" + t));
    ap["name"] = row && !row->name.empty() ? row->name : "DISARM " + t;
    ap["description"] = "DISARM technique " + t + " (authored by Chorus without the pinned DISARM bundle).";
    const std::string phase = row ? disarm_phase(row->tactic_id) : std::string();
    if (!phase.empty()) ap["kill_chain_phases"] = Json::array({{{"kill_chain_name", "disarm"}, {"phase_name", phase}}});
    Json ref;
    ref["source_name"] = "mitre-attack";
    ref["external_id"] = t;
    ref["url"] =
        "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/" + t + ".md";
    ap["external_references"] = Json::array({std::move(ref)});
    mark(ap);
    return put(std::move(ap));
  }

  // --- order and output --------------------------------------------------------------
  Bundle finish() {
    std::vector<size_t> order(entries_.size());
    std::vector<int> cls(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) order[i] = i, cls[i] = entries_[i].cls;
    finding_ids_.clear();  // they point into the index
    finding_seen_.clear();
    // The ids move out of the index (no longer needed) into the meta.
    std::vector<std::string> idv(entries_.size());
    while (!index_.empty()) {
      auto node = index_.extract(index_.begin());
      idv[node.mapped()] = std::move(node.key());
    }
    std::sort(order.begin(), order.end(),
              [&](size_t x, size_t y) { return cls[x] != cls[y] ? cls[x] < cls[y] : idv[x] < idv[y]; });
    out_.timestamp = ts_;
    out_.objects.reserve(entries_.size());
    out_.meta.reserve(entries_.size());
    for (size_t i : order) {
      Entry& e = entries_[i];
      out_.meta.push_back(
          {cls[i], std::move(idv[i]), std::move(e.type), e.shared ? std::string() : e.cluster, std::move(e.name)});
      out_.objects.push_back(std::move(e.text));
    }
    return std::move(out_);
  }

  static std::string display_name(const Json& j) {
    for (const char* key : {"name", "abstract", "value", "account_login", "user_id"}) {
      auto it = j.find(key);
      if (it != j.end() && it->is_string()) return it->get<std::string>();
    }
    return {};
  }

  const Config& c_;
  const DisarmBundle* disarm_;
  std::string ts_, producer_, ext_, tlp_;
  // The same as JSON text: quoted, and the marking list.
  std::string q_producer_, q_ts_, q_account_type_, q_marking_;
  std::string scratch_;  // the line being written
  std::vector<Entry> entries_;
  std::unordered_map<std::string, size_t> index_;
  std::string current_;
  std::vector<const std::string*> finding_ids_;
  std::unordered_set<const std::string*> finding_seen_;  // index_'s keys (stable, one per id)
  Bundle out_;
};

std::string bundle_timestamp(const Findings& f, const Config& c) {
  if (!c.timestamp.empty()) return stix_timestamp(*parse_stix_timestamp(c.timestamp));
  std::optional<int64_t> latest;
  for (const auto& cl : f.clusters)
    if (cl.assessment && cl.last_activity_ms)
      latest = std::max(latest.value_or(*cl.last_activity_ms), *cl.last_activity_ms);
  if (!latest)
    for (const auto& cl : f.clusters)
      if (cl.assessment && cl.summary && cl.summary->last_post_ms)
        latest = std::max(latest.value_or(*cl.summary->last_post_ms), *cl.summary->last_post_ms);
  return stix_timestamp(latest.value_or(0));
}

}  // namespace

int order_class(const Json& o) {
  const std::string type = o.value("type", "");
  if (type == "marking-definition") return o.contains("created_by_ref") ? 2 : 0;
  if (type == "identity") return 1;
  if (type == "extension-definition") return 3;
  if (type == "observed-data") return 6;
  if (type == "relationship" || type == "sighting") return 7;
  if (type == "note" || type == "opinion") return 8;
  if (type == "report" || type == "grouping") return 9;
  if (!o.contains("created")) return 5;  // SCOs have no created
  return 4;
}

std::string tlp_marking_id(const Config& c) {
  const TlpEntry& e = tlp_entry(c);
  return c.tlp_version == 2 ? e.v2_id : e.v1_id;
}

Json tlp_marking_object(const Config& c) {
  const TlpEntry& e = tlp_entry(c);
  Json j;
  j["type"] = "marking-definition";
  j["spec_version"] = "2.1";
  if (c.tlp_version == 2) {
    // Property order and values as cti-stix-common-objects publishes them.
    j["id"] = e.v2_id;
    j["created"] = "2022-10-01T00:00:00.000Z";
    j["name"] = e.v2_name;
    Json inner;
    inner["extension_type"] = "property-extension";
    inner["tlp_2_0"] = e.level;
    j["extensions"][kTlp2Extension] = std::move(inner);
  } else {
    // As STIX 2.1 section 7.2.1.4 predefines them.
    j["id"] = e.v1_id;
    j["created"] = "2017-01-20T00:00:00.000Z";
    j["definition_type"] = "tlp";
    j["name"] = e.v1_name;
    j["definition"]["tlp"] = e.v1_level;
  }
  return j;
}

Bundle build_bundle(const Findings& findings, const Config& config, const DisarmBundle* disarm) {
  const std::string ts = bundle_timestamp(findings, config);
  Builder b(config, disarm, ts);
  Bundle out = b.build(findings);
  std::vector<std::string> ids;
  for (const auto& cl : findings.clusters)
    if (cl.assessment) ids.push_back(cl.id);
  out.id = ids::bundle_id(std::move(ids));
  return out;
}

std::string bundle_text(const Bundle& bundle) {
  std::string out = "{\"type\":\"bundle\",\"id\":\"" + bundle.id + "\",\"objects\":[";
  size_t size = out.size() + 8;
  for (const auto& line : bundle.objects) size += line.size() + 2;
  out.reserve(size);
  for (size_t i = 0; i < bundle.objects.size(); ++i) {
    out += i ? ",\n" : "\n";
    out += bundle.objects[i];
  }
  out += "\n]}\n";
  return out;
}

}  // namespace chorus::export_stix
