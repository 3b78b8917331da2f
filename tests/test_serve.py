"""kg serve as clients reach it: the SPARQL 1.1 Protocol over real HTTP, and its query page."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import kg

from kg import serve

PEOPLE = "people-roles"


@pytest.fixture(scope="module")
def server(seed_build: Path):
    s = serve.start(seed_build, port=0, rows=50, timeout=5)
    yield s, f"http://127.0.0.1:{s.server_address[1]}"
    s.shutdown()
    s.server_close()


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def library_query(name: str) -> str:
    from kg.query import library

    return library()[name]


def test_get_and_post_give_the_rows_kg_query_gives(server, seed_build: Path):
    _, base = server
    text = library_query(PEOPLE)
    local = list(csv.reader(io.StringIO(kg("query", str(seed_build), PEOPLE, "-f", "csv").stdout)))
    status, kind, body = fetch(
        f"{base}/sparql?" + urllib.parse.urlencode({"query": text}), headers={"Accept": "text/csv"}
    )
    assert status == 200 and kind.startswith("text/csv")
    assert list(csv.reader(io.StringIO(body))) == local
    status, kind, body = fetch(
        f"{base}/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and kind.startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == len(local) - 1


@pytest.mark.parametrize(
    ("accept", "kind"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_results_follow_the_accept_header(server, accept, kind):
    _, base = server
    status, got, _ = fetch(f"{base}/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"), headers={"Accept": accept})
    assert status == 200 and got.startswith(kind)


def test_the_endpoint_only_reads_and_limits_rows(server):
    _, base = server
    status, _, body = fetch(
        f"{base}/sparql",
        data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403 and "only reads" in body
    status, _, _ = fetch(
        f"{base}/sparql", data=b"DELETE WHERE { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 403
    _, _, body = fetch(f"{base}/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"))
    assert len(json.loads(body)["results"]["bindings"]) == 50  # the server's row limit
    status, _, body = fetch(f"{base}/sparql?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s ?p }"))
    assert status == 400 and "line 1" in body


def test_the_query_page_runs_a_library_question(server, browser_page):
    _, base = server
    page = browser_page(base + "/")
    page.select_option(
        "#library", label=next(o for o in page.locator("#library option").all_inner_texts() if o.startswith(PEOPLE))
    )
    page.click("#run")
    page.wait_for_selector("#results table tr:nth-child(2)")
    assert page.locator("#results tr").count() > 10
    assert "行" in page.inner_text("#status")


def raw(server, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> int:
    """The status of a request sent with exactly these headers (none added)."""
    import http.client

    s, _ = server
    conn = http.client.HTTPConnection("127.0.0.1", s.server_address[1], timeout=30)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in headers.items():
        conn.putheader(k, v)
    conn.endheaders(body or None)
    status = conn.getresponse().status
    conn.close()
    return status


def test_a_foreign_host_and_a_cross_site_request_are_refused(server):
    s, _ = server
    own = f"127.0.0.1:{s.server_address[1]}"
    q = "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
    assert raw(server, "GET", q, {"Host": own}) == 200
    assert raw(server, "GET", q, {"Host": f"localhost:{s.server_address[1]}"}) == 200
    assert raw(server, "GET", q, {"Host": "evil.example"}) == 421  # DNS rebinding
    assert raw(server, "GET", q, {"Host": own, "Sec-Fetch-Site": "cross-site"}) == 403  # <img src=…> from a page
    body = b"query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
    form = {"Host": own, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))}
    assert raw(server, "POST", "/sparql", form, body) == 200
    assert raw(server, "POST", "/sparql", {**form, "Origin": "http://evil.example"}, body) == 403


def test_a_post_needs_a_true_content_length(server):
    s, _ = server
    own = {"Host": f"127.0.0.1:{s.server_address[1]}", "Content-Type": "application/sparql-query"}
    assert raw(server, "POST", "/sparql", {**own, "Content-Length": "-1"}) == 400
    assert raw(server, "POST", "/sparql", {**own, "Content-Length": "abc"}) == 400
    assert raw(server, "POST", "/sparql", own) == 411


def fetch_with_headers(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs until stopped
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"  # holds every row: grows until stopped


def test_a_busy_server_turns_queries_away_with_a_time_to_come_back(seed_build: Path):
    s = serve.start(seed_build, port=0, timeout=3, workers=1, queue=0)
    base = f"http://127.0.0.1:{s.server_address[1]}/sparql?query="
    try:
        first: list = []
        running = threading.Thread(target=lambda: first.append(fetch_with_headers(base + urllib.parse.quote(ENDLESS))))
        running.start()
        time.sleep(0.5)  # the endless query holds the only worker
        status, headers, body = fetch_with_headers(base + urllib.parse.quote("ASK { ?s ?p ?o }"))
        assert status == 503 and headers.get("Retry-After") and "busy" in body
        running.join()
        assert first[0][0] == 503 and "longer than 3 s" in first[0][2]
        status, _, _ = fetch_with_headers(base + urllib.parse.quote("ASK { ?s ?p ?o }"))
        assert status == 200  # the worker is free again
    finally:
        s.shutdown()


def test_a_query_over_its_memory_allowance_is_stopped_and_the_server_goes_on(seed_build: Path):
    s = serve.start(seed_build, port=0, timeout=60, memory_mb=64)
    base = f"http://127.0.0.1:{s.server_address[1]}/sparql?query="
    try:
        status, _, body = fetch_with_headers(base + urllib.parse.quote(HUNGRY))
        assert status == 503 and "64 MB" in body
        status, _, body = fetch_with_headers(base + urllib.parse.quote("ASK { ?s ?p ?o }"))
        assert status == 200 and "true" in body
    finally:
        s.shutdown()


def test_an_idle_connection_is_closed(seed_build: Path):
    s = serve.start(seed_build, port=0, idle=1)
    try:
        with socket.create_connection(("127.0.0.1", s.server_address[1]), timeout=10) as conn:
            conn.sendall(b"GET /library HTTP/1.1\r\n")  # and never finishes the request
            time.sleep(3)
            assert conn.recv(100) == b""  # the server hung up
    finally:
        s.shutdown()


def test_client_mistakes_leave_no_traceback_on_the_servers_stderr(seed_build: Path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(seed_build), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        port = int(re.search(r":(\d+)/", line).group(1))
        mistakes = [
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\nquery=",  # then hangs up
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello to a plain HTTP port
            b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
            b"GET /sparql?query=%FF%FE HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        ]
        for raw_bytes in mistakes:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.sendall(raw_bytes)
                conn.shutdown(socket.SHUT_WR)
                while conn.recv(65536):
                    pass
        status, _, _ = fetch(f"http://127.0.0.1:{port}/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
        assert status == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err and "Error" not in err, err


def _memory_of_server_and_workers(pid: int) -> int:
    """Resident bytes of process ``pid`` plus what its children hold of their own."""

    def field(path: str, prefix: str) -> int:
        try:
            with open(path, encoding="ascii") as f:
                return sum(int(line.split()[1]) * 1024 for line in f if line.startswith(prefix))
        except OSError:
            return 0  # a worker that just ended

    children = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            children += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return field(f"/proc/{pid}/status", "VmRSS:") + sum(field(f"/proc/{c}/smaps_rollup", "Private_") for c in children)


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux's /proc to measure memory")
def test_twenty_cartesian_queries_stay_under_the_memory_cap_and_a_simple_query_still_answers(seed_build: Path):
    workers, per_query = 24, 64
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(seed_build), "--port", "0"]
        + ["--max-memory", str(per_query), "--workers", str(workers), "--timeout", "20"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        port = int(re.search(r":(\d+)/", proc.stderr.readline()).group(1))
        base = f"http://127.0.0.1:{port}/sparql?query="
        alone = _memory_of_server_and_workers(proc.pid)
        answers: list = []
        heavy = [HUNGRY] * 10 + [ENDLESS] * 10
        clients = [
            threading.Thread(target=lambda q=q: answers.append(fetch_with_headers(base + urllib.parse.quote(q))))
            for q in heavy
        ]
        for c in clients:
            c.start()
        peak, simple, t0 = 0, None, time.monotonic()
        while any(c.is_alive() for c in clients):
            peak = max(peak, _memory_of_server_and_workers(proc.pid))
            if simple is None and time.monotonic() - t0 > 1:
                asked = time.monotonic()
                simple = fetch_with_headers(base + urllib.parse.quote("ASK { ?s ?p ?o }")), time.monotonic() - asked
            time.sleep(0.02)
        cap = (
            alone + len(heavy) * per_query * 1024 * 1024
        )  # what the README states: the server plus workers x --max-memory
        assert peak < cap, (peak >> 20, cap >> 20)
        assert simple is not None and simple[0][0] == 200
        assert simple[1] < 5  # answered beside the heavy queries, not queued behind their 20 s
        assert sorted({status for status, _, _ in answers}) == [503]  # every heavy one stopped
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_query_page_labels_terms_clears_old_results_and_links_entities_to_the_map(server, browser_page):
    _, base = server
    page = browser_page(base + "/")
    page.fill("#query", "SELECT ?e ?p WHERE { ?e lt:locatedIn ?x . ?e ?p ?x } LIMIT 5")
    page.click("#run")
    page.wait_for_selector("#results table tr:nth-child(2)")
    assert "位于" in page.inner_text("#results")  # lt:locatedIn shown with its Chinese label
    assert page.is_enabled("#csv") and page.is_enabled("#json")
    link = page.locator("#results a").first
    iri = link.inner_text()
    page.fill("#query", "SELECT ?s WHERE { ?s ?p }")  # a syntax error
    page.click("#run")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('错误')")
    assert page.locator("#results table").count() == 0  # the previous rows are gone
    assert not page.is_enabled("#csv")
    page.goto(base + "/map#" + urllib.parse.quote(iri, safe=""))
    page.wait_for_function("window.kgMap && window.kgMap.ready")
    assert page.inner_text("#kg-details .kg-iri") == iri  # the map opens at that entity
