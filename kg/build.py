"""``kg build``: run the pipeline over sources and write OUT/graph.ttl, graph.html, report.json.

Everything is generated in a temporary folder beside OUT first; only when all of it is ready
are the files moved into OUT (each with an atomic rename), so a failed or interrupted build
leaves the previous exports as they were.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx

from kg import export_html, ontology, pipeline, query, rdf
from kg.cache import FILE as CACHE_FILE
from kg.cache import Cache
from kg.errors import KGError, UsageError, shown
from kg.graph import build_graph, merges, nodes
from kg.records import Merge
from kg.schema import CLASSES, PROPERTIES

OUTPUTS = ("graph.ttl", "graph.html", "report.json", "ontology.ttl")
_MARKER = ".liantu-build"


def _cache_entry(out: Path, rep: dict, outcome: pipeline.Outcome, cache: Cache | None) -> dict:
    """What the cache saved: documents extracted by this build, reused from the cache, and those
    of the previous build of ``out`` that are gone (their facts left the graph with them)."""
    try:
        before = {d["file"] for d in json.loads((out / "report.json").read_text(encoding="utf-8")).get("read", [])}
    except (OSError, ValueError, TypeError, KeyError):
        before = set()
    now = {d["file"] for d in rep["read"]}
    return {
        "file": str(cache.path) if cache is not None else None,
        "extracted": outcome.extracted,
        "reused": outcome.reused,
        "removed": sorted(before - now),
    }


def _remove_stale(out: Path) -> None:
    """Remove the temporary folders of earlier builds of ``out`` that were killed midway."""
    for tmp in out.parent.glob(f".{out.name}.*"):
        marker = tmp / _MARKER
        try:
            pid = int(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        try:
            os.kill(pid, 0)
            if pid != os.getpid():
                continue  # another build is running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(tmp, ignore_errors=True)


def check_out(out: Path) -> None:
    """Refuse an output folder that is a file, or that cannot be created or written."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{shown(str(out))}: is a file, not a folder (give -o a folder for the exports)")
    parent = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    if not parent.is_dir():
        raise UsageError(f"{shown(str(out))}: {shown(str(parent))} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{shown(str(out))}: cannot write in {shown(str(parent))} (permission denied)")


def merge_entry(merge: Merge) -> dict:
    """A merge as the report lists it."""
    return {"class": merge.cls, "names": list(merge.names), "why": merge.why}


def report(graph: nx.MultiDiGraph, outcome: pipeline.Outcome, timings: dict[str, float], warnings: list[str]) -> dict:
    """The build report: counts, documents, skipped files and why, merges, timings."""
    classes = Counter(e.cls for e in nodes(graph))
    props = Counter(k for _, _, k in graph.edges(keys=True))
    stage: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    for r in outcome.results:
        stage.update(r.timings)
        rejected.update(r.rejected)
    return {
        "documents": len(outcome.results),
        "entities": graph.number_of_nodes(),
        "relations": graph.number_of_edges(),
        "statements": sum(len(d["evidence"]) for _, _, d in graph.edges(data=True)),
        "entities_by_class": {c: classes.get(c, 0) for c in CLASSES},
        "relations_by_property": {p: props.get(p, 0) for p in PROPERTIES},
        # candidates a frame proposed whose ends the ontology's domain and range do not allow
        "rejected_by_domain_range": {p: rejected.get(p, 0) for p in PROPERTIES},
        "read": [
            {
                "file": r.document.doc_id,
                "format": r.document.format,
                "encoding": r.document.encoding,
                "title": r.document.title,
                "date": r.document.date,
                "publisher": r.document.publisher,
                "characters": r.document.characters or len(r.document.text),
            }
            for r in outcome.results
        ],
        "skipped": [{"file": shown(f), "reason": shown(why)} for f, why in sorted(outcome.skipped)],
        "warnings": warnings,
        "merges": [merge_entry(m) for m in merges(graph)],
        "timings_seconds": {
            **{k: round(v, 3) for k, v in sorted(stage.items())},
            **{k: round(v, 3) for k, v in timings.items()},
        },
    }


def build_outputs(
    sources: list[Path],
    out: Path,
    *,
    jobs: int = 1,
    user_dict: Path | None = None,
    recogniser: str = "model",
    max_bytes: int | None = None,
    progress: bool | None = None,
    html: bool = True,
    store: bool = False,
    on_skip: Callable[[str, str], None] | None = None,
    cache: Path | None = None,
    use_cache: bool = True,
    cluster: str | None = None,
) -> dict:
    """Build the graph of ``sources`` into ``out``; returns the report. Raises ``KGError`` if no
    document was read. Extractions are kept in ``cache`` (default ``OUT/cache.sqlite``) unless
    ``use_cache`` is false: documents already extracted there are not extracted again."""
    check_out(out)  # before any work: a build that cannot write its outputs does not start
    with _lock(out), pipeline.fewer_collections():
        store_of = Cache(cache or out / CACHE_FILE, recogniser, user_dict) if use_cache else None
        try:
            return _build(
                sources,
                out,
                jobs,
                user_dict,
                recogniser,
                max_bytes,
                progress,
                html,
                store,
                on_skip,
                cache=store_of,
                cluster=cluster,
            )
        finally:
            if store_of is not None:
                store_of.close()


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One build at a time into ``out``: a lock file beside it holds the running build's process id
    (and is removed when the build ends); a second build exits with a usage error naming it
    instead of mixing their outputs."""
    import fcntl

    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    while True:
        f = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole build
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            f.seek(0)
            pid = f.read().strip() or "?"
            f.close()
            raise UsageError(
                f"{shown(str(out))}: another kg build (process {pid}) is writing there; wait for it"
            ) from e
        try:
            same = os.fstat(f.fileno()).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        f.close()  # the build before removed the file between our open and our lock: take the new one
    try:
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        f.close()


def _build(
    sources: list[Path],
    out: Path,
    jobs: int,
    user_dict: Path | None,
    recogniser: str,
    max_bytes: int | None,
    progress: bool | None,
    html: bool,
    store: bool,
    on_skip: Callable[[str, str], None] | None,
    cache: Cache | None = None,
    cluster: str | None = None,
) -> dict:
    kw = {"max_bytes": max_bytes} if max_bytes else {}
    outcome = pipeline.run(
        sources,
        jobs=jobs,
        user_dict=user_dict,
        recogniser=recogniser,
        progress=progress,
        on_skip=on_skip,
        cache=cache,
        cluster=cluster,
        **kw,
    )
    if not outcome.results:
        raise KGError("no document could be read from " + ", ".join(str(s) for s in sources))
    timings = {"extract": outcome.seconds}
    t = time.perf_counter()
    g = build_graph(outcome.results, recogniser=outcome.pipeline.recogniser if outcome.pipeline else None)
    timings["graph"] = time.perf_counter() - t
    lex_warnings = outcome.warnings
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    (tmp / _MARKER).write_text(str(os.getpid()), encoding="utf-8")
    try:
        t = time.perf_counter()
        rdf.write_turtle(g, tmp / "graph.ttl", jobs=jobs)
        timings["rdf"] = time.perf_counter() - t
        if html:
            t = time.perf_counter()
            export_html.write_html(g, tmp / "graph.html", labels=ontology.labels("zh"))
            timings["html"] = time.perf_counter() - t
        if store:  # a persistent store, so later queries do not parse the Turtle again
            t = time.perf_counter()
            query.write_store(tmp / "graph.ttl", tmp / query.STORE_DIR)
            timings["store"] = time.perf_counter() - t
        (tmp / "ontology.ttl").write_text(ontology.text(), encoding="utf-8")
        rep = report(g, outcome, timings, lex_warnings)
        rep["cache"] = _cache_entry(out, rep, outcome, cache)
        (tmp / "report.json").write_text(
            json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
        out.mkdir(parents=True, exist_ok=True)
        for name in OUTPUTS:
            if (tmp / name).exists():
                os.replace(tmp / name, out / name)
        old = out / query.STORE_DIR
        if old.exists():  # an older store would answer for the older graph: it goes either way
            os.replace(old, tmp / "old-store")
        if store:
            os.replace(tmp / query.STORE_DIR, old)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rep
