# Test programs of this tree: one per plugin (chorus_add_plugin_tests) and the
# framework's own (tests/). Not installed: out-of-tree plugins bring their own.
#
# One policy for tests that cannot run here (data, an oracle or a tool is
# missing): the test prints "SKIPPED: <why>" (CHORUS_SKIP of
# tests/support/skip.hpp) and returns, and ctest reports it as skipped, never
# passed.
include(Catch)
set(CHORUS_SKIP_REGEX "SKIPPED: ")

# Catch2's main, compiled once for every test program.
add_library(chorus_test_main OBJECT ${PROJECT_SOURCE_DIR}/tests/main.cpp)
target_link_libraries(chorus_test_main PRIVATE Catch2::Catch2)

# What every test program includes and knows: Catch2, the SDK's fake host,
# tests/support/, and where the tree and the build are.
add_library(chorus_test_support INTERFACE)
target_link_libraries(chorus_test_support INTERFACE Catch2::Catch2 Chorus::sdk)
target_include_directories(chorus_test_support INTERFACE ${PROJECT_SOURCE_DIR}/tests)
target_compile_definitions(chorus_test_support INTERFACE
  CHORUS_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  CHORUS_TEST_BINARY_DIR="${PROJECT_BINARY_DIR}"
  CHORUS_TEST_PLUGIN_DIR="${CHORUS_PLUGIN_OUTPUT_DIR}"
  CHORUS_TEST_FIXTURE_PLUGIN_DIR="${PROJECT_BINARY_DIR}/tests/fixture_plugins")
# Test code is built at -O0 (the code under test, the plugin's library, keeps
# -O3, and is linked, not recompiled): it runs on small inputs, and -O0
# compiles fastest; most of make test's cold build is test code.
target_compile_options(chorus_test_support INTERFACE -O0)

# One precompiled header for every test program: Catch2, nlohmann/json and
# the SDK are most of a test source's compile time.
add_library(chorus_test_pch OBJECT ${PROJECT_SOURCE_DIR}/tests/pch_anchor.cpp)
target_link_libraries(chorus_test_pch PRIVATE chorus_test_support)
# The header is built as for an executable (no -fPIC), as the test programs use it.
set_target_properties(chorus_test_pch chorus_test_main PROPERTIES POSITION_INDEPENDENT_CODE OFF)
target_precompile_headers(chorus_test_pch PRIVATE
  <catch2/catch.hpp> <nlohmann/json.hpp> <chorus/sdk.hpp> <chorus/sdk/testing.hpp>
  <algorithm> <cstdint> <filesystem> <fstream> <map> <set> <sstream> <string> <vector>)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # Lets ccache cache sources built with the precompiled header.
  target_compile_options(chorus_test_pch PRIVATE -fpch-preprocess)
endif()

# chorus_add_test_program(<target> LABEL <label> SOURCES <files...> [LIBRARIES <targets...>]
#                         [SEPARATE <files...>])
# SEPARATE: test files compiled on their own, outside the unity batches (their
# file-local names clash with another file's).
function(chorus_add_test_program target)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;LIBRARIES;SEPARATE" ${ARGN})
  add_executable(${target} ${ARG_SOURCES} ${ARG_SEPARATE} $<TARGET_OBJECTS:chorus_test_main>)
  if(ARG_SEPARATE)
    set_source_files_properties(${ARG_SEPARATE} TARGET_DIRECTORY ${target} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endif()
  target_link_libraries(${target} PRIVATE chorus_test_support ${ARG_LIBRARIES})
  target_precompile_headers(${target} REUSE_FROM chorus_test_pch)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fpch-preprocess)
  endif()
  # In bin/ beside the host: a test that opens a session in-process finds the
  # plugins where the host would (bin/../lib/chorus/plugins).
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin
                                             POSITION_INDEPENDENT_CODE OFF)
  # Test files compile in batches: each file repeats the parse and the
  # instantiation of Catch's and the SDK's templates, most of a test file's
  # compile time at -O0.
  if(CHORUS_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  endif()
  catch_discover_tests(${target} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES TIMEOUT 300 LABELS "${ARG_LABEL}" SKIP_REGULAR_EXPRESSION "${CHORUS_SKIP_REGEX}")
endfunction()

# chorus_add_plugin_tests(<name> SOURCES <files...> [LIBRARIES <targets...>] [SEPARATE <files...>])
# The test program <name>_tests links <name>_lib (the code the plugin ships);
# its ctest label is the plugin's family. The plugin module is built first,
# so a test may also load it through the host.
function(chorus_add_plugin_tests name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES;SEPARATE" ${ARGN})
  get_filename_component(family_dir ${CMAKE_CURRENT_SOURCE_DIR} DIRECTORY)
  get_filename_component(family ${family_dir} NAME)
  chorus_add_test_program(${name}_tests LABEL "${family}" SOURCES ${ARG_SOURCES}
                          LIBRARIES ${name}_lib ${ARG_LIBRARIES} SEPARATE ${ARG_SEPARATE})
  add_dependencies(${name}_tests ${name})
endfunction()
