// JSON Schema (draft-07) checks with messages and positions meant for people
// editing YAML. Wraps valijson, which only json_schema.cpp includes.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "config/yaml_json.hpp"
#include "util/diagnostics.hpp"

namespace chorus {

class JsonSchema {
 public:
  // Throws std::invalid_argument when `schema` is not a usable draft-07
  // schema (bad keyword values, unresolvable $ref, invalid regex, ...).
  // Only local references ("#/definitions/...", "#/$defs/...") are supported.
  explicit JsonSchema(const nlohmann::json& schema);

  // Checks `instance` and adds one error to `diags` per violation. `instance`
  // lives at `pointer_prefix` within `where` (e.g. "/stages/posts/with"), and
  // each error is placed at where.at(pointer_prefix + <pointer in instance>).
  // Messages read "<label>.<path>: <message>" (path like with.columns[2].type,
  // "<label>: <message>" at the top, just "<path>: <message>" when `label` is
  // empty). Unknown properties (schemas with "additionalProperties": false)
  // are reported at the key with a did-you-mean hint; names failing
  // "propertyNames" are reported at the key too.
  void validate(const nlohmann::json& instance, const LocatedJson& where, const std::string& pointer_prefix,
                const std::string& label, Diagnostics& diags) const;

  // True when `instance` satisfies the schema (no diagnostics).
  bool accepts(const nlohmann::json& instance) const;

  // A copy of `instance` where every absent property whose schema has a
  // "default" is filled in, recursively into present objects and array items
  // (following local $ref and allOf). Present values are never overwritten.
  nlohmann::json with_defaults(const nlohmann::json& instance) const;

  const nlohmann::json& document() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;  // immutable, so copies share it
};

}  // namespace chorus
