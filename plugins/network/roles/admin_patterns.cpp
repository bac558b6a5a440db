#include "admin_patterns.hpp"

#include <cstdint>
#include <stdexcept>

namespace chorus::network_roles {

// Default patterns: English and Spanish self-identification as an admin or a
// team leader (documented in docs/methods.md).
const std::vector<std::string>& default_admin_patterns() {
  static const std::vector<std::string> patterns = {
      R"(\badmins?\b)",                                // admin, admins ("Admin del tren")
      R"(\badministrat(or|ors|rix)\b)",                // administrator
      R"(\badministrador(a|es|as)?\b)",                // administrador(a)
      R"(\bteam ?lead(er|ers)?\b)",                    // team leader, team lead, teamleader
      R"(\blider(es|esa)? (de|del) (equipo|team)\b)",  // líder de equipo, líder del equipo
      R"(\bjef[ae]s? (de|del) equipo\b)",              // jefe/jefa de equipo
  };
  return patterns;
}

namespace {

// ASCII of a Latin-1 Supplement letter U+00C0..U+00FF (lower case), or null.
const char* latin1_base(uint32_t cp) {
  static const char* const table[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",   // C0..CF
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",  // D0..DF
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",   // E0..EF
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "y",   // F0..FF
  };
  return cp >= 0xC0 && cp <= 0xFF ? table[cp - 0xC0] : nullptr;
}

// ASCII base letter of a Latin Extended-A letter U+0100..U+017F, or 0.
char latin_ext_a_base(uint32_t cp) {
  // Runs of code points sharing one base letter (upper/lower pairs alternate).
  struct Run {
    uint32_t first, last;
    char base;
  };
  static const Run runs[] = {
      {0x100, 0x105, 'a'}, {0x106, 0x10D, 'c'}, {0x10E, 0x111, 'd'}, {0x112, 0x11B, 'e'}, {0x11C, 0x123, 'g'},
      {0x124, 0x127, 'h'}, {0x128, 0x131, 'i'}, {0x134, 0x135, 'j'}, {0x136, 0x138, 'k'}, {0x139, 0x142, 'l'},
      {0x143, 0x14B, 'n'}, {0x14C, 0x151, 'o'}, {0x154, 0x159, 'r'}, {0x15A, 0x161, 's'}, {0x162, 0x167, 't'},
      {0x168, 0x173, 'u'}, {0x174, 0x175, 'w'}, {0x176, 0x178, 'y'}, {0x179, 0x17E, 'z'}, {0x17F, 0x17F, 's'},
  };
  for (const Run& r : runs)
    if (cp >= r.first && cp <= r.last) return r.base;
  return 0;
}

}  // namespace

std::string fold_accents_and_case(std::string_view text, bool lower_ascii) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(lower_ascii && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++i;
      continue;
    }
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    uint32_t cp = 0;
    bool valid = len > 1 && i + len <= text.size();
    if (valid) {
      cp = c & (0xFF >> (len + 1));
      for (size_t k = 1; k < len; ++k) {
        const unsigned char cc = static_cast<unsigned char>(text[i + k]);
        if ((cc & 0xC0) != 0x80) {
          valid = false;
          break;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    if (!valid) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (cp >= 0x300 && cp <= 0x36F) {
      i += len;
      continue;
    }  // combining mark (decomposed accents)
    if (const char* base = latin1_base(cp))
      out += base;
    else if (char base = latin_ext_a_base(cp))
      out.push_back(base);
    else
      out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

AdminMatcher::AdminMatcher(const std::vector<std::string>& patterns, const std::string& key) {
  for (size_t i = 0; i < patterns.size(); ++i) {
    try {
      regexes_.emplace_back(fold_accents_and_case(patterns[i], /*lower_ascii=*/false),
                            std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw std::invalid_argument(key + "[" + std::to_string(i) + "]: invalid regular expression '" + patterns[i] +
                                  "' (" + e.what() + ")");
    }
  }
}

bool AdminMatcher::matches(std::string_view description) const {
  const std::string folded = fold_accents_and_case(description);
  for (const auto& re : regexes_)
    if (std::regex_search(folded, re)) return true;
  return false;
}

}  // namespace chorus::network_roles
