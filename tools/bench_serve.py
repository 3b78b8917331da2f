"""``make bench`` (fourth part): ``kg serve`` under a burst of clients.

Starts ``kg serve`` on the seed export (a separate process, loopback only), then prints the
latency of library queries sent one after another, and of 1,000 requests sent by 200 client
threads at once (p50, p99, the slowest, and how many were answered 200 or turned away with 503).
The server is stopped by its PID at the end.

    python tools/bench_serve.py [OUT]        (default: exports/, built by ``make demo``)
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query import library

CLIENTS = 200
REQUESTS = 1000


def get(url: str) -> tuple[int, float]:
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError:
        status = 0  # refused or reset
    return status, time.perf_counter() - t


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def start(out: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(out), "--port", "0"], stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()
    found = re.search(r"http://([^/]+)/", line)
    if not found:
        proc.kill()
        sys.exit(f"bench_serve: kg serve did not start: {line}{proc.stderr.read()}")
    return proc, f"http://{found.group(1)}"


def burst(what: str, urls: list[str]) -> None:
    t = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(get, (urls[i % len(urls)] for i in range(REQUESTS))))
    wall = time.perf_counter() - t
    seconds = [s for _, s in results]
    statuses = Counter(status for status, _ in results)
    print(
        f"  {REQUESTS} {what} from {CLIENTS} clients at once, {wall:.1f} s: p50 {percentile(seconds, 0.5) * 1000:.0f} ms,"
        f" p99 {percentile(seconds, 0.99) * 1000:.0f} ms, slowest {max(seconds) * 1000:.0f} ms;"
        f" answered {statuses.get(200, 0)}, busy (503) {statuses.get(503, 0)},"
        f" other {sum(v for k, v in statuses.items() if k not in (200, 503))}"
    )


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "exports"
    if not (out / "graph.ttl").is_file():
        with tempfile.TemporaryDirectory() as tmp:
            built = Path(tmp) / "out"
            subprocess.run([sys.executable, "-m", "kg", "build", "seeds", "-o", str(built), "-q"], cwd=ROOT, check=True)
            return main([str(built)])
    proc, base = start(out)
    try:
        urls = [f"{base}/sparql?query={urllib.parse.quote(text)}" for text in library().values()]
        sequential = [get(urls[i % len(urls)])[1] for i in range(100)]
        print(
            f"kg serve, {out}: 100 library queries one after another: p50 {statistics.median(sequential) * 1000:.0f} ms"
        )
        burst("library queries", urls)
        burst("ASK queries", [f"{base}/sparql?query={urllib.parse.quote('ASK { ?s ?p ?o }')}"])
        burst("query pages (no query)", [f"{base}/library"])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
