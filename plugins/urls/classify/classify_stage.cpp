#include "classify_stage.hpp"

#include <chorus/sdk/suggest.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace chorus::urls_classify {

namespace {

// with.domains: {domain: category or null}, domains canonical, categories checked.
std::vector<std::pair<std::string, std::optional<std::string>>> domain_overrides(const sdk::Json& d) {
  if (!d.is_object())
    throw sdk::ConfigError("with.domains: expected an object {domain: category}, e.g. {rt.com: state_news}");
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  for (auto it = d.begin(); it != d.end(); ++it) {
    const std::string path = "with.domains." + it.key();
    const std::string domain = canonical_domain(it.key(), path);
    if (it->is_null()) {
      out.push_back({domain, std::nullopt});
      continue;
    }
    if (!it->is_string()) throw sdk::ConfigError(path + ": expected a category name or null, got " + it->dump());
    const std::string cat = it->get<std::string>();
    check_category(cat, path);
    out.push_back({domain, cat});
  }
  return out;
}

}  // namespace

// Classifies every URL by its host against a domain list (shipped with the
// plugin as domains.json, compiled in; extended or overridden by
// with.domains), with subdomain suffix matching (m.youtube.com ->
// youtube.com), and counts URLs per group and category.
const sdk::OptionTable<Config>& ClassifyStage::options() {
  using C = Config;
  static const auto table =
      sdk::OptionTable<C>()
          .string("urls_column", &C::urls_column, "urls",
                  "list<utf8> column of the input holding the URLs (interactions: urls; posts: urls_normalized or "
                  "urls).")
          .min_length(1)
          .string("group_by", &C::group_by, "source_state",
                  "utf8 column whose value is the group (interactions: source_state or scope; posts: state); null: "
                  "one group 'all'.")
          .min_length(1)
          .nullable()
          .string("null_group", &C::null_group, "unattributed",
                  "Group name of rows (and accounts) whose group column is null.")
          .min_length(1)
          .string("accounts_group_by", &C::accounts_group_by, "state",
                  "utf8 column of the accounts input giving an account's group for its profile URL.")
          .min_length(1)
          .boolean("default_domains", &C::default_domains, true,
                   "Start from the shipped domain list (domains.json); false: only with.domains.")
          // An object whose values are strings or null: the schema is given whole.
          .json("domains", &C::domains, {{"type", "object"}, {"additionalProperties", {{"type", {"string", "null"}}}}},
                sdk::Json::object(),
                "Extra or overriding entries {domain: category}, e.g. {rt.com: state_news, example.org: "
                "political_news}; null removes a shipped entry (the domain becomes other). Categories: lower-case "
                "letters, digits, '_'.",
                domain_overrides);
  return table;
}

std::optional<sdk::PortTypes> ClassifyStage::infer(const Config& cfg, const sdk::PortTypes& inputs, sdk::Context&) {
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

void ClassifyStage::fingerprint(const Config& cfg, sdk::Context& ctx) {
  if (!cfg.default_domains) return;
  ctx.add_input_value("domains.json", default_domains_digest());
}

void ClassifyStage::run(const Config& cfg, sdk::Context& ctx) {
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

}  // namespace chorus::urls_classify
