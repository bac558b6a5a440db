# chorus_find_igraph(): find igraph 0.10 (Debian's libigraph-dev) for the
# plugins that run Leiden. Debian's igraph-targets.cmake lists the -dev
# symlinks of igraph's own dependencies (libarpack.so, libglpk.so,
# libplfit.so) as link items; without those -dev packages the link fails
# although libigraph.so.3 already names its dependencies (DT_NEEDED), so only
# the items that exist are kept. The imported targets are made global, all of
# the export set, so that a later call in another folder finds them defined
# and does not define them again.
macro(chorus_find_igraph)
  find_package(igraph CONFIG REQUIRED)
  get_target_property(_chorus_igraph_global igraph::igraph IMPORTED_GLOBAL)
  if(NOT _chorus_igraph_global)
    get_target_property(_chorus_igraph_deps igraph::igraph INTERFACE_LINK_LIBRARIES)
    if(_chorus_igraph_deps)
      set(_chorus_igraph_kept)
      foreach(dep ${_chorus_igraph_deps})
        if(NOT IS_ABSOLUTE "${dep}" OR EXISTS "${dep}")
          list(APPEND _chorus_igraph_kept "${dep}")
        endif()
      endforeach()
      set_target_properties(igraph::igraph PROPERTIES INTERFACE_LINK_LIBRARIES "${_chorus_igraph_kept}")
    endif()
    foreach(t igraph::igraph igraph::bliss igraph::cliquer igraph::cxsparse_vendored igraph::pcg igraph::prpack)
      if(TARGET ${t})
        set_target_properties(${t} PROPERTIES IMPORTED_GLOBAL TRUE)
      endif()
    endforeach()
  endif()
endmacro()
