// network/states' StateNetwork without a host: reciprocity and
// centralization at their extremes, worked out by hand.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "state_network.hpp"

using chorus::network_states::StateNetwork;

TEST_CASE("network/states: a one-way flow has reciprocity 0 and a symmetric one 1", "[network.states]") {
  StateNetwork one_way;
  for (int i = 0; i < 7; ++i) one_way.add_interaction(std::string_view("XD"), std::string_view("XA"));
  CHECK(*one_way.network().reciprocity == 0.0);
  CHECK(*one_way.states()[1].reciprocity == 0.0);  // XD
  CHECK(*one_way.states()[0].reciprocity == 0.0);  // XA
  CHECK(one_way.pairs()[0].pair_reciprocity() == 0.0);
  // A star: XD -> XA only, so in-degree centralization (n = 2) is 1 and so is out.
  CHECK(*one_way.network().in_degree_centralization == 1.0);
  CHECK(*one_way.network().out_degree_centralization == 1.0);

  StateNetwork sym;
  for (int i = 0; i < 3; ++i)
    for (const char* a : {"XA", "XB", "XC"})
      for (const char* b : {"XA", "XB", "XC"})
        if (std::string(a) != b) sym.add_interaction(std::string_view(a), std::string_view(b));
  CHECK(*sym.network().reciprocity == 1.0);
  for (const auto& m : sym.states()) CHECK(*m.reciprocity == 1.0);
  CHECK(*sym.network().in_degree_centralization == 0.0);  // every state alike
  // One state alone: no centralization (n < 2), no reciprocity (W = 0).
  StateNetwork alone;
  alone.add_interaction(std::string_view("XA"), std::string_view("XA"));
  CHECK(!alone.network().in_degree_centralization);
  CHECK(!alone.network().reciprocity);
}
