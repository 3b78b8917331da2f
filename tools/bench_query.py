"""``make bench`` (third part): the library queries on about a million triples, pyoxigraph
against rdflib in one run.

    python tools/bench_query.py [ENTITIES]      (default 45000 entities: about 1.1 M triples)

The graph is shaped like ours (entities of every class with Chinese labels and aliases, relations
with statement nodes carrying evidence) and written by the project's own exporter. Printed: load
times, then for each library query the pyoxigraph latency (median of 3 runs), the rdflib latency
(one run, stopped after RDFLIB_TIMEOUT seconds) and the ratio. Goals from the issue: every query
under 200 ms with pyoxigraph, median ratio at least 20x.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import pyoxigraph as ox
import rdflib
from bench_map import synthetic

from kg.errors import QueryError
from kg.ontology import PREFIXES
from kg.query import in_worker, library, with_prefixes
from kg.rdf import write_turtle

RDFLIB_TIMEOUT = 60.0


def timed(task) -> float:
    t = time.perf_counter()
    task()
    return time.perf_counter() - t


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 45000
    with tempfile.TemporaryDirectory(prefix="kg-bench-query-") as tmp:
        ttl = Path(tmp) / "graph.ttl"
        t = time.perf_counter()
        write_turtle(synthetic(n), ttl)
        print(
            f"synthetic graph: {n} entities, written in {time.perf_counter() - t:.1f} s ({ttl.stat().st_size / 1e6:.0f} MB of Turtle)"
        )
        store = ox.Store()
        load_ox = timed(lambda: store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE))
        triples = len(store)
        g = rdflib.Graph()
        load_rdflib = timed(lambda: g.parse(str(ttl), format="turtle"))
        print(f"{triples:,} triples; load: pyoxigraph {load_ox:.1f} s, rdflib {load_rdflib:.1f} s")
        ratios, slowest = [], 0.0
        print(f"  {'query':<28} {'pyoxigraph':>11} {'rdflib':>10} {'ratio':>8}  rows")
        for name, text in library().items():
            runs = []
            rows = 0
            for _ in range(3):
                t = time.perf_counter()
                res = store.query(text, prefixes=dict(PREFIXES))
                rows = sum(1 for _ in res) if isinstance(res, ox.QuerySolutions | ox.QueryTriples) else 1
                runs.append(time.perf_counter() - t)
            fast = statistics.median(runs)
            slowest = max(slowest, fast)
            try:
                slow = in_worker(
                    lambda text=text: timed(lambda: len(list(g.query(with_prefixes(text))))), RDFLIB_TIMEOUT
                )
                ratio = slow / fast if fast else float("inf")
                ratios.append(ratio)
                slow_text, ratio_text = f"{slow * 1000:8.0f}ms", f"{ratio:7.0f}x"
            except QueryError:
                ratios.append(RDFLIB_TIMEOUT / fast)
                slow_text, ratio_text = f">{RDFLIB_TIMEOUT:.0f} s".rjust(10), f">{RDFLIB_TIMEOUT / fast:6.0f}x"
            print(f"  {name:<28} {fast * 1000:9.1f}ms {slow_text} {ratio_text}  {rows}")
        print(
            f"slowest pyoxigraph query {slowest * 1000:.0f} ms (goal < 200 ms); median ratio to rdflib {statistics.median(ratios):.0f}x (goal >= 20x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
