#include "delimiter_option.hpp"

#include <chorus/sdk.hpp>

namespace chorus::io_csv {

char delimiter_byte(const std::string& d) {
  if (d.size() != 1) throw sdk::ConfigError("with.delimiter: expected a single byte, got " + sdk::Json(d).dump());
  if (d[0] == '"' || d[0] == '\n' || d[0] == '\r')
    throw sdk::ConfigError("with.delimiter: cannot be a quote or a line break");
  return d[0];
}

}  // namespace chorus::io_csv
