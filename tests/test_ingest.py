"""Reading files: encodings users really have, normalisation that keeps offsets, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import ingest, normalize, segment
from kg.entities import recognise
from kg.errors import InputError, KGError
from kg.pipeline import Pipeline
from kg.records import Document

ARTICLE = "位于青羊区的成都星河电子有限公司内，东坡街道党工委开展“先锋攻坚”行动。\n"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", ARTICLE.encode("utf-8")),
        ("utf-8-sig", "\ufeff".encode("utf-8") + ARTICLE.replace("\n", "\r\n").encode("utf-8")),
        ("gb18030", ARTICLE.encode("gb18030")),
        ("utf-16", ARTICLE.encode("utf-16")),
    ],
)
def test_same_entities_whatever_the_encoding(tmp_path: Path, encoding, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc = normalize.normalize(ingest.read(path, doc_id="a.txt"))
    names = [(m.text, m.cls) for m in recognise(doc, segment.sentences(doc))]
    assert names == [
        ("青羊区", "Region"),
        ("成都星河电子有限公司", "Enterprise"),
        ("东坡街道党工委", "PartyOrganization"),
        ("“先锋攻坚”行动", "Program"),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"   \n", "empty file"), (bytes(range(256)) * 8, "binary file")],
)
def test_bad_input_is_named_with_its_reason(tmp_path: Path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        ingest.read(path, doc_id="bad.txt")


def test_size_limit(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("字" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="over the limit"):
        ingest.read(path, doc_id="big.txt", max_bytes=10)


def test_pdf_lines_broken_inside_sentences_are_rejoined():
    """PDF text: a column of equal-width lines, blank lines between them, a heading above."""
    para = "园区兴则产业兴，园区强则经济强。园区是产业发展的重要空间载体，是技术、资金、人才等各类要素的天然集聚地。"
    column = [para[i : i + 16] for i in range(0, len(para), 16)]
    raw = "鼓励党员先锋\n\n" + "\n\n".join(column) + "\n"
    doc = normalize.normalize(Document("d", "d", "", raw, raw))
    assert doc.text.startswith("鼓励党员先锋\n")
    assert "园区是产业发展的重要空间载体,是技术、资金、人才等各类要素的天然集聚地。" in doc.text


def test_pinyin_readings_after_characters_are_dropped():
    """Some sites print a character's reading after it (產(chǎn)業(yè)): the names read as if it were not
    there, and the text maps back to the page as it was; a bracketed Latin name stays."""
    raw = "星澜經(jīng)濟開發(fā)區(qū)產(chǎn)業(yè)鏈黨建聯(lián)盟成立,美国国际集团(aig)投资。"
    doc = normalize.normalize(Document("d", "d", "", raw, raw))
    assert doc.text == "星澜经济开发区产业链党建联盟成立,美国国际集团(aig)投资。"
    assert raw[doc.raw_offset(doc.text.index("区"))] == "區"
    names = {m.text for m in Pipeline().text(raw).mentions}
    assert "星澜经济开发区" in names


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalisation_keeps_offsets_into_the_original(raw):
    doc = normalize.normalize(Document("d", "d", "", raw, raw))
    assert len(doc.offsets) == len(doc.text)
    for i, ch in enumerate(doc.text):
        o = doc.raw_offset(i)
        assert 0 <= o < len(raw)
        assert raw[o] == ch or normalize.normalize(Document("x", "x", "", raw[o], raw[o])).text in (ch, "")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_arbitrary_bytes_raises_only_our_error(data):
    try:
        text, encoding, _ = ingest.decode(data, "x.txt")
    except KGError:
        return
    assert isinstance(text, str) and encoding
