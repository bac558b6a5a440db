// Named dataset types ("posts", "accounts", "edges", "rejects"), declared as
// JSON files in schemas/datasets/, so ports can require them by name.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <chorus/sdk/table.hpp>

namespace chorus {

struct DatasetType {
  std::string name;
  std::string description;
  Schema columns;
  std::string json;  // the file's text, handed to plugins on request
};

// What a port carries: a type name (may be empty) and columns.
struct PortType {
  std::string name;
  Schema columns;
};

class DatasetTypes {
 public:
  // Loads every *.json in `dir`; throws with the file name on a bad file.
  void load_dir(const std::string& dir);
  void add(DatasetType t);
  const DatasetType* find(const std::string& name) const;
  std::vector<std::string> names() const;

  // Does `actual` satisfy a port that requires `required` ("any" or a type
  // name)? On failure `why` says which column is missing or mistyped.
  bool satisfies(const PortType& actual, const std::string& required, std::string& why) const;

 private:
  std::map<std::string, DatasetType> types_;
};

// Folder holding the installed schemas (pipeline.schema.json, datasets/):
// <exe>/../share/chorus/schemas when installed, else the source tree's.
std::string schema_dir();

}  // namespace chorus
