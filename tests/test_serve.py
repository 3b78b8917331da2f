"""kg serve as clients reach it: the SPARQL 1.1 Protocol over real HTTP, and its query page."""

from __future__ import annotations

import csv
import io
import json
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
    s = serve.start(seed_build, port=0, limit=50, timeout=5)
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
