// The group of every row under `with.within`: rows with equal values of a
// column share a group, nulls form one group of their own; ids are numbered
// in order of first appearance, so they follow the input order and not a hash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <chorus/sdk.hpp>

namespace chorus::table_shuffle {

class GroupIndex {
 public:
  // Appends the group id of every row of `col` (the next rows of the table).
  void add(const Column& col);
  const std::vector<uint32_t>& ids() const { return ids_; }
  uint32_t groups() const { return groups_; }

 private:
  uint32_t new_id();

  std::unordered_map<std::string, uint32_t> by_key_;
  std::optional<uint32_t> null_id_;
  std::vector<uint32_t> ids_;
  uint32_t groups_ = 0;
  std::string key_;  // reused buffer
};

}  // namespace chorus::table_shuffle
