"""Inputs that must not sink a build (issue 14): each is made by the test, next to a good document
that must still be built."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from conftest import kg

GOOD = "成都星河电子有限公司位于青羊区。"


def zip_bomb_docx(path: Path, mb: int) -> None:
    """A .docx whose document.xml unpacks to about ``mb`` MB of text but is a few hundred KB."""
    body = "<w:p><w:r><w:t>" + "党建引领产业发展" * (mb * 1024 * 1024 // 24) + "</w:t></w:r></w:p>"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", xml)


def build(src: Path, out: Path, *args: str):
    r = kg("build", str(src), "-o", str(out), "--no-html", "-q", *args)
    report = json.loads((out / "report.json").read_text(encoding="utf-8")) if (out / "report.json").exists() else {}
    return r, report


def test_a_zip_bomb_docx_is_skipped_and_the_rest_is_built(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    zip_bomb_docx(src / "bomb.docx", 60)  # 60 MB of text, over the 50 MB default limit
    assert (src / "bomb.docx").stat().st_size < 1_000_000
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert report["documents"] == 1
    reason = {s["file"].split("/")[-1]: s["reason"] for s in report["skipped"]}["bomb.docx"]
    assert "unpacks to" in reason and "--max-bytes" in reason


def test_a_docx_compressed_like_a_bomb_is_skipped_under_the_size_limit(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    zip_bomb_docx(src / "bomb.docx", 8)  # under the limit, but compressed thousands of times
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    reason = {s["file"].split("/")[-1]: s["reason"] for s in report["skipped"]}["bomb.docx"]
    assert "zip bomb" in reason


def test_a_name_that_is_not_utf8_is_built_and_shown_escaped(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    bad = bytes(src) + b"/\xe9bad\xff\nname.txt"  # not UTF-8, and a newline that could forge a line
    with open(bad, "wb") as f:
        f.write("蓝海精工有限公司位于涪城区。".encode())
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert sorted(d["file"] for d in report["read"]) == ["\\xe9bad\\xff\\nname.txt", "good.txt"]
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "Document/%5Cxe9bad%5Cxff%5Cnname.txt" in ttl


def test_folders_nested_too_deep_are_named_and_the_rest_is_built(tmp_path: Path):
    from kg import ingest

    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    deep = src
    for _ in range(ingest.MAX_DEPTH + 5):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "lost.txt").write_text(GOOD, encoding="utf-8")
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert report["documents"] == 1
    assert any("nested deeper than" in s["reason"] for s in report["skipped"])
    assert "nested deeper than" in r.stderr


def test_an_unreadable_folder_is_named_and_the_rest_is_built(tmp_path: Path, monkeypatch):
    from kg import ingest

    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "a.txt").write_text(GOOD, encoding="utf-8")
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    real = ingest.os.scandir

    def scandir(path):  # what a folder without read permission does (tests may run as root)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    found = ingest.collect([src])
    assert [p.name for p in found.files] == ["good.txt"]
    assert found.skipped == [(str(src / "locked"), "folder not readable (permission denied)")]


def test_an_output_that_is_a_file_stops_the_build_before_any_work(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    target = tmp_path / "out"
    target.write_text("not a folder", encoding="utf-8")
    r = kg("build", str(src), "-o", str(target), "-q")
    assert r.returncode == 2 and "is a file, not a folder" in r.stderr and "Traceback" not in r.stderr
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_usage_mistakes_exit_2_with_one_line(seed_build: Path):
    r = kg("query", str(seed_build), "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", "-p", "x=<not an iri>")
    assert r.returncode == 2 and "is not an IRI" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    for bad in ("http://[::1", "http://localhost:abc/store", "ftp://x/store"):
        r = kg("push", str(seed_build), "--endpoint", bad)
        assert r.returncode == 2 and "--endpoint" in r.stderr and "Traceback" not in r.stderr, bad


def test_push_gives_up_after_its_timeout(seed_build: Path):
    """A store that accepts the connection and never answers: kg push stops after --timeout."""
    import socket

    lis = socket.socket()
    lis.bind(("127.0.0.1", 0))
    lis.listen(1)
    try:
        port = lis.getsockname()[1]
        r = kg("push", str(seed_build), "--endpoint", f"http://127.0.0.1:{port}/store", "--timeout", "1")
        assert r.returncode == 1 and "did not answer within 1 s" in r.stderr, r.stderr
    finally:
        lis.close()


def test_a_second_build_into_the_same_folder_exits_2_naming_the_first(tmp_path: Path):
    import fcntl
    import os

    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "a+", encoding="utf-8") as held:  # a build that is running
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(str(os.getpid()))
        held.flush()
        r = kg("build", str(src), "-o", str(out), "-q", "--no-html")
        assert r.returncode == 2 and f"process {os.getpid()}" in r.stderr, r.stderr
        assert not out.exists()
    r = kg("build", str(src), "-o", str(out), "-q", "--no-html")  # once it is done, the build runs
    assert r.returncode == 0 and (out / "graph.ttl").exists()


def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    for enc in ("utf-16-le", "utf-16-be"):
        (src / f"{enc}.txt").write_bytes(GOOD.encode(enc))  # no BOM
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert sorted(d["encoding"] for d in report["read"]) == ["utf-16-be", "utf-16-le"]
    assert report["skipped"] == []


def test_a_file_half_utf8_half_gbk_is_read_line_by_line_with_a_warning(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    first, second = "星澜区委组织部牵头成立产业链党委。\n", "蓝岳镇党委书记王明到星河电子有限公司调研。\n"
    (src / "mixed.txt").write_bytes(first.encode("utf-8") + second.encode("gbk") + b"\xff\xfe\xfa\n")
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert report["skipped"] == [] and report["documents"] == 2
    end = len(first.encode("utf-8"))
    warning = next(w for w in report["warnings"] if w.startswith("mixed.txt: "))
    assert f"bytes 0-{end - 1} utf-8" in warning and f"bytes {end}-" in warning and "gb18030" in warning
    assert "undecodable (replaced by U+FFFD)" in warning
    assert f"kg: warning: {warning}" in r.stderr
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "星河电子有限公司" in graph  # the GBK line was read as Chinese, not as mojibake


def test_a_file_of_mostly_undecodable_bytes_is_still_skipped(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 40 + "星澜\n".encode())
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert [Path(s["file"]).name for s in report["skipped"]] == ["noise.txt"]


def test_a_pdf_librarys_complaints_name_the_file(tmp_path: Path):
    import re

    from test_formats import make_pdf

    src = tmp_path / "src"
    src.mkdir()
    make_pdf(src / "ok.pdf", [GOOD])
    data = (src / "ok.pdf").read_bytes()
    at = data.rfind(b"startxref")
    offset = int(re.match(rb"startxref\s+(\d+)", data[at:]).group(1))
    (src / "broken.pdf").write_bytes(data[:at] + b"startxref\n" + str(offset + 7).encode() + b"\n%%EOF\n")
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0 and report["documents"] == 2, r.stderr
    assert any(w.startswith("broken.pdf: pypdf: incorrect startxref pointer") for w in report["warnings"])
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("kg: ") for line in lines), r.stderr  # nothing unattributed


def test_a_name_with_a_replacement_character_is_built_with_an_escaped_iri(tmp_path: Path):
    """U+FFFD stands where bytes could not be read (a mixed-encoding file, a bad conversion); a
    name holding one once stopped the whole build (IRIs may not hold it unescaped)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "repaired.txt").write_text("星澜\ufffd精工有限公司在青竹街道成立。\n", encoding="utf-8")
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    r, report = build(src, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert report["skipped"] == [] and report["documents"] == 2
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "/Enterprise/星澜%EF%BF%BD精工有限公司>" in graph
    assert '"星澜\ufffd精工有限公司"@zh' in graph
    assert "星河电子有限公司" in graph


def test_lone_surrogates_from_a_reader_become_replacement_characters(tmp_path: Path, monkeypatch):
    """A PDF's text layer can hold a lone UTF-16 surrogate, which no encoder accepts: it is read as
    U+FFFD (one character for one: offsets hold) and the document is still extracted."""
    from kg import ingest
    from kg.formats import Extracted
    from kg.pipeline import Pipeline

    text = "星澜\ud835精工有限公司在青竹街道成立。"
    monkeypatch.setattr(ingest, "extract", lambda *a: Extracted(text, "utf-8", "pdf", title="报\udc00告"))
    doc = ingest.from_bytes(b"%PDF", tmp_path / "a.pdf", doc_id="a.pdf")
    assert doc.text == text.replace("\ud835", "\ufffd") and doc.title == "报\ufffd告"
    assert any("lone surrogates" in note for note in doc.notes)
    result = Pipeline()(doc)  # jieba, the span model and the rules all read it
    assert any(e.name.endswith("精工有限公司") for e in result.entities)
