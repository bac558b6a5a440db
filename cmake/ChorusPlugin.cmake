# Building Chorus plugins, in this tree and out of it.
#
# chorus_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>] [OUTPUT_DIRECTORY <dir>])
#
#   Builds the plugin library libchorus_<name>.so: a shared module whose only
#   exported symbol is the versioned entry point, compiled with hidden
#   visibility so two plugins never see each other's symbols.
#
#   When SOURCES holds a plugin.cpp (the file with CHORUS_PLUGIN), the other
#   sources are compiled once into the static library <name>_lib, which the
#   module links and which a test program links too (chorus_add_plugin_tests):
#   the code tested is the code shipped. LIBRARIES are linked by <name>_lib.
#
#   The module carries its code identity: a hash of the files it is built
#   from (its folder, but for tests/ and bench/, the files of the shared
#   targets it links, made with chorus_add_shared_code, and the Chorus SDK
#   headers). The host keys cached results by it, so a change to any of those
#   files invalidates them.
#
# chorus_add_shared_code(<target> [SOURCES <files...>] [HEADERS <files...>] [LIBRARIES <targets...>])
#
#   Code several plugins share: a static library (an interface library when
#   there are no SOURCES) whose include root is the plugins folder, so it is
#   included as "<family>/<folder>/<file>.hpp". Its files count in the code
#   identity of every plugin that links it. HEADERS default to the folder's.
#
# chorus_add_plugin_tests(<name> SOURCES <files...> [LIBRARIES <targets...>])
#
#   (This tree.) The test program <name>_tests of plugin <name>, linking
#   <name>_lib; every test case is a ctest test labelled by the family.
set(_CHORUS_PLUGIN_MAP ${CMAKE_CURRENT_LIST_DIR}/chorus_plugin.map)
set(_CHORUS_CODE_IDENTITY_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/ChorusCodeIdentity.cmake)

function(chorus_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "chorus_add_plugin(${name}): SOURCES is required")
  endif()
  set(entry_sources)
  set(lib_sources)
  foreach(src ${ARG_SOURCES})
    get_filename_component(file ${src} NAME)
    if(file STREQUAL "plugin.cpp")
      list(APPEND entry_sources ${src})
    else()
      list(APPEND lib_sources ${src})
    endif()
  endforeach()
  if(NOT entry_sources)  # one file holds everything (a small out-of-tree plugin)
    set(entry_sources ${ARG_SOURCES})
    set(lib_sources)
  endif()

  add_library(${name} MODULE ${entry_sources} ${CMAKE_CURRENT_BINARY_DIR}/${name}_code_identity.cpp)
  target_link_libraries(${name} PRIVATE Chorus::sdk)
  if(lib_sources)
    add_library(${name}_lib STATIC ${lib_sources})
    target_link_libraries(${name}_lib PUBLIC Chorus::sdk ${ARG_LIBRARIES})
    target_include_directories(${name}_lib PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    _chorus_hidden(${name}_lib)
    if(CHORUS_UNITY_BUILD)
      set_target_properties(${name}_lib PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
    endif()
    target_link_libraries(${name} PRIVATE ${name}_lib)
  else()
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
    target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  set_target_properties(${name} PROPERTIES PREFIX "libchorus_")
  _chorus_hidden(${name})
  target_link_options(${name} PRIVATE
    -Wl,--no-undefined -Wl,--exclude-libs,ALL -Wl,--version-script=${_CHORUS_PLUGIN_MAP})
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  elseif(DEFINED CHORUS_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CHORUS_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED CHORUS_PLUGIN_SUBDIR AND NOT ARG_OUTPUT_DIRECTORY)
    install(TARGETS ${name} LIBRARY DESTINATION ${CHORUS_PLUGIN_SUBDIR})
    set_property(GLOBAL APPEND PROPERTY CHORUS_PLUGIN_TARGETS ${name})
  endif()

  # The code identity: the files are listed once the whole tree is read (a
  # shared target linked may be defined after this folder), and the hash is
  # taken at build time, its depfile naming every file it read.
  file(GLOB_RECURSE own_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(FILTER own_files EXCLUDE REGEX "^${CMAKE_CURRENT_SOURCE_DIR}/(tests|bench)/")
  set_property(TARGET ${name} PROPERTY CHORUS_CODE_FILES ${own_files})
  set_property(TARGET ${name} PROPERTY CHORUS_CODE_LINKS ${ARG_LIBRARIES})
  set(list_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_code_files.txt)
  set(identity ${CMAKE_CURRENT_BINARY_DIR}/${name}_code_identity.cpp)
  cmake_language(EVAL CODE
    "cmake_language(DEFER DIRECTORY [[${CMAKE_SOURCE_DIR}]] CALL _chorus_code_files [[${name}]] [[${list_file}]])")
  if(NOT EXISTS ${list_file})
    file(WRITE ${list_file} "")
  endif()
  add_custom_command(
    OUTPUT ${identity}
    COMMAND ${CMAKE_COMMAND} -DLIST=${list_file} -DOUT=${identity} -DDEPFILE=${identity}.d
            -P ${_CHORUS_CODE_IDENTITY_SCRIPT}
    DEPENDS ${list_file} ${_CHORUS_CODE_IDENTITY_SCRIPT}
    DEPFILE ${identity}.d
    COMMENT "Code identity of plugin ${name}"
    VERBATIM)
endfunction()

function(chorus_add_shared_code target)
  cmake_parse_arguments(ARG "" "" "SOURCES;HEADERS;LIBRARIES" ${ARGN})
  if(NOT ARG_HEADERS)
    file(GLOB ARG_HEADERS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.hpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  endif()
  get_filename_component(plugins_root ${CMAKE_CURRENT_SOURCE_DIR}/../.. ABSOLUTE)
  if(ARG_SOURCES)
    add_library(${target} STATIC ${ARG_SOURCES})
    target_link_libraries(${target} PUBLIC Chorus::sdk ${ARG_LIBRARIES})
    target_include_directories(${target} PUBLIC ${plugins_root})
    _chorus_hidden(${target})
  else()
    add_library(${target} INTERFACE)
    target_link_libraries(${target} INTERFACE Chorus::sdk ${ARG_LIBRARIES})
    target_include_directories(${target} INTERFACE ${plugins_root})
  endif()
  set(files)
  foreach(f ${ARG_SOURCES} ${ARG_HEADERS})
    get_filename_component(abs ${f} ABSOLUTE)
    list(APPEND files ${abs})
  endforeach()
  set_property(TARGET ${target} PROPERTY CHORUS_CODE_FILES ${files})
  set_property(TARGET ${target} PROPERTY CHORUS_CODE_LINKS ${ARG_LIBRARIES})
endfunction()

function(_chorus_hidden target)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden C_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  # The tree's shared precompiled header (plugins/CMakeLists.txt), for C++ code.
  get_target_property(sources ${target} SOURCES)
  set(c_sources ${sources})
  list(FILTER c_sources INCLUDE REGEX "\\.c$")
  list(FILTER sources INCLUDE REGEX "\\.(cpp|cc|cxx)$")
  if(TARGET chorus_plugin_pch AND sources AND NOT c_sources)
    target_precompile_headers(${target} REUSE_FROM chorus_plugin_pch)
  endif()
endfunction()

# Files of `target` and of the shared code it links, transitively.
function(_chorus_collect_code_files target out)
  set(files)
  set(queue ${target})
  set(seen)
  while(queue)
    list(POP_FRONT queue t)
    if(t IN_LIST seen OR NOT TARGET ${t})
      continue()
    endif()
    list(APPEND seen ${t})
    get_target_property(own ${t} CHORUS_CODE_FILES)
    if(own)
      list(APPEND files ${own})
    endif()
    get_target_property(links ${t} CHORUS_CODE_LINKS)
    if(links)
      list(APPEND queue ${links})
    endif()
  endwhile()
  set(${out} ${files} PARENT_SCOPE)
endfunction()

# Writes the list of files plugin `name` is built from (rewritten only when it changes).
function(_chorus_code_files name list_file)
  _chorus_collect_code_files(${name} files)
  get_target_property(sdk_dirs Chorus::sdk INTERFACE_INCLUDE_DIRECTORIES)
  foreach(dir ${sdk_dirs})
    string(REGEX REPLACE "^\\$<BUILD_INTERFACE:(.*)>$" "\\1" dir "${dir}")
    if(dir MATCHES "^\\$<" OR NOT IS_DIRECTORY "${dir}/chorus")
      continue()
    endif()
    file(GLOB_RECURSE sdk_files "${dir}/chorus/*")
    list(APPEND files ${sdk_files})
  endforeach()
  list(REMOVE_DUPLICATES files)
  list(SORT files)
  string(REPLACE ";" "\n" text "${files}")
  file(CONFIGURE OUTPUT ${list_file} CONTENT "${text}\n")
endfunction()
