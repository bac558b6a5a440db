// Rows of the interactions type for the engagement tests: its columns, and
// one row from a post's type, state, scope and metrics.
#pragma once

#include <chorus/sdk/testing.hpp>

#include <string>
#include <vector>

namespace chorus::stats_engagement::test {

using namespace chorus::sdk::testing;

inline chorus::Schema interactions_schema() {
  return schema({{"platform", "utf8"},
                 {"post_id", "utf8"},
                 {"source", "utf8"},
                 {"target", "utf8"},
                 {"type", "utf8"},
                 {"time", "timestamp[ms]"},
                 {"likes", "int64"},
                 {"shares", "int64"},
                 {"replies", "int64"},
                 {"source_state", "utf8"},
                 {"target_state", "utf8"},
                 {"scope", "utf8"},
                 {"hashtags", "list<utf8>"},
                 {"urls", "list<utf8>"}});
}

// One interactions row; state "" and metrics < 0 are nulls.
inline std::vector<Cell> edge(const std::string& post, const std::string& type, const std::string& state,
                              const std::string& scope, int64_t likes, int64_t shares, int64_t replies,
                              const std::string& target_state = "") {
  auto n = [](int64_t v) -> Cell { return v < 0 ? Cell(null) : Cell(v); };
  auto s = [](const std::string& v) -> Cell { return v.empty() ? Cell(null) : Cell(v); };
  return {std::string("twitter"),
          post,
          std::string("a_") + post,
          std::string("b"),
          type,
          int64_t{0},
          n(likes),
          n(shares),
          n(replies),
          s(state),
          s(target_state),
          scope,
          StrList{},
          StrList{}};
}

}  // namespace chorus::stats_engagement::test
