# Set-up is automatic: the first target that needs Python creates .venv and installs, with their hashes,
# the packages pinned in requirements/: build.txt for the site, test.txt (build + tests + linters) for
# test, test-fast and lint, bench.txt (test + Hugo + profiler) for bench. A stamp per lock keeps a second
# run from installing anything. `make site PYTHON=python3.13` builds with another interpreter: .venv is
# made anew whenever PYTHON names a different one than the venv was made with.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

# The release of uv that `make lock` runs (from a throwaway venv), and the oldest Python the locks cover
# (pymdown-extensions needs 3.11.5); they cover every later one as well (3.12, 3.13, ...).
UV_VERSION := 0.13.9
LOCK_PYTHON := 3.11.5
LOCK_FLAGS ?=

# The interpreter PYTHON names: version and path.
PYTHON_ID := $(shell $(PYTHON) -c 'import sys; print(sys.version.split()[0], sys.executable)' 2>/dev/null)

LIGHTHOUSE_VERSION := 12.2.3

.PHONY: audit site check test test-fast lint serve i18n-extract i18n-update i18n-compile schema bench lock clean FORCE

# Rewritten (and .venv made anew) only when PYTHON_ID changes, so the stamps below stay valid otherwise.
$(VENV)/.python: FORCE
	@test -n "$(PYTHON_ID)" || { echo "make: no Python at PYTHON=$(PYTHON)" >&2; exit 2; }
	@if [ "$$(cat $@ 2>/dev/null)" != "$(PYTHON_ID)" ]; then \
	  echo "creating $(VENV) with Python $(PYTHON_ID)"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && echo "$(PYTHON_ID)" > $@; \
	fi

$(VENV)/.stamp-build: requirements/build.txt $(VENV)/.python
	$(PIP) install --require-hashes -r requirements/build.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.stamp-test: requirements/test.txt $(VENV)/.stamp-build
	$(PIP) install --require-hashes -r requirements/test.txt
	touch $@

$(VENV)/.stamp-bench: requirements/bench.txt $(VENV)/.stamp-test
	$(PIP) install --require-hashes -r requirements/bench.txt
	touch $@

site: $(VENV)/.stamp-build  ## build site/ from data/
	$(PY) -m generator build

check: $(VENV)/.stamp-build  ## validate data/ and the catalogs
	$(PY) -m generator check

# Both cores (pytest-xdist). Work stealing keeps both busy to the end (a file per worker left one idle while the
# other ran the browser tests); the workers share one build of each dataset and one cache (tests/conftest.py).
XDIST := -n 2 --dist worksteal

test: $(VENV)/.stamp-test  ## the whole test suite but the benchmark's own smoke test (make test-bench)
	$(PY) -m pytest $(XDIST) -m "not bench"

test-bench: $(VENV)/.stamp-test  ## the benchmark pipeline on a tiny dataset (the smoke test of make bench)
	$(PY) -m pytest -m bench

test-fast: $(VENV)/.stamp-test  ## the suite without the browser, build and bench tests
	$(PY) -m pytest $(XDIST) -m "not browser and not build and not bench"

lint: $(VENV)/.stamp-test  ## ruff (lint, format) and mypy; runs all three, fails if any fails
	@status=0; \
	echo "ruff check generator tests"; $(PY) -m ruff check generator tests || status=1; \
	echo "ruff format --check generator"; $(PY) -m ruff format --check generator || status=1; \
	echo "mypy generator"; $(PY) -m mypy generator || status=1; \
	exit $$status

serve: $(VENV)/.stamp-build  ## live preview on http://127.0.0.1:8000/
	$(PY) -m generator serve

i18n-extract: $(VENV)/.stamp-build
	$(PY) -m generator i18n extract

i18n-update: $(VENV)/.stamp-build
	$(PY) -m generator i18n update

i18n-compile: $(VENV)/.stamp-build
	$(PY) -m generator i18n compile

schema: $(VENV)/.stamp-build
	$(PY) -m generator schema

bench: $(VENV)/.stamp-bench  ## benchmark 100, 500 and 2,000 zones (and Hugo), write BENCHMARKS.md
	$(PY) benchmarks/report.py --zones 100 500 2000

# Lighthouse on the built site (landing, zones, one zone, investor page, every language): a measurement, not
# part of make test. npm installs the pinned release into .audit/ (ignored by git); Debian's chromium runs it
# on a build made for the local address it is served at (.audit/site/).
.audit/node_modules/.bin/lighthouse:
	mkdir -p .audit && npm install --prefix .audit --no-save --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)

audit: $(VENV)/.stamp-build .audit/node_modules/.bin/lighthouse  ## Lighthouse scores per page (builds .audit/site/)
	CHROME_PATH=/usr/bin/chromium $(PY) tools/audit.py $(AUDIT_FLAGS)

# Regenerate requirements/*.txt from pyproject.toml with uv, run from a throwaway venv. Pins already in
# the locks are kept; `make lock LOCK_FLAGS=--upgrade` moves every package to its newest release allowed by
# pyproject.toml (`LOCK_FLAGS="--upgrade-package NAME"` one package). Each lock pins every transitive
# package with the hashes of all its files, for every platform and Python >= $(LOCK_PYTHON); test.txt is
# constrained by build.txt and bench.txt by test.txt, so the three agree on every shared package.
lock:  ## regenerate the locks in requirements/
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; "$$tmp/venv/bin/python" -m pip install --quiet uv==$(UV_VERSION); \
	compile() { \
	  echo "uv pip compile pyproject.toml $(LOCK_FLAGS) $$*"; \
	  "$$tmp/venv/bin/uv" pip compile pyproject.toml --quiet --universal --python-version $(LOCK_PYTHON) \
	    --generate-hashes --custom-compile-command "make lock" $(LOCK_FLAGS) "$$@"; \
	}; \
	compile -o requirements/build.txt; \
	compile --extra test -c requirements/build.txt -o requirements/test.txt; \
	compile --extra test --extra bench -c requirements/test.txt -o requirements/bench.txt

clean:
	rm -rf site site.old .build-*
	git clean -fdXq docs  # the generated language folders (ignored by .gitignore)
