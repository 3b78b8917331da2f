"""The data files under kg/data/ are read by one loader that names file:line on errors."""

from __future__ import annotations

import pytest

from kg import lexicon
from kg.errors import DataError


@pytest.fixture
def data(monkeypatch):
    """Serve ``heads.tsv`` (or a word list) from a string instead of the package."""

    def serve(name: str, text: str) -> None:
        real = lexicon._data
        monkeypatch.setattr(lexicon, "_data", lambda n: (text, f"kg/data/{n}") if n == name else real(n))
        lexicon._heads.cache_clear()
        lexicon.words.cache_clear()

    yield serve
    lexicon._heads.cache_clear()
    lexicon.words.cache_clear()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("party_suffix\t党委\nparty_sufix\t党组\n", r"kg/data/heads.tsv:2: expected list"),
        ("# c\nclass_by_suffix\t村\tVillage\n", r"kg/data/heads.tsv:2: class_by_suffix rows need class, not 'Village'"),
        ("park_abbreviation\t经济开发区\n", r"kg/data/heads.tsv:1: park_abbreviation rows need short"),
        ("legal_form\t有限公司\tEnterprise\n", r"kg/data/heads.tsv:1: legal_form rows need no third column"),
        ("legal_form\t有限 公司\n", r"kg/data/heads.tsv:1: expected list"),
    ],
)
def test_malformed_heads_rows_name_file_and_line(data, text, message):
    data("heads.tsv", text)
    with pytest.raises(DataError, match=message):
        lexicon.heads("legal_form")


def test_heads_keep_the_file_order(data):
    data("heads.tsv", "legal_form\t有限公司\nlegal_form\t股份有限公司\n")
    assert lexicon.heads("legal_form") == ("有限公司", "股份有限公司")
    assert lexicon.heads("zone") == ()


def test_a_word_list_with_punctuation_names_file_and_line(data):
    data("generic.txt", "# words\n企业 园区\n各级,相关\n")
    with pytest.raises(DataError, match=r"kg/data/generic.txt:3: '各级,相关' is not a word"):
        lexicon.words("generic.txt")


@pytest.mark.parametrize("name", sorted(lexicon.HEAD_LISTS))
def test_every_head_list_is_filled_by_the_shipped_file(name):
    assert lexicon.heads(name), f"heads.tsv has no {name} rows"
