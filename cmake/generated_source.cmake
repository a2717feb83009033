# generated_source.cmake - what the scripts that generate C sources at build
# time (embed_file.cmake, rules_hash.cmake; run with `cmake -P`) share:
#
#     include(${CMAKE_CURRENT_LIST_DIR}/generated_source.cmake)
#     require_definitions(embed_file.cmake INPUT OUTPUT)
#     ...
#     write_if_changed("${OUTPUT}" "${content}")

# Stop with "SCRIPT: -DNAME=... is required" for the first NAME that the
# command line left undefined or empty.
function(require_definitions script)
  foreach(required IN LISTS ARGN)
    if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
      message(FATAL_ERROR "${script}: -D${required}=... is required")
    endif()
  endforeach()
endfunction()

# Write `content` to `path` unless the file already holds exactly that, so
# that a build step that comes out the same does not rebuild its dependants.
function(write_if_changed path content)
  if(EXISTS "${path}")
    file(READ "${path}" previous)
    if(previous STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE "${path}" "${content}")
endfunction()
