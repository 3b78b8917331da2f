"""The pipeline: read -> normalise -> sentences -> entities -> resolve -> relations, per document.

Each stage is a function of the previous stage's records; ``process`` runs them on one
document and checks what each returns. ``run`` maps it over many files, in worker processes
with ``jobs > 1``, and never lets one bad file cost the others.

>>> r = extract_text("位于青羊区的成都星河电子有限公司内。")
>>> [(x.head.name, x.prop, x.tail.name) for x in r.relations]
[('成都星河电子有限公司', 'locatedIn', '青羊区')]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg import compounds, entities, ingest, normalize, relations, resolve, segment
from kg.errors import InputError, KGError
from kg.lexicon import Lexicon, load
from kg.records import DocResult, Document, Mention

_STATE: dict[str, object] = {}


def _lexicon() -> Lexicon:
    lex = _STATE.get("lexicon")
    if lex is None:
        lex = load()
        _STATE["lexicon"] = lex
    return lex  # type: ignore[return-value]


def configure(user_dict: Path | None) -> Lexicon:
    """Load the lexicons (and a user dictionary) for this process."""
    lex = load(user_dict)
    _STATE["lexicon"] = lex
    if lex.user:
        segment.add_words(n for e in lex.user for n in (e.name, *e.aliases))
    return lex


def _check(stage: str, value: object, kind: type) -> None:
    items = value if isinstance(value, (tuple, list)) else [value]
    for v in items:
        if not isinstance(v, kind):
            raise KGError(f"pipeline stage {stage!r} returned {type(v).__name__}, expected {kind.__name__}")


def process(doc: Document) -> DocResult:
    """Run every stage on one (read) document."""
    lex = _lexicon()
    timings: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        timings[name] = timings.get(name, 0.0) + now - t
        t = now

    doc = normalize.normalize(doc)
    lap("normalize")
    sents = segment.sentences(doc)
    lap("segment")
    mentions = list(entities.recognise(doc, sents, lex))
    _check("entities", mentions, Mention)
    parts, links = compounds.split(mentions, lex)
    links += compounds.chains(mentions + parts, doc.text, lex)
    lap("entities")
    ents, entity_of = resolve.resolve(doc.text, mentions + parts, lex)
    lap("resolve")
    all_mentions = list(entity_of)
    rels = relations.Extractor(lex).extract(doc.text, sents, all_mentions, entity_of, links)
    lap("relations")
    return DocResult(doc, sents, tuple(sorted(all_mentions)), ents, rels, timings)


def slim(result: DocResult) -> DocResult:
    """The result without what only the stages needed (raw text, offsets, sentences, mentions):
    what a build keeps of each document, and what worker processes send back."""
    doc = replace(result.document, raw="", offsets=())
    return replace(result, document=doc, sentences=(), mentions=())


def extract_text(text: str, doc_id: str = "text") -> DocResult:
    """Run the pipeline on a string (tests, the REPL)."""
    return process(Document(doc_id=doc_id, source=doc_id, title="", text=text, raw=text))


@dataclass
class Outcome:
    results: list[DocResult] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    bytes_read: int = 0


def _doc_id(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return rel.as_posix()


def _work(item: tuple[str, str, int]) -> tuple[str, DocResult | None, str]:
    path, doc_id, max_bytes = item
    try:
        doc = ingest.read(Path(path), doc_id=doc_id, max_bytes=max_bytes)
        return path, slim(process(doc)), ""
    except InputError as e:
        return path, None, e.reason
    except KGError as e:
        return path, None, str(e)
    except Exception as e:  # noqa: BLE001 - one bad file must not cost the others
        return path, None, f"internal error while reading ({type(e).__name__}: {e})"


def run(
    sources: list[Path],
    *,
    jobs: int = 1,
    user_dict: Path | None = None,
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    progress: bool | None = None,
    on_skip: Callable[[str, str], None] | None = None,
) -> Outcome:
    """Read and extract every document under ``sources``."""
    start = time.perf_counter()
    found = ingest.collect(sources)
    out = Outcome(skipped=list(found.skipped))
    for path, reason in found.skipped:
        if on_skip:
            on_skip(path, reason)
    configure(user_dict)  # a malformed data file stops the build here, before any work
    items = [(str(p), _doc_id(p, found.roots[p]), max_bytes) for p in found.files]
    if progress is None:
        progress = sys.stderr.isatty()
    bar = _bar(len(items), progress)
    if jobs > 1 and len(items) > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=configure, initargs=(user_dict,)) as pool:
            done = pool.map(_work, items, chunksize=max(1, len(items) // (jobs * 8)))
            results = _consume(done, bar)
    else:
        results = _consume(map(_work, items), bar)
    bar.close()
    for path, result, reason in results:
        if result is None:
            out.skipped.append((path, reason))
            if on_skip:
                on_skip(path, reason)
        else:
            out.results.append(result)
            out.encodings[result.document.doc_id] = result.document.encoding
            out.bytes_read += len(result.document.text.encode("utf-8"))
    out.results.sort(key=lambda r: r.document.doc_id)
    out.seconds = time.perf_counter() - start
    return out


def _consume(done, bar) -> list:
    out = []
    for item in done:
        out.append(item)
        bar.update(1)
    return out


def _bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="kg build", disable=not enabled or total == 0, file=sys.stderr)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
