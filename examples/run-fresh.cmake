# SPDX-License-Identifier: Apache-2.0
# Run PROGRAM with an empty directory WORKDIR as its only argument, then
# remove the directory. Used by the example tests (cmake -P).
file(REMOVE_RECURSE ${WORKDIR})
file(MAKE_DIRECTORY ${WORKDIR})
execute_process(COMMAND ${PROGRAM} ${WORKDIR} RESULT_VARIABLE rc)
file(REMOVE_RECURSE ${WORKDIR})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} failed: ${rc}")
endif()
