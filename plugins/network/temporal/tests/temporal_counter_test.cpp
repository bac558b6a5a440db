// network/temporal's counter without a host: the peak distance classes at their boundaries.
#include <catch2/catch.hpp>

#include <string>

#include "temporal_counter.hpp"

using chorus::network_temporal::peak_distance_class;

TEST_CASE("network/temporal: peak distance classes at their boundaries", "[network.temporal]") {
  CHECK(std::string(peak_distance_class(0)) == "same month");
  CHECK(std::string(peak_distance_class(1)) == "< 3 months");
  CHECK(std::string(peak_distance_class(-2)) == "< 3 months");
  CHECK(std::string(peak_distance_class(3)) == "3-12 months");
  CHECK(std::string(peak_distance_class(-3)) == "3-12 months");
  CHECK(std::string(peak_distance_class(12)) == "3-12 months");
  CHECK(std::string(peak_distance_class(13)) == "> 1 year");
  CHECK(std::string(peak_distance_class(-40)) == "> 1 year");
}
