#include "url_tally.hpp"

#include <chorus/sdk/suggest.hpp>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "urls_classify/default_domains.hpp"  // generated from domains.json by CMakeLists.txt

namespace chorus::urls_classify {

std::vector<std::string> build_table(const Config& c, DomainTable& table) {
  std::vector<std::string> cats;
  if (c.default_domains) cats = load_domain_list(sdk::Json::parse(kDefaultDomainsJson), table, "domains.json");
  for (const auto& [domain, cat] : c.domains) {
    if (cat) {
      table.set(domain, *cat);
      if (*cat != DomainTable::kOther && std::find(cats.begin(), cats.end(), *cat) == cats.end()) cats.push_back(*cat);
    } else {
      table.erase(domain);
    }
  }
  std::sort(cats.begin(), cats.end());
  cats.push_back(DomainTable::kOther);
  return cats;
}

std::string default_domains_digest() {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a 64
  for (const char* c = kDefaultDomainsJson; *c; ++c) h = (h ^ static_cast<unsigned char>(*c)) * 1099511628211ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

UrlTally::UrlTally(const Config& c) : cfg_(c) { categories_ = build_table(c, table_); }

void UrlTally::add_rows(const Batch& b) {
  const Column& urls = need(b, cfg_.urls_column, TypeId::ListUtf8, "with.urls_column");
  const Column* groups = cfg_.group_by ? &need(b, *cfg_.group_by, TypeId::Utf8, "with.group_by") : nullptr;
  std::vector<char> seen(categories_.size());
  for (int64_t r = 0; r < b.rows(); ++r) {
    Group& g = group(groups, r);
    ++g.rows;
    if (urls.is_null(r)) {
      ++g.rows_null_urls;
      continue;
    }
    if (urls.list_size(r) == 0) continue;
    ++g.rows_with_urls;
    std::fill(seen.begin(), seen.end(), 0);
    for (int64_t j = 0; j < urls.list_size(r); ++j) {
      const uint32_t u = url_index(urls.list_item(r, j));
      Url& url = urls_[u];
      ++url.count;
      ++g.occurrences;
      ++g.by_category[url.category].occurrences;
      seen[url.category] = 1;
      if (g.distinct.insert(u).second) ++g.by_category[url.category].distinct;
    }
    for (size_t k = 0; k < seen.size(); ++k) g.by_category[k].rows += seen[k];
  }
}

void UrlTally::add_accounts(const Batch& b) {
  const Column& profile = need(b, "profile_url", TypeId::Utf8, "accounts");
  // Without group_by every account is in the one group "all", like the rows.
  const Column* groups =
      cfg_.group_by ? &need(b, cfg_.accounts_group_by, TypeId::Utf8, "with.accounts_group_by") : nullptr;
  for (int64_t r = 0; r < b.rows(); ++r) {
    Group& g = group(groups, r);
    ++g.accounts;
    if (profile.is_null(r) || profile.str(r).empty()) continue;
    const uint32_t u = url_index(profile.str(r));
    Url& url = urls_[u];
    ++url.profiles;
    ++g.profile_urls;
    ++g.by_category[url.category].profile_urls;
  }
}

Schema UrlTally::urls_schema() {
  return {{"url", {TypeId::Utf8}},
          {"domain", {TypeId::Utf8}},
          {"category", {TypeId::Utf8}},
          {"count", {TypeId::Int64}},
          {"profiles", {TypeId::Int64}}};
}

Schema UrlTally::groups_schema() {
  return {{"group", {TypeId::Utf8}},
          {"rows", {TypeId::Int64}},
          {"rows_null_urls", {TypeId::Int64}},
          {"rows_with_urls", {TypeId::Int64}},
          {"share_rows_with_urls", {TypeId::Float64}},
          {"url_occurrences", {TypeId::Int64}},
          {"unique_urls", {TypeId::Int64}},
          {"accounts", {TypeId::Int64}},
          {"profile_urls", {TypeId::Int64}}};
}

Schema UrlTally::classes_schema() {
  return {{"group", {TypeId::Utf8}},        {"category", {TypeId::Utf8}}, {"urls", {TypeId::Int64}},
          {"occurrences", {TypeId::Int64}}, {"share", {TypeId::Float64}}, {"rows", {TypeId::Int64}},
          {"profile_urls", {TypeId::Int64}}};
}

Batch UrlTally::urls_table() const {
  std::vector<uint32_t> order(urls_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (urls_[a].count != urls_[b].count) return urls_[a].count > urls_[b].count;
    return urls_[a].text < urls_[b].text;
  });
  Batch out(urls_schema());
  for (uint32_t i : order) {
    const Url& u = urls_[i];
    out.column(0).append_string(u.text);
    if (u.domain.empty())
      out.column(1).append_null();
    else
      out.column(1).append_string(u.domain);
    out.column(2).append_string(categories_[u.category]);
    out.column(3).append_int(u.count);
    out.column(4).append_int(u.profiles);
  }
  return out;
}

Batch UrlTally::groups_table() const {
  Batch out(groups_schema());
  for (const auto& [name, g] : groups_) {
    out.column(0).append_string(name);
    out.column(1).append_int(g.rows);
    out.column(2).append_int(g.rows_null_urls);
    out.column(3).append_int(g.rows_with_urls);
    if (g.rows > 0)
      out.column(4).append_double(static_cast<double>(g.rows_with_urls) / static_cast<double>(g.rows));
    else
      out.column(4).append_null();
    out.column(5).append_int(g.occurrences);
    out.column(6).append_int(static_cast<int64_t>(g.distinct.size()));
    out.column(7).append_int(g.accounts);
    out.column(8).append_int(g.profile_urls);
  }
  return out;
}

Batch UrlTally::classes_table() const {
  Batch out(classes_schema());
  for (const auto& [name, g] : groups_)
    for (size_t k = 0; k < categories_.size(); ++k) {
      const CategoryCount& c = g.by_category[k];
      out.column(0).append_string(name);
      out.column(1).append_string(categories_[k]);
      out.column(2).append_int(c.distinct);
      out.column(3).append_int(c.occurrences);
      if (g.occurrences > 0)
        out.column(4).append_double(static_cast<double>(c.occurrences) / static_cast<double>(g.occurrences));
      else
        out.column(4).append_null();
      out.column(5).append_int(c.rows);
      out.column(6).append_int(c.profile_urls);
    }
  return out;
}

int64_t UrlTally::urls_without_host() const {
  int64_t n = 0;
  for (const auto& u : urls_) n += u.domain.empty() ? u.count + u.profiles : 0;
  return n;
}

int64_t UrlTally::rows_null_urls() const {
  int64_t n = 0;
  for (const auto& [name, g] : groups_) n += g.rows_null_urls;
  return n;
}

const Column& UrlTally::need(const Batch& b, const std::string& name, TypeId type, const std::string& key) {
  if (b.index_of(name) < 0) {
    std::vector<std::string> names;
    for (const auto& f : b.schema()) names.push_back(f.name);
    throw std::runtime_error(key + ": no column '" + name + "' in input" + sdk::did_you_mean(name, names, "columns"));
  }
  const Column& c = b.column(name);
  if (c.type().id != type)
    throw std::runtime_error(key + ": column '" + name + "' is " + c.type().name() + ", expected " +
                             DataType{type}.name());
  return c;
}

UrlTally::Group& UrlTally::group(const Column* col, int64_t r) {
  const std::string name = !col ? std::string("all") : col->is_null(r) ? cfg_.null_group : std::string(col->str(r));
  auto it = groups_.find(name);
  if (it == groups_.end()) {
    it = groups_.emplace(name, Group{}).first;
    it->second.by_category.resize(categories_.size());
  }
  return it->second;
}

uint32_t UrlTally::url_index(std::string_view text) {
  auto it = url_ids_.find(std::string(text));
  if (it != url_ids_.end()) return it->second;
  Url u;
  u.text = std::string(text);
  const std::string host = host_of(text);
  if (!host.empty()) {
    Match m = table_.classify_host(host);
    u.domain = std::move(m.domain);
    u.category =
        static_cast<size_t>(std::find(categories_.begin(), categories_.end(), m.category) - categories_.begin());
  } else {
    u.category = categories_.size() - 1;  // other
  }
  const uint32_t id = static_cast<uint32_t>(urls_.size());
  urls_.push_back(std::move(u));
  url_ids_.emplace(urls_.back().text, id);
  return id;
}

}  // namespace chorus::urls_classify
