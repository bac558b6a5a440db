// The one way a test says it cannot run here: its data, oracle or tool is
// missing. ctest reports the test as skipped (cmake/ChorusTesting.cmake
// matches the line), never as passed.
#pragma once

#include <iostream>
#include <string>

// Prints the marker and returns from the test case.
#define CHORUS_SKIP(reason)                            \
  do {                                                 \
    std::cout << "SKIPPED: " << (reason) << std::endl; \
    return;                                            \
  } while (0)
