# Helpers that give every Balie target the same warnings, sanitizers and layout.

if(BALIE_SANITIZE)
  add_compile_options(-fsanitize=${BALIE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${BALIE_SANITIZE})
endif()

set(BALIE_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Woverloaded-virtual
    # GCC 12 reports false positives for std::variant and std::optional members.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
if(BALIE_SANITIZE MATCHES "thread" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # Boost.Asio's fences (std_fenced_block) are not modelled by ThreadSanitizer; GCC warns in every
  # file that includes Asio. Its handlers are ordered by the strands' mutexes, which TSan sees.
  list(APPEND BALIE_WARNINGS -Wno-tsan)
endif()
if(BALIE_WERROR)
  list(APPEND BALIE_WARNINGS -Werror)
endif()

# The tests' own code (test programs and tests/support/) is compiled without optimisation in every
# preset: that halves the time g++ takes over GoogleTest's macros, and the code under test keeps the
# preset's flags (the release preset's -O2). BALIE_TEST_WARNINGS is BALIE_WARNINGS plus that.
set(BALIE_TEST_WARNINGS ${BALIE_WARNINGS} -O0)

# balie_library(NAME SOURCES ... DEPS ...): the library `balie_NAME` built from one src/ folder.
function(balie_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(balie_${name} STATIC ${ARG_SOURCES})
  target_include_directories(balie_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(balie_${name} PRIVATE ${BALIE_WARNINGS})
  target_link_libraries(balie_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# balie_unit_test(NAME SOURCES ... DEPS ...): one GoogleTest program per library, labelled `unit`.
function(balie_unit_test name)
  if(NOT BALIE_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  set_property(GLOBAL APPEND PROPERTY BALIE_UNIT_TESTS ${name})
  target_compile_options(${name} PRIVATE ${BALIE_TEST_WARNINGS})
  # Test-only helpers live in tests/support/, outside the shipped libraries.
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit
                       ENVIRONMENT "BALIE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# balie_add_target_without_unit_tests(NAME): a target that builds everything `all` builds except
# the unit test programs (balie_unit_test). `make test` builds it in the release preset and runs
# the other tests there; the unit tests are built and run once, under ASan+UBSan (scripts/test).
function(balie_add_target_without_unit_tests name)
  set(pending ${PROJECT_SOURCE_DIR})
  set(targets "")
  while(pending)
    list(POP_FRONT pending dir)
    get_property(here DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    get_property(below DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    list(APPEND targets ${here})
    list(APPEND pending ${below})
  endwhile()
  get_property(unit_tests GLOBAL PROPERTY BALIE_UNIT_TESTS)
  add_custom_target(${name})
  foreach(target IN LISTS targets)
    get_target_property(excluded ${target} EXCLUDE_FROM_ALL)
    if(NOT target IN_LIST unit_tests AND NOT excluded)
      add_dependencies(${name} ${target})
    endif()
  endforeach()
endfunction()
