# Warning and sanitizer flags, set per target (never globally).

function(sanctum_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
    -Wformat=2 -Wno-unused-parameter)
  if(SANCTUM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  sanctum_sanitize(${target})
endfunction()

function(sanctum_sanitize target)
  if(SANCTUM_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=${SANCTUM_SANITIZE} -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${SANCTUM_SANITIZE})
  endif()
endfunction()
