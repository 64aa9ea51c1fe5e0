# The two commands: `make run` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
CONFIG ?=
# Paths relative to the checkout, so every clone (CI uses a fresh one) shares the ccache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: run test deps build unit integration format clean bench

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
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
