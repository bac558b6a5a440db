#include "multiplex.hpp"

#include <algorithm>
#include <tuple>

namespace chorus::detect_clusters {

Multiplex build_multiplex(const Evidence& ev) {
  struct Ref {
    uint64_t key;
    int32_t stream;
    int64_t entry;
  };
  std::vector<Ref> refs;
  size_t total = 0;
  for (const Stream& s : ev.streams()) total += s.pairs.size();
  refs.reserve(total);
  const auto& streams = ev.streams();
  for (size_t si = 0; si < streams.size(); ++si)
    for (size_t e = 0; e < streams[si].pairs.size(); ++e) {
      const PairEvidence& p = streams[si].pairs[e];
      refs.push_back({(static_cast<uint64_t>(p.a) << 32) | static_cast<uint32_t>(p.b), static_cast<int32_t>(si),
                      static_cast<int64_t>(e)});
    }
  std::sort(refs.begin(), refs.end(),
            [](const Ref& x, const Ref& y) { return std::tie(x.key, x.stream) < std::tie(y.key, y.stream); });
  Multiplex m;
  m.accounts = ev.accounts().size();
  m.stream.reserve(refs.size());
  m.entry.reserve(refs.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    if (i == 0 || refs[i].key != refs[i - 1].key) {
      m.a.push_back(static_cast<int32_t>(refs[i].key >> 32));
      m.b.push_back(static_cast<int32_t>(refs[i].key & 0xffffffffu));
      m.begin.push_back(static_cast<int64_t>(i));
    }
    m.stream.push_back(refs[i].stream);
    m.entry.push_back(refs[i].entry);
  }
  m.begin.push_back(static_cast<int64_t>(refs.size()));
  return m;
}

}  // namespace chorus::detect_clusters
