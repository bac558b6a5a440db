// Per-object validation against the OASIS STIX 2.1 JSON Schemas (or a copy
// with the same layout: common/, sdos/, sros/, observables/), with valijson
// as draft 7 and every $ref resolved by file name inside the folder (the
// schemas' $ids are URLs; all file names are unique). Whole bundles are NOT
// validated with bundle.json: its oneOf misses grouping, note, location,
// opinion, incident and extension-definition, so valid objects of those
// types fail it (stix.md section 7.1). Custom types are checked against
// core.json when they have `created`, else cyber-observable-core.json.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "stix_json.hpp"

namespace chorus::export_stix {

class SchemaValidator {
 public:
  // Throws std::runtime_error when the folder holds no common/core.json.
  explicit SchemaValidator(const std::string& schema_dir);
  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

  // Issues of one object (index: its place in the bundle, for the pointer).
  std::vector<Issue> validate(const Json& object, size_t index);
  std::vector<Issue> validate_all(const std::vector<Json>& objects);
  // The schema file an object is checked against, relative to the folder.
  std::string schema_for(const Json& object) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chorus::export_stix
