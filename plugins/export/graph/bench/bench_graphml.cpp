// Benchmark of export/graphml's core: build the model (intern, sort) and write
// GraphML for 1 million edges among 100 000 nodes with typed attributes, from
// seeded in-memory data. Also times GEXF for comparison.
// Prints ROW|label|figure|goal|verdict lines for bench/run.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "export/common/atomic_file.hpp"
#include "gexf_stage.hpp"
#include "gexf_writer.hpp"
#include "graph_model.hpp"
#include "graphml_stage.hpp"
#include "graphml_writer.hpp"

namespace eg = chorus::export_graph;
using chorus::Batch;
using chorus::Schema;
using chorus::TypeId;

namespace {

uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU seconds of this process: on a loaded shared machine the wall time
// includes waiting for a core; both are printed.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

int main() {
  constexpr int64_t kNodes = 100000, kEdges = 1000000, kBatch = 65536;
  uint64_t seed = 20261122;
  const char* kinds[] = {"retweet", "reply", "quote", "mention"};
  const char* scopes[] = {"intra", "inter", "external", "unattributed"};
  const char* states[] = {"RU", "IR", "CN", "VE", "SA"};
  const char* roles[] = {"seed", "amplifier", "bridge", "peripheral"};
  const auto id = [](int64_t n) { return "acct_" + std::to_string(n); };

  Schema es = {{"source", {TypeId::Utf8}},    {"target", {TypeId::Utf8}},
               {"weight", {TypeId::Float64}}, {"type", {TypeId::Utf8}},
               {"scope", {TypeId::Utf8}},     {"time", {TypeId::Timestamp, chorus::TimeUnit::Milli}},
               {"likes", {TypeId::Int64}}};
  std::vector<Batch> edges;
  for (int64_t done = 0; done < kEdges; done += kBatch) {
    Batch b(es);
    for (int64_t i = done; i < std::min(kEdges, done + kBatch); ++i) {
      const int64_t s = static_cast<int64_t>(splitmix64(seed) % kNodes);
      int64_t t = static_cast<int64_t>(splitmix64(seed) % kNodes);
      if (t == s) t = (t + 1) % kNodes;
      b.column(0).append_string(id(s));
      b.column(1).append_string(id(t));
      b.column(2).append_double(static_cast<double>(splitmix64(seed) % 1000) / 8.0);
      b.column(3).append_string(kinds[splitmix64(seed) % 4]);
      b.column(4).append_string(scopes[splitmix64(seed) % 4]);
      b.column(5).append_int(1577836800000 + static_cast<int64_t>(splitmix64(seed) % 94608000000ull));
      if (splitmix64(seed) % 10 == 0)
        b.column(6).append_null();
      else
        b.column(6).append_int(static_cast<int64_t>(splitmix64(seed) % 500));
    }
    edges.push_back(std::move(b));
  }
  Schema ns = {
      {"account", {TypeId::Utf8}}, {"state", {TypeId::Utf8}}, {"role", {TypeId::Utf8}}, {"followers", {TypeId::Int64}}};
  Batch nodes(ns);
  for (int64_t n = 0; n < kNodes; ++n) {
    nodes.column(0).append_string(id(n));
    nodes.column(1).append_string(states[splitmix64(seed) % 5]);
    nodes.column(2).append_string(roles[splitmix64(seed) % 4]);
    nodes.column(3).append_int(static_cast<int64_t>(splitmix64(seed) % 100000));
  }

  const std::string path = "/tmp/chorus_bench_graphml_" + std::to_string(::getpid()) + ".graphml";
  // The options as the stages parse them (defaults from their option tables).
  const eg::GraphOptions o = eg::GraphmlStage::options().parse({{"path", path}, {"node_id", "account"}});

  // The stage moves its input batches into the model; copies are made here,
  // outside the timed parts, so each run starts from its own.
  std::vector<Batch> edges_a = edges, edges_x = edges;
  std::vector<Batch> nodes_1{nodes}, nodes_a{nodes}, nodes_x{nodes};

  // GraphML, every row an edge, written to a real file (atomic).
  const double c0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  eg::GraphModel g = eg::build_graph(o, es, std::move(edges), &ns, std::move(nodes_1));
  const double t_build = seconds_since(t0);
  const double c_build = cpu_seconds() - c0;
  auto t1 = std::chrono::steady_clock::now();
  size_t bytes = 0;
  {
    chorus::export_common::AtomicFile file(path);
    eg::WriteStats st;
    eg::write_graphml(g, o, file, st);
    bytes = file.bytes();
    file.commit();
  }
  const double t_write = seconds_since(t1);
  const double t_total = seconds_since(t0);
  const double c_total = cpu_seconds() - c0;
  std::remove(path.c_str());
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("graphml: %zu nodes, %zu edges, %.1f MB; build %.2f s (CPU %.2f), write %.2f s (CPU %.2f)\n",
              g.node_ids.size(), g.edges.size(), mb, t_build, c_build, t_write, c_total - c_build);

  // GraphML with aggregation (weight = count, likes = sum) to memory-less sink.
  const eg::GraphOptions oa = eg::GraphmlStage::options().parse(
      {{"path", path}, {"node_id", "account"}, {"aggregate", {{"likes", {{"sum", "likes"}}}, {"weight", "count"}}}});
  auto t2 = std::chrono::steady_clock::now();
  eg::GraphModel ga = eg::build_graph(oa, es, std::move(edges_a), &ns, std::move(nodes_a));
  chorus::export_common::CountingSink counted;
  eg::WriteStats sta;
  eg::write_graphml(ga, oa, counted, sta);
  const double t_agg = seconds_since(t2);

  // GEXF, dynamic (time spells), counting sink.
  const eg::GraphOptions ox =
      eg::GexfStage::options().parse({{"path", path}, {"node_id", "account"}, {"time", "time"}});
  auto t3 = std::chrono::steady_clock::now();
  eg::GraphModel gx = eg::build_graph(ox, es, std::move(edges_x), &ns, std::move(nodes_x));
  chorus::export_common::CountingSink counted_x;
  eg::WriteStats stx;
  eg::write_gexf(gx, ox, &ns, counted_x, stx);
  const double t_gexf = seconds_since(t3);

  std::printf("ROW|export/graphml 1M edges 100k nodes: wall seconds (build + write file)|%.2f|< 10|%s\n", t_total,
              t_total < 10 ? "PASS" : "MISS");
  std::printf("ROW|export/graphml 1M edges 100k nodes: CPU seconds|%.2f|-|-\n", c_total);
  std::printf("ROW|export/graphml 1M edges: MB/s written, wall (%.0f MB file)|%.0f|>= 50|%s\n", mb, mb / t_total,
              mb / t_total >= 50 ? "PASS" : "MISS");
  std::printf("ROW|export/graphml 1M edges: MB/s written, CPU|%.0f|-|-\n", mb / c_total);
  std::printf("ROW|export/graphml 1M edges aggregated (count+sum): seconds|%.2f|-|-\n", t_agg);
  std::printf("ROW|export/gexf 1M edges dynamic: seconds (%.0f MB)|%.2f|-|-\n",
              static_cast<double>(counted_x.bytes) / 1e6, t_gexf);
  std::printf("RESULT graphml_seconds %.3f\nRESULT graphml_mb_per_s %.1f\n", t_total, mb / t_total);
  return 0;
}
