// urls/classify tests: the category of one URL under a with: config.
#pragma once

#include <string>

#include "classify_stage.hpp"

namespace chorus::urls_classify::test {

inline chorus::urls_classify::Match classify(const std::string& url,
                                             const chorus::sdk::Json& config = chorus::sdk::Json::object()) {
  chorus::urls_classify::DomainTable table;
  build_table(chorus::urls_classify::ClassifyStage::options().parse(config), table);
  return table.classify_host(chorus::urls_classify::host_of(url));
}

}  // namespace chorus::urls_classify::test
