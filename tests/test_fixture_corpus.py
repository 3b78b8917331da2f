"""Behaviour pinned on a fixture corpus: two invented articles (tests/data/corpus/) and what a
build makes of them (tests/data/corpus_expected/), byte for byte.

The expected files were made by the build before the extraction core was restructured; a
refactoring must leave them as they are. A change meant to improve extraction updates them in the
same commit (rebuild: ``kg build tests/data/corpus -o OUT`` and copy graph.ttl, the report without
its timings, and the map's data island), so the diff shows what changed for users.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, kg

CORPUS = ROOT / "tests" / "data" / "corpus"
EXPECTED = ROOT / "tests" / "data" / "corpus_expected"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "out"
    r = kg("build", str(CORPUS), "-o", str(out), "--no-progress")
    assert r.returncode == 0, r.stderr
    return out


def test_graph_is_byte_identical(built: Path):
    assert (built / "graph.ttl").read_bytes() == (EXPECTED / "graph.ttl").read_bytes()


def test_report_is_identical_but_for_timings(built: Path):
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    report.pop("timings_seconds")
    report.pop("cache")  # what this run took from the cache: not what the build made
    assert report == json.loads((EXPECTED / "report.json").read_text(encoding="utf-8"))


def test_map_data_is_byte_identical(built: Path):
    page = (built / "graph.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    assert data is not None, "the map has no data island"
    assert data.group(1) + "\n" == (EXPECTED / "map-data.json").read_text(encoding="utf-8")
