# The two commands: `make run` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
CONFIG ?=
# Paths relative to the checkout, so every clone (CI uses a fresh one) shares the ccache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: run test deps deps-server server build unit integration format clean bench

# `make run` installs and builds only the server; `make test` (and `make build`) everything.
deps-server:
	@scripts/install-deps --build

deps:
	@scripts/install-deps --test

# A first configure for the server alone leaves the tests out (no GoogleTest needed); a build dir
# that already has them keeps them, and `make build` turns them on.
server: deps-server
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  $(if $(wildcard $(BUILD)/CMakeCache.txt),,-DBERTH_BUILD_TESTS=OFF) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target berth

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_BUILD_TESTS=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: server
	$(BUILD)/berth serve $(if $(CONFIG),--config $(CONFIG),)

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
	rm -rf $(BUILD)
