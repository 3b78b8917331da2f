"""The pipeline object: named components over one Doc, state owned by the instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.pipeline import Doc, Pipeline, default, extract_text
from kg.records import Document, Mention

TEXT = "位于青羊区的成都星河电子有限公司内。"


def test_default_components_in_order():
    assert Pipeline().names == ("normalize", "segment", "propose", "recognise", "compounds", "resolve", "relations")
    rules = ("normalize", "segment", "recognise", "compounds", "resolve", "relations")
    assert Pipeline(recogniser="rules").names == rules


def test_a_component_can_be_added_after_another_and_sees_its_annotations():
    nlp = Pipeline()
    seen: list[tuple[str, ...]] = []

    def spy(doc: Doc) -> Doc:
        seen.append(tuple(m.text for m in doc.mentions))
        return doc

    nlp.add("spy", spy, after="recognise")
    assert nlp.names.index("spy") == nlp.names.index("recognise") + 1
    nlp.text(TEXT)
    assert seen == [("青羊区", "成都星河电子有限公司")]


def test_a_component_can_be_replaced_by_name():
    nlp = Pipeline()

    def no_relations(doc: Doc) -> Doc:
        doc.relations = ()
        return doc

    assert [r.prop for r in nlp.text(TEXT).relations] == ["locatedIn"]
    nlp.replace("relations", no_relations)
    assert nlp.text(TEXT).relations == ()
    assert {e.name for e in nlp.text(TEXT).entities} == {"青羊区", "成都星河电子有限公司"}


def test_a_rule_component_adds_mentions_that_the_later_stages_use():
    nlp = Pipeline()

    def ruler(doc: Doc) -> Doc:  # a user's own rule: 星火合作社 is an enterprise
        i = doc.text.find("星火合作社")
        if i >= 0:
            doc.mentions.append(Mention(doc.document.doc_id, i, i + 5, "星火合作社", "Enterprise", "ruler"))
        return doc

    nlp.add("ruler", ruler, before="compounds")
    r = nlp.text("星火合作社位于青羊区。")
    assert [(x.head.name, x.prop, x.tail.name) for x in r.relations] == [("星火合作社", "locatedIn", "青羊区")]


def test_a_component_returning_the_wrong_thing_is_named_in_the_error():
    nlp = Pipeline()
    nlp.add("broken", lambda doc: None, after="segment")  # type: ignore[arg-type,return-value]
    with pytest.raises(KGError, match="component 'broken' returned NoneType, expected Doc"):
        nlp.text(TEXT)


@pytest.mark.parametrize(
    ("call", "message"), [("remove", "no pipeline component is called 'nope'"), ("add", "already called")]
)
def test_unknown_or_duplicate_component_names_are_errors(call, message):
    nlp = Pipeline()
    with pytest.raises(KGError, match=message):
        if call == "remove":
            nlp.remove("nope")
        else:
            nlp.add("resolve", lambda d: d)


def test_user_words_stay_in_their_own_pipeline(tmp_path: Path):
    """A user dictionary's words teach that pipeline's segmenter only: a later pipeline without
    one segments as if it never existed."""
    user = tmp_path / "user.tsv"
    user.write_text("蓝海精工\tEnterprise\n", encoding="utf-8")
    text = "蓝海精工落户青羊区。"
    with_user = Pipeline.for_user_dict(user)
    assert "蓝海精工" in with_user.segmenter.lcut(text)
    assert ("蓝海精工", "Enterprise") in {(e.name, e.cls) for e in with_user.text(text).entities}
    assert "蓝海精工" not in default().segmenter.lcut(text)
    assert "蓝海精工" not in Pipeline().segmenter.lcut(text)
    assert "蓝海精工" not in {e.name for e in extract_text(text).entities}


def test_a_batch_runs_the_model_once_and_gives_each_document_its_own_result(monkeypatch):
    from kg import model

    nlp = Pipeline()
    calls = []
    tag = model.SpanModel.tag
    monkeypatch.setattr(
        model.SpanModel, "tag", lambda self, texts, offsets=None: calls.append(len(texts)) or tag(self, texts, offsets)
    )
    docs = [
        Document(doc_id=f"d{i}", source=f"d{i}", title="", text=t, raw=t)
        for i, t in enumerate(["张晓明到星河科技园调研。", "蓝岳集团党委书记王建国说。", "据市统计局消息。"])
    ]
    together = nlp.pipe(docs)
    assert calls == [3]  # one sentence each, tagged in one call
    alone = [nlp(d) for d in docs]
    assert [r.entities for r in together] == [r.entities for r in alone]
    assert [r.relations for r in together] == [r.relations for r in alone]


def test_a_document_failing_inside_a_batch_costs_only_itself(tmp_path):
    from kg.pipeline import _work

    nlp = Pipeline()

    def fragile(doc: Doc) -> Doc:
        if "坏" in doc.text:
            raise ValueError("cannot")
        return doc

    nlp.add("fragile", fragile, after="recognise")
    items = []
    for name, text in (("a.txt", "张晓明到星河科技园调研。"), ("b.txt", "坏文件。"), ("c.txt", "据市统计局消息。")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        items.append((str(tmp_path / name), name, 10_000_000))
    done = _work(nlp, items)
    assert [d[0] for d in done] == [i[0] for i in items]
    assert done[0][1] is not None and done[2][1] is not None
    assert done[1][1] is None and "ValueError" in done[1][2]


def test_workers_are_forked_with_the_pipeline_unless_the_model_runs_here(monkeypatch):
    """``jobs > 1``: workers forked from the build (they start with its pipeline and jieba's
    dictionary loaded), unless ONNX Runtime already runs in it (a fork of its threads can hang):
    then from a clean process. Both give the same extractions, and the model is never started
    here by the warm-up."""
    import multiprocessing

    from conftest import SEEDS

    from kg import model, pipeline

    chosen: list[str] = []
    real = multiprocessing.get_context
    monkeypatch.setattr(pipeline.multiprocessing, "get_context", lambda m=None: chosen.append(m) or real(m))
    facts = []
    for loaded in (False, True):
        monkeypatch.setattr(model, "loaded", lambda loaded=loaded: loaded)
        out = pipeline.run([SEEDS], jobs=2, recogniser="rules", progress=False)
        facts.append([(r.document.doc_id, r.mentions, r.entities, r.relations) for r in out.results])
    assert chosen == ["fork", "forkserver"]
    assert facts[0] == facts[1] and len(facts[0]) == 5
    assert pipeline._Worker.nlp is None  # the build's pipeline is not left for a later build's workers


def test_warming_a_pipeline_does_not_start_the_model():
    """The build warms its pipeline before forking workers: jieba and the rules load, ONNX
    Runtime does not (checked in a fresh process, where nothing loaded it before)."""
    import subprocess
    import sys

    code = (
        "from kg.pipeline import Pipeline\nfrom kg import model, segment\n"
        "p = Pipeline()\np.warm()\nprint(model.loaded(), len(segment.base().lcut('成都市')) > 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.split() == ["False", "True"]
