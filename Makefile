# Balie's developer commands. The two that a new machine needs are `make demo` and `make test`;
# both install missing Debian packages first (scripts/bootstrap). The build itself is CMake presets
# (CMakePresets.json): build/ release, build-asan/, build-tsan/, build-fuzz/.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

# Warnings are errors in CI (CI=true); set BALIE_WERROR=ON to get the same locally.
ifeq ($(CI),true)
BALIE_WERROR ?= ON
else
BALIE_WERROR ?= OFF
endif
export BALIE_WERROR
FUZZ_SECONDS ?= 30
export FUZZ_SECONDS

BALIE ?= build/balie
KB ?= demo/voorbeeldbank
DEMO_DATA ?= build/demo-data
CONFIGURE_FLAGS := -DBALIE_WERROR=$(BALIE_WERROR) --log-level=WARNING

.PHONY: bootstrap build test demo bench load format check-format tidy fuzz clean help

help:
	@echo "make demo          install, build, start Balie with the demo bank site on http://localhost:8080"
	@echo "make test          install, build, run every test (format, release, clang-tidy, ASan+UBSan, TSan, fuzz)"
	@echo "make build         install and build the release preset in build/"
	@echo "make bench         build and run the benchmarks in build/bench/"
	@echo "make load          the server under load: 15,000 conversations, 1,000 questions/s (LOAD_ARGS)"
	@echo "make format        clang-format our sources in place"
	@echo "make check-format  list the files that are not formatted"
	@echo "make tidy          clang-tidy on src/ (uses build/compile_commands.json)"
	@echo "make fuzz          build the fuzz targets and run each FUZZ_SECONDS (default 30)"
	@echo "make clean         remove every build directory"

bootstrap:
	@bash scripts/bootstrap

build: bootstrap
	cmake --preset release $(CONFIGURE_FLAGS)
	cmake --build --preset release

test: bootstrap
	@bash scripts/test </dev/null

demo: build
	@if [[ ! -x $(BALIE) ]]; then \
	  echo "demo: $(BALIE) was not built (src/app); nothing to start" >&2; exit 1; fi
	@mkdir -p $(DEMO_DATA)
	@if [[ ! -f $(DEMO_DATA)/demo-agent.txt ]]; then \
	  password=$$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 14); \
	  echo "$$password" | $(BALIE) user add --data $(DEMO_DATA) --name demo --role admin \
	    --display-name "Demo Medewerker" >/dev/null; \
	  echo "$$password" > $(DEMO_DATA)/demo-agent.txt; \
	fi
	@echo
	@echo "== Balie demo: the Voorbeeldbank website with the chat widget =="
	@echo "Customers: open http://localhost:8080 and click the chat button (bottom right)."
	@echo "  Try: Ik ben mijn pinpas kwijt  /  I lost my card  /  Ik wil een medewerker spreken"
	@echo "Staff: open http://localhost:8080/console/ in a second window and log in as"
	@echo "  name: demo   password: $$(cat $(DEMO_DATA)/demo-agent.txt)   (an admin; also an agent)"
	@echo "Conversations are kept in $(DEMO_DATA). Stop with Ctrl-C."
	@echo "Runs: $(BALIE) serve --kb $(KB) --data $(DEMO_DATA) --config demo/balie.toml"
	@echo
	@$(BALIE) serve --kb $(KB) --data $(DEMO_DATA) --config demo/balie.toml

bench: build
	@shopt -s nullglob; benches=(build/bench/*_bench); ran=0; \
	for b in "$${benches[@]}"; do \
	  [[ -x $$b ]] || continue; \
	  echo "== $$b =="; "$$b" $(BENCH_ARGS); ran=$$((ran + 1)); \
	done; \
	if ((ran == 0)); then echo "bench: no benchmark programs built yet (bench/)"; fi

# The server under load (bench/load.sh; a few minutes; not part of `make test`).
load: bootstrap
	@bash bench/load.sh $(LOAD_ARGS)

format:
	@bash scripts/check-format --fix

check-format:
	@bash scripts/check-format

tidy: bootstrap
	cmake --preset release $(CONFIGURE_FLAGS)
	@bash scripts/tidy

fuzz: bootstrap
	@bash scripts/test fuzz </dev/null

clean:
	rm -rf build build-asan build-tsan build-fuzz
