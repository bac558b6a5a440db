// The `with:` options of export/stix (one declaration each, in
// stix_options.cpp), also the settings of the exporter's core.
#pragma once

#include <cstdint>
#include <string>

#include <chorus/sdk.hpp>

namespace chorus::export_stix {

struct Config {
  std::string path;
  std::string tlp = "amber";
  int64_t tlp_version = 2;
  std::string producer = "Chorus";
  std::string timestamp;      // empty: from the data
  std::string disarm_bundle;  // empty: authored attack-patterns
  std::string account_type = "twitter";
  int64_t max_hashtags = 5, max_domains = 5, max_urls = 5, max_narratives = 3;
  bool observed_data = true;
  bool sightings = true;
};

const sdk::OptionTable<Config>& config_options();

}  // namespace chorus::export_stix
