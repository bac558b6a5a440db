// Errors about user input, printed GCC style: file:line:column: error: message.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace chorus {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

struct Diagnostic {
  SourceLocation where;
  std::string severity;  // "error", "warning" or "note"
  std::string message;

  std::string format() const {
    std::string s = where.file;
    if (where.line > 0) {
      s += ":" + std::to_string(where.line);
      if (where.column > 0) s += ":" + std::to_string(where.column);
    }
    if (!s.empty()) s += ": ";
    return s + severity + ": " + message;
  }
};

class Diagnostics {
 public:
  void error(SourceLocation where, std::string message) {
    items_.push_back({std::move(where), "error", std::move(message)});
  }
  void warning(SourceLocation where, std::string message) {
    items_.push_back({std::move(where), "warning", std::move(message)});
  }
  const std::vector<Diagnostic>& all() const { return items_; }
  bool has_errors() const {
    for (const auto& d : items_)
      if (d.severity == "error") return true;
    return false;
  }
  size_t error_count() const {
    size_t n = 0;
    for (const auto& d : items_) n += d.severity == "error";
    return n;
  }
  void print(std::ostream& os) const {
    for (const auto& d : items_) os << d.format() << "\n";
  }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace chorus
