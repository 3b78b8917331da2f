# 链图 Liantu — the two quickstart commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
STAMP  := $(VENV)/.installed

.PHONY: demo test bench install lint screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Build the example corpus (seeds/) into exports/ and say where the map is.
demo: $(STAMP)
	$(KG) build seeds/ -o exports/
	@echo "Open the map: file://$(CURDIR)/exports/graph.html"

## Run every test (unit, doctest, CLI, determinism of the committed exports).
test: $(STAMP)
	$(PY) -m pytest

## Throughput and memory figures on a ~10 MB corpus made by repeating seeds/.
bench: $(STAMP)
	$(PY) tools/bench.py

## A PNG of the seed map for the README (needs Debian's chromium; installs it when root).
screenshot: $(STAMP) demo
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q chromium fonts-wqy-microhei >/dev/null; } || true
	$(PY) tools/screenshot.py exports/graph.html docs/map.png

lint: $(STAMP)
	$(PY) -m pip install --quiet ruff mypy
	$(VENV)/bin/ruff check kg tests tools
	$(VENV)/bin/mypy kg --ignore-missing-imports

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
