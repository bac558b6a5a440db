// Columns the temporal stages read, found by name and checked by type, with
// errors that name the port, the column and what was expected.
#pragma once

#include <initializer_list>
#include <string>

#include <chorus/sdk.hpp>

namespace chorus::network_temporal {

// A column of an input batch by name and type ids, or an error naming both.
const Column& input_column(const Batch& b, const std::string& port, const std::string& name,
                           std::initializer_list<TypeId> types, const char* expected);

// Same check on an inferred input type (infer: before anything runs); `key`,
// when given, prefixes the message (the with: key that named the column).
void check_input_type(const sdk::PortTypes& inputs, const std::string& port, const std::string& name,
                      std::initializer_list<TypeId> types, const char* expected, const std::string& key = "");

}  // namespace chorus::network_temporal
