# zcparks — make targets. `make help` lists them.
# Every target that needs Python depends on the virtual env, which bootstraps itself
# from requirements.lock on a fresh clone (stamp file: .venv/.installed).

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
VPY        := $(BIN)/python
UV_VERSION := 0.13.9
VENV_STAMP := $(VENV)/.installed
# pip on this kind of machine warns about local index folders it ignores: hide only those lines
PIP_QUIET  := 2> >(grep -v -e "is ignored: it is neither a file nor a directory" >&2)

RAW_FILES  := $(shell find data/raw -type f 2>/dev/null | sed 's/ /\\ /g')
DATA_CODE  := $(wildcard src/zcparks/data/*.py) src/zcparks/regions.py src/zcparks/geo.py \
              src/zcparks/indicators.py src/zcparks/metadata.py
DATA_STAMP := data/processed/.built

.PHONY: help venv data test lint lock clean clean-data

help: ## list the targets
	@echo "zcparks — analysis notebooks and reports on China's national zero-carbon parks"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV_STAMP): requirements.lock pyproject.toml
	@echo "==> setting up $(VENV) from requirements.lock"
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --disable-pip-version-check uv==$(UV_VERSION) $(PIP_QUIET) || true
	@if [ -x $(BIN)/uv ]; then \
	    $(BIN)/uv pip install -q --python $(VPY) -r requirements.lock && \
	    $(BIN)/uv pip install -q --python $(VPY) --no-deps -e . ; \
	else \
	    echo "uv not available; installing with pip (slower)"; \
	    $(BIN)/pip install -q -r requirements.lock $(PIP_QUIET) && \
	    $(BIN)/pip install -q --no-deps -e . $(PIP_QUIET) ; \
	fi
	@touch $@
	@echo "==> $(VENV) ready"

venv: $(VENV_STAMP) ## create .venv with the pinned dependencies (done automatically by other targets)

$(DATA_STAMP): $(RAW_FILES) $(DATA_CODE) requirements.lock | $(VENV_STAMP)
	@$(VPY) -m zcparks.data.build
	@touch $@

data: $(DATA_STAMP) ## build data/processed/ from data/raw/ (only when raw files or data code changed)

test: $(DATA_STAMP) ## run the test suite (sets everything up first)
	@$(VPY) -m pytest -q

lint: $(VENV_STAMP) ## ruff over src/ tests/ benchmarks/
	@$(BIN)/ruff check src tests benchmarks

lock: $(VENV_STAMP) ## re-resolve requirements.lock from pyproject.toml and mirror it into environment.yml
	@$(BIN)/uv pip compile --python-version 3.11 pyproject.toml --extra dev -o requirements.lock -q
	@$(VPY) -m zcparks.envfile

clean-data: ## remove data/processed/
	rm -rf data/processed

clean: clean-data ## remove data/processed/ and .venv
	rm -rf $(VENV)
