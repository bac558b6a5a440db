#include "network.hpp"

#include <algorithm>
#include <thread>

#include "model.hpp"

namespace chorus::coordination_influence {

namespace {

// One account's use of one entity: a = active source bins (k <= T-2), b =
// active target bins (k >= 1).
struct Use {
  uint32_t entity, a, b;
};

struct LagRecord {
  uint64_t pair;  // source << 32 | target
  uint32_t entity, c;
  bool operator<(const LagRecord& o) const { return pair != o.pair ? pair < o.pair : entity < o.entity; }
};

class NetworkBuilder {
 public:
  NetworkBuilder(const std::vector<Cell>& cells, size_t accounts, const std::vector<uint8_t>& entity_type, int64_t bins,
                 const Config& o)
      : cells_(cells), accounts_(accounts), entity_type_(entity_type), bins_(bins), o_(o) {}

  Network build() {
    Network net;
    if (bins_ < 2 || cells_.empty()) return net;
    n_ = bins_ - 1;
    f0_ = measure(0, 0, 0);
    build_uses();
    find_runs();
    // Load per source account, to cut passes that fit the memory budget.
    std::vector<int64_t> load(accounts_, 0);
    for (size_t r = 0; r + 1 < runs_.size(); ++r) {
      const Run& x = runs_[r];
      const Run& y = runs_[r + 1];
      if (x.entity != y.entity || y.bin != x.bin + 1) continue;
      const int64_t width = static_cast<int64_t>(y.end - y.begin);
      for (size_t k = x.begin; k < x.end; ++k) load[cells_[k].account] += width;
      net.lag1_events += width * static_cast<int64_t>(x.end - x.begin);
    }
    const int64_t budget = std::max<int64_t>(1, o_.pair_memory_mb * (int64_t{1} << 20) / int64_t{sizeof(LagRecord)});
    std::vector<uint32_t> cuts{0};
    int64_t acc = 0;
    for (uint32_t i = 0; i < accounts_; ++i) {
      if (acc > 0 && acc + load[i] > budget) cuts.push_back(i), acc = 0;
      acc += load[i];
    }
    cuts.push_back(static_cast<uint32_t>(accounts_));
    net.passes = static_cast<int>(cuts.size() - 1);
    for (size_t p = 0; p + 1 < cuts.size(); ++p) run_pass(cuts[p], cuts[p + 1], net);
    return net;
  }

 private:
  struct Run {
    uint32_t entity, bin;
    size_t begin, end;  // cells of one entity-bin
  };

  double measure(int64_t a, int64_t b, int64_t c) const { return pair_measure(a, b, c, n_, o_.measure, o_.laplace); }

  void build_uses() {
    offsets_.assign(accounts_ + 1, 0);
    std::vector<uint32_t> last(accounts_, UINT32_MAX);
    for (const Cell& c : cells_)
      if (last[c.account] != c.entity) last[c.account] = c.entity, ++offsets_[c.account + 1];
    for (size_t i = 0; i < accounts_; ++i) offsets_[i + 1] += offsets_[i];
    uses_.assign(offsets_.back(), Use{0, 0, 0});
    std::vector<size_t> fill(offsets_.begin(), offsets_.end() - 1);
    std::vector<size_t> slot(accounts_, 0);
    std::fill(last.begin(), last.end(), UINT32_MAX);
    for (int t = 0; t < kTypes; ++t) entities_of_type_[t] = 0;
    uint32_t previous_entity = UINT32_MAX;
    for (const Cell& c : cells_) {
      if (c.entity != previous_entity) ++entities_of_type_[entity_type_[c.entity]], previous_entity = c.entity;
      if (last[c.account] != c.entity) {
        last[c.account] = c.entity;
        slot[c.account] = fill[c.account]++;
        uses_[slot[c.account]].entity = c.entity;
      }
      Use& u = uses_[slot[c.account]];
      u.a += static_cast<int64_t>(c.bin) <= bins_ - 2;
      u.b += c.bin >= 1;
    }
    if (o_.average_over_all) {
      // Σ over the account's entities of f(a,0,0) - f0 (as source) and f(0,b,0) - f0 (as target).
      as_source_.assign(accounts_ * kTypes, 0.0);
      as_target_.assign(accounts_ * kTypes, 0.0);
      for (size_t i = 0; i < accounts_; ++i)
        for (size_t k = offsets_[i]; k < offsets_[i + 1]; ++k) {
          const Use& u = uses_[k];
          const int t = entity_type_[u.entity];
          as_source_[i * kTypes + t] += measure(u.a, 0, 0) - f0_;
          as_target_[i * kTypes + t] += measure(0, u.b, 0) - f0_;
        }
    }
  }

  void find_runs() {
    for (size_t i = 0; i < cells_.size();) {
      size_t j = i;
      while (j < cells_.size() && cells_[j].entity == cells_[i].entity && cells_[j].bin == cells_[i].bin) ++j;
      runs_.push_back({cells_[i].entity, cells_[i].bin, i, j});
      i = j;
    }
  }

  // Lag-1 records of the source accounts [lo, hi) for the runs [r0, r1).
  void enumerate(uint32_t lo, uint32_t hi, size_t r0, size_t r1, std::vector<LagRecord>& out) const {
    std::vector<uint64_t> keys;
    for (size_t r = r0; r < r1;) {
      const uint32_t entity = runs_[r].entity;
      keys.clear();
      size_t s = r;
      for (; s < r1 && runs_[s].entity == entity; ++s) {
        if (s + 1 >= runs_.size() || runs_[s + 1].entity != entity || runs_[s + 1].bin != runs_[s].bin + 1) continue;
        const Run& x = runs_[s];
        const Run& y = runs_[s + 1];
        for (size_t k = x.begin; k < x.end; ++k) {
          const uint32_t i = cells_[k].account;
          if (i < lo || i >= hi) continue;
          for (size_t l = y.begin; l < y.end; ++l) {
            const uint32_t j = cells_[l].account;
            if (j != i) keys.push_back(uint64_t{i} << 32 | j);
          }
        }
      }
      std::sort(keys.begin(), keys.end());
      for (size_t k = 0; k < keys.size();) {
        size_t m = k;
        while (m < keys.size() && keys[m] == keys[k]) ++m;
        out.push_back({keys[k], entity, static_cast<uint32_t>(m - k)});
        k = m;
      }
      r = s;
    }
  }

  void run_pass(uint32_t lo, uint32_t hi, Network& net) {
    const int threads = std::max(1, std::min(o_.threads, 2));
    // Split the runs at an entity boundary near the middle of the cells.
    size_t split = runs_.size();
    if (threads > 1) {
      split = 0;
      while (split < runs_.size() && runs_[split].begin < cells_.size() / 2) ++split;
      while (split > 0 && split < runs_.size() && runs_[split].entity == runs_[split - 1].entity) ++split;
    }
    std::vector<LagRecord> first, second;
    if (threads > 1) {
      std::thread helper([&] { enumerate(lo, hi, split, runs_.size(), second); });
      enumerate(lo, hi, 0, split, first);
      helper.join();
    } else {
      enumerate(lo, hi, 0, runs_.size(), first);
    }
    first.insert(first.end(), second.begin(), second.end());
    std::vector<LagRecord>().swap(second);
    std::vector<LagRecord>& records = first;
    if (threads > 1 && records.size() > 100000) {
      auto mid = records.begin() + static_cast<std::ptrdiff_t>(records.size() / 2);
      std::thread helper([&] { std::sort(records.begin(), mid); });
      std::sort(mid, records.end());
      helper.join();
      std::inplace_merge(records.begin(), mid, records.end());
    } else {
      std::sort(records.begin(), records.end());
    }
    // Pairs, grouped by the account with the longer entity list (the "owner"):
    // the owner's entities get an O(1) position array, built once per owner,
    // and the shorter list is walked in entity order. Two workers take halves.
    struct PairRef {  // 16 bytes: a pass holds at most 2^32 records (pair_memory_mb < 64 GB)
      uint32_t owner, other, begin, count_and_side;  // count << 1 | owner_is_source
    };
    std::vector<PairRef> refs;
    for (size_t k = 0; k < records.size();) {
      size_t m = k;
      while (m < records.size() && records[m].pair == records[k].pair) ++m;
      const uint32_t i = static_cast<uint32_t>(records[k].pair >> 32),
                     j = static_cast<uint32_t>(records[k].pair & 0xffffffffu);
      const bool by_source = offsets_[i + 1] - offsets_[i] >= offsets_[j + 1] - offsets_[j];
      refs.push_back({by_source ? i : j, by_source ? j : i, static_cast<uint32_t>(k),
                      static_cast<uint32_t>((m - k) << 1 | (by_source ? 1u : 0u))});
      k = m;
    }
    std::sort(refs.begin(), refs.end(), [](const PairRef& x, const PairRef& y) {
      return x.owner != y.owner ? x.owner < y.owner : x.other < y.other;
    });
    net.candidate_pairs += static_cast<int64_t>(refs.size());
    const size_t cut = threads > 1 ? refs.size() / 2 : refs.size();
    Network part[2];
    auto work = [&](int w, size_t from, size_t to) {
      std::vector<uint32_t> position(entity_type_.size(), UINT32_MAX);
      uint32_t owner = UINT32_MAX;
      auto mark = [&](uint32_t account, bool set) {
        for (size_t k = offsets_[account]; k < offsets_[account + 1]; ++k)
          position[uses_[k].entity] = set ? static_cast<uint32_t>(k - offsets_[account]) : UINT32_MAX;
      };
      for (size_t k = from; k < to; ++k) {
        const PairRef& ref = refs[k];
        if (ref.owner != owner) {
          if (owner != UINT32_MAX) mark(owner, false);
          mark(ref.owner, true);
          owner = ref.owner;
        }
        score_pair(records.data() + ref.begin, ref.count_and_side >> 1, position, (ref.count_and_side & 1) != 0,
                   part[w]);
      }
    };
    if (threads > 1) {
      std::thread helper([&] { work(1, cut, refs.size()); });
      work(0, 0, cut);
      helper.join();
    } else {
      work(0, 0, refs.size());
    }
    auto by_pair = [](const Edge& x, const Edge& y) {
      return x.source != y.source ? x.source < y.source : x.target < y.target;
    };
    for (int t = 0; t <= kTypes; ++t) {
      const size_t before = net.edges[t].size();
      for (int w = 0; w < 2; ++w)
        net.edges[t].insert(net.edges[t].end(), part[w].edges[t].begin(), part[w].edges[t].end());
      std::sort(net.edges[t].begin() + static_cast<std::ptrdiff_t>(before), net.edges[t].end(), by_pair);
    }
  }

  // position[e] = index of e in the owner's entity list (the source's if
  // owner_is_source, else the target's), UINT32_MAX if absent.
  void score_pair(const LagRecord* r, size_t m, const std::vector<uint32_t>& position, bool owner_is_source,
                  Network& out) const {
    const uint32_t i = static_cast<uint32_t>(r[0].pair >> 32), j = static_cast<uint32_t>(r[0].pair & 0xffffffffu);
    int64_t events = 0;
    for (size_t k = 0; k < m; ++k) events += r[k].c;
    if (events < o_.min_lag1_events) return;  // every record's entity is co-used: this is the pair's lag1_events
    double sum_d[kTypes] = {0, 0, 0}, correction[kTypes] = {0, 0, 0};
    int64_t count[kTypes] = {0, 0, 0}, lag[kTypes] = {0, 0, 0};
    size_t next_record = 0;
    auto visit = [&](const Use& ui, const Use& uj) {
      const uint32_t e = ui.entity;
      while (next_record < m && r[next_record].entity < e) ++next_record;
      const int64_t c = next_record < m && r[next_record].entity == e ? r[next_record].c : 0;
      const int t = entity_type_[e];
      const double d = measure(ui.a, uj.b, c);
      sum_d[t] += d;
      ++count[t];
      lag[t] += c;
      if (o_.average_over_all) correction[t] += d - measure(ui.a, 0, 0) - measure(0, uj.b, 0) + f0_;
    };
    // E_ij: the entities both used, in entity order: the other (shorter)
    // list is walked, the owner's entries found through position.
    const Use* li = uses_.data() + offsets_[i];
    const Use* lj = uses_.data() + offsets_[j];
    if (owner_is_source) {
      for (const Use *u = lj, *end = uses_.data() + offsets_[j + 1]; u != end; ++u) {
        const uint32_t k = position[u->entity];
        if (k != UINT32_MAX) visit(li[k], *u);
      }
    } else {
      for (const Use *u = li, *end = uses_.data() + offsets_[i + 1]; u != end; ++u) {
        const uint32_t k = position[u->entity];
        if (k != UINT32_MAX) visit(*u, lj[k]);
      }
    }
    double mean_d[kTypes];
    bool has[kTypes];
    double pooled_sum = 0, pooled_count = 0, types_sum = 0;
    int types_used = 0;
    int64_t coused = 0, lag1 = 0;
    for (int t = 0; t < kTypes; ++t) {
      has[t] = false;
      if (!o_.type_enabled[t]) continue;
      if (!o_.average_over_all) {
        has[t] = count[t] > 0;
        if (has[t]) mean_d[t] = sum_d[t] / static_cast<double>(count[t]);
        if (has[t]) pooled_sum += sum_d[t], pooled_count += static_cast<double>(count[t]);
      } else {
        const double entities = static_cast<double>(entities_of_type_[t]);
        has[t] = entities_of_type_[t] > 0;
        const double total = entities * f0_ + as_source_[i * kTypes + t] + as_target_[j * kTypes + t] + correction[t];
        if (has[t]) mean_d[t] = total / entities, pooled_sum += total, pooled_count += entities;
      }
      if (has[t]) types_sum += mean_d[t], ++types_used;
      coused += count[t];
      lag1 += lag[t];
      if (has[t]) emit(out.edges[t], i, j, mean_d[t], count[t], lag[t]);
    }
    if (types_used > 0)
      emit(out.edges[kAverage], i, j, o_.pooled_types ? pooled_sum / pooled_count : types_sum / types_used, coused,
           lag1);
  }

  void emit(std::vector<Edge>& edges, uint32_t i, uint32_t j, double d_mean, int64_t coused, int64_t lag1) const {
    if (!(d_mean < 1.0) || coused < o_.min_coused_entities || lag1 < o_.min_lag1_events) return;
    edges.push_back({i, j, 1.0 - d_mean, d_mean, coused, lag1});
  }

  const std::vector<Cell>& cells_;
  size_t accounts_;
  const std::vector<uint8_t>& entity_type_;
  int64_t bins_, n_ = 0;
  const Config& o_;
  double f0_ = 1;
  std::vector<size_t> offsets_;
  std::vector<Use> uses_;
  std::vector<Run> runs_;
  int64_t entities_of_type_[kTypes] = {0, 0, 0};
  std::vector<double> as_source_, as_target_;
};

}  // namespace

Network build_network(const std::vector<Cell>& cells, size_t accounts, const std::vector<uint8_t>& entity_type,
                      int64_t bins, const Config& o) {
  return NetworkBuilder(cells, accounts, entity_type, bins, o).build();
}

}  // namespace chorus::coordination_influence
