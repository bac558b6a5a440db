// The Python that independent-oracle tests call: the first of `python3` on
// PATH and Debian's /usr/bin/python3 that imports the given modules. PATH may
// lead to a Python without Debian's packages (pyenv); scripts/debian-packages.txt
// installs scipy, statsmodels, networkx and pandas for /usr/bin/python3.
#pragma once

#include <initializer_list>
#include <string>

#include "support/helpers.hpp"

namespace chorus::testing {

// Empty when no interpreter imports them all.
inline std::string python_with(const std::string& imports) {
  for (const char* py : {"python3", "/usr/bin/python3"})
    if (run_command(std::string(py) + " -c 'import " + imports + "'").exit_code == 0) return py;
  return "";
}

}  // namespace chorus::testing
