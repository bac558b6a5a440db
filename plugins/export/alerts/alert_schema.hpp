// The alert JSON Schema (draft-07), parsed once, and the check of one alert
// against it. The schema text is embedded at build time
// (alerts_schema_text.hpp, generated from schemas/alerts.schema.json).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace chorus::export_alerts {

// The schema text the plugin carries.
const char* embedded_alert_schema();

class AlertSchema {
 public:
  // Parses `schema_text` (default: the embedded schema); throws on a broken schema.
  explicit AlertSchema(const std::string& schema_text = embedded_alert_schema());
  ~AlertSchema();
  AlertSchema(const AlertSchema&) = delete;
  AlertSchema& operator=(const AlertSchema&) = delete;

  // Empty when `alert` is valid; else the violations, one per line, each as
  // "<JSON path>: <what>" (at most `max_errors` of them).
  std::string violations(const nlohmann::json& alert, size_t max_errors = 5) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chorus::export_alerts
