"""Read documents from files and folders: decode, skip what cannot be read, say why.

>>> from pathlib import Path
>>> sorted(p.suffix for p in collect([Path("seeds")]).files)[:1]
['.txt']
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, shown
from kg.formats import SUFFIXES, decode, extract
from kg.records import Document

__all__ = ["collect", "decode", "from_bytes", "read", "read_bytes"]
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: a UTF-16 surrogate alone: no character, though a PDF's text layer can hold one
_SURROGATE = re.compile("[\ud800-\udfff]")


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


#: Folders nested deeper than this under a source are skipped (and named), not walked
MAX_DEPTH = 64


def _walk(root: Path, out: Collected) -> list[Path]:
    """Every file under ``root``, sorted, walking iteratively (no recursion limit to hit): hidden
    entries left out, links followed once, folders deeper than ``MAX_DEPTH``, unreadable folders
    and broken links skipped with their reason."""
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in visited:
                out.skipped.append((str(folder), "directory loop (a link back to a folder already read)"))
                continue
            visited.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            out.skipped.append((str(folder), "folder not readable (permission denied)"))
            continue
        except OSError as e:
            out.skipped.append((str(folder), f"folder not readable ({e.strerror or e})"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(path)
            elif not path.exists():
                out.skipped.append((str(path), "broken symbolic link"))
            else:
                found.append(path)
        if subfolders and depth >= MAX_DEPTH:
            out.skipped.append((str(folder), f"folders nested deeper than {MAX_DEPTH} levels are not read"))
            continue
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))
    return found


def read(path: Path, *, doc_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a ``Document`` (raw text; see ``kg.normalize`` for the clean text)."""
    return from_bytes(read_bytes(path, max_bytes), path, doc_id=doc_id, max_bytes=max_bytes)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the file at ``path``; ``InputError`` saying why when it cannot be read or is
    over ``max_bytes`` (checked before reading it)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
        return path.read_bytes()
    except PermissionError as e:
        raise InputError(str(path), "permission denied") from e
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from e


def from_bytes(data: bytes, path: Path, *, doc_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A ``Document`` from the bytes of the file at ``path`` (read elsewhere: a cluster worker
    gets the bytes, not the file)."""
    if len(data) > max_bytes:
        raise InputError(str(path), f"file is {len(data):,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
    got = extract(path.suffix, data, str(path), max_bytes)
    text, notes = got.text, got.notes
    if _SURROGATE.search(text):  # one character each stays one (offsets hold); nothing after it chokes on them
        notes += (f"{len(_SURROGATE.findall(text))} characters that were no text (lone surrogates) read as U+FFFD",)
        text = _SURROGATE.sub("\ufffd", text)
    return Document(
        doc_id=doc_id,
        source=doc_id,
        title=_SURROGATE.sub("\ufffd", got.title) or shown(path.stem),
        text=text,
        raw=text,
        encoding=got.encoding,
        format=got.format,
        date=got.date,
        publisher=_SURROGATE.sub("\ufffd", got.publisher),
        notes=notes,
    )
