"""Every file a user really has: the same article in nine forms gives the same entities;
bad files are named with their reason and cost nothing else."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, kg
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import formats, ingest, normalize, segment
from kg.entities import recognise
from kg.errors import InputError, KGError

SENTENCES = ["位于青羊区的成都星河电子有限公司内，", "东坡街道党工委开展“先锋攻坚”行动。", "建设银行绵阳分行参加活动。"]
ARTICLE = "".join(SENTENCES)
EXPECTED = [
    ("青羊区", "Region"),
    ("成都星河电子有限公司", "Enterprise"),
    ("东坡街道党工委", "PartyOrganization"),
    ("“先锋攻坚”行动", "Program"),
    ("建设银行绵阳分行", "Enterprise"),
]
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>东坡街道党建引领产业发展_新闻中心_某某网</title>
<script>document.write("<p>不要</p>");</script><style>p {{ color: red }}</style></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a>党建动态</a></div>
<div class="article"><h1>东坡街道党建引领产业发展</h1><div class="info">来源：某某日报　2024年5月6日</div>
<p>{article}</p></div>
<div class="related"><h3>相关推荐</h3><ul><li><a href="/1">西园街道召开会议</a></li><li><a href="/2">南岸区举办活动</a></li></ul></div>
<div class="footer">版权所有 © 2024 某某网 蜀ICP备12345678号-1 川公网安备 51010502000000号</div></body></html>"""


def make_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        c.drawString(50, 800 - 18 * i, line)
    c.save()


def make_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "东坡街道党建引领产业发展"
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    import opencc

    f = tmp_path_factory.mktemp("forms")
    (f / "utf8.txt").write_bytes(ARTICLE.encode("utf-8"))
    (f / "bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(SENTENCES).encode("utf-8"))
    (f / "gb18030.txt").write_bytes(ARTICLE.encode("gb18030"))
    (f / "big5.txt").write_bytes(opencc.OpenCC("s2t").convert(ARTICLE).encode("big5"))
    (f / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (f / "page.html").write_text(PAGE.format(article=ARTICLE), encoding="utf-8")
    (f / "notes.md").write_text("# 党建引领产业发展\n\n> 摘要\n\n" + ARTICLE + "\n", encoding="utf-8")
    make_pdf(f / "paper.pdf", SENTENCES)
    make_docx(f / "report.docx", SENTENCES)
    return f


FORMS = [
    "utf8.txt",
    "bom_crlf.txt",
    "gb18030.txt",
    "big5.txt",
    "utf16.txt",
    "page.html",
    "notes.md",
    "paper.pdf",
    "report.docx",
]


@pytest.mark.parametrize("name", FORMS)
def test_same_entities_from_every_form(folder: Path, name: str):
    doc = normalize.normalize(ingest.read(folder / name, doc_id=name))
    assert [(m.text, m.cls) for m in recognise(doc, segment.sentences(doc))] == EXPECTED


def test_report_says_which_encoding_and_format_each_file_was_read_as(folder: Path, tmp_path: Path):
    r = kg("build", str(folder), "-o", str(tmp_path / "out"), "--no-html")
    assert r.returncode == 0, r.stderr
    read = {x["file"]: x for x in json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["read"]}
    assert sorted(read) == sorted(FORMS)
    assert read["gb18030.txt"]["encoding"] == "gb18030"
    assert read["big5.txt"]["encoding"] == "big5"
    assert read["utf16.txt"]["encoding"].startswith("utf")
    assert read["bom_crlf.txt"]["encoding"] == "utf-8-sig"
    assert (read["paper.pdf"]["format"], read["report.docx"]["format"], read["page.html"]["format"]) == (
        "pdf",
        "docx",
        "html",
    )


def test_web_page_keeps_the_article_and_drops_the_boilerplate(folder: Path):
    doc = ingest.read(folder / "page.html", doc_id="page.html")
    assert "东坡街道党工委" in doc.text
    for noise in ("不要", "color", "首页", "相关推荐", "西园街道召开会议", "ICP备", "版权所有"):
        assert noise not in doc.text
    assert doc.title == "东坡街道党建引领产业发展"
    assert doc.date == "2024-05-06"


def test_traditional_characters_become_simplified_names(folder: Path):
    doc = normalize.normalize(ingest.read(folder / "big5.txt", doc_id="big5.txt"))
    assert "东坡街道党工委" in doc.text
    assert doc.raw[doc.raw_offset(doc.text.index("东坡"))] == "東"


def test_markdown_and_docx_metadata(folder: Path):
    assert ingest.read(folder / "notes.md", doc_id="notes.md").title == "党建引领产业发展"
    assert ingest.read(folder / "report.docx", doc_id="report.docx").title == "东坡街道党建引领产业发展"


def test_page_numbers_and_running_headers_are_not_text():
    raw = "\n".join(  # noqa: FLY002 - one line per page line
        [
            "某某日报",
            "第一页的正文内容写在这里。",
            "第 1 页",
            "某某日报",
            "第二页的正文内容写在这里。",
            "- 2 -",
            "某某日报",
            "第三页正文。",
            "3",
        ]
    )
    doc = normalize.normalize(ingest.Document("d", "d", "", raw, raw))
    assert doc.text.split() == ["第一页的正文内容写在这里。", "第二页的正文内容写在这里。", "第三页正文。"]


# -- bad input: one clear reason each, nothing else lost ---------------------------------------
def bad_files(f: Path) -> dict[str, str]:
    (f / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (f / "empty.txt").write_bytes(b"")
    (f / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (f / "undecodable.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8" * 3 + b"a")
    (f / "huge.txt").write_text("字" * 5000, encoding="utf-8")
    (f / "scan.pdf").write_bytes(_pdf_without_text())
    (f / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (f / "notes.xyz").write_text("?", encoding="utf-8")
    os.symlink(f / "missing.txt", f / "broken.txt")
    os.symlink(f, f / "loop")
    return {
        "empty.txt": "empty file",
        "binary.txt": "binary file",
        "undecodable.txt": "undecodable bytes",
        "huge.txt": "over the limit",
        "scan.pdf": "PDF without a text layer",
        "corrupt.docx": "corrupt or not a .docx file",
        "notes.xyz": "unsupported file type",
        "broken.txt": "broken symbolic link",
        "loop": "directory loop",
    }


def _pdf_without_text() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200, fill=1)
    c.save()
    return buf.getvalue()


def test_every_bad_file_is_named_with_its_reason_and_the_good_one_is_built(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    reasons = bad_files(src)
    out = tmp_path / "out"
    r = kg("build", str(src), "-o", str(out), "--no-html", "--max-bytes", "10000")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    skipped = {Path(x["file"]).name: x["reason"] for x in report["skipped"]}
    for name, reason in reasons.items():
        assert reason in skipped.get(name, ""), (name, skipped.get(name))
        assert any(name in line and reason in line for line in r.stderr.splitlines()), name
    assert report["documents"] == 1


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(InputError, match="permission denied"):
        ingest.read(path, doc_id="secret.txt")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(formats.SUFFIXES), st.binary(max_size=3000))
def test_any_bytes_in_any_format_raise_only_our_error(suffix, data):
    try:
        got = formats.extract(suffix, data, "x" + suffix)
    except KGError:
        return
    doc = normalize.normalize(ingest.Document("x", "x", "", got.text, got.text))
    assert len(doc.offsets) == len(doc.text)


# -- atomic writes -----------------------------------------------------------------------------
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_build_leaves_previous_exports_byte_identical(tmp_path: Path, sig):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        for p in SEEDS.glob("*.txt"):
            (corpus / f"{i:03d}_{p.name}").write_bytes(p.read_bytes())
    out = tmp_path / "out"
    r = kg("build", str(SEEDS), "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q"], cwd=ROOT)
    time.sleep(2.5)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    r = kg("build", str(SEEDS), "-o", str(out), "-q")  # the next build cleans up after the killed one
    assert r.returncode == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path):
    out = tmp_path / "out"
    stale = tmp_path / ".out.abc123"
    stale.mkdir()
    (stale / ".liantu-build").write_text("999999999", encoding="utf-8")  # no such process
    (stale / "graph.ttl").write_text("half", encoding="utf-8")
    unrelated = tmp_path / ".out.notours"
    unrelated.mkdir()
    r = kg("build", str(SEEDS), "-o", str(out), "-q", "--no-html")
    assert r.returncode == 0, r.stderr
    assert not stale.exists() and unrelated.exists()
