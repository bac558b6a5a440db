#include "alert_schema.hpp"

#include <stdexcept>

// valijson reports schema problems through throwRuntimeError, which aborts
// unless exceptions are enabled.
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "alerts_schema_text.hpp"

namespace chorus::export_alerts {

const char* embedded_alert_schema() { return kAlertsSchemaText; }

struct AlertSchema::Impl {
  nlohmann::json doc;
  valijson::Schema schema;
};

AlertSchema::AlertSchema(const std::string& schema_text) : impl_(std::make_unique<Impl>()) {
  impl_->doc = nlohmann::json::parse(schema_text);
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  valijson::adapters::NlohmannJsonAdapter adapter(impl_->doc);
  parser.populateSchema(adapter, impl_->schema);
}

AlertSchema::~AlertSchema() = default;

std::string AlertSchema::violations(const nlohmann::json& alert, size_t max_errors) const {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(alert);
  if (validator.validate(impl_->schema, target, &results)) return "";
  // valijson lists the enclosing failures after the innermost one; the
  // innermost errors (the deepest paths) say most, so keep the first few.
  std::string out;
  valijson::ValidationResults::Error e;
  size_t n = 0;
  while (results.popError(e) && n < max_errors) {
    std::string path;
    for (const auto& part : e.context) path += part;
    if (!out.empty()) out += "\n";
    out += path + ": " + e.description;
    ++n;
  }
  return out.empty() ? "invalid" : out;
}

}  // namespace chorus::export_alerts
