# dangvu — the two commands a newcomer needs are `make run` and `make test`.
# Everything else is here for engineers: see DEVELOPERS.md.

RELEASE_DIR := build/release
TEST_DIR    := build/asan
BIN         := $(RELEASE_DIR)/dangvu
DATA        ?= ./data
LISTEN      ?= 127.0.0.1:8080
JOBS        ?= $(shell nproc)

export CCACHE_DIR ?= $(CURDIR)/.cache/ccache

.PHONY: run test test-all bench fuzz deps build build-test deb format clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DDANGVU_TESTS=OFF >/dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS)

# The working app on http://127.0.0.1:8080 with demo data (seeded on an empty database).
run: build
	@mkdir -p $(DATA)
	@$(BIN) --data $(DATA) seed-demo --if-empty
	@exec $(BIN) --data $(DATA) serve --listen $(LISTEN)

build-test: deps
	@cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDANGVU_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_DIR) -j $(JOBS)

# Every test (unit, HTTP on SQLite and PostgreSQL, permission matrix, browser), on the ASan+UBSan build.
test: build-test
	@scripts/test.sh $(TEST_DIR)

# The slow suites too.
test-all: build-test
	@DANGVU_SLOW=1 scripts/test.sh $(TEST_DIR)

bench: build
	@bench/run.sh $(BIN)

# The Debian 12 package from the release build: build/release/dangvu_VERSION_amd64.deb (docs/deploy.md).
deb: build
	@rm -f $(RELEASE_DIR)/dangvu_*.deb
	@cd $(RELEASE_DIR) && cpack -G DEB
	@ls $(RELEASE_DIR)/dangvu_*.deb

# libFuzzer targets (clang, ASan + UBSan), FUZZ_SECONDS each (default 300).
fuzz: deps
	@fuzz/run.sh $(or $(FUZZ_SECONDS),300)

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h')

clean:
	rm -rf build
