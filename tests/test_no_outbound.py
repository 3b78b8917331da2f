"""No query sends a request anywhere unless the user allows the host (issue 14: SSRF).

A listener on a loopback port counts the connections it receives; queries with SERVICE — plain,
in odd letter case, behind comments and strings, nested, or with a variable endpoint — are
refused by kg query and by kg serve, and the listener hears nothing. With --allow-service for
that host, the engine does call it."""

from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import kg

from kg import serve
from kg.query import services


class Listener:
    """A loopback TCP listener that counts connections (and answers nothing useful)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener():
    lis = Listener()
    yield lis
    lis.close()


def hostile(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ sErViCe <{url}> {{ ?s ?p ?o }} }}",
        f'# SERVICE is in this comment\nSELECT * WHERE {{ ?s ?p "SERVICE" . SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}',
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ]


def test_service_clauses_are_found_wherever_they_hide():
    for q in hostile(9):
        assert services(q), q
    assert services('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://y/>') == []


def test_kg_query_sends_no_request(listener, seed_build: Path):
    for q in hostile(listener.port):
        r = kg("query", str(seed_build), q)
        assert r.returncode == 1 and "SERVICE" in r.stderr and "Traceback" not in r.stderr, q
    assert listener.connections == 0


def test_kg_serve_sends_no_request(listener, seed_build: Path):
    s = serve.start(seed_build, port=0, rows=50, timeout=5)
    try:
        base = f"http://127.0.0.1:{s.server_address[1]}/sparql"
        for q in hostile(listener.port):
            url = base + "?" + urllib.parse.urlencode({"query": q})
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(url, timeout=30)
            assert err.value.code == 400
    finally:
        s.shutdown()
        s.server_close()
    assert listener.connections == 0


def test_an_allowed_host_is_called(listener, seed_build: Path):
    q = hostile(listener.port)[0]
    r = kg("query", str(seed_build), q, "--allow-service", "127.0.0.1", "--timeout", "20")
    assert listener.connections >= 1, r.stderr
