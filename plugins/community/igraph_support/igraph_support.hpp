// igraph keeps global state: its error handler aborts the process by default.
// IgraphErrors swaps in a handler that returns the error code for as long as
// it lives (restoring the previous one), and check() turns a code into an
// exception; the owners free igraph objects on every path.
#pragma once

#include <igraph/igraph.h>

#include <stdexcept>
#include <string>

namespace chorus::community_igraph_support {

class IgraphErrors {
 public:
  IgraphErrors() : previous_(igraph_set_error_handler(igraph_error_handler_ignore)) {}
  ~IgraphErrors() { igraph_set_error_handler(previous_); }
  IgraphErrors(const IgraphErrors&) = delete;
  IgraphErrors& operator=(const IgraphErrors&) = delete;
  static void check(igraph_error_t rc, const char* what) {
    if (rc != IGRAPH_SUCCESS)
      throw std::runtime_error(std::string("igraph: ") + what + " failed: " + igraph_strerror(rc));
  }

 private:
  igraph_error_handler_t* previous_;
};

struct Graph {
  igraph_t g;
  bool ok = false;
  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  ~Graph() {
    if (ok) igraph_destroy(&g);
  }
};

struct Vector {
  igraph_vector_t v;
  explicit Vector(igraph_integer_t n) { IgraphErrors::check(igraph_vector_init(&v, n), "vector"); }
  Vector(const Vector&) = delete;
  Vector& operator=(const Vector&) = delete;
  ~Vector() { igraph_vector_destroy(&v); }
};

struct IntVector {
  igraph_vector_int_t v;
  explicit IntVector(igraph_integer_t n) { IgraphErrors::check(igraph_vector_int_init(&v, n), "vector"); }
  IntVector(const IntVector&) = delete;
  IntVector& operator=(const IntVector&) = delete;
  ~IntVector() { igraph_vector_int_destroy(&v); }
};

}  // namespace chorus::community_igraph_support
