#include "input_columns.hpp"

#include <stdexcept>
#include <vector>

#include <chorus/sdk/suggest.hpp>

namespace chorus::network_temporal {

const Column& input_column(const Batch& b, const std::string& port, const std::string& name,
                           std::initializer_list<TypeId> types, const char* expected) {
  const int i = b.index_of(name);
  if (i < 0) {
    std::vector<std::string> names;
    for (const auto& f : b.schema()) names.push_back(f.name);
    throw std::invalid_argument("input '" + port + "': no column '" + name + "'" +
                                sdk::did_you_mean(name, names, "columns"));
  }
  const Column& c = b.column(static_cast<size_t>(i));
  for (TypeId t : types)
    if (c.type().id == t) return c;
  throw std::invalid_argument("input '" + port + "': column '" + name + "' is " + c.type().name() + ", expected " +
                              expected);
}

void check_input_type(const sdk::PortTypes& inputs, const std::string& port, const std::string& name,
                      std::initializer_list<TypeId> types, const char* expected, const std::string& key) {
  auto it = inputs.find(port);
  if (it == inputs.end() || it->second.columns.empty()) return;
  std::vector<std::string> names;
  for (const auto& f : it->second.columns) {
    names.push_back(f.name);
    if (f.name != name) continue;
    for (TypeId t : types)
      if (f.type.id == t) return;
    throw std::invalid_argument((key.empty() ? "" : key + ": ") + "input '" + port + "': column '" + name + "' is " +
                                f.type.name() + ", expected " + expected);
  }
  throw std::invalid_argument((key.empty() ? "" : key + ": ") + "input '" + port + "': no column '" + name + "'" +
                              sdk::did_you_mean(name, names, "columns"));
}

}  // namespace chorus::network_temporal
