"""The segmenter (jieba-rs) cuts as the Python jieba package does, and a user's words stay theirs."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest

from kg import segment

ROOT = Path(__file__).resolve().parents[1]

LINES = [
    "发布时间：2023-12-28 15:13 来源：星河日报",
    "访问 www.example.gov.cn 或 t.cn/abc 了解详情",
    "版本v1.2-beta发布，C++与C#并列，a&b_c",
    "增长7.5%，达到3.2亿元，编号A-12_3",
    "王小明在澜星科技有限公司工作",
]


@pytest.fixture(scope="module")
def python_jieba():
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for w in segment._industry_terms():
        tk.add_word(w, freq=max(tk.suggest_freq(w, tune=False), 10))
    return tk


@pytest.mark.parametrize("hmm", [True, False])
def test_the_cut_is_the_python_packages_cut(python_jieba, hmm):
    lines = list(LINES)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines += path.read_text(encoding="utf-8").split("\n")
    seg = segment.base()
    differ = [line for line in lines if seg.lcut(line, HMM=hmm) != python_jieba.lcut(line, HMM=hmm)]
    assert differ == []


def test_a_users_word_is_one_word_with_a_frequency():
    seg = segment.Segmenter(["蓝岳精工"])
    assert "蓝岳精工" in seg.lcut("蓝岳精工今年投产")
    assert seg.freq("蓝岳精工") >= 10
    assert segment.base().freq("蓝岳精工") == 0
    assert "蓝岳精工" not in segment.base().lcut("蓝岳精工今年投产")
