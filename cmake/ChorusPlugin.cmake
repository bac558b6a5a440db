# chorus_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>] [OUTPUT_DIRECTORY <dir>])
#
# Builds a Chorus plugin: a shared module whose only exported symbol is the
# versioned entry point, compiled with hidden visibility so two plugins never
# see each other's symbols.
set(_CHORUS_PLUGIN_MAP ${CMAKE_CURRENT_LIST_DIR}/chorus_plugin.map)

function(chorus_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "chorus_add_plugin(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Chorus::sdk ${ARG_LIBRARIES})
  set_target_properties(${name} PROPERTIES
    PREFIX "libchorus_"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${name} PRIVATE
    -Wl,--no-undefined -Wl,--exclude-libs,ALL -Wl,--version-script=${_CHORUS_PLUGIN_MAP})
  # The tree's shared precompiled header (plugins/CMakeLists.txt), for C++ plugins.
  list(FILTER ARG_SOURCES INCLUDE REGEX "\\.(cpp|cc|cxx)$")
  if(TARGET chorus_plugin_pch AND ARG_SOURCES)
    target_precompile_headers(${name} REUSE_FROM chorus_plugin_pch)
  endif()
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  elseif(DEFINED CHORUS_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CHORUS_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED CHORUS_PLUGIN_SUBDIR AND NOT ARG_OUTPUT_DIRECTORY)
    install(TARGETS ${name} LIBRARY DESTINATION ${CHORUS_PLUGIN_SUBDIR})
  endif()
endfunction()
