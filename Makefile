# Set-up and everyday commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# llama-cpp-python compiles from source. No -march=native (its AMX path segfaults on
# these CPUs): AVX2, plus AVX-512 when this CPU has it (scripts/llama_cmake_args.py).
# Cached per version and flags: pip's own wheel cache ignores CMAKE_ARGS and would hand
# back a wheel built with other flags.
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS ?= $(shell $(PYTHON) scripts/llama_cmake_args.py)
WHEEL_KEY := $(shell echo "$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS)" | sha256sum | cut -c1-12)
WHEEL_DIR := $(HOME)/.cache/summarise/wheels/$(WHEEL_KEY)
INSTALLED := $(VENV)/.installed-$(WHEEL_KEY)

.PHONY: run test test-lowest test-install calibrate rules-doc browser cassettes bench bench-faults bench-register bench-embedded eval score clean

run: $(INSTALLED)
	$(BIN)/summarise batch seeds -o out

test: $(INSTALLED) browser
	$(BIN)/python -m pytest

# The review page and the workbench are tested in a real headless browser: Chromium and its chromedriver
# from Debian's packages, never a browser or driver downloaded at run time.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# Re-record cassettes against the embedded model (or OPENAI_BASE_URL if set).
# Only the tests named by K are rewritten, e.g. make cassettes K=test_seed_000
cassettes: $(INSTALLED)
	$(BIN)/python -m pytest tests/test_e2e.py --record-mode=rewrite $(if $(K),-k "$(K)")

bench: $(INSTALLED)
	$(BIN)/python bench/batch_throughput.py

# The batch under each fault (stall, trickle, 500s, refused, garbage, huge answer, SIGTERM, Ctrl-C,
# two runs at once, kill -9, a garbage, truncated or locked store, a bad results file): done, lost,
# duplicated, seconds to stop.
bench-faults: $(INSTALLED)
	$(BIN)/python bench/faults.py

# The register over 1,000 to 10,000 generated summaries: seconds as the names grow.
bench-register: $(INSTALLED)
	$(BIN)/python bench/register_scale.py

bench-embedded: $(INSTALLED)
	$(BIN)/python bench/embedded.py --cold seeds/001_65b92bcf7395621a.txt $(ARGS)

# The 39-article development set (seeds and ../shared/dev), summarised and scored (resumable; answers
# cached by request in out/eval/cache). make eval ARGS=--ablate measures every rule family off in turn.
eval: $(INSTALLED)
	$(BIN)/python bench/eval.py $(ARGS)

# The calibration of confidence (src/summarise/extraction/calibration.json), fitted on the last make eval's
# all-on run: what share of items is right at each probability of the model's answers
calibrate: $(INSTALLED)
	$(BIN)/python bench/calibrate.py --write

# docs/rules.md's table of rule families, written from the registry in extraction/rules.py
rules-doc: $(INSTALLED)
	$(BIN)/python scripts/rules_doc.py

score: $(INSTALLED)
	$(PYTHON) ../shared/tools/score.py ../shared/gold out --articles seeds

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "summarise: Python 3.11 or later is needed (this is " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(WHEEL_DIR)/.built: | $(BIN)/python
	@command -v c++ >/dev/null || { echo "summarise: a C++ compiler is needed to build the embedded engine (apt-get install build-essential)"; exit 1; }
	@command -v cmake >/dev/null || { echo "summarise: CMake is needed to build the embedded engine (apt-get install cmake)"; exit 1; }
	mkdir -p $(WHEEL_DIR)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) \
		$(BIN)/python -m pip wheel --no-cache-dir --no-deps -w $(WHEEL_DIR) llama-cpp-python==$(LLAMA_VERSION)
	touch $@

$(INSTALLED): pyproject.toml $(WHEEL_DIR)/.built | $(BIN)/python
	$(BIN)/python -m pip install --quiet --force-reinstall --no-deps $(WHEEL_DIR)/llama_cpp_python-*.whl
	$(BIN)/python -m pip install --quiet --find-links $(WHEEL_DIR) --only-binary llama-cpp-python -e '.[local,dev]'
	$(BIN)/python scripts/check_install.py
	rm -f $(VENV)/.installed-*
	touch $@

# The offline tests on the lowest versions pyproject.toml's bounds allow (as uv's --resolution
# lowest-direct picks them), in a virtualenv of their own without the [local] extra: the bounds stay true.
LOWEST := .venv-lowest
test-lowest: $(INSTALLED)
	rm -rf $(LOWEST) && $(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	$(BIN)/python scripts/lowest_constraints.py > $(LOWEST)/constraints.txt
	$(LOWEST)/bin/python -m pip install --quiet -c $(LOWEST)/constraints.txt -e '.[dev]'
	$(LOWEST)/bin/python scripts/check_install.py
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider tests

# The tool installed as a user installs it (uv tool install, a home of its own), run outside the project.
test-install: $(INSTALLED)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m user_install tests/test_user_install.py

clean:
	rm -rf $(VENV) $(LOWEST) out
