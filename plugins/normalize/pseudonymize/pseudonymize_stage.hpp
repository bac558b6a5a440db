// normalize/pseudonymize: account ids, handles, mentions and display names of
// posts or accounts replaced by keyed HMAC-SHA256 pseudonyms. See docs/normalize.md.
#pragma once

#include <chorus/sdk.hpp>

#include <optional>

#include "rewrite.hpp"

namespace chorus::normalize_pseudonymize {

struct PseudonymizeStage : sdk::ConfiguredStage<Config> {
  static constexpr const char* type = "normalize/pseudonymize";
  static constexpr const char* description =
      "Replaces account ids, handles, mentions and display names by keyed HMAC-SHA256 pseudonyms";
  static constexpr const char* code_version = "1";
  static constexpr const char* ports = R"json({
  "inputs": [{"name": "in", "type": "any", "description": "posts or accounts."}],
  "outputs": [{"name": "out", "type": "any", "description": "The same rows and columns with identifiers replaced."}]
})json";
  static const sdk::OptionTable<Config>& options();

  std::optional<sdk::PortTypes> infer(const Config& config, const sdk::PortTypes& inputs, sdk::Context& ctx);
  void fingerprint(const Config& config, sdk::Context& ctx);
  void run(const Config& config, sdk::Context& ctx);
};

}  // namespace chorus::normalize_pseudonymize
