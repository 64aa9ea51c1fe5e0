# One static library per layer (folder of src/), linked only to the layers the graph allows.
#
# The graph is read from docs/ARCHITECTURE.md, lines "layer <name> -> <allowed> ...", listed
# lowest layer first. Each layer compiles against its own include tree, build/layers/<name>/,
# which holds links to its own folder and to the folders of the layers it may use (and theirs,
# since their headers include their own dependencies). A file that includes a header of a
# layer it may not use therefore fails to compile: "No such file or directory".
# scripts/check-layers (run by `make test`) holds every file to the direct edges and keeps SQL
# in src/db/.

set(BERTH_LAYER_ROOT ${CMAKE_BINARY_DIR}/layers)
# Unity builds (BERTH_UNITY, `make run`): every layer but these.
option(BERTH_UNITY "Compile each layer in batches of files (faster clean builds)" OFF)
set(BERTH_UNITY_BATCH 0 CACHE STRING "Files per unity batch (0: the whole layer in one file)")
set(BERTH_NO_UNITY_LAYERS "" CACHE STRING "Layers that build file by file even with BERTH_UNITY")
file(STRINGS ${CMAKE_SOURCE_DIR}/docs/ARCHITECTURE.md _berth_layer_lines REGEX "^layer [a-z_]+ *->")
if(NOT _berth_layer_lines)
  message(FATAL_ERROR "docs/ARCHITECTURE.md lists no layers (lines 'layer X -> ...')")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/ARCHITECTURE.md)

set(BERTH_LAYERS)
foreach(line IN LISTS _berth_layer_lines)
  string(REGEX REPLACE "^layer ([a-z_]+) *->(.*)$" "\\1" layer "${line}")
  string(REGEX REPLACE "^layer ([a-z_]+) *->(.*)$" "\\2" deps "${line}")
  string(STRIP "${deps}" deps)
  separate_arguments(deps UNIX_COMMAND "${deps}")
  foreach(dep IN LISTS deps)
    if(NOT dep IN_LIST BERTH_LAYERS)
      message(FATAL_ERROR "layer ${layer} uses ${dep}, which is not listed before it")
    endif()
  endforeach()
  # The layers whose headers this one can see: its own and the closure of its dependencies.
  set(visible ${layer})
  foreach(dep IN LISTS deps)
    list(APPEND visible ${dep} ${BERTH_LAYER_VISIBLE_${dep}})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  set(BERTH_LAYER_VISIBLE_${layer} ${visible})
  list(APPEND BERTH_LAYERS ${layer})

  set(tree ${BERTH_LAYER_ROOT}/${layer})
  file(REMOVE_RECURSE ${tree})
  file(MAKE_DIRECTORY ${tree})
  foreach(v IN LISTS visible)
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/src/${v} ${tree}/${v} SYMBOLIC)
  endforeach()

  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${layer}/*.cpp)
  if(sources)
    add_library(berth_${layer} STATIC ${sources})
    target_include_directories(berth_${layer} PRIVATE ${tree})
    # `make run` compiles each layer as one large file (BERTH_UNITY): the coroutine and asio
    # templates every file instantiates are then compiled once per layer. File-local names must
    # therefore be unique within a layer: scripts/check-unity-names (a test) says when not.
    if(BERTH_UNITY AND NOT layer IN_LIST BERTH_NO_UNITY_LAYERS)
      set_target_properties(berth_${layer} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${BERTH_UNITY_BATCH})
      # Coroutine frames of lambdas in anonymous namespaces, now in one file: not a defect.
      target_compile_options(berth_${layer} PRIVATE -Wno-subobject-linkage)
    endif()
    set(scope PUBLIC)
  else()
    add_library(berth_${layer} INTERFACE)
    set(scope INTERFACE)
  endif()
  foreach(dep IN LISTS deps)
    target_link_libraries(berth_${layer} ${scope} berth_${dep})
  endforeach()
  target_link_libraries(berth_${layer} ${scope} berth_thirdparty)
endforeach()
