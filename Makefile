# The two commands: `make run` and `make test`.
BUILD ?= build
# `make run` builds the server alone, optimised and without debug information (about 30% less
# compile time per file than the tests' RelWithDebInfo), each layer as one large file
# (BERTH_UNITY: the templates every file instantiates compile once per layer), in a directory of
# its own, at -O2 rather than CMake's Release default -O3 (less compile time; see bench/), with
# Ninja (a layer's file starts compiling while the layers below it still compile; with make the
# largest layers waited for the others and one core idled for the last minute), while the portal
# builds beside it.
RUN_BUILD ?= build-run
JOBS ?= $(shell nproc)
CONFIG ?=
# Paths relative to the checkout, so every clone (CI uses a fresh one) shares the ccache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: run test deps deps-server server server-build build portal unit integration format clean bench

# `make run` installs and builds only the server; `make test` (and `make build`) everything.
deps-server:
	@scripts/install-deps --build

deps:
	@scripts/install-deps --test

# The server alone: no tests, so no GoogleTest and no test tools.
server: deps-server
	@$(MAKE) --no-print-directory server-build

# A build directory that make's generator configured earlier is configured again for Ninja.
server-build:
	@grep -qs '^CMAKE_GENERATOR:INTERNAL=Ninja$$' $(RUN_BUILD)/CMakeCache.txt || \
	  rm -rf $(RUN_BUILD)/CMakeCache.txt $(RUN_BUILD)/CMakeFiles
	@cmake -S . -B $(RUN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
	  -DBERTH_BUILD_TESTS=OFF -DBERTH_UNITY=ON >/dev/null
	@cmake --build $(RUN_BUILD) -j $(JOBS) --target berth

build: deps portal
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_BUILD_TESTS=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The web portal (ui/dist); the server builds and runs without it.
portal:
	@scripts/build-portal

run: deps-server
	@$(MAKE) --no-print-directory -j2 server-build portal
	$(RUN_BUILD)/berth serve $(if $(CONFIG),--config $(CONFIG),)

test: build
	cd $(BUILD) && ctest --output-on-failure --timeout 900

unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit

integration: build
	cd $(BUILD) && ctest --output-on-failure -L integration

bench: build
	bench/run.sh $(BUILD)/berth

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(RUN_BUILD) ui/dist
