// Administrator self-identification in profile descriptions.
//
// A description is folded (ASCII and Latin-1/Latin Extended-A letters lower-
// cased and stripped of accents, combining marks U+0300..U+036F removed,
// ß -> ss) and then searched with ECMAScript regular expressions, compiled
// case-insensitively from the patterns with their accents folded the same
// way, so "Líder de Equipo", "LIDER DE EQUIPO" and "líder de equipo" match
// the one pattern "lider de equipo".
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::network_roles {

// Default patterns: English and Spanish self-identification as an admin or a
// team leader (documented in docs/methods.md).
const std::vector<std::string>& default_admin_patterns();

// Lower-cases ASCII and Latin letters and removes their accents; every other
// character (and invalid UTF-8) is copied unchanged.
// With lower_ascii false ASCII is kept as is (for regex patterns, where \W
// and \w differ; the regex is compiled case-insensitive instead).
std::string fold_accents_and_case(std::string_view text, bool lower_ascii = true);

// The compiled patterns; matches() tells whether a description self-identifies.
class AdminMatcher {
 public:
  // Throws std::invalid_argument naming `key` ("with.admin_patterns[2]: ...").
  AdminMatcher(const std::vector<std::string>& patterns, const std::string& key);
  bool matches(std::string_view description) const;

 private:
  std::vector<std::regex> regexes_;
};

}  // namespace chorus::network_roles
