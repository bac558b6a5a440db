// The JSON type of the exporter, the validator and the lint, and the finding
// they all report. ordered_json keeps the property order the builder chose,
// so a bundle is serialized the same way on every run.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chorus::export_stix {

using Json = nlohmann::ordered_json;

// One problem in a bundle: which object, where in it (RFC 6901 pointer from
// the bundle root, e.g. /objects/3/created), which rule, and why.
struct Issue {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string object_id;
  std::string pointer;
  std::string rule;
  std::string message;

  std::string text() const {
    return std::string(severity == Severity::Error ? "error" : "warning") + " [" + rule + "] " +
           (object_id.empty() ? std::string("(bundle)") : object_id) + " at " + (pointer.empty() ? "/" : pointer) +
           ": " + message;
  }
};

inline size_t count_errors(const std::vector<Issue>& issues) {
  size_t n = 0;
  for (const auto& i : issues) n += i.severity == Issue::Severity::Error;
  return n;
}

// One line of JSON as the bundle file and the `objects` port hold it;
// invalid UTF-8 in input text becomes U+FFFD instead of failing the export.
inline std::string dump_line(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace chorus::export_stix
