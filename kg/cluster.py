"""Extraction on a Dask distributed cluster: ``kg build SRC -o OUT --cluster tcp://HOST:8786``.

The client (``kg build``) reads each batch of documents and sends its bytes to the cluster's
workers (started with ``dask scheduler`` and ``dask worker``, PyPI ``distributed``); each worker
process loads the pipeline (and its model) once, on its first batch, and extracts documents one
batch at a time; the records come back as batches finish and go into the cache and the progress
bar, while the client sends the next batches. Merging and the exports run on the client, as for
a local build, so the graph is the same byte for byte. At most two batches per worker are in
flight: the client holds records, not the corpus.

Workers must run the same version of Liantu (the same virtual environment or package); they need
no access to the documents' folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError, UsageError

#: a batch as it travels: (path, doc_id, max_bytes, the file's bytes)
Sent = tuple[str, str, int, bytes]

_PIPELINES: dict[tuple[str, str], Any] = {}
_LOCK = threading.Lock()


def work(batch: list[Sent], lexicon: bytes | None, recogniser: str) -> list[tuple[str, Any, str]]:
    """Extract ``batch`` on a worker: the pipeline is made once per worker process and used by
    one batch at a time (a worker's threads take turns)."""
    from kg import pipeline

    with _LOCK:
        nlp = _pipeline(lexicon, recogniser)
        return pipeline.extract_batch(nlp, batch)


def _pipeline(lexicon: bytes | None, recogniser: str) -> Any:
    from kg.pipeline import Pipeline

    key = (hashlib.sha256(lexicon).hexdigest() if lexicon else "", recogniser)
    if key not in _PIPELINES:
        path = None
        if lexicon:  # the client's user dictionary, written where this worker can read it
            fd, name = tempfile.mkstemp(prefix="kg-lexicon-", suffix=".tsv")
            with os.fdopen(fd, "wb") as f:
                f.write(lexicon)
            path = Path(name)
        nlp = Pipeline.for_user_dict(path, recogniser)
        nlp.model_threads = 1  # the worker processes share the machine's cores
        _PIPELINES[key] = nlp
    return _PIPELINES[key]


def extract(
    address: str, batches: list[list[tuple[str, str, int]]], user_dict: Path | None, recogniser: str
) -> Iterator[list[tuple[str, Any, str]]]:
    """The records of ``batches`` as the cluster at ``address`` finishes them (in any order)."""
    try:
        from distributed import Client, as_completed
    except ImportError as e:
        raise UsageError("--cluster needs the package 'distributed' (pip install distributed)") from e
    try:
        client = Client(address, timeout="15s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise UsageError(f"cannot reach the Dask scheduler at {address} ({e})") from e
    try:
        lexicon = user_dict.read_bytes() if user_dict else None
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending = iter(batches)
        unread: dict[str, list] = {}  # by future key: the files of its batch that could not be read
        first = [f for _ in range(2 * workers) if (f := _submit(client, pending, unread, (lexicon, recogniser)))]
        running = as_completed(first, loop=client.loop)
        for future in running:
            yield unread.pop(future.key) + future.result()
            following = _submit(client, pending, unread, (lexicon, recogniser))
            if following is not None:
                running.add(following)
    finally:
        client.close()


def _submit(client: Any, pending: Iterator, unread: dict, how: tuple[bytes | None, str]) -> Any:
    """The future of the next batch (None when there is none left)."""
    batch = next(pending, None)
    if batch is None:
        return None
    sent, failed = _read(batch)
    future = client.submit(work, sent, *how, pure=False)
    unread[future.key] = failed
    return future


def _read(batch: list[tuple[str, str, int]]) -> tuple[list[Sent], list[tuple[str, Any, str]]]:
    """The bytes of each file of ``batch``; the files that cannot be read, with the reason."""
    from kg.ingest import read_bytes

    sent: list[Sent] = []
    unread: list[tuple[str, Any, str]] = []
    for path, doc_id, max_bytes in batch:
        try:
            sent.append((path, doc_id, max_bytes, read_bytes(Path(path), max_bytes)))
        except InputError as e:
            unread.append((path, None, e.reason))
    return sent, unread
