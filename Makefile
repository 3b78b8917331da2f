# 链图 Liantu — the two quickstart commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
STAMP  := $(VENV)/.installed
# Debian's Chromium for the browser tests (a browser download does not work offline)
CHROMIUM := /usr/bin/chromium
# a Chinese font for it: without one every character of the map is drawn as an empty box
CJKFONT  := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench install lint screenshot ontology clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update -q >/dev/null
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-wqy-microhei >/dev/null

$(CJKFONT):
	$(SUDO) apt-get update -q >/dev/null
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-wqy-microhei >/dev/null

## Build the example corpus (seeds/) into exports/ and say where the map is.
demo: $(STAMP)
	$(KG) build seeds/ -o exports/
	@echo "Open the map: file://$(CURDIR)/exports/graph.html"

## Run every test (unit, doctest, CLI, determinism of the committed exports, the map in Chromium).
test: $(STAMP) $(CHROMIUM) $(CJKFONT)
	$(PY) -m pytest

## Throughput and memory figures on a ~10 MB corpus made by repeating seeds/, the time Chromium
## takes to draw maps of 1,000, 5,000 and 20,000 nodes, and the library queries on ~1M triples
## (pyoxigraph against rdflib), kg serve under 200 clients at once, and incremental and
## distributed builds (cache, --jobs 2, a local Dask cluster).
bench: $(STAMP) $(CHROMIUM) $(CJKFONT)
	$(PY) tools/bench.py
	$(PY) tools/bench_map.py
	$(PY) tools/bench_query.py
	$(PY) tools/bench_serve.py
	$(PY) tools/bench_corpus.py

## PNGs of the seed map and of its document view for the README (needs Debian's chromium; installs it when root).
screenshot: $(STAMP) $(CHROMIUM) $(CJKFONT) demo
	$(PY) tools/screenshot.py exports/graph.html docs/map.png
	$(PY) tools/screenshot.py exports/graph.html docs/document-view.png '#doc=$(firstword $(notdir $(wildcard seeds/*.txt)))'

## ruff (lint and format) and mypy, at pinned versions so a new release cannot turn CI red.
lint: $(STAMP)
	$(PY) -m pip install --quiet ruff==0.17.6 mypy==2.4.1
	$(VENV)/bin/ruff check kg tests tools
	$(VENV)/bin/ruff format --check kg tests tools
	$(VENV)/bin/mypy kg --ignore-missing-imports

## Regenerate ontology/liantu.ttl from kg/data/schema.toml (a test fails when they differ).
ontology: $(STAMP)
	$(PY) tools/gen_ontology.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
