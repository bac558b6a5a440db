// Test-only: the python3 networkx scripts that read the exported files back.
// Each prints {"directed", "multigraph", "nodes": {id: {attr: [type, value]}},
// "edges": [[source, target, {attr: [type, value]}], ...] (file order)}.
#pragma once

#include <string>

#include "support/helpers.hpp"

namespace chorus::export_graph::testing {

// True when `python3 -c "import <module>"` works: the oracle can run here.
// A test without it calls CHORUS_SKIP (support/skip.hpp).
inline bool python_has(const std::string& module) {
  return chorus::testing::run_command("python3 -c 'import " + module + "'").exit_code == 0;
}

inline constexpr const char* kDumpPrelude = R"py(
import json, sys
import networkx as nx

def typed(d):
    return {k: [type(v).__name__, v] for k, v in d.items()}

def dump(G, extra=None):
    out = {"directed": G.is_directed(), "multigraph": G.is_multigraph(),
           "nodes": {str(n): typed(d) for n, d in G.nodes(data=True)},
           "edges": [[str(u), str(v), typed(d)] for u, v, d in G.edges(data=True)]}
    if extra: out.update(extra)
    print(json.dumps(out))
)py";

inline constexpr const char* kReadGraphml = R"py(
G = nx.read_graphml(sys.argv[1])
dump(G)
)py";

// read_gexf knows GEXF 1.3; its reader lacks the 'dateTime' time format, which
// is text (ISO 8601) for this check.
inline constexpr const char* kReadGexf = R"py(
from networkx.readwrite.gexf import GEXFReader
r = GEXFReader(node_type=None, version="1.3")
r.python_type["dateTime"] = str
G = r(sys.argv[1])
dump(G, {"mode": G.graph.get("mode"), "timeformat": r.timeformat})
)py";

}  // namespace chorus::export_graph::testing
