"""The schema registry: entity classes and relation properties, read from ``kg/data/schema.toml``.

That file is the one source of truth. From it come the names used in code (``C`` and ``P``), the
recogniser's per-class settings (``PRIORITY``, ``MAX_LEN``), the domain and range every extracted
fact is checked against (``allowed``), the map's node styles (``STYLE``) and the OWL ontology
(``kg.ontology``). A class that lacks a setting, or a name in code the file does not declare,
stops the program at import with the file and key that are wrong.

>>> allowed(P.settledIn, C.Enterprise, C.Park)
True
>>> allowed(P.settledIn, C.Person, C.Park)
False
>>> PRIORITY[0], MAX_LEN[C.Person]
('Person', 4)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

from kg.errors import DataError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ORIGIN = "kg/data/schema.toml"
_TEXT_KEYS = ("en", "zh", "comment_en", "comment_zh")
CLASS_KEYS = (*_TEXT_KEYS, "subclass_of", "priority", "max_length", "colour", "shape", "document_scoped")
RELATION_KEYS = (*_TEXT_KEYS, "domain", "range")
_OPTIONAL_PROPERTY_KEYS = ("symmetric", "sub_property_of", "kind")


@dataclass(frozen=True)
class ClassDef:
    """An entity class (or the Document class, which has no recognition settings)."""

    name: str
    en: str
    zh: str
    comment_en: str
    comment_zh: str
    subclass_of: tuple[str, ...]
    priority: int = 0
    max_length: int = 0
    colour: str = ""
    shape: str = ""
    document_scoped: bool = False


@dataclass(frozen=True)
class PropertyDef:
    """A property: a relation between entities (``kind == "relation"``) or another term of the
    ontology (``object`` or ``datatype``). ``domain``/``range`` hold class names or CURIEs."""

    name: str
    kind: str
    en: str
    zh: str
    comment_en: str
    comment_zh: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool = False
    sub_property_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    ontology: dict[str, str]
    prefixes: dict[str, str]
    groups: dict[str, frozenset[str]]
    classes: dict[str, ClassDef]  # entity classes, in the file's order
    documents: dict[str, ClassDef]  # lt:Document
    relations: dict[str, PropertyDef]  # the extracted relations, in the file's order
    properties: dict[str, PropertyDef]  # other ontology properties (mentionedIn, evidence, ...)


def _need(table: dict[str, Any], keys: tuple[str, ...], where: str, optional: tuple[str, ...] = ()) -> None:
    missing = [k for k in keys if k not in table]
    if missing:
        raise DataError(f"{ORIGIN}: [{where}] lacks {', '.join(missing)} (every entry needs {', '.join(keys)})")
    unknown = sorted(set(table) - set(keys) - set(optional))
    if unknown:
        raise DataError(f"{ORIGIN}: [{where}] has unknown key(s) {', '.join(unknown)}")


def _class(name: str, t: dict[str, Any], *, entity: bool) -> ClassDef:
    where = f"{'classes' if entity else 'documents'}.{name}"
    _need(t, CLASS_KEYS if entity else (*_TEXT_KEYS, "subclass_of"), where)
    if entity and not (isinstance(t["priority"], int) and isinstance(t["max_length"], int) and t["max_length"] > 0):
        raise DataError(f"{ORIGIN}: [{where}] priority and max_length must be integers (max_length > 0)")
    return ClassDef(
        name,
        en=str(t["en"]),
        zh=str(t["zh"]),
        comment_en=str(t["comment_en"]),
        comment_zh=str(t["comment_zh"]),
        subclass_of=tuple(t["subclass_of"]),
        priority=t.get("priority", 0),
        max_length=t.get("max_length", 0),
        colour=t.get("colour", ""),
        shape=t.get("shape", ""),
        document_scoped=bool(t.get("document_scoped", False)),
    )


def _ends(value: str | list[str], classes: dict[str, ClassDef], where: str, known: set[str]) -> tuple[str, ...]:
    if value == "*":
        return tuple(classes)
    names = (value,) if isinstance(value, str) else tuple(value)
    for n in names:
        if ":" not in n and n not in known:
            raise DataError(f"{ORIGIN}: [{where}] names class {n!r}, which the schema does not declare")
    return names


def _property(name: str, t: dict[str, Any], kind: str, classes: dict[str, ClassDef], known: set[str]) -> PropertyDef:
    where = f"{'relations' if kind == 'relation' else 'properties'}.{name}"
    _need(t, RELATION_KEYS, where, _OPTIONAL_PROPERTY_KEYS)
    en, zh, comment_en, comment_zh = (str(t[k]) for k in _TEXT_KEYS)
    return PropertyDef(
        name,
        t.get("kind", kind),
        en,
        zh,
        comment_en,
        comment_zh,
        domain=_ends(t["domain"], classes, where, known),
        range=_ends(t["range"], classes, where, known),
        symmetric=bool(t.get("symmetric", False)),
        sub_property_of=tuple(t.get("sub_property_of", ())),
    )


def parse(text: str) -> Schema:
    """The schema in ``text`` (TOML), checked: every class has every setting, every domain and
    range names a declared class, priorities are distinct."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{ORIGIN}: not valid TOML ({e})") from e
    for section in ("ontology", "prefixes", "groups", "classes", "documents", "relations", "properties"):
        if section not in data:
            raise DataError(f"{ORIGIN}: the [{section}] section is missing")
    classes = {n: _class(n, t, entity=True) for n, t in data["classes"].items()}
    documents = {n: _class(n, t, entity=False) for n, t in data["documents"].items()}
    ranks = [c.priority for c in classes.values()]
    if len(set(ranks)) != len(ranks):
        raise DataError(f"{ORIGIN}: two classes share a priority; each needs its own rank")
    known = set(classes) | set(documents)
    groups = {g: frozenset(_ends(v, classes, f"groups.{g}", known)) for g, v in data["groups"].items()}
    relations = {n: _property(n, t, "relation", classes, known) for n, t in data["relations"].items()}
    properties = {n: _property(n, t, "datatype", classes, known) for n, t in data["properties"].items()}
    return Schema(data["ontology"], data["prefixes"], groups, classes, documents, relations, properties)


def read() -> Schema:
    """The schema shipped with the package."""
    return parse((resources.files("kg") / "data" / "schema.toml").read_text(encoding="utf-8"))


SCHEMA: Final = read()

#: The entity classes and the relation properties, in the schema's order.
CLASSES: Final[tuple[str, ...]] = tuple(SCHEMA.classes)
PROPERTIES: Final[tuple[str, ...]] = tuple(SCHEMA.relations)
#: Properties whose direction carries no meaning: stored once, endpoints in sorted order.
SYMMETRIC: Final = frozenset(p for p, d in SCHEMA.relations.items() if d.symmetric)
DOMAIN: Final = {p: frozenset(d.domain) for p, d in SCHEMA.relations.items()}
RANGE: Final = {p: frozenset(d.range) for p, d in SCHEMA.relations.items()}
#: Overlap policy of the recogniser, most specific class first.
PRIORITY: Final = tuple(sorted(CLASSES, key=lambda c: SCHEMA.classes[c].priority))
MAX_LEN: Final = {c: d.max_length for c, d in SCHEMA.classes.items()}
#: Colour and vis-network shape of each class on the map.
STYLE: Final = {c: (d.colour, d.shape) for c, d in SCHEMA.classes.items()}
#: Classes whose names may be relative to the document (区委, 区委宣传部).
SCOPED: Final = frozenset(c for c, d in SCHEMA.classes.items() if d.document_scoped)
ORGS: Final = SCHEMA.groups["organisations"]
PLACES: Final = SCHEMA.groups["places"]
ORGS_AND_PLACES: Final = ORGS | PLACES


class C:
    """Names of the entity classes the code refers to (each checked against the schema at import)."""

    Region: Final = "Region"
    Park: Final = "Park"
    PartyOrganization: Final = "PartyOrganization"
    Agency: Final = "Agency"
    Institution: Final = "Institution"
    Enterprise: Final = "Enterprise"
    Program: Final = "Program"
    Project: Final = "Project"
    Person: Final = "Person"
    IndustryChain: Final = "IndustryChain"


class P:
    """Names of the relation properties the code refers to (checked against the schema at import)."""

    locatedIn: Final = "locatedIn"
    partOf: Final = "partOf"
    partyOrganizationOf: Final = "partyOrganizationOf"
    established: Final = "established"
    guides: Final = "guides"
    implements: Final = "implements"
    issued: Final = "issued"
    memberOf: Final = "memberOf"
    cooperatesWith: Final = "cooperatesWith"
    settledIn: Final = "settledIn"
    serves: Final = "serves"
    holdsPositionIn: Final = "holdsPositionIn"
    belongsToChain: Final = "belongsToChain"


def check_names(schema: Schema) -> None:
    """Fail when a class or property the code names (``C``, ``P``) is not declared in ``schema``."""
    for holder, declared, section in ((C, schema.classes, "classes"), (P, schema.relations, "relations")):
        for attr, value in vars(holder).items():
            if not attr.startswith("_") and value not in declared:
                raise DataError(f"{ORIGIN}: the code names {value!r}, but [{section}] does not declare it")


check_names(SCHEMA)


def allowed(prop: str, head_cls: str, tail_cls: str) -> bool:
    """Whether ``head -prop-> tail`` is well typed."""
    return head_cls in DOMAIN[prop] and tail_cls in RANGE[prop]
