// A dataset: the batches one output port produced, with its schema and a
// content hash that does not depend on how rows were split into batches.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <chorus/sdk/table.hpp>

namespace chorus {

struct Dataset {
  std::string type_name;  // declared dataset type ("posts"), or empty
  Schema schema;
  std::vector<Batch> batches;
  int64_t rows = 0;
  std::string hash;  // dataset_hash(schema, batches)
};
using DatasetPtr = std::shared_ptr<const Dataset>;

// SHA-256 of a canonical row-major encoding: the schema, then for every row
// and column a null marker and the value. Batch boundaries do not matter.
std::string dataset_hash(const Schema& schema, const std::vector<Batch>& batches);

// Builds a Dataset and fills rows and hash.
DatasetPtr make_dataset(std::string type_name, Schema schema, std::vector<Batch> batches);

}  // namespace chorus
