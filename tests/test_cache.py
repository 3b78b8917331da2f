"""The extraction cache (issue 16): a folder that grows, changes or shrinks is built again by
extracting only what changed, and the graph is the one a clean build makes."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, kg

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def build(src: Path, out: Path, *args: str) -> dict:
    r = kg("build", str(src), "-o", str(out), "--no-html", "-q", "--recogniser", "rules", *args)
    assert r.returncode == 0, r.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def same_as_clean(src: Path, out: Path, tmp: Path) -> bool:
    clean = tmp / f"clean-{time.monotonic_ns()}"
    build(src, clean, "--no-cache")
    assert not (clean / "cache.sqlite").exists()
    return (clean / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for p in SEED_FILES[:4]:
        shutil.copy(p, src / p.name)
    return src


def test_a_file_added_is_the_only_one_extracted(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = build(corpus, out)
    assert first["cache"]["extracted"] == 4 and first["cache"]["reused"] == 0
    shutil.copy(SEED_FILES[4], corpus / SEED_FILES[4].name)
    again = build(corpus, out)
    assert (again["cache"]["extracted"], again["cache"]["reused"]) == (1, 4)
    assert again["documents"] == 5
    assert same_as_clean(corpus, out, tmp_path)


def test_a_file_changed_is_the_only_one_extracted(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(corpus, out)
    changed = corpus / SEED_FILES[0].name
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n星澜区委组织部牵头成立星澜产业链党委。\n", encoding="utf-8"
    )
    again = build(corpus, out)
    assert (again["cache"]["extracted"], again["cache"]["reused"]) == (1, 3)
    assert "星澜产业链党委" in (out / "graph.ttl").read_text(encoding="utf-8")
    assert same_as_clean(corpus, out, tmp_path)


def test_a_file_deleted_takes_its_facts_with_it(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(corpus, out)
    gone = corpus / SEED_FILES[1].name
    gone.unlink()
    again = build(corpus, out)
    assert (again["cache"]["extracted"], again["cache"]["reused"]) == (0, 3)
    assert again["cache"]["removed"] == [SEED_FILES[1].name]
    assert SEED_FILES[1].name not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert same_as_clean(corpus, out, tmp_path)


def test_a_new_user_dictionary_extracts_everything_again(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(corpus, out)
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("星河智造\tEnterprise\t星河\n", encoding="utf-8")
    again = build(corpus, out, "--lexicon", str(lexicon))
    assert (again["cache"]["extracted"], again["cache"]["reused"]) == (4, 0)
    once_more = build(corpus, out, "--lexicon", str(lexicon))
    assert (once_more["cache"]["extracted"], once_more["cache"]["reused"]) == (0, 4)


def test_a_killed_build_keeps_what_it_had_done(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    for k in range(24):  # 120 documents: four batches of 32 or fewer
        for p in SEED_FILES:
            shutil.copy(p, src / f"{k:02d}_{p.name}")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(src), "-o", str(out), "--no-html", "-q", "--recogniser", "rules"],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    cache = out / "cache.sqlite"
    done = 0
    deadline = time.monotonic() + 300
    while done == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(cache) as db:
                done = db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        except sqlite3.Error:
            pass
    assert proc.poll() is None and done > 0, "the build ended before it could be killed"
    proc.send_signal(signal.SIGKILL)  # by its PID, midway
    proc.wait(timeout=30)
    assert not (out / "graph.ttl").exists()  # nothing half-written
    rerun = build(src, out)
    assert rerun["cache"]["reused"] >= done and rerun["cache"]["extracted"] == 120 - rerun["cache"]["reused"]
    assert rerun["cache"]["extracted"] > 0
    assert same_as_clean(src, out, tmp_path)


def test_cache_clear_forgets_every_document(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(corpus, out)
    r = kg("cache", "clear", str(out))
    assert r.returncode == 0 and "4 documents" in r.stderr
    again = build(corpus, out)
    assert (again["cache"]["extracted"], again["cache"]["reused"]) == (4, 0)
