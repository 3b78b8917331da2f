"""The small immutable records that flow between pipeline stages.

Every annotation is a view into a document's text: it keeps character offsets, so the
sentence that states a fact, its provenance and its evaluation come from the same place.

>>> doc = Document(doc_id="a.txt", source="a.txt", title="t", text="成都市龙泉驿区")
>>> m = Mention(doc_id="a.txt", start=0, end=3, text="成都市", cls="Region")
>>> doc.text[m.start:m.end] == m.text
True
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One source document after reading (``raw``) and normalisation (``text``).

    ``offsets[i]`` is the index in ``raw`` of the character ``text[i]`` came from; it is
    empty when normalisation did not change the text.
    """

    doc_id: str
    source: str
    title: str
    text: str
    raw: str = ""
    encoding: str = "utf-8"
    offsets: tuple[int, ...] = ()
    format: str = "text"
    date: str = ""
    publisher: str = ""
    notes: tuple[str, ...] = ()  # what reading it had to guess or repair (warnings of the build)
    characters: int = 0  # the length of its text, kept when a build lets the text go

    def raw_offset(self, i: int) -> int:
        """Index in ``raw`` of character ``i`` of ``text``."""
        if not self.offsets:
            return i
        return self.offsets[i] if i < len(self.offsets) else len(self.raw)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``text == document.text[start:end]``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[str, ...] = ()

    def between(self, start: int, end: int | None = None) -> str:
        """The sentence's text from document offset ``start`` to ``end`` (its end if None).

        >>> Sentence("d", 0, 10, 15, "成都市青羊").between(13, 15)
        '青羊'
        """
        return self.text[start - self.start : (self.end if end is None else end) - self.start]


@dataclass(frozen=True, order=True)
class Mention:
    """A span of a document recognised as naming an entity of class ``cls``."""

    doc_id: str
    start: int
    end: int
    text: str
    cls: str
    rule: str = ""

    @property
    def found_by(self) -> str:
        """The rule that found the mention, without ``+model`` (the span model agreeing)."""
        return self.rule.partition("+")[0]


@dataclass(frozen=True, order=True)
class Entity:
    """An entity of one document: canonical name, class and the other names it goes by."""

    cls: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, order=True)
class Relation:
    """A fact stated by one sentence: ``head -prop-> tail`` (both canonical names).

    ``start``/``end`` are the offsets of the evidence (the sentence, or the name that states a
    name-internal fact) and ``spans`` those of the head's and the tail's names, in the document's
    text while the pipeline runs and in the document as read (``raw``) once it is done.
    """

    head: Entity
    prop: str
    tail: Entity
    doc_id: str
    evidence: str
    start: int
    end: int
    confidence: float = 0.5
    role: str = ""
    rule: str = ""
    spans: tuple[int, int, int, int] = (-1, -1, -1, -1)  # head start, head end, tail start, tail end


@dataclass(frozen=True)
class DocResult:
    """Everything the extractor found in one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    timings: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    rejected: dict[str, int] = field(default_factory=dict, compare=False, hash=False)  # by property


# The records of the graph (``kg.graph``) and of what is written from it and read back (``kg.rdf``).


@dataclass(frozen=True)
class Evidence:
    """A sentence that states an edge of the graph: where it is, how sure the rule was, which rule.

    >>> ev = Evidence("a.txt", "成都市位于四川省。", 0, 9, 0.9, rule="cue:位于")
    >>> ev.key()
    ('a.txt', 0, '')
    """

    doc_id: str
    sentence: str
    start: int
    end: int
    confidence: float
    role: str = ""
    rule: str = ""
    head_start: int = -1
    head_end: int = -1
    tail_start: int = -1
    tail_end: int = -1

    def key(self) -> tuple[str, int, str]:
        """The order of an edge's evidence: by document, then offset, then role."""
        return (self.doc_id, self.start, self.role)


@dataclass(frozen=True, order=True)
class Node:
    """An entity of the graph: its IRI, class, canonical name, other names and documents."""

    iri: str
    cls: str
    name: str
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Merge:
    """Entities of several documents made one: their class, the two names and why."""

    cls: str
    names: tuple[str, ...]
    why: str


@dataclass(frozen=True, order=True)
class DocumentInfo:
    """What the graph keeps of a document: its metadata, not its text. ``iri`` is empty in a
    graph read back from Turtle."""

    doc_id: str
    title: str = ""
    source: str = ""
    iri: str = ""
    encoding: str = ""
    format: str = ""
    date: str = ""
    publisher: str = ""
