#include "graph/dag.hpp"

#include <queue>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

namespace chorus {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

struct FoundCycle {};

class CycleRecorder : public boost::default_dfs_visitor {
 public:
  CycleRecorder(std::vector<Vertex>& parent, std::vector<size_t>& cycle) : parent_(parent), cycle_(cycle) {}
  void tree_edge(Edge e, const Graph& g) { parent_[boost::target(e, g)] = boost::source(e, g); }
  void back_edge(Edge e, const Graph& g) {
    Vertex from = boost::source(e, g), to = boost::target(e, g);
    std::vector<size_t> path;
    for (Vertex v = from; v != to; v = parent_[v]) path.push_back(v);
    path.push_back(to);
    cycle_.assign(path.rbegin(), path.rend());
    throw FoundCycle{};
  }

 private:
  std::vector<Vertex>& parent_;
  std::vector<size_t>& cycle_;
};

}  // namespace

std::optional<std::vector<size_t>> find_cycle(const Dag& dag) {
  Graph g(dag.nodes);
  for (const auto& [a, b] : dag.edges) boost::add_edge(a, b, g);
  std::vector<Vertex> parent(dag.nodes);
  std::vector<size_t> cycle;
  try {
    boost::depth_first_search(g, boost::visitor(CycleRecorder(parent, cycle)));
  } catch (const FoundCycle&) {
    return cycle;
  }
  return std::nullopt;
}

std::vector<size_t> topological_order(const Dag& dag) {
  std::vector<std::vector<size_t>> succ(dag.nodes);
  std::vector<size_t> indegree(dag.nodes, 0);
  for (const auto& [a, b] : dag.edges) {
    succ[a].push_back(b);
    ++indegree[b];
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t i = 0; i < dag.nodes; ++i)
    if (indegree[i] == 0) ready.push(i);
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t n = ready.top();
    ready.pop();
    order.push_back(n);
    for (size_t m : succ[n])
      if (--indegree[m] == 0) ready.push(m);
  }
  return order;
}

}  // namespace chorus
