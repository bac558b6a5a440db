#include "csv_writer.hpp"

#include <chorus/sdk/suggest.hpp>

namespace chorus::export_csv {

std::vector<size_t> selected_columns(const CsvOptions& o, const Schema& input) {
  std::vector<size_t> idx;
  if (o.columns.empty()) {
    for (size_t i = 0; i < input.size(); ++i) idx.push_back(i);
    return idx;
  }
  std::vector<std::string> names;
  for (const auto& f : input) names.push_back(f.name);
  for (size_t k = 0; k < o.columns.size(); ++k) {
    size_t i = 0;
    while (i < input.size() && input[i].name != o.columns[k]) ++i;
    if (i == input.size())
      throw std::invalid_argument("with.columns[" + std::to_string(k) + "]: no column '" + o.columns[k] + "' in input" +
                                  sdk::did_you_mean(o.columns[k], names, "columns"));
    idx.push_back(i);
  }
  return idx;
}

bool starts_like_formula(std::string_view v) {
  if (v.empty()) return false;
  const char c = v[0];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool append_text_field(std::string& out, std::string_view v, char delim, bool guard) {
  const bool guarded = guard && starts_like_formula(v);
  bool quote = v.empty();
  for (char c : v)
    if (c == delim || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  if (quote) out.push_back('"');
  if (guarded) out.push_back('\'');
  if (!quote) {
    out.append(v.data(), v.size());
  } else {
    for (char c : v) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return guarded;
}

}  // namespace chorus::export_csv
