"""The pipeline: one ``Doc`` per document, passed through an ordered list of named components.

``Pipeline`` owns what the components share (the lexicon, the jieba segmenter with the user's
words, the recogniser and the relation extractor); nothing lives in module globals. The default
components, in order:

    normalize -> segment -> propose -> recognise -> compounds -> resolve -> relations

``propose`` runs the span model (``kg.model``) over the document's sentences in one batch; the
rules-only pipeline (``Pipeline(recogniser="rules")``, ``kg build --recogniser rules``) has no
``propose`` and is several times faster.

Each component takes the ``Doc`` and returns it with its own annotations added; the pipeline
checks what each returns. A component can be replaced, added or removed by name
(``replace``, ``add(..., before=/after=)``, ``remove``). ``run`` maps a pipeline over many
files, in worker processes with ``jobs > 1``, and never lets one bad file cost the others.

>>> r = extract_text("位于青羊区的成都星河电子有限公司内。")
>>> [(x.head.name, x.prop, x.tail.name) for x in r.relations]
[('成都星河电子有限公司', 'locatedIn', '青羊区')]
>>> Pipeline().names
('normalize', 'segment', 'propose', 'recognise', 'compounds', 'resolve', 'relations')
>>> Pipeline(recogniser="rules").names
('normalize', 'segment', 'recognise', 'compounds', 'resolve', 'relations')
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg import compounds, entities, ingest, model, normalize, proposals, relations, resolve, segment
from kg.cache import Cache
from kg.compounds import Link
from kg.errors import InputError, KGError, shown
from kg.lexicon import Lexicon, load
from kg.model import Span
from kg.records import DocResult, Document, Entity, Mention, Relation, Sentence


@dataclass
class Doc:
    """One document as the components see it: the text and every annotation found so far.

    ``document.offsets`` maps the normalised text back to the raw text; sentences carry their
    tokens (computed once); mentions, entities and relations keep document offsets.
    """

    document: Document
    sentences: tuple[Sentence, ...] = ()
    words: tuple[tuple[Span, ...], ...] = ()  # the span model's words of each sentence (document offsets)
    mentions: list[Mention] = field(default_factory=list)  # names recognised
    parts: list[Mention] = field(default_factory=list)  # names inside those names
    links: list[Link] = field(default_factory=list)  # what a name states about its parts
    entities: tuple[Entity, ...] = ()
    entity_of: dict[Mention, Entity] = field(default_factory=dict)
    relations: tuple[Relation, ...] = ()
    rejected: dict[str, int] = field(default_factory=dict)  # candidates domain and range refused, by property
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.document.text

    def result(self) -> DocResult:
        mentions = tuple(sorted(self.entity_of))
        return DocResult(
            self.document, self.sentences, mentions, self.entities, self.relations, self.timings, self.rejected
        )


Component = Callable[[Doc], Doc]


class Pipeline:
    """The ordered, named components over one lexicon and segmenter."""

    def __init__(self, lexicon: Lexicon | None = None, recogniser: str = "model") -> None:
        if recogniser not in RECOGNISERS:
            raise KGError(f"no recogniser is called {recogniser!r} (choose {' or '.join(RECOGNISERS)})")
        self.lexicon = lexicon or load()
        self.segmenter = segment.for_words(n for e in self.lexicon.user for n in (e.name, *e.aliases))
        self.recogniser = entities.Recogniser(self.lexicon, self.segmenter)
        self.extractor = relations.Extractor(self.lexicon, self.segmenter)
        self.typing = proposals.Typing(self.recogniser)
        self._components: list[tuple[str, Component]] = [
            ("normalize", self._normalize),
            ("segment", self._segment),
            ("propose", self._propose),
            ("recognise", self._recognise),
            ("compounds", self._compounds),
            ("resolve", self._resolve),
            ("relations", self._relations),
        ]
        # components that also take a batch of documents at once (the model tags their sentences together)
        self._batched: dict[str, Callable[[list[Doc]], list[Doc]]] = {"propose": self._propose_many}
        self.model_threads = 0  # ONNX Runtime's threads: 0 = its default (the cores); 1 in worker processes
        if recogniser == "rules":
            self.remove("propose")

    @classmethod
    def for_user_dict(cls, user_dict: Path | None, recogniser: str = "model") -> Pipeline:
        """The pipeline with the built-in lexicons and the user dictionary at ``user_dict``."""
        return cls(load(user_dict), recogniser) if user_dict else default(recogniser)

    # -- the list of components -------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self._components)

    def _index(self, name: str) -> int:
        if name not in self.names:
            raise KGError(f"no pipeline component is called {name!r} (components: {', '.join(self.names)})")
        return self.names.index(name)

    def get(self, name: str) -> Component:
        return self._components[self._index(name)][1]

    def replace(self, name: str, component: Component) -> None:
        self._components[self._index(name)] = (name, component)
        self._batched.pop(name, None)

    def remove(self, name: str) -> None:
        del self._components[self._index(name)]
        self._batched.pop(name, None)

    def add(self, name: str, component: Component, *, before: str | None = None, after: str | None = None) -> None:
        """Add ``component`` at the end, or before/after the component of that name."""
        if name in self.names:
            raise KGError(f"a pipeline component is already called {name!r}")
        at = self._index(before) if before else self._index(after) + 1 if after else len(self._components)
        self._components.insert(at, (name, component))

    # -- running ----------------------------------------------------------------------------
    def __call__(self, document: Document) -> DocResult:
        """Run every component on one (read) document."""
        return self.pipe([document])[0]

    def pipe(self, documents: list[Document]) -> list[DocResult]:
        """Run every component on a batch of documents: the batch-aware ones (``propose``) once
        for the whole batch, the others document by document."""
        docs = [Doc(d) for d in documents]
        for name, component in self._components:
            t = time.perf_counter()
            batched = self._batched.get(name)
            docs = batched(docs) if batched and len(docs) > 1 else [component(d) for d in docs]
            for doc in docs:
                if not isinstance(doc, Doc):
                    raise KGError(f"pipeline component {name!r} returned {type(doc).__name__}, expected Doc")
            share = (time.perf_counter() - t) / max(1, len(docs))
            for doc in docs:
                key = _TIMING.get(name, name)
                doc.timings[key] = doc.timings.get(key, 0.0) + share
        return [d.result() for d in docs]

    def text(self, text: str, doc_id: str = "text") -> DocResult:
        """Run the pipeline on a string (tests, the REPL)."""
        return self(Document(doc_id=doc_id, source=doc_id, title="", text=text, raw=text))

    def warm(self) -> None:
        """Load what the first document loads (jieba's dictionary, the rules' tables) by running
        every component but the model's on a short text: ONNX Runtime is not started."""
        text = "云杉科技有限公司在星河镇设立分公司，张明任经理。"
        doc = Doc(Document(doc_id="warm", source="warm", title="", text=text, raw=text))
        for name, component in self._components:
            if name != "propose":
                doc = component(doc)

    # -- the default components --------------------------------------------------------------
    def _normalize(self, doc: Doc) -> Doc:
        doc.document = normalize.normalize(doc.document)
        return doc

    def _segment(self, doc: Doc) -> Doc:
        doc.sentences = self.segmenter.sentences(doc.document)
        return doc

    def _propose(self, doc: Doc) -> Doc:
        return self._propose_many([doc])[0]

    def _propose_many(self, docs: list[Doc]) -> list[Doc]:
        sents = [s for d in docs for s in d.sentences]
        texts = [s.text.translate(_BREAKS) for s in sents]
        tagged = iter(model.model(self.model_threads).tag(texts, [s.start for s in sents]))
        for d in docs:
            d.words = tuple(tuple(next(tagged)) for _ in d.sentences)
        return docs

    def _recognise(self, doc: Doc) -> Doc:
        typing = self.typing if doc.words else None
        doc.mentions = list(entities.recognise_with(self.recogniser, doc.sentences, doc.words, typing))
        _check("recognise", doc.mentions, Mention)
        return doc

    def _compounds(self, doc: Doc) -> Doc:
        doc.parts, doc.links = compounds.split(doc.mentions, self.lexicon, self.recogniser.relative)
        doc.links += compounds.chains(doc.mentions + doc.parts, doc.text, self.lexicon)
        return doc

    def _resolve(self, doc: Doc) -> Doc:
        doc.entities, doc.entity_of = resolve.resolve(doc.text, doc.mentions + doc.parts, self.lexicon, self.segmenter)
        return doc

    def _relations(self, doc: Doc) -> Doc:
        all_mentions = list(doc.entity_of)
        found = self.extractor.extract(doc.text, doc.sentences, all_mentions, doc.entity_of, doc.links)
        doc.relations = tuple(as_read(doc.document, r) for r in found)
        doc.rejected = dict(self.extractor.rejected)
        return doc


def as_read(document: Document, rel: Relation) -> Relation:
    """``rel`` with its evidence as the document reads (punctuation and characters unchanged) and
    its offsets, and those of its head's and tail's names, in that text."""
    if not document.offsets or not document.raw:
        return rel
    at = document.raw_offset
    start, end = at(rel.start), at(rel.end - 1) + 1 if rel.end > rel.start else at(rel.start)
    hs, he, ts, te = rel.spans
    spans = (at(hs), at(he - 1) + 1, at(ts), at(te - 1) + 1) if min(rel.spans) >= 0 else rel.spans
    return replace(rel, evidence=document.raw[start:end], start=start, end=end, spans=spans)


#: Stage timings keep the names ``report.json`` has always used.
_TIMING = {"propose": "model", "recognise": "entities", "compounds": "entities"}
#: line breaks and tabs inside a sentence are read by the model as a clause break (a model word
#: never runs across a line)
_BREAKS = str.maketrans("\n\r\t\u3000\u2028\u2029", "，，，，，，")
#: ``kg build --recogniser``: the span model under the rules (default), or the rules alone.
RECOGNISERS = ("model", "rules")


def _check(stage: str, value: Iterable[Any], kind: type) -> None:
    for v in value:
        if not isinstance(v, kind):
            raise KGError(f"pipeline component {stage!r} returned {type(v).__name__}, expected {kind.__name__}")


@functools.lru_cache(maxsize=2)
def default(recogniser: str = "model") -> Pipeline:
    """The pipeline with the built-in lexicons (no user dictionary), made once per process."""
    return Pipeline(recogniser=recogniser)


def slim(result: DocResult) -> DocResult:
    """The result without what only the stages needed (the text, raw and normalised, offsets,
    sentences, mentions): what a build keeps of each document (its records, not its text: the
    evidence sentences are in the relations), and what worker processes send back."""
    doc = replace(result.document, raw="", offsets=(), text="", characters=len(result.document.text))
    return replace(result, document=doc, sentences=(), mentions=())


def extract_text(text: str, doc_id: str = "text") -> DocResult:
    """Run the default pipeline on a string (tests, the REPL)."""
    return default().text(text, doc_id)


@dataclass
class Outcome:
    results: list[DocResult] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # about the user dictionary and documents read with repairs
    pipeline: Pipeline | None = None
    extracted: int = 0  # documents extracted by this run
    reused: int = 0  # documents whose extraction came from the cache


def _doc_id(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return shown(rel.as_posix())  # a name's undecodable bytes as \xNN: the id is text everywhere


Item = tuple[str, str, int]
Done = tuple[str, DocResult | None, str]


def _work(nlp: Pipeline, items: list[Item]) -> list[Done]:
    """Read and extract a chunk of files (see ``_extract``)."""
    readers = [(p, functools.partial(ingest.read, Path(p), doc_id=d, max_bytes=m)) for p, d, m in items]
    return _extract(nlp, readers)


def extract_batch(nlp: Pipeline, batch: list[tuple[str, str, int, bytes]]) -> list[Done]:
    """Extract a chunk of files sent as bytes (a cluster worker's part, see ``kg.cluster``)."""
    readers = [
        (p, functools.partial(ingest.from_bytes, data, Path(p), doc_id=d, max_bytes=m)) for p, d, m, data in batch
    ]
    return _extract(nlp, readers)


def _extract(nlp: Pipeline, readers: Sequence[tuple[str, Callable[[], Document]]]) -> list[Done]:
    """Read and extract a chunk of documents: the readable ones in one batch; when the batch
    fails, each document alone, so that one bad file never costs the others."""
    done: dict[str, Done] = {}
    read: list[tuple[str, Document]] = []
    for path, reader in readers:
        try:
            read.append((path, reader()))
        except Exception as e:  # noqa: BLE001 - one bad file must not cost the others
            done[path] = (path, None, _reason(e))
    with fewer_collections():
        _pipe_or_each(nlp, read, done)
    return [done[path] for path, _ in readers]


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector's youngest generation collected after 100,000 new objects
    instead of 700: a build makes millions of small objects that live until their document (or
    the export) is done, and collecting them so often cost 4-10 % of a build."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 100_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _pipe_or_each(nlp: Pipeline, read: list[tuple[str, Document]], done: dict[str, Done]) -> None:
    """The documents ``read`` in one batch; when the batch fails, each alone."""
    try:
        for (path, _), result in zip(read, nlp.pipe([d for _, d in read]), strict=True):
            done[path] = (path, slim(result), "")
    except Exception:  # noqa: BLE001 - find the document that failed
        for path, document in read:
            try:
                done[path] = (path, slim(nlp(document)), "")
            except Exception as e:  # noqa: BLE001 - one bad file must not cost the others
                done[path] = (path, None, _reason(e))


def _reason(e: Exception) -> str:
    if isinstance(e, InputError):
        return e.reason
    if isinstance(e, KGError):
        return str(e)
    return f"internal error while reading ({type(e).__name__}: {e})"


def _chunks(items: list[Item], max_docs: int = 32, max_bytes: int = 4 << 20) -> list[list[Item]]:
    """Consecutive runs of files for one batch each: at most ``max_docs`` files or about
    ``max_bytes`` bytes (a large file is a batch of its own)."""
    out: list[list[Item]] = []
    size = 0
    for item in items:
        try:
            n = os.path.getsize(item[0])
        except OSError:
            n = 0
        if not out or len(out[-1]) >= max_docs or size + n > max_bytes:
            out.append([])
            size = 0
        out[-1].append(item)
        size += n
    return out


class _Worker:
    """The pipeline of a worker process, made once by the pool's initializer."""

    nlp: Pipeline | None = None

    @classmethod
    def start(cls, user_dict: Path | None, recogniser: str) -> None:
        if cls.nlp is None:  # a forked worker has its parent's pipeline already
            cls.nlp = Pipeline.for_user_dict(user_dict, recogniser)
        cls.nlp.model_threads = 1  # the processes share the cores

    @classmethod
    def work(cls, items: list[Item]) -> list[Done]:
        if cls.nlp is None:
            raise KGError("a worker process started without its pipeline")
        return _work(cls.nlp, items)


def run(
    sources: list[Path],
    *,
    jobs: int = 1,
    user_dict: Path | None = None,
    recogniser: str = "model",
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    progress: bool | None = None,
    on_skip: Callable[[str, str], None] | None = None,
    cache: Cache | None = None,
    cluster: str | None = None,
) -> Outcome:
    """Read and extract every document under ``sources``; with ``cache``, a document whose
    extraction is there already is not extracted again, and each one extracted is stored there
    as its batch finishes (a killed build keeps what it had done)."""
    start = time.perf_counter()
    found = ingest.collect(sources)
    out = Outcome(skipped=list(found.skipped))
    for path, reason in found.skipped:
        if on_skip:
            on_skip(path, reason)
    nlp = Pipeline.for_user_dict(user_dict, recogniser)  # a malformed data file stops the build here, before any work
    out.pipeline, out.warnings = nlp, list(nlp.lexicon.warnings)
    items = [(str(p), _doc_id(p, found.roots[p]), max_bytes) for p in found.files]
    keys: dict[str, str] = {}
    reused: list[Done] = []
    if cache is not None:
        keys = _keys(cache, items)
        hits = {path: cache.get(key) for path, key in keys.items()}
        reused = [(path, hit, "") for path, hit in hits.items() if hit is not None]
        items = [item for item in items if hits.get(item[0]) is None]
    if "propose" in nlp.names and items and not cluster:  # a model that cannot be loaded stops the build here
        model.check() if jobs > 1 and len(items) > 1 else model.model(nlp.model_threads)  # workers load their own
    if progress is None:
        progress = sys.stderr.isatty()
    bar = _bar(len(items), progress)
    spread = jobs > 1 or cluster  # batches small enough to keep every worker busy
    chunks = _chunks(items, max_docs=max(1, min(32, len(items) // (max(jobs, 2) * 4))) if spread else 32)
    if cluster:  # the workers of a Dask cluster extract; records come back as batches finish
        from kg import cluster as dask_cluster

        results = _consume(dask_cluster.extract(cluster, chunks, user_dict, recogniser), bar, cache, keys)
    elif jobs > 1 and len(items) > 1:
        results = _in_workers(nlp, jobs, chunks, bar, cache, keys, (user_dict, recogniser))
    else:
        results = _consume((_work(nlp, chunk) for chunk in chunks), bar, cache, keys)
    bar.close()
    out.extracted, out.reused = sum(1 for _, r, _ in results if r is not None), len(reused)
    for path, result, reason in results + reused:
        if result is None:
            out.skipped.append((path, reason))
            if on_skip:
                on_skip(path, reason)
        else:
            out.results.append(result)
            out.warnings += [f"{result.document.doc_id}: {shown(note)}" for note in result.document.notes]
            out.encodings[result.document.doc_id] = result.document.encoding
    out.results.sort(key=lambda r: r.document.doc_id)
    out.seconds = time.perf_counter() - start
    return out


def _in_workers(
    nlp: Pipeline, jobs: int, chunks: list[list[Item]], bar: Any, cache: Cache | None, keys: dict, args: tuple
) -> list[Done]:
    """The chunks extracted by ``jobs`` worker processes. Forked from this process, so that they
    start with its pipeline loaded, unless ONNX Runtime's threads run here already (a fork of
    such a process can hang): then from a clean process (forkserver)."""
    fork = sys.platform.startswith("linux") and not model.loaded()  # macOS's system libraries are not fork-safe
    context = multiprocessing.get_context("fork" if fork else "forkserver")
    if fork:
        nlp.warm()  # what a pipeline loads on its first document, loaded once for every worker
        _Worker.nlp = nlp
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_Worker.start, initargs=args
        ) as pool:
            return _consume(pool.map(_Worker.work, chunks), bar, cache, keys)
    finally:
        _Worker.nlp = None


def _consume(done: Iterable[list[Done]], bar: Any, cache: Cache | None = None, keys: dict | None = None) -> list[Done]:
    out = []
    for chunk in done:
        out += chunk
        bar.update(len(chunk))
        if cache is not None and keys:
            cache.put([(keys[path], result) for path, result, _ in chunk if result is not None and path in keys])
    return out


def _keys(cache: Cache, items: list[Item]) -> dict[str, str]:
    """The cache key of each file that can be read and is within its size limit."""
    keys = {}
    for path, doc_id, max_bytes in items:
        try:
            if os.path.getsize(path) <= max_bytes:
                keys[path] = cache.key(Path(path).read_bytes(), doc_id)
        except OSError:
            pass  # the reader will say what is wrong with it
    return keys


def _bar(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="kg build", disable=not enabled or total == 0, file=sys.stderr)
