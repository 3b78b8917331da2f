"""Turn the bytes of a file into text, by format, with the metadata the file carries.

Each reader is a function ``(data, path) -> Extracted``; bad input raises ``InputError`` with a
reason a user can act on. Libraries do the parsing: charset-normalizer (encodings),
trafilatura (the article of a web page), pypdf (PDF text layers), python-docx (Word).

>>> extract(".md", "# 标题\\n\\n**加粗**的[链接](http://x)".encode(), "a.md").text
'标题\\n\\n加粗的链接'
"""

from __future__ import annotations

import io
import logging
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from charset_normalizer import from_bytes

from kg.errors import InputError

TEXT = (".txt", ".text")
MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm", ".xhtml", ".shtml")
PDF = (".pdf",)
DOCX = (".docx",)
SUFFIXES = TEXT + MARKDOWN + HTML + PDF + DOCX


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str
    format: str
    title: str = ""
    date: str = ""
    publisher: str = ""
    notes: tuple[str, ...] = ()  # what the reader had to guess or repair, for the build's warnings


class Decoded(NamedTuple):
    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def decode(data: bytes, path: str) -> Decoded:
    """The text of ``data``, the encoding it was read as and notes on any repair (a file whose
    lines are in different encodings, bytes no encoding reads); ``InputError`` if it is not text."""
    if not data.strip():
        raise InputError(path, "empty file")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as e:
                raise InputError(path, f"undecodable bytes after a {enc} byte-order mark ({e.reason})") from e
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for enc in ("utf-16-le", "utf-16-be"):  # UTF-16 without a byte-order mark (Windows tools write it)
        text = _as_utf16(data, enc)
        if text is not None:
            return Decoded(text, enc)
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise InputError(path, "binary file, not text")
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be", "utf_8"]).best()
    if best is None:
        return _by_lines(data, path)
    text = str(best)
    if "\x00" in text or _mostly_controls(text):
        raise InputError(path, "binary file, not text")
    return Decoded(text, best.encoding)


#: the encodings a line is tried in, in order, when no one encoding reads the whole file
_LINE_ENCODINGS = ("utf-8", "gb18030", "big5")
#: the share of a file's bytes that must read without repair for it to be kept
_READABLE_SHARE = 0.8


def _by_lines(data: bytes, path: str) -> Decoded:
    """A file no one encoding reads (pasted together from a UTF-8 page and a GBK one): each line
    in the first of UTF-8, GB18030 and Big5 that reads it, bytes none reads replaced by U+FFFD;
    the notes name the byte ranges of each encoding and of what was replaced."""
    parts: list[str] = []
    runs: list[list] = []  # [encoding, first byte, end byte]
    at = 0
    for line in data.splitlines(keepends=True):
        enc, text = next(((e, t) for e in _LINE_ENCODINGS if (t := _strict(line, e)) is not None), ("", ""))
        if not enc:
            enc, text = "replaced", line.decode("utf-8", errors="replace")
        if runs and runs[-1][0] == enc:
            runs[-1][2] = at + len(line)
        else:
            runs.append([enc, at, at + len(line)])
        parts.append(text)
        at += len(line)
    text = "".join(parts)
    replaced = sum(e - s for enc, s, e in runs if enc == "replaced")
    if replaced > (1 - _READABLE_SHARE) * len(data) or "\x00" in text or _mostly_controls(text):
        raise InputError(path, "undecodable bytes: not UTF-8, UTF-16, GB18030 or Big5")
    used = sorted({enc for enc, _, _ in runs if enc != "replaced"}, key=_LINE_ENCODINGS.index)
    ranges = ", ".join(
        f"bytes {s}-{e - 1} {'undecodable (replaced by U+FFFD)' if enc == 'replaced' else enc}" for enc, s, e in runs
    )
    return Decoded(text, "+".join(used), (f"lines in different encodings: {ranges}",))


def _strict(line: bytes, encoding: str) -> str | None:
    try:
        return line.decode(encoding)
    except UnicodeDecodeError:
        return None


def _as_utf16(data: bytes, enc: str) -> str | None:
    """``data`` read as UTF-16 in byte order ``enc`` when that reads as text — nearly all of it
    Chinese characters, CJK punctuation, printable ASCII or line breaks — else None."""
    if len(data) % 2 or len(data) < 4:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    sample = text[:4096]
    plausible = sum(
        1
        for ch in sample
        if "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch.isascii()
        and (ch.isprintable() or ch in "\n\r\t")
    )
    return text if plausible >= 0.95 * len(sample) else None


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def _mostly_controls(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > len(sample) // 20


# -- plain text and Markdown ---------------------------------------------------------------
def read_text(data: bytes, path: str) -> Extracted:
    text, enc, notes = decode(data, path)
    return Extracted(text, enc, "text", *_metadata(text), notes=notes)


_MD = [
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE), ""),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),  # quotes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"(\*\*|__|~~|`)"), ""),  # emphasis, code
    (re.compile(r"^\s*([-*+]|\d+\.)\s+", re.MULTILINE), ""),  # list markers
]


def read_markdown(data: bytes, path: str) -> Extracted:
    text, enc, notes = decode(data, path)
    title = next((m.group(1).strip() for m in re.finditer(r"^\s{0,3}#\s+(.+)$", text, re.MULTILINE)), "")
    for pattern, repl in _MD:
        text = pattern.sub(repl, text)
    meta = _metadata(text)
    return Extracted(text, enc, "markdown", title or meta[0], meta[1], meta[2], notes)


# -- web pages -----------------------------------------------------------------------------
_BOILERPLATE_LINE = re.compile(
    r"(ICP备|ICP证|公网安备|版权所有|Copyright|©|技术支持|主办单位|网站地图|联系我们)", re.IGNORECASE
)
_RELATED = re.compile(r"^\s*(相关推荐|新闻推荐|相关新闻|相关阅读|推荐阅读|热点推荐|猜你喜欢|延伸阅读|上一篇|下一篇)")


def read_html(data: bytes, path: str) -> Extracted:
    html, enc, notes = _decode_html(data, path)
    import trafilatura

    heard: list[str] = []
    with _library_messages("trafilatura", heard):
        doc = trafilatura.bare_extraction(
            html, favor_precision=True, with_metadata=True, include_comments=False, include_tables=True
        )
        text = getattr(doc, "text", "") or ""
        if len(text.strip()) < 20:  # too little kept: try again favouring recall
            kept = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
            doc = kept or doc
            text = getattr(doc, "text", "") or text
    notes += tuple(f"trafilatura: {m}" for m in dict.fromkeys(heard))
    if not text.strip():
        raise InputError(path, "no article text found in the web page")
    lines = []
    for line in text.split("\n"):
        if _RELATED.match(line):
            break  # 相关推荐 and everything after it
        if not _BOILERPLATE_LINE.search(line):
            lines.append(line)
    text = "\n".join(lines)
    meta = _metadata(text)
    page = _page_metadata(html)  # the byline (来源：… 2024年5月6日) is often outside the article body
    title = getattr(doc, "title", "") or meta[0]
    date = meta[1] or page[1] or getattr(doc, "date", "") or ""
    publisher = meta[2] or page[2] or getattr(doc, "sitename", "") or ""
    return Extracted(text, enc, "html", title or "", date or "", publisher, notes)


def _page_metadata(html: str) -> tuple[str, str, str]:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
        for bad in root.xpath("//script|//style|//head"):
            bad.drop_tree()
        visible = root.text_content()
    except (ValueError, TypeError):
        return "", "", ""
    lines = [line.strip() for line in visible.split("\n") if line.strip()]
    for i, line in enumerate(lines):  # metadata near the top of the page, before the footer
        if _DATE.search(line) or _SOURCE.search(line):
            return _metadata("\n".join(["", *lines[i : i + 3]]))
    return "", "", ""


def _decode_html(data: bytes, path: str) -> Decoded:
    head = data[:2048].decode("ascii", "ignore").lower()
    m = re.search(r"charset=[\"']?([\w-]+)", head)
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5"}.get(m.group(1), m.group(1))
        try:
            return Decoded(data.decode(name), name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, path)


# -- PDF and Word --------------------------------------------------------------------------
def read_pdf(data: bytes, path: str) -> Extracted:
    import pypdf
    from pypdf.errors import PdfReadError

    heard: list[str] = []
    try:
        with _library_messages("pypdf", heard):
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    reader.decrypt("")
                except Exception as e:
                    raise InputError(path, "encrypted PDF (give a copy without a password)") from e
            pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise InputError(path, f"corrupt PDF ({e})") from e
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 10:
        raise InputError(path, "PDF without a text layer (a scan? run OCR first)")
    info: Any = reader.metadata or {}
    meta = _metadata(text)
    title = str(info.get("/Title") or "") or meta[0]
    notes = tuple(f"pypdf: {m}" for m in dict.fromkeys(heard))
    return Extracted(text, "pdf", "pdf", title, meta[1], meta[2], notes)


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage().strip())


@contextmanager
def _library_messages(logger: str, into: list[str]) -> Iterator[None]:
    """What a library logs or warns while reading a file, collected into ``into`` (the build
    reports it with the file's name) instead of printed to stderr without one."""
    log = logging.getLogger(logger)
    handler, propagate = _Collect(into), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        into += [str(w.message) for w in caught]
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


def read_docx(data: bytes, path: str) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InputError(path, "corrupt or not a .docx file") from e
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(parts)
    if not text.strip():
        raise InputError(path, "empty file (the Word document has no text)")
    meta = _metadata(text)
    title = document.core_properties.title or meta[0]
    return Extracted(text, "docx", "docx", title, meta[1], meta[2])


# -- metadata ------------------------------------------------------------------------------
_DATE = re.compile(r"(20\d\d|19\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜,，。]{2,20})")


def _metadata(text: str) -> tuple[str, str, str]:
    """Title (first non-empty line), date and source found near the top of the text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    first = lines[0].lstrip("#").strip() if lines else ""
    title = first if len(first) <= 40 and first[-1:] not in "。;；,，" else ""  # a heading, not a sentence
    head = "\n".join(lines[:8])
    m = _DATE.search(head)
    date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""
    s = _SOURCE.search(head)
    return title, date, s.group(1) if s else ""


READERS: dict[str, Callable[[bytes, str], Extracted]] = {
    **dict.fromkeys(TEXT, read_text),
    **dict.fromkeys(MARKDOWN, read_markdown),
    **dict.fromkeys(HTML, read_html),
    **dict.fromkeys(PDF, read_pdf),
    **dict.fromkeys(DOCX, read_docx),
}


#: How many times smaller than what it unpacks to an archive may be (Word files compress text
#: 3–10 times; a zip bomb thousands of times)
MAX_RATIO = 100


def check_archive(data: bytes, path: str, max_bytes: int) -> None:
    """Refuse a zip-based file (.docx) whose members unpack to more than ``max_bytes`` or that is
    compressed more than ``MAX_RATIO`` times — before any of it is unpacked (zip members are read
    no further than their stated size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise InputError(path, f"corrupt or not a {os.path.splitext(path)[1] or 'zip-based'} file") from e
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > max_bytes:
        raise InputError(path, f"unpacks to {unpacked:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
    if unpacked > 1_000_000 and unpacked > MAX_RATIO * max(1, packed):
        raise InputError(path, f"compressed {unpacked // max(1, packed):,} to 1 (a zip bomb?); not unpacked")


def extract(suffix: str, data: bytes, path: str, max_bytes: int | None = None) -> Extracted:
    """Read ``data`` (the bytes of ``path``) as the format its suffix names; a zip-based file is
    first checked against ``max_bytes`` on what it unpacks to."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise InputError(path, f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(SUFFIXES)}")
    if not data.strip():
        raise InputError(path, "empty file")
    if suffix.lower() in DOCX and max_bytes is not None:
        check_archive(data, path, max_bytes)
    try:
        return reader(data, path)
    except InputError:
        raise
    except Exception as e:
        raise InputError(path, f"cannot read it as {suffix.lower().lstrip('.')} ({type(e).__name__}: {e})") from e
