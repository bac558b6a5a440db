#include "finding_reader.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chorus::export_stix {

namespace {

const Column& col(const Batch& b, const char* port, const char* name, TypeId type) {
  const int i = b.index_of(name);
  if (i < 0) throw std::invalid_argument(std::string("input '") + port + "': no column '" + name + "'");
  const Column& c = b.column(static_cast<size_t>(i));
  if (c.type().id != type)
    throw std::invalid_argument(std::string("input '") + port + "', column '" + name + "': is " + c.type().name() +
                                ", expected " + DataType{type}.name());
  return c;
}

std::string text(const Column& c, int64_t r) { return c.is_null(r) ? std::string() : std::string(c.str(r)); }
std::optional<int64_t> opt_int(const Column& c, int64_t r) {
  return c.is_null(r) ? std::nullopt : std::optional<int64_t>(c.int64(r));
}
std::optional<double> opt_double(const Column& c, int64_t r) {
  return c.is_null(r) || std::isnan(c.float64(r)) ? std::nullopt : std::optional<double>(c.float64(r));
}
std::vector<std::string> list(const Column& c, int64_t r) {
  std::vector<std::string> out;
  if (c.is_null(r)) return out;
  for (int64_t j = 0; j < c.list_size(r); ++j) out.emplace_back(c.list_item(r, j));
  return out;
}

[[noreturn]] void bad(const char* port, const char* column, const std::string& cluster, const std::string& why) {
  throw std::invalid_argument(std::string("input '") + port + "', column '" + column + "', cluster '" + cluster +
                              "': " + why);
}

double unit_interval(const Column& c, int64_t r, const char* port, const char* column, const std::string& cluster) {
  if (c.is_null(r) || !(c.float64(r) >= 0.0 && c.float64(r) <= 1.0))
    bad(port, column, cluster, c.is_null(r) ? "null" : "not in [0, 1]");
  return c.float64(r);
}

}  // namespace

const std::vector<std::string>& FindingReader::columns(const std::string& port) {
  static const std::map<std::string, std::vector<std::string>> kColumns = {
      {"clusters",
       {"cluster_id", "rank", "size", "coordination_score", "independent_streams", "streams", "edges", "density",
        "posts", "first_activity", "last_activity"}},
      {"assessments",
       {"cluster_id", "source_name", "source_reliability", "information_credibility", "admiralty", "confidence",
        "credibility_rationale", "tier", "tier_rationale", "attributed_state", "attribution_basis", "reviewed",
        "disarm_version", "techniques"}},
      {"members", {"cluster_id", "account_id", "membership_strength", "degree", "streams"}},
      {"evidence",
       {"cluster_id", "stream", "edges", "density", "weight_sum", "median_active_days", "min_q", "median_q",
        "mean_latency_s"}},
      {"techniques", {"cluster_id", "technique_id", "name", "tactic_id", "rule", "evidence"}},
      {"summary",
       {"cluster_id", "posts", "followers_sum", "likes", "shares", "replies", "reach", "first_post", "last_post",
        "active_days", "peak_day", "peak_day_posts", "top_narrative"}},
      {"profile", {"cluster_id", "facet", "rank", "value", "count", "share", "excerpts"}},
      {"accounts", {"author_id", "author_handle", "display_name", "created_at"}}};
  return kColumns.at(port);
}

Cluster* FindingReader::find(std::string_view id) {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &f_.clusters[it->second];
}

Cluster* FindingReader::owner(const Batch& b, const char* port, int64_t r) {
  const Column& id = col(b, port, "cluster_id", TypeId::Utf8);
  Cluster* c = id.is_null(r) ? nullptr : find(id.str(r));
  if (!c) ++orphans_[port];
  return c;
}

void FindingReader::add_clusters(const Batch& b) {
  const char* p = "clusters";
  const Column& id = col(b, p, "cluster_id", TypeId::Utf8);
  const Column& rank = col(b, p, "rank", TypeId::Int64);
  const Column& size = col(b, p, "size", TypeId::Int64);
  const Column& score = col(b, p, "coordination_score", TypeId::Float64);
  const Column& ind = col(b, p, "independent_streams", TypeId::Int64);
  const Column& streams = col(b, p, "streams", TypeId::ListUtf8);
  const Column& edges = col(b, p, "edges", TypeId::Int64);
  const Column& density = col(b, p, "density", TypeId::Float64);
  const Column& posts = col(b, p, "posts", TypeId::Int64);
  const Column& first = col(b, p, "first_activity", TypeId::Timestamp);
  const Column& last = col(b, p, "last_activity", TypeId::Timestamp);
  if (first.type().unit != TimeUnit::Milli || last.type().unit != TimeUnit::Milli)
    throw std::invalid_argument("input 'clusters': first_activity and last_activity must be timestamp[ms]");
  for (int64_t r = 0; r < b.rows(); ++r) {
    Cluster c;
    c.id = text(id, r);
    if (c.id.empty())
      throw std::invalid_argument("input 'clusters', column 'cluster_id': null or empty at row " +
                                  std::to_string(rows_[p] + r + 1));
    if (rank.is_null(r) || size.is_null(r)) bad(p, rank.is_null(r) ? "rank" : "size", c.id, "null");
    c.rank = rank.int64(r);
    c.size = size.int64(r);
    c.coordination_score = unit_interval(score, r, p, "coordination_score", c.id);
    c.independent_streams = opt_int(ind, r);
    c.streams = list(streams, r);
    c.edges = opt_int(edges, r);
    c.density = opt_double(density, r);
    c.posts = opt_int(posts, r);
    c.first_activity_ms = opt_int(first, r);
    c.last_activity_ms = opt_int(last, r);
    if (!index_.emplace(c.id, f_.clusters.size()).second) bad(p, "cluster_id", c.id, "appears twice");
    f_.clusters.push_back(std::move(c));
  }
  rows_[p] += b.rows();
}

void FindingReader::add_assessments(const Batch& b) {
  const char* p = "assessments";
  const Column& id = col(b, p, "cluster_id", TypeId::Utf8);
  const Column& source = col(b, p, "source_name", TypeId::Utf8);
  const Column& rel = col(b, p, "source_reliability", TypeId::Utf8);
  const Column& cred = col(b, p, "information_credibility", TypeId::Int64);
  const Column& adm = col(b, p, "admiralty", TypeId::Utf8);
  const Column& conf = col(b, p, "confidence", TypeId::Int64);
  const Column& cred_why = col(b, p, "credibility_rationale", TypeId::Utf8);
  const Column& tier = col(b, p, "tier", TypeId::Utf8);
  const Column& tier_why = col(b, p, "tier_rationale", TypeId::Utf8);
  const Column& state = col(b, p, "attributed_state", TypeId::Utf8);
  const Column& basis = col(b, p, "attribution_basis", TypeId::Utf8);
  const Column& reviewed = col(b, p, "reviewed", TypeId::Bool);
  const Column& disarm = col(b, p, "disarm_version", TypeId::Utf8);
  const Column& techniques = col(b, p, "techniques", TypeId::ListUtf8);
  for (int64_t r = 0; r < b.rows(); ++r) {
    const std::string cid = text(id, r);
    Cluster* c = find(cid);
    if (!c) bad(p, "cluster_id", cid, "not in the clusters input");
    if (c->assessment) bad(p, "cluster_id", cid, "assessed twice");
    Assessment a;
    a.source_name = text(source, r);
    a.source_reliability = text(rel, r);
    if (a.source_reliability.size() != 1 || a.source_reliability[0] < 'A' || a.source_reliability[0] > 'F')
      bad(p, "source_reliability", cid, "'" + a.source_reliability + "' is not A..F");
    if (cred.is_null(r) || cred.int64(r) < 1 || cred.int64(r) > 6) bad(p, "information_credibility", cid, "not 1..6");
    a.information_credibility = cred.int64(r);
    a.admiralty = text(adm, r);
    if (a.admiralty.empty()) bad(p, "admiralty", cid, "null or empty");
    a.confidence = opt_int(conf, r);
    if (a.confidence && (*a.confidence < 0 || *a.confidence > 100)) bad(p, "confidence", cid, "not 0..100");
    a.credibility_rationale = text(cred_why, r);
    a.tier = text(tier, r);
    a.tier_rationale = text(tier_why, r);
    a.attributed_state = text(state, r);
    a.attribution_basis = text(basis, r);
    if (!a.attributed_state.empty() && a.attribution_basis.empty())
      bad(p, "attribution_basis", cid, "attributed to '" + a.attributed_state + "' without a basis");
    a.reviewed = !reviewed.is_null(r) && reviewed.boolean(r);
    a.disarm_version = text(disarm, r);
    a.techniques = list(techniques, r);
    c->assessment = std::move(a);
  }
}

void FindingReader::add_members(const Batch& b) {
  const char* p = "members";
  const Column& account = col(b, p, "account_id", TypeId::Utf8);
  const Column& strength = col(b, p, "membership_strength", TypeId::Float64);
  const Column& degree = col(b, p, "degree", TypeId::Int64);
  const Column& streams = col(b, p, "streams", TypeId::ListUtf8);
  for (int64_t r = 0; r < b.rows(); ++r) {
    Cluster* c = owner(b, p, r);
    if (!c) continue;
    Member m;
    m.account_id = text(account, r);
    if (m.account_id.empty()) bad(p, "account_id", c->id, "null or empty");
    m.membership_strength = unit_interval(strength, r, p, "membership_strength", c->id);
    m.degree = opt_int(degree, r);
    m.streams = list(streams, r);
    member_ids_.insert(m.account_id);
    c->members.push_back(std::move(m));
  }
}

void FindingReader::add_evidence(const Batch& b) {
  const char* p = "evidence";
  const Column& stream = col(b, p, "stream", TypeId::Utf8);
  const Column& edges = col(b, p, "edges", TypeId::Int64);
  const char* names[] = {"density", "weight_sum", "median_active_days", "min_q", "median_q", "mean_latency_s"};
  std::vector<const Column*> cols;
  for (const char* n : names) cols.push_back(&col(b, p, n, TypeId::Float64));
  for (int64_t r = 0; r < b.rows(); ++r) {
    Cluster* c = owner(b, p, r);
    if (!c) continue;
    StreamEvidence e;
    e.stream = text(stream, r);
    e.edges = opt_int(edges, r);
    e.density = opt_double(*cols[0], r);
    e.weight_sum = opt_double(*cols[1], r);
    e.median_active_days = opt_double(*cols[2], r);
    e.min_q = opt_double(*cols[3], r);
    e.median_q = opt_double(*cols[4], r);
    e.mean_latency_s = opt_double(*cols[5], r);
    c->evidence.push_back(std::move(e));
  }
}

void FindingReader::add_techniques(const Batch& b) {
  const char* p = "techniques";
  const Column& tid = col(b, p, "technique_id", TypeId::Utf8);
  const Column& name = col(b, p, "name", TypeId::Utf8);
  const Column& tactic = col(b, p, "tactic_id", TypeId::Utf8);
  const Column& rule = col(b, p, "rule", TypeId::Utf8);
  const Column& evidence = col(b, p, "evidence", TypeId::Utf8);
  for (int64_t r = 0; r < b.rows(); ++r) {
    Cluster* c = owner(b, p, r);
    if (!c) continue;
    Technique t{text(tid, r), text(name, r), text(tactic, r), text(rule, r), text(evidence, r)};
    if (t.id.empty()) bad(p, "technique_id", c->id, "null or empty");
    c->techniques.push_back(std::move(t));
  }
}

void FindingReader::add_summary(const Batch& b) {
  const char* p = "summary";
  const char* ints[] = {"posts",   "followers_sum", "likes",       "shares",
                        "replies", "reach",         "active_days", "peak_day_posts"};
  std::vector<const Column*> ic;
  for (const char* n : ints) ic.push_back(&col(b, p, n, TypeId::Int64));
  const Column& first = col(b, p, "first_post", TypeId::Timestamp);
  const Column& last = col(b, p, "last_post", TypeId::Timestamp);
  if (first.type().unit != TimeUnit::Milli || last.type().unit != TimeUnit::Milli)
    throw std::invalid_argument("input 'summary': first_post and last_post must be timestamp[ms]");
  const Column& peak_day = col(b, p, "peak_day", TypeId::Utf8);
  const Column& top = col(b, p, "top_narrative", TypeId::Utf8);
  for (int64_t r = 0; r < b.rows(); ++r) {
    Cluster* c = owner(b, p, r);
    if (!c) continue;
    Summary s;
    s.posts = opt_int(*ic[0], r);
    s.followers_sum = opt_int(*ic[1], r);
    s.likes = opt_int(*ic[2], r);
    s.shares = opt_int(*ic[3], r);
    s.replies = opt_int(*ic[4], r);
    s.reach = opt_int(*ic[5], r);
    s.active_days = opt_int(*ic[6], r);
    s.peak_day_posts = opt_int(*ic[7], r);
    s.first_post_ms = opt_int(first, r);
    s.last_post_ms = opt_int(last, r);
    s.peak_day = text(peak_day, r);
    s.top_narrative = text(top, r);
    c->summary = std::move(s);
  }
}

void FindingReader::add_profile(const Batch& b) {
  const char* p = "profile";
  const Column& facet = col(b, p, "facet", TypeId::Utf8);
  const Column& rank = col(b, p, "rank", TypeId::Int64);
  const Column& value = col(b, p, "value", TypeId::Utf8);
  const Column& count = col(b, p, "count", TypeId::Int64);
  const Column& share = col(b, p, "share", TypeId::Float64);
  const Column& excerpts = col(b, p, "excerpts", TypeId::ListUtf8);
  for (int64_t r = 0; r < b.rows(); ++r) {
    const std::string f = text(facet, r);
    if (f != "hashtag" && f != "url" && f != "domain" && f != "narrative") continue;  // other facets: not exported
    Cluster* c = owner(b, p, r);
    if (!c) continue;
    ProfileValue v;
    v.rank = rank.is_null(r) ? 0 : rank.int64(r);
    v.value = text(value, r);
    v.count = count.is_null(r) ? 0 : count.int64(r);
    v.share = opt_double(share, r);
    v.excerpts = list(excerpts, r);
    c->profile[f].push_back(std::move(v));
  }
}

void FindingReader::add_accounts(const Batch& b) {
  const char* p = "accounts";
  const Column& id = col(b, p, "author_id", TypeId::Utf8);
  const Column& handle = col(b, p, "author_handle", TypeId::Utf8);
  const Column& name = col(b, p, "display_name", TypeId::Utf8);
  const Column& created = col(b, p, "created_at", TypeId::Timestamp);
  if (created.type().unit != TimeUnit::Milli)
    throw std::invalid_argument("input 'accounts': created_at must be timestamp[ms]");
  for (int64_t r = 0; r < b.rows(); ++r) {
    if (id.is_null(r)) continue;
    std::string aid(id.str(r));
    if (!member_ids_.count(aid) || f_.accounts.count(aid)) continue;
    f_.accounts.emplace(std::move(aid), Account{text(handle, r), text(name, r), opt_int(created, r)});
  }
}

Findings FindingReader::finish() {
  std::sort(f_.clusters.begin(), f_.clusters.end(),
            [](const Cluster& a, const Cluster& b) { return a.rank != b.rank ? a.rank < b.rank : a.id < b.id; });
  for (auto& c : f_.clusters)
    for (auto& [facet, values] : c.profile)
      std::stable_sort(values.begin(), values.end(), [](const ProfileValue& a, const ProfileValue& b) {
        return a.rank != b.rank ? a.rank < b.rank : a.value < b.value;
      });
  index_.clear();
  return std::move(f_);
}

}  // namespace chorus::export_stix
