# Install the built library into a scratch prefix, then configure and build
# examples/consumer against it twice: through find_package and pkg-config.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()
foreach(mode find_package pkg-config)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK}/build-${mode}
                          -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCONSUMER_MODE=${mode}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configure (${mode}) failed:\n${o}\n${e}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build-${mode}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "build (${mode}) failed:\n${o}\n${e}")
  endif()
  execute_process(COMMAND ${WORK}/build-${mode}/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE o)
  if(NOT rc EQUAL 0 OR NOT o MATCHES "sanctum 0\\.")
    message(FATAL_ERROR "consumer (${mode}) failed: ${o}")
  endif()
  message(STATUS "${mode}: ${o}")
endforeach()
