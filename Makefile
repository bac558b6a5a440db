# A Makefile over CMake. `make demo` and `make test` are all a new machine needs.
BUILD_DIR      ?= build
SANITIZE_DIR   ?= build-sanitize
JOBS           ?= $(shell nproc)
CMAKE_FLAGS    ?=
export CCACHE_DIR ?= $(CURDIR)/.ccache
# Relative paths in the cache key, so every build folder of this tree shares hits.
export CCACHE_BASEDIR ?= $(CURDIR)
# The test binary is built with a precompiled header (tests/CMakeLists.txt).
export CCACHE_SLOPPINESS ?= pch_defines,time_macros,include_file_mtime,include_file_ctime

.PHONY: all deps configure build build-demo demo test test-sanitize bench fuzz fuzz-short format format-check tidy clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The demo needs the host and the plugins only, not the test programs.
build-demo: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target chorus chorus_plugins

demo: build-demo
	@scripts/demo $(BUILD_DIR)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHORUS_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=0 ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run $(BUILD_DIR)

# libFuzzer targets for every input parser; FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz:
	@fuzz/run $(FUZZ_SECONDS)

# CI's short pass: each target for a few seconds from its corpus.
FUZZ_SHORT_SECONDS ?= 5
fuzz-short:
	@fuzz/run $(FUZZ_SHORT_SECONDS)

# Style (.clang-format) and clang-tidy's checks (.clang-tidy).
format:
	@scripts/install-deps scripts/debian-packages-check.txt
	@scripts/check-format --fix
format-check:
	@scripts/install-deps scripts/debian-packages-check.txt
	@scripts/check-format
# clang-tidy reads one compile command a source: a configure without the
# unity build (nothing is compiled).
TIDY_DIR ?= build-tidy
tidy: deps
	@scripts/install-deps scripts/debian-packages-check.txt
	cmake -S . -B $(TIDY_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHORUS_UNITY_BUILD=OFF -DCHORUS_BENCH=OFF >/dev/null
	@scripts/tidy $(TIDY_DIR)

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(TIDY_DIR) build-fuzz
