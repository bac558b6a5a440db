// ingest/table's posts rows: the cells of one record (its mapped source
// values) turned into one row of the posts type, or a reject reason.
#pragma once

#include <chorus/sdk.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "table_options.hpp"

namespace chorus::ingest_table {

// One source value of the current row.
struct Cell {
  bool null = true;
  bool is_list = false;  // a JSON array (items), else text
  std::string text;
  std::vector<std::string> items;
};

// Turns the cells of one record into one posts row (or a reject reason).
class RowBuilder {
 public:
  RowBuilder(const Options& o, Schema schema);

  Batch& batch() { return batch_; }
  Batch take();

  // Appends the row; false with `reason` set when it cannot be used.
  bool add(const std::vector<Cell>& cells, const std::string& file, int64_t line, std::string& reason);

  // The source a posts column is mapped to, as named in reasons ("?" if none).
  std::string label(const char* field) const;

 private:
  const Cell* cell(const std::vector<Cell>& cells, const char* field) const;
  // Text of a cell; nullopt for null or empty. A JSON array becomes its JSON text.
  static std::optional<std::string> text_of(const Cell& c);
  std::optional<std::string> field_text(const std::vector<Cell>& cells, const char* field) const;
  std::optional<std::vector<std::string>> list_of(const std::vector<Cell>& cells, const char* field, char strip) const;
  static void put_list(Column& col, const std::optional<std::vector<std::string>>& v);

  const Options& o_;
  Schema schema_;
  Batch batch_;
  std::map<std::string, int> slot_;
  int interaction_slot_ = -1;
};

}  // namespace chorus::ingest_table
