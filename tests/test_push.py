"""kg push against a real Oxigraph server (the ``oxigraph`` package's binary) on a loopback port."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import kg

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store_server(tmp_path_factory):
    assert OXIGRAPH, "the oxigraph server binary comes with the test extra (pip install -e '.[test]')"
    port = free_port()
    proc = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxi")),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


def remote(base: str, query: str) -> list[dict]:
    from kg.query import with_prefixes

    req = urllib.request.Request(
        base + "/query?" + urllib.parse.urlencode({"query": with_prefixes(query)}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())["results"]["bindings"]


def rows(bindings: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in bindings)


def test_pushed_graph_answers_like_the_local_one(store_server, seed_build: Path):
    r = kg("push", str(seed_build), "--endpoint", store_server + "/store", "--graph", "https://example.org/g/seeds")
    assert r.returncode == 0, r.stderr
    from kg.query import library

    for name in ("people-roles", "chain-committee-members", "region-programs"):
        local = json.loads(kg("query", str(seed_build), name, "-f", "json").stdout)["results"]["bindings"]
        assert rows(remote(store_server, library()[name])) == rows(local) != []


def test_pushing_again_replaces_the_graph(store_server, seed_build: Path):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for _ in range(2):
        assert (
            kg(
                "push", str(seed_build), "--endpoint", store_server + "/store", "--graph", "https://example.org/g/again"
            ).returncode
            == 0
        )
    once = int(
        remote(store_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/g/again> { ?s ?p ?o } }")[0][
            "n"
        ]["value"]
    )
    lines = sum(
        1
        for line in kg("query", str(seed_build), "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").stdout.splitlines()
        if line.strip()
    )
    assert once == lines
    assert int(remote(store_server, count)[0]["n"]["value"]) >= once


def test_push_names_an_unreachable_store(seed_build: Path):
    r = kg("push", str(seed_build), "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert r.returncode == 1 and "cannot reach the store" in r.stderr and "Traceback" not in r.stderr
    r = kg("push", str(seed_build), "--endpoint", "localhost:7878")
    assert r.returncode == 2 and "graph-store URL" in r.stderr
