#include "group_index.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace chorus::table_shuffle {

namespace {

// The bytes that identify a non-null cell among the cells of its column (one
// type per column, so no type tag is needed).
void key_of(const Column& c, int64_t r, std::string& key) {
  key.clear();
  auto put = [&key](const void* p, size_t n) { key.append(static_cast<const char*>(p), n); };
  switch (c.type().id) {
    case TypeId::Bool:
    case TypeId::Int64:
    case TypeId::Timestamp: {
      const int64_t v = c.int64(r);
      put(&v, sizeof v);
      break;
    }
    case TypeId::Float64: {
      // Equal values, one group: -0.0 is 0.0, and every NaN is one value.
      double v = c.float64(r);
      if (v == 0) v = 0;
      if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
      put(&v, sizeof v);
      break;
    }
    case TypeId::Utf8: {
      const auto s = c.str(r);
      put(s.data(), s.size());
      break;
    }
    case TypeId::ListUtf8:
      // Length-prefixed items: ["a,b"] and ["a", "b"] differ.
      for (int64_t j = 0; j < c.list_size(r); ++j) {
        const auto s = c.list_item(r, j);
        const auto n = static_cast<uint64_t>(s.size());
        put(&n, sizeof n);
        put(s.data(), s.size());
      }
      break;
  }
}

}  // namespace

uint32_t GroupIndex::new_id() {
  if (groups_ == std::numeric_limits<uint32_t>::max())
    throw std::length_error("with.within: more than 4,294,967,294 distinct values");
  return groups_++;
}

void GroupIndex::add(const Column& col) {
  ids_.reserve(ids_.size() + static_cast<size_t>(col.size()));
  for (int64_t r = 0; r < col.size(); ++r) {
    if (col.is_null(r)) {
      if (!null_id_) null_id_ = new_id();
      ids_.push_back(*null_id_);
      continue;
    }
    key_of(col, r, key_);
    auto it = by_key_.find(key_);
    if (it == by_key_.end()) it = by_key_.emplace(key_, new_id()).first;
    ids_.push_back(it->second);
  }
}

}  // namespace chorus::table_shuffle
