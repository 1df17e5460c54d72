# Compiles an empty file that includes HEADER with the include path a target
# builds with (INCLUDES, '|'-separated), and checks the outcome is EXPECT:
# "allowed" must compile, "refused" must fail because the header is not
# found, not for any other reason. Run by the IncludeCompiles.* tests.
string(REPLACE "|" ";" includes "${INCLUDES}")
list(TRANSFORM includes PREPEND "-I")
execute_process(
  COMMAND ${COMPILER} -std=c++20 -fsyntax-only ${includes} -include ${HEADER} -x c++ /dev/null
  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(EXPECT STREQUAL "allowed")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${HEADER} should compile with this include path but did not:\n${output}")
  endif()
elseif(EXPECT STREQUAL "refused")
  if(status EQUAL 0)
    message(FATAL_ERROR "${HEADER} compiled with this include path; the target must not see it")
  endif()
  string(FIND "${output}" "${HEADER}: No such file" not_found)
  if(not_found EQUAL -1)
    message(FATAL_ERROR "${HEADER} failed for another reason than not being found:\n${output}")
  endif()
else()
  message(FATAL_ERROR "EXPECT is '${EXPECT}': use allowed or refused")
endif()
