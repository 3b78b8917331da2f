"""Read documents from files and folders: decode, skip what cannot be read, say why.

>>> from pathlib import Path
>>> sorted(p.suffix for p in collect([Path("seeds")]).files)[:1]
['.txt']
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.formats import SUFFIXES, decode, extract
from kg.records import Document

__all__ = ["collect", "decode", "read"]
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Collected:
    """Files found under the sources, and those skipped with their reason."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    roots: dict[Path, Path] = field(default_factory=dict)  # file -> the source it was found under


def collect(sources: list[Path]) -> Collected:
    """Every readable document under ``sources`` (files or folders), sorted; others skipped."""
    out = Collected()
    seen: set[Path] = set()
    for src in sources:
        if not src.exists():
            reason = "broken symbolic link" if src.is_symlink() else "no such file or folder"
            out.skipped.append((str(src), reason))
            continue
        candidates = [src] if src.is_file() else _walk(src, out)
        for path in candidates:
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            if path.suffix.lower() not in SUFFIXES:
                out.skipped.append((str(path), f"unsupported file type {path.suffix or '(none)'!r}"))
                continue
            out.files.append(path)
            out.roots[path] = src if src.is_dir() else src.parent
    out.files.sort(key=lambda p: str(p))
    return out


def _walk(root: Path, out: Collected) -> list[Path]:
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in visited:
            out.skipped.append((dirpath, "directory loop (a link back to a folder already read)"))
            dirnames[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            if not p.exists():
                out.skipped.append((str(p), "broken symbolic link"))
                continue
            found.append(p)
    return found


def read(path: Path, *, doc_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a ``Document`` (raw text; see ``kg.normalize`` for the clean text)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
        data = path.read_bytes()
    except PermissionError as e:
        raise InputError(str(path), "permission denied") from e
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from e
    got = extract(path.suffix, data, str(path), max_bytes)
    return Document(
        doc_id=doc_id,
        source=doc_id,
        title=got.title or path.stem,
        text=got.text,
        raw=got.text,
        encoding=got.encoding,
        format=got.format,
        date=got.date,
        publisher=got.publisher,
    )
