#include "shuffler.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <chorus/sdk/suggest.hpp>

#include "permutation.hpp"

namespace chorus::table_shuffle {

namespace {

Schema project_schema(const Schema& s, const std::vector<size_t>& indexes) {
  Schema out;
  for (size_t i : indexes) out.push_back(s[i]);
  return out;
}

std::vector<size_t> kept_columns(const Schema& s, const ColumnPlan& plan) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); ++i)
    if (std::find(plan.shuffled.begin(), plan.shuffled.end(), i) == plan.shuffled.end()) out.push_back(i);
  return out;
}

}  // namespace

ColumnPlan plan_columns(const Config& cfg, const Schema& schema) {
  std::vector<std::string> names;
  for (const auto& f : schema) names.push_back(f.name);
  auto find = [&](const std::string& name, const std::string& key) {
    for (size_t i = 0; i < schema.size(); ++i)
      if (schema[i].name == name) return i;
    const std::string near = sdk::closest_match(name, names);
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw std::invalid_argument(key + ": no column '" + name + "' in the input" +
                                (near.empty() ? std::string() : " (did you mean '" + near + "'?)") +
                                "; its columns are: " + (list.empty() ? "(none)" : list));
  };
  ColumnPlan plan;
  for (size_t i = 0; i < cfg.columns.size(); ++i)
    plan.shuffled.push_back(find(cfg.columns[i], "with.columns[" + std::to_string(i) + "]"));
  if (!cfg.within.empty()) plan.within = find(cfg.within, "with.within");
  return plan;
}

Shuffler::Shuffler(const Config& cfg, const Schema& schema, size_t memory_limit)
    : schema_(schema),
      plan_(plan_columns(cfg, schema)),
      kept_(kept_columns(schema, plan_)),
      seed_(cfg.seed),
      rest_(project_schema(schema, kept_), memory_limit),
      values_(plan_.shuffled.size()) {}

void Shuffler::add(Batch&& b) {
  ++batches_;
  if (b.schema() != schema_) {
    auto names = [](const Schema& sc) {
      std::string out;
      for (const auto& f : sc) out += (out.empty() ? "" : ", ") + f.name + ":" + f.type.name();
      return out;
    };
    throw std::invalid_argument("input 'in': batch " + std::to_string(batches_) + " has the columns " +
                                names(b.schema()) + ", not those of batch 1 (" + names(schema_) + ")");
  }
  const int64_t n = b.rows();
  if (n == 0) return;
  if (plan_.within) groups_.add(b.column(*plan_.within));
  offsets_.push_back(offsets_.back() + n);
  for (size_t c = 0; c < plan_.shuffled.size(); ++c) values_[c].push_back(std::move(b.column(plan_.shuffled[c])));
  Batch rest(rest_.schema());
  for (size_t k = 0; k < kept_.size(); ++k) std::swap(rest.column(k), b.column(kept_[k]));
  rest.set_empty_rows(n);
  rest_.push(std::move(rest));
}

void Shuffler::shuffle() {
  if (plan_.within) {
    groups_count_ = groups_.groups();
    perm_ = grouped_permutation(groups_.ids(), groups_count_, seed_);
    groups_ = GroupIndex();  // its row ids are no longer needed
  } else {
    groups_count_ = rows() > 0 ? 1 : 0;
    perm_ = permutation(rows(), seed_);
  }
}

bool Shuffler::next(Batch& out) {
  if (perm_.size() != static_cast<size_t>(rows())) throw std::logic_error("Shuffler::next before shuffle");
  Batch rest;
  if (!rest_.pop(rest)) return false;
  const size_t k = next_batch_++;
  const int64_t first = offsets_[k], n = offsets_[k + 1] - offsets_[k];
  Batch b(schema_);
  for (size_t c = 0; c < kept_.size(); ++c) std::swap(b.column(kept_[c]), rest.column(c));
  // Where each row's new values come from: (batch, row) of perm_[i].
  std::vector<std::pair<size_t, int64_t>> from(static_cast<size_t>(n));
  for (int64_t r = 0; r < n; ++r) {
    const int64_t src = perm_[static_cast<size_t>(first + r)];
    // The last batch starting at or before src: never an empty one, as none is kept.
    const size_t sb =
        static_cast<size_t>(std::upper_bound(offsets_.begin(), offsets_.end(), src) - offsets_.begin()) - 1;
    from[static_cast<size_t>(r)] = {sb, src - offsets_[sb]};
  }
  for (size_t c = 0; c < plan_.shuffled.size(); ++c) {
    Column& col = b.column(plan_.shuffled[c]);
    col.reserve(static_cast<size_t>(n));
    for (const auto& [sb, sr] : from) col.append_from(values_[c][sb], sr);
  }
  b.set_empty_rows(n);
  out = std::move(b);
  return true;
}

}  // namespace chorus::table_shuffle
