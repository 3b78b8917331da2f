"""Data files under ``kg/data/`` (lexicons, suffixes, cue words), loaded once.

Errors name ``file:line``. A user dictionary (``kg build --lexicon FILE``) is a TSV of
``name<TAB>class<TAB>aliases`` (aliases separated by ``,`` or ``、``).

>>> lex = load()
>>> lex.divisions["成都市"].level
'prefecture'
>>> "成都市" in lex.short_forms["成都"]
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.errors import DataError
from kg.schema import CLASSES, PROPERTIES

#: How a cue's arguments are read (``kg.relations``): SVO head before the cue, tails after it; OVS
#: the reverse; WITH partners (X 与 Y 共建); VISIT what is visited after the cue lies in the place
#: of 在X调研期间 (考察了A、B; 对A、B进行了调研); BY Y由X<cue> (X the head: 由X投资建设); OF
#: A是B的<cue> (A the head, B the tail: 派出机构, 成员单位).
FRAMES = ("SVO", "OVS", "WITH", "VISIT", "BY", "OF")
#: The confidence of a fact read by a frame whose row gives none.
FRAME_CONFIDENCE = {"SVO": 0.7, "OVS": 0.6, "WITH": 0.6, "VISIT": 0.6, "BY": 0.7, "OF": 0.7}


#: a division's short form that begins with one of these reads as a word of ordinary text
_DIVISION_HEAD_CHARS = frozenset("市区县省州")


@dataclass(frozen=True)
class Division:
    name: str
    level: str  # province | prefecture | county | zone
    parent: str  # the parent's full name, "" for a province
    short: tuple[str, ...]


@dataclass(frozen=True)
class Suffix:
    text: str
    cls: str
    min_stem: int


@dataclass(frozen=True)
class Cue:
    """A row of ``cues.tsv``: a cue word, the property it states, how its arguments are read, how
    sure a fact it states is, and the classes it allows at each end (all the ontology allows when empty)."""

    text: str
    prop: str
    frame: str
    confidence: float = 0.7
    heads: frozenset[str] = frozenset()
    tails: frozenset[str] = frozenset()

    def allows(self, head_cls: str, tail_cls: str) -> bool:
        return (not self.heads or head_cls in self.heads) and (not self.tails or tail_cls in self.tails)


@dataclass(frozen=True)
class UserEntry:
    name: str
    cls: str
    aliases: tuple[str, ...]


@dataclass(eq=False)  # hashed by identity: one compiled recogniser per lexicon
class Lexicon:
    divisions: dict[str, Division]
    short_forms: dict[str, tuple[str, ...]]
    suffixes: tuple[Suffix, ...]
    cues: tuple[Cue, ...]
    roles: tuple[str, ...]
    surnames: frozenset[str]
    user: tuple[UserEntry, ...] = ()
    warnings: list[str] = field(default_factory=list)


def _rows(text: str, origin: str) -> Iterator[tuple[int, list[str]]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield lineno, [c.strip() for c in line.split("\t")]


def _data(name: str) -> tuple[str, str]:
    ref = resources.files("kg") / "data" / name
    return ref.read_text(encoding="utf-8"), f"kg/data/{name}"


def _divisions() -> tuple[dict[str, Division], dict[str, tuple[str, ...]]]:
    text, origin = _data("divisions.tsv")
    by_code: dict[str, tuple[str, str, str, tuple[str, ...]]] = {}
    for lineno, cols in _rows(text, origin):
        if cols[0] == "adcode":
            continue
        if len(cols) < 4:
            raise DataError(f"{origin}:{lineno}: expected adcode, name, level, parent, short")
        code, name, level, parent = cols[:4]
        short = tuple(s for s in (cols[4].split(",") if len(cols) > 4 else []) if s)
        by_code[code] = (name, level, parent, short)
    divisions: dict[str, Division] = {}
    shorts: dict[str, set[str]] = {}
    for code in sorted(by_code):
        name, level, parent, short = by_code[code]
        parent_name = by_code[parent][0] if parent in by_code else ""
        if parent_name == name:  # 北京市 (province) and 北京市 (its city level)
            continue
        if name not in divisions:
            divisions[name] = Division(name, level, parent_name, short)
        for s in short:
            if s[0] not in _DIVISION_HEAD_CHARS:  # 市中(区), 市南(区): such a short form reads as 市|中级…
                shorts.setdefault(s, set()).add(name)
    return divisions, {s: tuple(sorted(n)) for s, n in shorts.items()}


def _suffixes() -> tuple[Suffix, ...]:
    text, origin = _data("suffixes.tsv")
    out = []
    for lineno, cols in _rows(text, origin):
        if len(cols) < 3 or cols[1] not in CLASSES or not cols[2].isdigit():
            raise DataError(f"{origin}:{lineno}: expected suffix, class (one of {', '.join(CLASSES)}), min_stem")
        out.append(Suffix(cols[0], cols[1], int(cols[2])))
    return tuple(sorted(out, key=lambda s: (-len(s.text), s.text)))


def _cues() -> tuple[Cue, ...]:
    text, origin = _data("cues.tsv")
    out = []
    for lineno, cols in _rows(text, origin):
        if len(cols) < 3 or cols[1] not in PROPERTIES or cols[2] not in FRAMES:
            raise DataError(
                f"{origin}:{lineno}: expected cue, property, frame ({'/'.join(FRAMES)})[, confidence, head classes, tail classes]"
            )
        conf = _confidence(cols[3] if len(cols) > 3 else "", cols[2], f"{origin}:{lineno}")
        ends = [_classes(c, f"{origin}:{lineno}") for c in (cols[4:6] + ["", ""])[:2]]
        out.append(Cue(cols[0], cols[1], cols[2], conf, ends[0], ends[1]))
    return tuple(sorted(out, key=lambda c: (-len(c.text), c.text)))


def _confidence(value: str, frame: str, where: str) -> float:
    if value in ("", "-"):
        return FRAME_CONFIDENCE[frame]
    try:
        conf = float(value)
    except ValueError:
        conf = -1.0
    if not 0 < conf <= 1:
        raise DataError(f"{where}: confidence must be a number in (0, 1], not {value!r}")
    return conf


def _classes(value: str, where: str) -> frozenset[str]:
    names = frozenset(c for c in value.split(",") if c and c != "-")
    unknown = sorted(names - set(CLASSES))
    if unknown:
        raise DataError(f"{where}: unknown class {unknown[0]!r} (classes: {', '.join(CLASSES)})")
    return names


_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z0-9·+\-]+$")


def _words(name: str) -> list[str]:
    """The words of a word-list file (whitespace-separated, ``#`` comments), checked."""
    text, origin = _data(name)
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            continue
        for w in line.split():
            if not _WORD.match(w):
                raise DataError(f"{origin}:{lineno}: {w!r} is not a word (letters, digits, · + - only)")
            out.append(w)
    return out


@functools.cache
def words(name: str) -> frozenset[str]:
    """A built-in word list (``generic.txt``, ``business_words.txt``...) as a set."""
    return frozenset(_words(name))


#: Territories whose Chinese names are no country or continent a text places things in: the
#: world, unions and zones, placeholders, and the home country every article is set in.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "CN"})


@functools.lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Chinese names of countries, territories and continents, from the Unicode CLDR (Babel's
    ``zh`` locale): 德国, 意大利, 欧洲. Foreign places the span model finds are Regions when named here.

    >>> {"德国", "南美洲"} <= countries() and "中国" not in countries()
    True
    """
    from babel import Locale

    names = Locale("zh").territories
    return frozenset(
        name
        for code, name in names.items()
        if code not in _NOT_COUNTRIES and (code.isalpha() or name.endswith("洲")) and _WORD.match(name)
    )


@functools.lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    """Chinese names of the world's cities, from the exemplar cities of the Unicode CLDR's time
    zones (Babel's ``zh`` locale): 东京, 纽约, 莫斯科. A place the span model finds is a Region
    when named here, as the countries are; multi-part names (…州…) and placeholders are left out.

    >>> {"东京", "柏林"} <= cities() and "未知地点" not in cities()
    True
    """
    from babel import Locale

    zones = Locale("zh").time_zones
    names = {zone["city"] for zone in zones.values() if "city" in zone}
    return frozenset(n for n in names if _WORD.match(n) and "州" not in n and n != "未知地点")


#: The lists of ``heads.tsv`` and what the third column holds ("" when nothing).
HEAD_LISTS = {
    "party_suffix": "",
    "sector_committee": "",
    "branch_suffix": "",
    "host_suffix": "",
    "class_by_suffix": "class",
    "park_head": "",
    "zone": "",
    "park_abbreviation": "short",
    "bare_head": "class",
    "legal_form": "",
    "sight": "",
    "category_suffix": "",
    "local_place": "",
    "strong_program_head": "",
    "quote_head": "",
    "org_head": "class",
    "division_head": "",
    "honorific": "",
    "place_feature": "",
    "named_place": "",
    "media_head": "",
    "bureau_head": "",
    "sport_context": "",
    "country_short": "short",
    "armed_force": "",
    "org_name": "class",
    "trade": "",
    "member_role": "",
}


@functools.lru_cache(maxsize=1)
def _heads() -> dict[str, tuple[tuple[str, str], ...]]:
    text, origin = _data("heads.tsv")
    out: dict[str, list[tuple[str, str]]] = {name: [] for name in HEAD_LISTS}
    for lineno, cols in _rows(text, origin):
        if len(cols) < 2 or cols[0] not in HEAD_LISTS or not _WORD.match(cols[1]):
            raise DataError(f"{origin}:{lineno}: expected list (one of {', '.join(HEAD_LISTS)}), word[, value]")
        value = cols[2] if len(cols) > 2 else ""
        kind = HEAD_LISTS[cols[0]]
        valid = value in CLASSES if kind == "class" else bool(value) if kind == "short" else not value
        if not valid:
            raise DataError(f"{origin}:{lineno}: {cols[0]} rows need {kind or 'no third column'}, not {value!r}")
        out[cols[0]].append((cols[1], value))
    return {k: tuple(v) for k, v in out.items()}


def heads(name: str) -> tuple[str, ...]:
    """The words of list ``name`` of ``heads.tsv``, in the file's order.

    >>> heads("legal_form")[:2]
    ('股份有限公司', '有限责任公司')
    """
    return tuple(w for w, _ in _heads()[name])


def head_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """``(word, value)`` rows of list ``name`` of ``heads.tsv`` (``class_by_suffix``...)."""
    return _heads()[name]


@functools.lru_cache(maxsize=1)
def _base() -> Lexicon:
    divisions, shorts = _divisions()
    roles = tuple(sorted(set(_words("roles.txt")), key=lambda r: (-len(r), r)))
    return Lexicon(divisions, shorts, _suffixes(), _cues(), roles, frozenset(_words("surnames.txt")))


def load(user_dict: Path | None = None) -> Lexicon:
    """The built-in lexicons, plus the user dictionary at ``user_dict`` if given."""
    base = _base()
    if user_dict is None:
        return base
    entries, warnings = read_user_dict(user_dict)
    return Lexicon(
        base.divisions, base.short_forms, base.suffixes, base.cues, base.roles, base.surnames, entries, warnings
    )


def _as_text(name: str) -> str:
    """A user's name as it reads in normalised text (蓝岳（苏州）有限公司 -> 蓝岳(苏州)有限公司)."""
    from kg.normalize import HALFWIDTH

    return name.translate(HALFWIDTH)


def read_user_dict(path: Path) -> tuple[tuple[UserEntry, ...], list[str]]:
    """Entries of a user dictionary; malformed lines are reported as ``file:line: reason`` and skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read the user dictionary ({e})") from e
    entries: list[UserEntry] = []
    warnings: list[str] = []
    for lineno, cols in _rows(text, str(path)):
        if len(cols) < 2 or not cols[0]:
            warnings.append(f"{path}:{lineno}: expected name<TAB>class[<TAB>aliases]; line skipped")
            continue
        if cols[1] not in CLASSES:
            warnings.append(f"{path}:{lineno}: unknown class {cols[1]!r} (one of {', '.join(CLASSES)}); line skipped")
            continue
        aliases = tuple(a.strip() for a in cols[2].replace("、", ",").split(",") if a.strip()) if len(cols) > 2 else ()
        # names are matched in normalised text: full-width brackets and letters as half-width
        entries.append(UserEntry(_as_text(cols[0]), cols[1], tuple(dict.fromkeys(map(_as_text, aliases)))))
    return tuple(entries), warnings
