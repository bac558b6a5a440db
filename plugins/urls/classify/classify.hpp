// urls/classify: the domain category of every URL (state news, social, blog,
// content tool, shortener, other) and, per group (state by default), how many
// rows carry URLs and how the URLs split over the categories. Definitions:
// docs/methods.md.
//
// UrlTally does the counting on Batches without a host (the tests call it);
// the Classify stage reads the inputs and emits the three tables.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <chorus/sdk.hpp>
#include <chorus/sdk/suggest.hpp>

#include "domain_match.hpp"
#include "urls_classify/default_domains.hpp"  // generated from domains.json by CMakeLists.txt

namespace chorus::urls_classify {

using sdk::Json;

// --- config -----------------------------------------------------------------------------

struct Config {
  std::string urls_column = "urls";
  std::optional<std::string> group_by = std::string("source_state");  // none: one group "all"
  std::string null_group = "unattributed";
  std::string accounts_group_by = "state";
  bool default_domains = true;
  std::vector<std::pair<std::string, std::optional<std::string>>> domains;  // overrides; nullopt removes
};

inline const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys{"urls_column", "group_by", "null_group", "accounts_group_by",
                                             "default_domains", "domains"};
  return keys;
}

inline Config parse_config(const Json& config) {
  Config c;
  if (config.is_null()) return c;
  if (!config.is_object()) throw std::invalid_argument("with: expected an object");
  for (auto it = config.begin(); it != config.end(); ++it)
    if (std::find(config_keys().begin(), config_keys().end(), it.key()) == config_keys().end())
      throw std::invalid_argument("with: unknown key '" + it.key() + "'" +
                                  sdk::did_you_mean(it.key(), config_keys(), "expected"));
  auto name = [&](const char* key, std::string& out) {
    if (!config.contains(key)) return;
    const Json& v = config[key];
    if (!v.is_string() || v.get<std::string>().empty())
      throw std::invalid_argument(std::string("with.") + key + ": expected a non-empty string, got " + v.dump());
    out = v.get<std::string>();
  };
  name("urls_column", c.urls_column);
  name("null_group", c.null_group);
  name("accounts_group_by", c.accounts_group_by);
  if (config.contains("group_by")) {
    const Json& v = config["group_by"];
    if (v.is_null()) c.group_by.reset();
    else if (v.is_string() && !v.get<std::string>().empty()) c.group_by = v.get<std::string>();
    else throw std::invalid_argument("with.group_by: expected a column name or null, got " + v.dump());
  }
  if (config.contains("default_domains")) {
    if (!config["default_domains"].is_boolean())
      throw std::invalid_argument("with.default_domains: expected true or false, got " + config["default_domains"].dump());
    c.default_domains = config["default_domains"].get<bool>();
  }
  if (config.contains("domains")) {
    const Json& d = config["domains"];
    if (!d.is_object())
      throw std::invalid_argument("with.domains: expected an object {domain: category}, e.g. {rt.com: state_news}");
    for (auto it = d.begin(); it != d.end(); ++it) {
      const std::string path = "with.domains." + it.key();
      const std::string domain = canonical_domain(it.key(), path);
      if (it->is_null()) {
        c.domains.push_back({domain, std::nullopt});
        continue;
      }
      if (!it->is_string()) throw std::invalid_argument(path + ": expected a category name or null, got " + it->dump());
      const std::string cat = it->get<std::string>();
      check_category(cat, path);
      c.domains.push_back({domain, cat});
    }
  }
  return c;
}

// The shipped list (domains.json, compiled in) when enabled, then with.domains.
// Returns the category order: every category of either, by name, "other" last.
inline std::vector<std::string> build_table(const Config& c, DomainTable& table) {
  std::vector<std::string> cats;
  if (c.default_domains) cats = load_domain_list(Json::parse(kDefaultDomainsJson), table, "domains.json");
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

// --- counting ---------------------------------------------------------------------------

class UrlTally {
 public:
  UrlTally(const Config& c) : cfg_(c) { categories_ = build_table(c, table_); }

  const std::vector<std::string>& categories() const { return categories_; }
  const DomainTable& table() const { return table_; }

  // Rows of the input port (interactions or posts).
  void add_rows(const Batch& b) {
    const Column& urls = need(b, cfg_.urls_column, TypeId::ListUtf8, "with.urls_column");
    const Column* groups = cfg_.group_by ? &need(b, *cfg_.group_by, TypeId::Utf8, "with.group_by") : nullptr;
    std::vector<char> seen(categories_.size());
    for (int64_t r = 0; r < b.rows(); ++r) {
      Group& g = group(groups, r);
      ++g.rows;
      if (urls.is_null(r)) { ++g.rows_null_urls; continue; }
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

  // Rows of the optional accounts port: profile_url by account group.
  void add_accounts(const Batch& b) {
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

  // --- the three tables ---
  static Schema urls_schema() {
    return {{"url", {TypeId::Utf8}},    {"domain", {TypeId::Utf8}}, {"category", {TypeId::Utf8}},
            {"count", {TypeId::Int64}}, {"profiles", {TypeId::Int64}}};
  }
  static Schema groups_schema() {
    return {{"group", {TypeId::Utf8}},          {"rows", {TypeId::Int64}},          {"rows_null_urls", {TypeId::Int64}},
            {"rows_with_urls", {TypeId::Int64}}, {"share_rows_with_urls", {TypeId::Float64}},
            {"url_occurrences", {TypeId::Int64}}, {"unique_urls", {TypeId::Int64}}, {"accounts", {TypeId::Int64}},
            {"profile_urls", {TypeId::Int64}}};
  }
  static Schema classes_schema() {
    return {{"group", {TypeId::Utf8}},        {"category", {TypeId::Utf8}}, {"urls", {TypeId::Int64}},
            {"occurrences", {TypeId::Int64}}, {"share", {TypeId::Float64}}, {"rows", {TypeId::Int64}},
            {"profile_urls", {TypeId::Int64}}};
  }

  // Every URL seen (in rows or profiles): count descending, then url ascending (byte order).
  Batch urls_table() const {
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
      if (u.domain.empty()) out.column(1).append_null();
      else out.column(1).append_string(u.domain);
      out.column(2).append_string(categories_[u.category]);
      out.column(3).append_int(u.count);
      out.column(4).append_int(u.profiles);
    }
    return out;
  }

  // One row per group, groups in byte order.
  Batch groups_table() const {
    Batch out(groups_schema());
    for (const auto& [name, g] : groups_) {
      out.column(0).append_string(name);
      out.column(1).append_int(g.rows);
      out.column(2).append_int(g.rows_null_urls);
      out.column(3).append_int(g.rows_with_urls);
      if (g.rows > 0) out.column(4).append_double(static_cast<double>(g.rows_with_urls) / static_cast<double>(g.rows));
      else out.column(4).append_null();
      out.column(5).append_int(g.occurrences);
      out.column(6).append_int(static_cast<int64_t>(g.distinct.size()));
      out.column(7).append_int(g.accounts);
      out.column(8).append_int(g.profile_urls);
    }
    return out;
  }

  // Every (group, category), groups in byte order, categories by name with "other" last.
  Batch classes_table() const {
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
        else out.column(4).append_null();
        out.column(5).append_int(c.rows);
        out.column(6).append_int(c.profile_urls);
      }
    return out;
  }

  int64_t urls_without_host() const {
    int64_t n = 0;
    for (const auto& u : urls_) n += u.domain.empty() ? u.count + u.profiles : 0;
    return n;
  }
  int64_t rows_null_urls() const {
    int64_t n = 0;
    for (const auto& [name, g] : groups_) n += g.rows_null_urls;
    return n;
  }

 private:
  struct Url {
    std::string text, domain;
    size_t category = 0;
    int64_t count = 0, profiles = 0;
  };
  struct CategoryCount {
    int64_t distinct = 0, occurrences = 0, rows = 0, profile_urls = 0;
  };
  struct Group {
    int64_t rows = 0, rows_null_urls = 0, rows_with_urls = 0, occurrences = 0, accounts = 0, profile_urls = 0;
    std::unordered_set<uint32_t> distinct;  // URLs of rows (not profiles)
    std::vector<CategoryCount> by_category;
  };

  static const Column& need(const Batch& b, const std::string& name, TypeId type, const std::string& key) {
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

  Group& group(const Column* col, int64_t r) {
    const std::string name = !col ? std::string("all") : col->is_null(r) ? cfg_.null_group : std::string(col->str(r));
    auto it = groups_.find(name);
    if (it == groups_.end()) {
      it = groups_.emplace(name, Group{}).first;
      it->second.by_category.resize(categories_.size());
    }
    return it->second;
  }

  uint32_t url_index(std::string_view text) {
    auto it = url_ids_.find(std::string(text));
    if (it != url_ids_.end()) return it->second;
    Url u;
    u.text = std::string(text);
    const std::string host = host_of(text);
    if (!host.empty()) {
      Match m = table_.classify_host(host);
      u.domain = std::move(m.domain);
      u.category = static_cast<size_t>(
          std::find(categories_.begin(), categories_.end(), m.category) - categories_.begin());
    } else {
      u.category = categories_.size() - 1;  // other
    }
    const uint32_t id = static_cast<uint32_t>(urls_.size());
    urls_.push_back(std::move(u));
    url_ids_.emplace(urls_.back().text, id);
    return id;
  }

  Config cfg_;
  DomainTable table_;
  std::vector<std::string> categories_;
  std::vector<Url> urls_;
  std::unordered_map<std::string, uint32_t> url_ids_;
  std::map<std::string, Group> groups_;
};

// --- the stage --------------------------------------------------------------------------

struct Classify : sdk::Stage {
  static constexpr const char* type = "urls/classify";
  static constexpr const char* description =
      "Domain category of every URL (state news, social, blog, content tool, shortener, other) and per-group shares";
  static constexpr const char* code_version = "1";
  static constexpr const char* config_schema = R"({
  "title": "urls/classify",
  "description": "Classifies every URL by its host against a domain list (shipped with the plugin as domains.json, compiled in; extended or overridden by with.domains), with subdomain suffix matching (m.youtube.com -> youtube.com), and counts URLs per group and category. See docs/methods.md.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "urls_column": {"type": "string", "minLength": 1, "default": "urls",
                    "description": "list<utf8> column of the input holding the URLs (interactions: urls; posts: urls_normalized or urls)."},
    "group_by": {"type": ["string", "null"], "minLength": 1, "default": "source_state",
                 "description": "utf8 column whose value is the group (interactions: source_state or scope; posts: state); null: one group 'all'."},
    "null_group": {"type": "string", "minLength": 1, "default": "unattributed",
                   "description": "Group name of rows (and accounts) whose group column is null."},
    "accounts_group_by": {"type": "string", "minLength": 1, "default": "state",
                          "description": "utf8 column of the accounts input giving an account's group for its profile URL."},
    "default_domains": {"type": "boolean", "default": true,
                        "description": "Start from the shipped domain list (domains.json); false: only with.domains."},
    "domains": {"type": "object", "default": {},
                "additionalProperties": {"type": ["string", "null"]},
                "description": "Extra or overriding entries {domain: category}, e.g. {rt.com: state_news, example.org: political_news}; null removes a shipped entry (the domain becomes other). Categories: lower-case letters, digits, '_'."}
  }
})";
  static constexpr const char* ports = R"({
  "inputs": [
    {"name": "in", "type": "any", "description": "Rows carrying URLs: interactions (default columns urls and source_state) or posts (set urls_column and group_by)."},
    {"name": "accounts", "type": "accounts", "optional": true, "description": "Accounts whose profile_url is counted per group (with.accounts_group_by)."}
  ],
  "outputs": [
    {"name": "urls", "type": "any", "description": "One row per distinct URL: url, domain (matched list entry or registrable domain; null without host), category, count (occurrences in input rows), profiles (accounts with it as profile URL)."},
    {"name": "groups", "type": "any", "description": "Per group: rows, rows_null_urls, rows_with_urls, share_rows_with_urls, url_occurrences, unique_urls, accounts, profile_urls."},
    {"name": "classes", "type": "any", "description": "Per group and category (long format): urls (distinct), occurrences, share (of the group's occurrences), rows, profile_urls."}
  ]
})";

  std::optional<sdk::PortTypes> infer(const Json& config, const sdk::PortTypes& inputs, sdk::Context&) override {
    const Config cfg = parse_config(config);
    DomainTable table;
    build_table(cfg, table);
    auto check = [&](const char* port, const std::string& column, TypeId type, const std::string& key) {
      auto it = inputs.find(port);
      if (it == inputs.end() || it->second.columns.empty()) return;
      std::vector<std::string> names;
      for (const auto& f : it->second.columns) {
        names.push_back(f.name);
        if (f.name == column && f.type.id != type)
          throw std::invalid_argument(key + ": column '" + column + "' is " + f.type.name() + ", expected " +
                                      DataType{type}.name());
        if (f.name == column) return;
      }
      throw std::invalid_argument(key + ": no column '" + column + "' in input '" + port + "'" +
                                  sdk::did_you_mean(column, names, "columns"));
    };
    check("in", cfg.urls_column, TypeId::ListUtf8, "with.urls_column");
    if (cfg.group_by) check("in", *cfg.group_by, TypeId::Utf8, "with.group_by");
    check("accounts", cfg.accounts_group_by, TypeId::Utf8, "with.accounts_group_by");
    return sdk::PortTypes{{"urls", {"", UrlTally::urls_schema()}},
                          {"groups", {"", UrlTally::groups_schema()}},
                          {"classes", {"", UrlTally::classes_schema()}}};
  }

  // The compiled-in list is part of the result: its digest joins the cache key,
  // so a rebuilt plugin with another domains.json never serves stale results.
  void fingerprint(const Json& config, sdk::Context& ctx) override {
    if (!parse_config(config).default_domains) return;
    uint64_t h = 1469598103934665603ULL;  // FNV-1a 64
    for (const char* c = kDefaultDomainsJson; *c; ++c) h = (h ^ static_cast<unsigned char>(*c)) * 1099511628211ULL;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    ctx.add_input_value("domains.json", hex);
  }

  void run(const Json& config, sdk::Context& ctx) override {
    const Config cfg = parse_config(config);
    UrlTally tally(cfg);
    Batch b;
    int64_t rows = 0;
    // As optional, so that a missing column gets the error naming its with: key.
    std::vector<std::string> in_columns{cfg.urls_column}, account_columns{"profile_url"};
    if (cfg.group_by) {
      in_columns.push_back(*cfg.group_by);
      account_columns.push_back(cfg.accounts_group_by);
    }
    ctx.select("in", {}, in_columns);
    ctx.select("accounts", {}, account_columns);
    while (ctx.read("in", b)) {
      if (ctx.cancelled()) throw std::runtime_error("cancelled");
      tally.add_rows(b);
      ctx.progress(rows += b.rows());
    }
    if (ctx.input_type("accounts"))
      while (ctx.read("accounts", b)) tally.add_accounts(b);
    if (tally.rows_null_urls() > 0)
      ctx.warn("urls/classify: " + std::to_string(tally.rows_null_urls()) +
               " rows have a null URL list (counted in rows and rows_null_urls, not in rows_with_urls)");
    if (tally.urls_without_host() > 0)
      ctx.warn("urls/classify: " + std::to_string(tally.urls_without_host()) +
               " URL occurrences have no host (domain null, category other)");
    ctx.emit("urls", tally.urls_table());
    ctx.emit("groups", tally.groups_table());
    ctx.emit("classes", tally.classes_table());
  }
};

}  // namespace chorus::urls_classify
