# Warnings and sanitizers as INTERFACE targets, so each target opts in explicitly
# instead of inheriting global flags.
add_library(recguard_warnings INTERFACE)
target_compile_options(recguard_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)

add_library(recguard_sanitizers INTERFACE)
if(RECGUARD_SANITIZE)
  target_compile_options(recguard_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(recguard_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

# Asserts guard programmer errors inside the core and stay on in every build
# (STYLE.md #4): strip NDEBUG even from release flags.
foreach(_cfg RELEASE RELWITHDEBINFO MINSIZEREL)
  string(REPLACE "-DNDEBUG" "" CMAKE_CXX_FLAGS_${_cfg} "${CMAKE_CXX_FLAGS_${_cfg}}")
endforeach()

# Helper: a project library whose sources are every .cpp below its folder.
function(recguard_library name)
  file(GLOB_RECURSE _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(NOT _srcs)
    # A module with headers only so far (live/ before the live-mode issue).
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    return()
  endif()
  add_library(${name} STATIC ${_srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE recguard_warnings recguard_sanitizers)
endfunction()
