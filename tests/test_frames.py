"""Relations frame by frame (``kg/data/cues.tsv``): each row is an invented sentence and the WHOLE
set of facts it gives (name-internal ones included), so a frame that adds or loses one shows up.
Then the negatives (what no frame may state) and how a head is found when the clause does not
name it."""

from __future__ import annotations

import pytest

from kg.lexicon import load
from kg.pipeline import extract_text


def facts(text: str) -> list[tuple[str, str, str]]:
    return sorted((r.head.name, r.prop, r.tail.name) for r in extract_text(text).relations)


VISIT = [
    # 在X调研期间, …考察了A、B: each visited place or organisation lies in X
    (
        "在澜州市调研期间,考察组实地考察了蓝岳产业园、澜州蓝海精工有限公司。",
        [("澜州蓝海精工有限公司", "locatedIn", "澜州市"), ("蓝岳产业园", "locatedIn", "澜州市")],
    ),
    # 对A、B进行了调研
    (
        "在绵阳市考察时,对星河电子有限公司、蓝海精工有限公司进行了调研。",
        [("星河电子有限公司", "locatedIn", "绵阳市"), ("蓝海精工有限公司", "locatedIn", "绵阳市")],
    ),
    # no 在X调研期间: a visit says nothing of where what is visited lies
    ("考察组实地考察了蓝岳产业园、蓝海精工有限公司。", []),
]

ROLES = [
    # one person's post ends at the comma: the next person's post is not in the organisation before
    (
        "星澜区委书记王澜,区统战部部长李岳,区组织部科长周帆等到园区调研。",
        [
            ("周帆", "holdsPositionIn", "区组织部"),
            ("李岳", "holdsPositionIn", "区统战部"),
            ("王澜", "holdsPositionIn", "星澜区委"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), VISIT + ROLES)
def test_frame(text, expected):
    assert facts(text) == expected


def test_every_cue_row_has_a_frame_a_confidence_and_known_classes():
    cues = load().cues
    assert {c.frame for c in cues} == {"SVO", "OVS", "WITH", "VISIT"}
    assert all(0 < c.confidence <= 1 for c in cues)
    visit = next(c for c in cues if c.text == "考察")
    assert visit.allows("Enterprise", "Region") and not visit.allows("Person", "Region")
