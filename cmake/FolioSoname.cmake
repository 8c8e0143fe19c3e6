# folio_soname(VAR PREFIX NAME): the SONAME of libNAME, one of the files
# pkg_check_modules(PREFIX ...) found, read from the file itself with
# objdump, so that the library opens at run time exactly the one it was
# built against.  Stops the configuration if it cannot be found.
function(folio_soname var prefix name)
  set(files ${${prefix}_LINK_LIBRARIES})
  list(FILTER files INCLUDE REGEX "/lib${name}\\.so[^/]*$")
  set(file "")
  if(files)
    list(GET files 0 file)
  endif()
  if(NOT file OR NOT CMAKE_OBJDUMP)
    message(FATAL_ERROR "cannot find lib${name}.so among "
      "${${prefix}_LINK_LIBRARIES} (or objdump) to read its SONAME")
  endif()
  file(REAL_PATH "${file}" file)
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p "${file}"
    OUTPUT_VARIABLE dump RESULT_VARIABLE rc ERROR_QUIET)
  if(NOT rc EQUAL 0 OR NOT dump MATCHES "SONAME +([^ \t\r\n]+)")
    message(FATAL_ERROR "cannot read the SONAME of ${file}")
  endif()
  set(${var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  message(STATUS "lib${name} is opened when a reader needs it: "
    "${CMAKE_MATCH_1}")
endfunction()
