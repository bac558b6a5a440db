#include "stix_stage.hpp"

#include <stdexcept>
#include <string>

#include "bundle_builder.hpp"
#include "disarm_bundle.hpp"
#include "export/common/atomic_file.hpp"
#include "export/stix_ids/stix_ids.hpp"
#include "finding_reader.hpp"
#include "stix_rules.hpp"
#include "stix_validate.hpp"

namespace chorus::export_stix {

namespace {

constexpr int64_t kBatchRows = 8192;

// Reads every batch of a port into the reader (nothing when unconnected).
template <class Add>
void read_port(sdk::Context& ctx, const std::string& port, Add add) {
  if (!ctx.input_type(port) && port != "clusters" && port != "assessments" && port != "members") return;
  ctx.select(port, FindingReader::columns(port));
  Batch b;
  while (ctx.read(port, b)) {
    add(b);
    if (ctx.cancelled()) throw std::runtime_error("cancelled");
  }
}

std::string first_issues(const std::vector<Issue>& issues, size_t n) {
  std::string out;
  size_t shown = 0;
  for (const auto& i : issues) {
    if (i.severity != Issue::Severity::Error) continue;
    if (shown++ == n) break;
    out += "\n  " + i.text();
  }
  return out;
}

}  // namespace

Schema objects_schema() {
  return {{"stix_id", {TypeId::Utf8}},
          {"type", {TypeId::Utf8}},
          {"name", {TypeId::Utf8}},
          {"cluster_id", {TypeId::Utf8}},
          {"json", {TypeId::Utf8}}};
}

std::optional<sdk::PortTypes> StixStage::infer(const Config&, const sdk::PortTypes&, sdk::Context&) {
  return sdk::PortTypes{{"objects", {"", objects_schema()}}};
}

void StixStage::fingerprint(const Config& config, sdk::Context& ctx) {
  if (!config.disarm_bundle.empty()) ctx.add_input_file(ctx.resolve_path(config.disarm_bundle));
}

void StixStage::run(const Config& config, sdk::Context& ctx) {
  FindingReader reader;
  read_port(ctx, "clusters", [&](const Batch& b) { reader.add_clusters(b); });
  read_port(ctx, "assessments", [&](const Batch& b) { reader.add_assessments(b); });
  read_port(ctx, "members", [&](const Batch& b) { reader.add_members(b); });
  read_port(ctx, "evidence", [&](const Batch& b) { reader.add_evidence(b); });
  read_port(ctx, "techniques", [&](const Batch& b) { reader.add_techniques(b); });
  read_port(ctx, "summary", [&](const Batch& b) { reader.add_summary(b); });
  read_port(ctx, "profile", [&](const Batch& b) { reader.add_profile(b); });
  read_port(ctx, "accounts", [&](const Batch& b) { reader.add_accounts(b); });
  for (const auto& [port, n] : reader.orphan_rows())
    ctx.warn("export/stix: " + std::to_string(n) + " row(s) of input '" + port +
             "' name a cluster that is not in the clusters input; not exported");
  const Findings findings = reader.finish();

  DisarmBundle disarm;
  if (!config.disarm_bundle.empty()) disarm = load_disarm_bundle(ctx.resolve_path(config.disarm_bundle));
  const Bundle bundle = build_bundle(findings, config, config.disarm_bundle.empty() ? nullptr : &disarm);
  if (bundle.clusters_without_assessment > 0)
    ctx.warn("export/stix: " + std::to_string(bundle.clusters_without_assessment) +
             " cluster(s) have no assessment and are not exported");
  for (const auto& s : bundle.non_iso_states)
    ctx.warn("export/stix: attributed state '" + s +
             "' is not an ISO 3166-1 alpha-2 code; its threat-actor has no location");

  // The rules and the lint are part of the product: a bundle that breaks
  // them is not written.
  RuleOptions rules;
  rules.producer_id = export_stix_ids::producer_identity_id(config.producer);
  Json envelope;
  envelope["type"] = "bundle";
  envelope["id"] = bundle.id;
  Validation checked = validate_lines(bundle.objects, envelope, rules);
  std::vector<Issue> issues = std::move(checked.rules);
  issues.insert(issues.end(), checked.lint.begin(), checked.lint.end());
  const size_t errors = count_errors(issues);
  if (errors > 0)
    throw std::runtime_error(
        "export/stix: the bundle breaks " + std::to_string(errors) +
        " STIX rule(s) or importer lint check(s); nothing written. First ones:" + first_issues(issues, 5));
  if (!issues.empty())
    ctx.warn("export/stix: " + std::to_string(issues.size()) + " warning(s), e.g. " + issues.front().text());

  export_common::AtomicFile file(ctx.resolve_path(config.path));
  export_common::BufferedWriter<export_common::AtomicFile> out(file);
  out.buffer() = "{\"type\":\"bundle\",\"id\":\"" + bundle.id + "\",\"objects\":[";
  const Schema schema = objects_schema();
  Batch batch(schema);
  for (size_t i = 0; i < bundle.objects.size(); ++i) {
    const std::string& line = bundle.objects[i];
    const ObjectMeta& m = bundle.meta[i];
    out.buffer() += i ? ",\n" : "\n";
    out.buffer() += line;
    out.maybe_flush();
    batch.column(0).append_string(m.id);
    batch.column(1).append_string(m.type);
    if (m.name.empty())
      batch.column(2).append_null();
    else
      batch.column(2).append_string(m.name);
    if (m.cluster_id.empty())
      batch.column(3).append_null();
    else
      batch.column(3).append_string(m.cluster_id);
    batch.column(4).append_string(line);
    if (batch.rows() == kBatchRows) {
      ctx.emit("objects", std::move(batch));
      batch = Batch(schema);
    }
  }
  out.buffer() += "\n]}\n";
  out.flush();
  file.commit();
  if (batch.rows() > 0) ctx.emit("objects", std::move(batch));
  ctx.progress(static_cast<int64_t>(bundle.objects.size()));
  int64_t exported = 0;
  for (const auto& c : findings.clusters) exported += c.assessment.has_value();
  ctx.info("export/stix: " + std::to_string(bundle.objects.size()) + " objects for " + std::to_string(exported) +
           " finding(s) written to " + config.path + " (" + bundle.id + ")");
}

}  // namespace chorus::export_stix
