# zcparks — make targets. `make help` lists them.
# Every target that needs Python depends on the virtual env, which bootstraps itself
# from requirements.lock on a fresh clone (stamp file: .venv/.installed).

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON     ?= python3
# write bytecode: some machines set PYTHONDONTWRITEBYTECODE=1, and then every process (each notebook kernel too)
# compiles its imports from source again; with .pyc files a kernel starts in a fraction of the time
unexport PYTHONDONTWRITEBYTECODE
# the project make runs in is the project every zcparks command works on (also when the venv's code lives elsewhere)
export ZCPARKS_ROOT := $(CURDIR)
VENV       := .venv
BIN        := $(VENV)/bin
VPY        := $(BIN)/python
UV_VERSION := 0.13.9
VENV_STAMP := $(VENV)/.installed
# pip on this kind of machine warns about local index folders it ignores: hide only those lines
PIP_QUIET  := 2> >(grep -v -e "is ignored: it is neither a file nor a directory" >&2)

DATA_CODE  := $(wildcard src/zcparks/data/*.py src/zcparks/data/*.yaml) src/zcparks/paths.py src/zcparks/errors.py \
              src/zcparks/yamlfile.py
DATA_STAMP := data/processed/.built

REPORTS_MK := build/reports.mk
ZC_SRC     := $(shell find src/zcparks -type f \( -name '*.py' -o -name '*.j2' -o -name '*.css' -o -name '*.js' -o -name '*.yaml' \) 2>/dev/null)
# and the list of its file names (build/stamps/src.list, rewritten by zcparks.buildstate.stamps only when a file is added,
# deleted or renamed): the rules must stop naming a module that is gone. (Folder times would not do: kernels
# writing __pycache__/ change them.)
SRC_LIST   := build/stamps/src.list
JOBS       ?= 2
# run report jobs $(JOBS) at a time unless the caller's make already has a job server (make -jN)
SUBJOBS     = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(JOBS))
SUBMAKE     = $(MAKE) --no-print-directory -s -f $(REPORTS_MK)

.PHONY: help venv lab data locked-data reports locked-reports nightly locked-nightly check-site pdf browser test test-fast lint docs lock clean clean-data clean-reports

help: ## list the targets
	@echo "zcparks — analysis notebooks and reports on China's national zero-carbon parks"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV_STAMP): requirements.lock pyproject.toml
	@echo "==> setting up $(VENV) from requirements.lock"
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --disable-pip-version-check uv==$(UV_VERSION) $(PIP_QUIET) || true
	@if [ -x $(BIN)/uv ]; then \
	    $(BIN)/uv pip install -q --compile-bytecode --python $(VPY) -r requirements.lock && \
	    $(BIN)/uv pip install -q --python $(VPY) --no-deps -e . ; \
	else \
	    echo "uv not available; installing with pip (slower)"; \
	    $(BIN)/pip install -q -r requirements.lock $(PIP_QUIET) && \
	    $(BIN)/pip install -q --no-deps -e . $(PIP_QUIET) && \
	    $(VPY) -m compileall -q $(VENV)/lib > /dev/null ; \
	fi
	@touch $@
	@echo "==> $(VENV) ready"

LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
$(LAB_STAMP): requirements-lab.lock pyproject.toml | $(VENV_STAMP)
	@echo "==> setting up $(LAB_VENV) (JupyterLab) from requirements-lab.lock"
	@test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	@$(BIN)/uv pip install -q --compile-bytecode --python $(LAB_VENV)/bin/python -r requirements-lab.lock
	@$(BIN)/uv pip install -q --python $(LAB_VENV)/bin/python --no-deps -e .
	@touch $@

lab: $(LAB_STAMP) data ## start JupyterLab on notebooks/ (its own venv, .venv-lab: reports stay light)
	@$(LAB_VENV)/bin/jupyter lab --notebook-dir=notebooks

venv: $(VENV_STAMP) ## create .venv with the pinned dependencies (done automatically by other targets)

# inputs are tracked by content (zcparks.buildstate.stamps): build/stamps/<path>.sha per raw file and notebook, rewritten only
# when the bytes change or the file is deleted, and build/stamps/raw.sha listing every raw file. Every build refreshes
# them first, so make sees deleted files and files copied in with old times (cp -p, tar).
STAMPS     = $(VPY) -m zcparks.buildstate.stamps
RAW_LIST   := build/stamps/raw.sha

$(RAW_LIST) $(SRC_LIST): | $(VENV_STAMP)
	@$(STAMPS)

$(DATA_STAMP): $(RAW_LIST) $(DATA_CODE) requirements.lock | $(VENV_STAMP)
	@$(VPY) -m zcparks.data.build
	@touch $@

# one build at a time: the public targets re-run make under the build lock (build/build.lock; a second build waits
# and says who holds it; ZCPARKS_LOCK_WAIT=0 exits at once with status 75). Nested makes see ZCPARKS_BUILD_LOCK.
LOCKED     = $(VPY) -m zcparks.buildstate.lock --
ZC         = $(VPY) -m zcparks.cli

data: | $(VENV_STAMP) ## build data/processed/ from data/raw/ (only when raw files or data code changed)
	+@$(LOCKED) $(MAKE) --no-print-directory locked-data

locked-data:
	+@$(STAMPS)
	+@$(MAKE) --no-print-directory $(DATA_STAMP)

$(REPORTS_MK): reports.yaml $(ZC_SRC) $(SRC_LIST) $(DATA_STAMP) | $(VENV_STAMP)
	@$(ZC) makefile -o $@

reports: | $(VENV_STAMP) ## build every report of reports.yaml (2 at a time) and the index; main command
	+@$(LOCKED) $(MAKE) --no-print-directory locked-reports

# a failed data build rebuilds no page (they keep their last good data); the index and the summary say so, exit 1.
# Pages run on the engine (zcparks engine start: a server on build/engine.sock keeping $(JOBS) or -jN kernels warm);
# each page rule is its own make target and asks the engine for its page. The engine's summary (page, status,
# seconds) ends the build and its status is make's. NIGHTLY=1 (make nightly) adds the site summary with the offline
# scan; QUIET=1: no progress bar, no line per page (cron). A dry run (-n, -q) starts no engine.
DRYRUN     := $(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS)))
export JOBS
ifneq ($(QUIET),)
export ZCPARKS_QUIET := 1
endif
locked-reports:
	@bad=$$(find reports -maxdepth 3 ! -writable -print -quit 2>/dev/null); if [ -n "$$bad" ]; then \
	  echo "make reports: cannot write to reports/ ($$bad, owned by $$(stat -c %U "$$bad"), is not writable by" \
	    "$$(id -un) here); run the build as its owner or fix the permissions (the last good pages are kept)" >&2; \
	  exit 1; fi
	+@$(STAMPS)
	+@$(MAKE) --no-print-directory -s $(DATA_STAMP) || { $(ZC) index 2>/dev/null; $(ZC) summary $(if $(NIGHTLY),--check); \
	    echo "make reports: the data build failed; no report was rebuilt (last good HTML kept)"; exit 1; }
	+@$(MAKE) --no-print-directory -s $(REPORTS_MK)
	+@n=$$($(SUBMAKE) -n html 2>/dev/null | grep -c ' run-job '); \
	if [ -z "$(DRYRUN)" ] && [ "$$n" -gt 0 ]; then $(ZC) engine start --total $$n --watch $$$$ $(if $(QUIET),--quiet); fi; \
	$(SUBMAKE) -k $(SUBJOBS) html $(if $(QUIET),-s); rc=$$?; \
	if [ -z "$(DRYRUN)" ]; then $(ZC) engine stop || rc=1; fi; \
	$(SUBMAKE) index || rc=1; \
	if [ -n "$(NIGHTLY)" ]; then $(ZC) summary --check || rc=1; fi; \
	if [ $$rc -ne 0 ]; then echo "make reports: some reports failed (last good HTML kept)"; fi; \
	exit $$rc

nightly: | $(VENV_STAMP) ## data -> reports -> index -> summary -> check-site; goes on past a failed report, exits non-zero if any failed
	+@$(LOCKED) $(MAKE) --no-print-directory locked-nightly

locked-nightly:
	+@$(MAKE) --no-print-directory locked-reports NIGHTLY=1; rc=$$?; \
	$(ZC) check-site || rc=1; exit $$rc

check-site: | $(VENV_STAMP) ## check the built site offline: pages of the index, files they load, manifests vs raw files
	@$(ZC) check-site

pdf: browser | $(VENV_STAMP) ## build the reports, then print them to PDF (reports/pdf/; PDF_REPORTS="pilot-parks grid-factors")
	+@$(MAKE) --no-print-directory reports
	@$(ZC) pdf $(PDF_REPORTS)

browser: ## install headless Chromium and CJK fonts from Debian if missing (for the browser test)
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  echo "==> installing chromium and fonts-noto-cjk (apt-get)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
	  || { echo "could not install chromium/fonts-noto-cjk: install them, then rerun"; exit 1; }; \
	fi

test: data browser ## run the test suite (sets up .venv, data, reports and Chromium first)
	+@$(MAKE) --no-print-directory reports
	@$(BIN)/ruff check -q src tests benchmarks tools
	@$(VPY) -m pytest -q -n 2 --dist loadfile $(PYTEST_ARGS)  # two workers, each test file on one (module fixtures built once)

test-fast: data ## the unit tier for your own loop: tests that run no notebook and no browser (-m "not slow")
	@$(BIN)/ruff check -q src tests benchmarks tools
	@$(VPY) -m pytest -q -n 2 -m "not slow" $(PYTEST_ARGS)

lint: $(VENV_STAMP) ## ruff over src/ tests/ benchmarks/ tools/, and the import contracts (lint-imports)
	@$(BIN)/ruff check src tests benchmarks tools
	@$(BIN)/lint-imports --no-cache

docs: data ## regenerate docs/parameters.md from every analysis's spec.yaml
	@$(VPY) -m zcparks.cli params-doc

lock: $(VENV_STAMP) ## re-resolve requirements.lock and requirements-lab.lock; mirror the lab lock into environment.yml
	@$(BIN)/uv pip compile --python-version 3.11 pyproject.toml --extra dev -o requirements.lock -q
	@$(BIN)/uv pip compile --python-version 3.11 pyproject.toml --extra dev --extra lab -c requirements.lock \
	    -o requirements-lab.lock -q
	@$(VPY) -m zcparks.envfile

clean-data: ## remove data/processed/
	rm -rf data/processed

clean-reports: ## remove everything under reports/ (built reports, status, failed notebooks)
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf build

clean: clean-data ## remove data/processed/, .venv and .venv-lab
	rm -rf $(VENV) $(LAB_VENV)
