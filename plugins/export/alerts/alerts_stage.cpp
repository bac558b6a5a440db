#include "alerts_stage.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "alert_builder.hpp"
#include "alert_inputs.hpp"
#include "alert_schema.hpp"
#include "alert_time.hpp"
#include "export/common/atomic_file.hpp"
#include "export/stix_ids/stix_ids.hpp"

namespace chorus::export_alerts {

namespace {

const Schema kAlertRows{{"alert_id", {TypeId::Utf8}},
                        {"cluster_id", {TypeId::Utf8}},
                        {"tier", {TypeId::Utf8}},
                        {"admiralty", {TypeId::Utf8}},
                        {"json", {TypeId::Utf8}}};

std::string dump_line(const OrderedJson& j) {
  // Invalid UTF-8 in a post text becomes U+FFFD rather than failing the run.
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

// The run's time, as export/stix dates its bundle: the option, else the
// latest last_activity of an assessed cluster, else the latest summary
// last_post of one, else the epoch; never the clock, so a re-run writes the
// same bytes.
std::string generated_time(const Config& config, const FindingInputs& in) {
  if (!config.timestamp.empty()) return format_ms(parse_option_time("timestamp", config.timestamp));
  std::optional<int64_t> latest;
  auto consider = [&](const std::optional<int64_t>& t) {
    if (t && (!latest || *t > *latest)) latest = t;
  };
  for (const auto& a : in.assessments) consider(in.clusters.at(a.cluster_id).last_activity_ms);
  if (!latest)
    for (const auto& a : in.assessments) {
      auto it = in.summary.find(a.cluster_id);
      if (it != in.summary.end()) consider(it->second.last_post_ms);
    }
  return format_ms(latest.value_or(0));
}

}  // namespace

const sdk::OptionTable<Config>& AlertsStage::options() {
  static const auto table =
      sdk::OptionTable<Config>()
          .string("path", &Config::path,
                  "JSON file of all alerts: an array, one alert per element, by cluster rank (indented by 2). "
                  "Relative to the pipeline file's folder. Default: none.")
          .optional()
          .min_length(1)
          .string("jsonl_path", &Config::jsonl_path,
                  "JSON Lines file: one alert per line, the same alerts in the same order as `path`. Default: none.")
          .optional()
          .min_length(1)
          .string("tlp", &Config::tlp, "amber",
                  "TLP 2.0 handling of the alerts (the STIX bundle's marking): clear, green, amber, amber+strict, red.")
          .one_of({"clear", "green", "amber", "amber+strict", "red"})
          .string("account_type", &Config::account_type, "twitter",
                  "STIX account-type-ov value of the accounts (enters their user-account ids); keep it equal to "
                  "export/stix's.")
          .min_length(1)
          .string("timestamp", &Config::timestamp,
                  "The alerts' `generated` time (ISO 8601, UTC). Default, as export/stix dates its bundle: the latest "
                  "last_activity of an assessed cluster, else the latest summary last_post of one, else "
                  "1970-01-01T00:00:00.000Z; never the clock, so a re-run writes the same bytes.")
          .optional()
          .min_length(1)
          .string("method", &Config::method, "detect/clusters: multiplex evidence fusion",
                  "The detection method the alerts name (cluster.method).")
          .min_length(1)
          .integer("max_accounts", &Config::max_accounts, 0,
                   "Accounts listed per alert, strongest membership first; 0: all. accounts_total always counts "
                   "every member.")
          .at_least(0)
          .boolean("pseudonymised", &Config::pseudonymised, false,
                   "Set when the pipeline pseudonymises accounts (normalize/pseudonymize) upstream: the account ids "
                   "and handles are then pseudonyms, and every alert says so (pseudonymised: true).")
          .check([](const Config& c) {
            if (!c.timestamp.empty()) parse_option_time("timestamp", c.timestamp);
            if (!c.path.empty() && c.path == c.jsonl_path)
              throw sdk::ConfigError("with.jsonl_path: must differ from with.path");
          });
  return table;
}

std::optional<sdk::PortTypes> AlertsStage::infer(const Config&, const sdk::PortTypes&, sdk::Context&) {
  return sdk::PortTypes{{"alerts", {"", kAlertRows}}};
}

void AlertsStage::run(const Config& config, sdk::Context& ctx) {
  const FindingInputs in = read_finding_inputs(ctx);
  for (const auto& [port, n] : in.orphan_rows)
    ctx.warn("export/alerts: " + std::to_string(n) + " row(s) of input '" + port +
             "' name a cluster that is not in input 'clusters'; they are in no alert");

  std::vector<const AssessmentRow*> order;
  for (const auto& a : in.assessments) order.push_back(&a);
  std::sort(order.begin(), order.end(), [&](const AssessmentRow* x, const AssessmentRow* y) {
    const int64_t rx = in.clusters.at(x->cluster_id).rank, ry = in.clusters.at(y->cluster_id).rank;
    return rx != ry ? rx < ry : x->cluster_id < y->cluster_id;
  });
  if (in.clusters.size() > in.assessments.size())
    ctx.warn("export/alerts: " + std::to_string(in.clusters.size() - in.assessments.size()) +
             " cluster(s) have no assessment and get no alert");

  AlertSettings s;
  std::vector<std::string> cluster_ids;
  for (const auto* a : order) cluster_ids.push_back(a->cluster_id);
  s.bundle_id = export_stix_ids::bundle_id(cluster_ids);
  s.generated = generated_time(config, in);
  s.tlp = config.tlp;
  s.account_type = config.account_type;
  s.method = config.method;
  s.max_accounts = config.max_accounts;
  s.pseudonymised = config.pseudonymised;

  const AlertSchema schema;
  AlertNotes notes;
  OrderedJson all = OrderedJson::array();
  std::vector<std::string> lines;
  Batch rows(kAlertRows);
  for (const auto* a : order) {
    OrderedJson alert = build_alert(*a, in, s, notes);
    std::string line = dump_line(alert);
    // Check the text as written (what a consumer reads), not the object built.
    const std::string bad = schema.violations(nlohmann::json::parse(line));
    if (!bad.empty())
      throw std::runtime_error("export/alerts: the alert of cluster '" + a->cluster_id +
                               "' does not match schemas/alerts.schema.json:\n" + bad);
    rows.column("alert_id").append_string(alert["alert_id"].get<std::string>());
    rows.column("cluster_id").append_string(a->cluster_id);
    rows.column("tier").append_string(a->tier);
    rows.column("admiralty").append_string(a->admiralty);
    rows.column("json").append_string(line);
    lines.push_back(std::move(line));
    all.push_back(std::move(alert));
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }

  if (!config.path.empty()) {
    export_common::AtomicFile file(ctx.resolve_path(config.path));
    file.write(all.dump(2, ' ', false, OrderedJson::error_handler_t::replace));
    file.write("\n");
    file.commit();
  }
  if (!config.jsonl_path.empty()) {
    export_common::AtomicFile file(ctx.resolve_path(config.jsonl_path));
    for (const auto& l : lines) {
      file.write(l);
      file.write("\n");
    }
    file.commit();
  }
  if (notes.accounts_cut > 0)
    ctx.info("export/alerts: " + std::to_string(notes.accounts_cut) +
             " member account(s) beyond max_accounts are not listed (accounts_total counts them)");
  if (notes.techniques_not_assessed > 0)
    ctx.warn("export/alerts: " + std::to_string(notes.techniques_not_assessed) +
             " technique row(s) name a technique missing from their assessment's techniques list; listed anyway");
  ctx.info("export/alerts: " + std::to_string(lines.size()) + " alert(s), bundle " + s.bundle_id);
  ctx.progress(static_cast<int64_t>(lines.size()));
  ctx.emit("alerts", std::move(rows));
}

}  // namespace chorus::export_alerts
