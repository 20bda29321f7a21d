# Set-up is automatic: the first target that needs Python creates .venv and installs the pinned packages.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: site check test serve i18n-extract i18n-update i18n-compile schema bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

site: $(VENV)/.installed  ## build site/ from data/
	$(PY) -m generator build

check: $(VENV)/.installed  ## validate data/ and the catalogs
	$(PY) -m generator check

test: $(VENV)/.installed  ## run the whole test suite
	$(PY) -m pytest

serve: $(VENV)/.installed  ## live preview on http://127.0.0.1:8000/
	$(PY) -m generator serve

i18n-extract: $(VENV)/.installed
	$(PY) -m generator i18n extract

i18n-update: $(VENV)/.installed
	$(PY) -m generator i18n update

i18n-compile: $(VENV)/.installed
	$(PY) -m generator i18n compile

schema: $(VENV)/.installed
	$(PY) -m generator schema

$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@

bench: $(VENV)/.bench-installed  ## benchmark 100, 500 and 2,000 zones (and Hugo), write BENCHMARKS.md
	$(PY) benchmarks/report.py --zones 100 500 2000

clean:
	rm -rf site site.old .build-* docs/vi docs/en
