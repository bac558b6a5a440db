#include "post_table.hpp"

#include <cmath>
#include <functional>
#include <stdexcept>

namespace chorus::stats_engagement {

const char* scope_name(PostScope s) {
  switch (s) {
    case PostScope::Inter:
      return "inter";
    case PostScope::Intra:
      return "intra";
    case PostScope::External:
      return "external";
  }
  return "?";
}

void PostTable::add(const Batch& b) {
  const Cols c = columns(b);
  std::vector<double> vals(metrics_.size());
  std::string key;
  for (int64_t r = 0; r < b.rows(); ++r) {
    ++tally_.rows;
    if (c.type->is_null(r)) {
      ++tally_.null_type;
      continue;
    }
    if (excluded(c.type->str(r))) {
      ++tally_.excluded_type;
      continue;
    }
    if (c.scope->is_null(r)) {
      ++tally_.bad_scope;
      continue;
    }
    const std::string_view sc = c.scope->str(r);
    PostScope scope;
    if (sc == "inter")
      scope = PostScope::Inter;
    else if (sc == "intra")
      scope = PostScope::Intra;
    else if (sc == "external")
      scope = PostScope::External;
    else if (sc == "unattributed") {
      ++tally_.unattributed;
      continue;
    } else {
      ++tally_.bad_scope;
      continue;
    }
    if (c.state->is_null(r)) {
      ++tally_.unattributed;
      continue;
    }
    if (c.post_id->is_null(r)) {
      ++tally_.null_key;
      continue;
    }
    key.clear();
    if (c.platform && !c.platform->is_null(r)) key.append(c.platform->str(r));
    key.push_back('\x1f');  // unit separator: no platform name holds it
    key.append(c.post_id->str(r));
    for (size_t m = 0; m < metrics_.size(); ++m) vals[m] = read_metric(*c.metrics[m], r);
    const uint32_t state = state_index(c.state->str(r));

    // Edges of one post usually come together: check the last post before hashing.
    size_t post;
    if (!state_.empty() && key == this->key(state_.size() - 1))
      post = state_.size() - 1;
    else
      post = find_or_insert(key, state, scope, vals);
    if (post == kInserted) continue;
    if (static_cast<uint8_t>(scope) > scope_[post]) scope_[post] = static_cast<uint8_t>(scope);
    bool same = state_[post] == state;
    for (size_t m = 0; m < metrics_.size() && same; ++m) {
      const double old = values_[post * metrics_.size() + m];
      same = (std::isnan(old) && std::isnan(vals[m])) || old == vals[m];
    }
    if (!same && !conflicted_[post]) conflicted_[post] = 1, ++tally_.conflicting_posts;
  }
}

PostTable::Cols PostTable::columns(const Batch& b) const {
  auto need = [&](const std::string& name) -> const Column& {
    if (b.index_of(name) < 0) throw std::runtime_error("stats/engagement: input has no column '" + name + "'");
    return b.column(name);
  };
  Cols c;
  if (b.index_of("platform") >= 0) c.platform = &b.column("platform");
  c.post_id = &need("post_id");
  c.type = &need("type");
  c.scope = &need("scope");
  c.state = &need("source_state");
  for (const auto& m : metrics_) {
    const Column& col = need(m);
    if (col.type().id != TypeId::Int64 && col.type().id != TypeId::Float64)
      throw std::runtime_error("stats/engagement: column '" + m + "' is " + col.type().name() +
                               ", expected int64 or float64");
    c.metrics.push_back(&col);
  }
  return c;
}

double PostTable::read_metric(const Column& col, int64_t r) {
  if (col.is_null(r)) return std::numeric_limits<double>::quiet_NaN();
  return col.type().id == TypeId::Int64 ? static_cast<double>(col.int64(r)) : col.float64(r);
}

bool PostTable::excluded(std::string_view type) const {
  for (const auto& t : exclude_)
    if (type == t) return true;
  return false;
}

uint32_t PostTable::state_index(std::string_view s) {
  if (last_state_ < state_names_.size() && state_names_[last_state_] == s) return last_state_;
  auto it = state_ids_.find(std::string(s));
  if (it == state_ids_.end()) {
    it = state_ids_.emplace(std::string(s), static_cast<uint32_t>(state_names_.size())).first;
    state_names_.emplace_back(s);
  }
  return last_state_ = it->second;
}

// Open addressing, linear probing; slot holds post number + 1 (0 = empty).
size_t PostTable::find_or_insert(const std::string& key, uint32_t state, PostScope scope,
                                 const std::vector<double>& vals) {
  const uint64_t h = std::hash<std::string_view>{}(key);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint32_t s = slots_[i];
    if (s == 0) break;
    if (hash_[s - 1] == h && this->key(s - 1) == key) return s - 1;
  }
  // Insert a new post.
  const size_t post = state_.size();
  if (post >= std::numeric_limits<uint32_t>::max() - 1)
    throw std::runtime_error("stats/engagement: more than 4 billion posts");
  if (key_start_.empty()) key_start_.push_back(0);
  arena_.append(key);
  key_start_.push_back(arena_.size());
  hash_.push_back(h);
  state_.push_back(state);
  scope_.push_back(static_cast<uint8_t>(scope));
  conflicted_.push_back(0);
  values_.insert(values_.end(), vals.begin(), vals.end());
  if ((post + 1) * 4 > slots_.size() * 3)
    grow();  // load factor 3/4
  else
    place(post);
  return kInserted;
}

void PostTable::place(size_t post) {
  const size_t mask = slots_.size() - 1;
  size_t i = hash_[post] & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = static_cast<uint32_t>(post + 1);
}

void PostTable::grow() {
  slots_.assign(slots_.size() * 2, 0);
  for (size_t p = 0; p < state_.size(); ++p) place(p);
}

}  // namespace chorus::stats_engagement
