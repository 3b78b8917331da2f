"""Resolve mentions to the entities of one document: canonical names and aliases.

- ``（以下简称“X”）`` / ``（简称X）`` after a name makes X an alias, and X's later uses mentions of it;
- a name of the same kind in brackets right after a name (甲产业园（乙工业园区）) is its alias;
- a region's short form (成都) is an alias of its full name (成都市) when the document uses both;
- a name that drops the region prefix or the legal form (区委宣传部, 欧林) is an alias of the
  one longer name of the same class that ends or starts with it.

>>> from kg.entities import recognise_text
>>> text = "重庆蓝海精工材料有限公司(以下简称“蓝海精工”)成立。蓝海精工投产。"
>>> ents, _ = resolve(text, list(recognise_text(text)))
>>> [(e.name, e.aliases) for e in ents]
[('重庆蓝海精工材料有限公司', ('蓝海精工',))]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable

from kg import compounds, segment
from kg.lexicon import Lexicon, head_pairs, heads, load
from kg.names import business_words, clean_name, generic_words
from kg.records import Entity, Mention
from kg.schema import C

_ALIAS = re.compile(
    r"[(（]\s*(?:以下)?(?:简称|下称|以下称)\s*[:：]?\s*[“\"「]?([^”\"」)）,，。]{2,16})[”\"」]?\s*[)）]"
)
#: words that open a bracket giving another name of the same thing: 甲(即乙), 甲(又称乙)
_ALSO = re.compile(r"即|又称|也称|亦称|原")
BARE_HEADS = tuple((cls, word) for word, cls in head_pairs("bare_head"))
# the official short forms of zone names (经济技术开发区 -> 经开区)
PARK_ABBREVIATIONS = head_pairs("park_abbreviation")
_BRACKETED = {C.Park, C.Agency, C.Enterprise, C.Institution, C.PartyOrganization}
LEGAL_FORMS = heads("legal_form")
#: jieba's tags of coined words and names, and how rarely a word it knows must occur to be one
#: (一乐|投资开发: a word jieba has seen thrice is a company's own, not 电子 or 机械)
_COINED = frozenset({"", "nz", "nr", "nt", "j", "nrt"})
_RARE = 5
#: the first characters of a body named by its level alone (区委, 市委, 县委)
_LEVEL_CHARS = "省市区县州旗镇乡"


class _Spans:
    """Mentions indexed by start, to find those overlapping a span without scanning them all."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.ms = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.ms]
        self.longest = max((m.end - m.start for m in self.ms), default=0)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [x for x in self.ms[lo:hi] if x.end > start]


class _Taken:
    """The spans already named, sorted by start: whether a span overlaps one is a bisection and a
    look at the few that start within the longest span's length before it, not a scan of all."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans = sorted(spans)
        self.longest = max((e - s for s, e in self.spans), default=0)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))
        self.longest = max(self.longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        lo = bisect.bisect_left(self.spans, (start - self.longest, -1))
        hi = bisect.bisect_left(self.spans, (end, -1))
        return any(e > start for _, e in self.spans[lo:hi])


def _standalone(seg: segment.Segmenter, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a word of its own there (jieba cuts it out whole)."""
    lo = max(0, start - 4)
    pos = lo
    for tok in seg.lcut(text[lo : end + 2]):
        if pos == start:
            return pos + len(tok) == end
        if pos > start:
            return False
        pos += len(tok)
    return False


def declared_aliases(text: str, mentions: list[Mention]) -> list[tuple[Mention, str, int]]:
    """``(mention, alias, position)`` for each ``（以下简称“X”）`` right after a mention."""
    by_end = {m.end: m for m in mentions}
    out = []
    for m in _ALIAS.finditer(text):
        j = m.start()
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j in by_end:
            out.append((by_end[j], clean_name(m.group(1)), m.end()))
    return out


def resolve(
    text: str, mentions: list[Mention], lexicon: Lexicon | None = None, seg: segment.Segmenter | None = None
) -> tuple[tuple[Entity, ...], dict[Mention, Entity]]:
    """The entities of a document and the entity of each mention (mentions of declared aliases added).

    The steps run in this order, each adding names to ``canon`` (a name -> the name it stands for):
    the user dictionary's aliases, declared aliases, bracketed aliases, company short names, bare heads, park abbreviations,
    region short forms, regions written together, a region's area (广州地区), names that drop a
    prefix or a legal form.
    """
    r = _Resolution(text, list(mentions), lexicon or load(), seg or segment.base())
    for step in (
        r.user_aliases,
        r.declared,
        r.bracketed,
        r.company_short_names,
        r.bare_heads,
        r.park_abbreviations,
        r.party_abbreviations,
        r.region_short_forms,
        r.region_chains,
        r.region_areas,
        r.dropped_prefixes,
    ):
        step()
    return r.entities()


Key = tuple[str, str]  # (class, name)
#: the full and the short form of the names of the party's committees (工作委员会 before 委员会)
_PARTY_ABBREVIATIONS = (("工作委员会", "党工委"), ("委员会", "委"))


class _Resolution:
    """The state of resolving one document: its mentions and the aliases found so far."""

    def __init__(self, text: str, mentions: list[Mention], lex: Lexicon, seg: segment.Segmenter) -> None:
        self.text, self.mentions, self.lex, self.seg = text, mentions, lex, seg
        self.generic = generic_words()
        self.canon: dict[Key, Key] = {}  # (cls, name) -> (cls, canonical name)
        self.taken = _Taken((m.start, m.end) for m in mentions)

    def _names(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        for m in self.mentions:
            names.setdefault(m.cls, set()).add(clean_name(m.text))
        return names

    def user_aliases(self) -> None:
        """A user dictionary's aliases (星河智造 Enterprise 星河,星河公司) name its entry's entity."""
        for e in self.lex.user:
            for alias in e.aliases:
                if alias != e.name:
                    self.canon[(e.cls, alias)] = (e.cls, e.name)

    def declared(self) -> None:
        """（以下简称“X”）: X is an alias, and its later uses in the text are mentions."""
        text = self.text
        for m, alias, after in declared_aliases(text, self.mentions):
            self.canon[(m.cls, alias)] = (m.cls, clean_name(m.text))
            for hit in re.finditer(re.escape(alias), text):
                if hit.start() < after or self.taken.overlaps(hit.start(), hit.end()):
                    continue
                self.mentions.append(Mention(m.doc_id, hit.start(), hit.end(), alias, m.cls, "alias"))
                self.taken.add(hit.start(), hit.end())

    def bracketed(self) -> None:
        """Another name of the same kind in brackets right after a name: 甲产业园(乙工业园区), 甲(即乙)."""
        text = self.text
        by_start = {(m.start, m.cls): m for m in self.mentions}
        for m in self.mentions:
            if m.cls not in _BRACKETED or text[m.end : m.end + 1] not in "(（" or m.end == len(text):
                continue
            said = _ALSO.match(text, m.end + 1)  # 甲党支部(即乙党支部)
            n = by_start.get((said.end() if said else m.end + 1, m.cls))
            if n is not None and text[n.end : n.end + 1] in (")", "）") and clean_name(n.text) != clean_name(m.text):
                self.canon.setdefault((n.cls, clean_name(n.text)), (m.cls, clean_name(m.text)))

    def company_short_names(self) -> None:
        """Short names of companies used later in the text (云南锐澜 / 锐澜公司 for 云南锐澜电子有限公司)."""
        companies = {(m.cls, clean_name(m.text)): m for m in self.mentions if m.cls in (C.Enterprise, C.Institution)}
        index = _Spans(self.mentions)
        shorts = {full: short_names(full, self.lex, self.seg) for _, full in companies}
        named = {s for names in shorts.values() for s in names}
        # the short names each company claims, not counting companies that are another's short name
        claimed = Counter(s for full, names in shorts.items() if full not in named for s in set(names))
        for (_, full), m in sorted(companies.items()):
            declared = [a for (c, a), (_, target) in self.canon.items() if target == full]
            for short in shorts[full]:
                if claimed[short] > 1 or any(
                    o != full and o not in named and o.startswith(short) for _, o in companies
                ):
                    continue  # 华润 for 华润万家… and 华润置地…: a short name of two companies names neither
                if (m.cls, short) in self.canon or short in self.generic or any(short in a for a in declared):
                    continue  # the text declared its own short name (以下简称“…”): use that one
                hits = self._short_name_hits(short, index)
                if (
                    (m.cls, short) in companies
                    and short not in self.lex.divisions
                    and short not in self.lex.short_forms
                ):
                    self.canon[(m.cls, short)] = (m.cls, full)  # 星澜投资开发公司, 星澜电子: found on their own
                if not hits:
                    continue
                self.canon[(m.cls, short)] = (m.cls, full)
                replaced = {x for _, inside in hits for x in inside}
                self.mentions = [x for x in self.mentions if x not in replaced]  # once per short name
                for hit, _ in hits:
                    self.mentions.append(Mention(m.doc_id, hit.start(), hit.end(), short, m.cls, "alias"))
                    self.taken.add(hit.start(), hit.end())
                index = _Spans(self.mentions)

    def _short_name_hits(self, short: str, index: _Spans) -> list[tuple[re.Match[str], list[Mention]]]:
        """Where ``short`` occurs crossing no mention, with the mentions inside it (云南|裕能: the
        short name wins over the region inside it); not where a mention is exactly ``short``."""
        hits = []
        for h in re.finditer(re.escape(short), self.text):
            near = index.overlapping(h.start(), h.end())
            inside = [x for x in near if h.start() <= x.start and x.end <= h.end()]
            crossing = [x for x in near if x not in inside]
            if not crossing and not any(x.start == h.start() and x.end == h.end() for x in inside):
                hits.append((h, inside))
        return hits

    def bare_heads(self) -> None:
        """A bare head word (新区, 高新区, 集团) standing alone for the park or group the text is
        about: the only one, or one named at least three times as often as any other."""
        named = [(m.cls, clean_name(m.text)) for m in self.mentions]
        index = _Spans(self.mentions)
        for cls, bare in BARE_HEADS:
            owners: dict[str, int] = {}
            for c, name in named:
                if c == cls and name.endswith(bare) and len(name) > len(bare):
                    owners[name] = owners.get(name, 0) + 1
            ranked = sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))
            if not ranked or len(ranked) > 1 and ranked[0][1] < 3 * ranked[1][1]:
                continue  # two parks or groups of similar weight: 园区 names neither
            hits = [
                h
                for h in re.finditer(re.escape(bare), self.text)
                if _standalone(self.seg, self.text, h.start(), h.end())  # not inside 产业园区, 某某新区
                and not index.overlapping(h.start(), h.end())
            ]
            if hits:
                self.canon[(cls, bare)] = (cls, ranked[0][0])
                for h in hits:
                    self.mentions.append(Mention(self.mentions[0].doc_id, h.start(), h.end(), bare, cls, "alias"))
                index = _Spans(self.mentions)

    def park_abbreviations(self) -> None:
        """A park's standard abbreviation (赣南经开区 for 赣南经济技术开发区) when the text uses both."""
        parks = self._names().get(C.Park, set())
        for full in sorted(parks):
            for long, short in PARK_ABBREVIATIONS:
                if full.endswith(long) and full[: -len(long)] + short in parks:
                    self.canon.setdefault((C.Park, full[: -len(long)] + short), (C.Park, full))

    def party_abbreviations(self) -> None:
        """中共星澜产业园工作委员会 and 星澜产业园党工委, 中共星澜市委员会 and 星澜市委: one body."""
        party = self._names().get(C.PartyOrganization, set())
        for full in sorted(party):
            long, short = next(((a, b) for a, b in _PARTY_ABBREVIATIONS if full.endswith(a)), ("", ""))
            abbr = full[2 : -len(long)] + short if long and full.startswith("中共") else ""
            if abbr in party:
                self.canon.setdefault((C.PartyOrganization, abbr), (C.PartyOrganization, full))

    def region_short_forms(self) -> None:
        """A region's short form (成都) stands for the one full name the document also uses."""
        regions = self._names().get(C.Region, set())
        for short in regions & self.lex.short_forms.keys():
            fulls = [f for f in self.lex.short_forms[short] if f in regions]
            if len(fulls) == 1:
                self.canon.setdefault((C.Region, short), (C.Region, fulls[0]))

    def region_chains(self) -> None:
        """Regions written together (河南省新乡市红旗区): the whole is a name of the last one, the
        fullest the text gives it (each part stays its own region)."""
        regions = sorted((m for m in self.mentions if m.cls == C.Region), key=lambda m: (m.start, -m.end))
        first = None
        for a, b in itertools.pairwise(regions):
            if a.end != b.start or not compounds.written_inside(clean_name(a.text), clean_name(b.text), self.lex):
                first = None
                continue
            first = first or a
            whole = clean_name(self.text[first.start : b.end])
            self.canon.setdefault((C.Region, whole), (C.Region, clean_name(b.text)))

    def region_areas(self) -> None:
        """A division written with 地区 after it (广州地区, 北京地区): a name of that region."""
        for m in self.mentions:
            name = clean_name(m.text)
            if self.text[m.end : m.end + 2] == "地区" and m.cls == C.Region:
                name += "地区"  # the rules' 广州|地区, where the model reads 广州地区 as one place
            place = name[:-2]
            if (
                m.cls == C.Region
                and name.endswith("地区")
                and (place in self.lex.short_forms or place in self.lex.divisions)
            ):
                self.canon.setdefault((C.Region, name), (C.Region, place))
                if (C.Region, place) not in self.canon and place in self.lex.short_forms:
                    fulls = [f for f in self.lex.short_forms[place] if f in self._names().get(C.Region, set())]
                    if len(fulls) == 1:
                        self.canon[(C.Region, place)] = (C.Region, fulls[0])  # 成都地区 -> 成都 -> 成都市

    def dropped_prefixes(self) -> None:
        """Names that drop a prefix (region) or a legal form: alias of the one longer name."""
        for cls, group in self._names().items():
            if cls in (C.Person, C.Region):
                continue
            for short in group:
                if (cls, short) in self.canon or len(short) < 2 or short in self.generic:
                    continue
                longer = [n for n in group if n != short and _shortens(n, short, cls)]
                if len(longer) == 1:
                    self.canon[(cls, short)] = (cls, longer[0])

    def _final(self, key: Key) -> Key:
        seen = set()
        while key in self.canon and key not in seen:
            seen.add(key)
            key = self.canon[key]
        return key

    def entities(self) -> tuple[tuple[Entity, ...], dict[Mention, Entity]]:
        """The entities (canonical name and aliases) and the entity of each mention."""
        names: dict[Key, set[str]] = {}
        of: dict[Mention, Key] = {}
        for m in self.mentions:
            key = (m.cls, clean_name(m.text))
            target = self._final(key)
            names.setdefault(target, set())
            if key != target:
                names[target].add(key[1])
            of[m] = target
        for key in list(self.canon):  # declared aliases that never occur alone are still aliases
            target = self._final(key)
            if target in names and key[1] != target[1]:
                names[target].add(key[1])
        result = {k: Entity(k[0], k[1], tuple(sorted(v - {k[1]}))) for k, v in names.items()}
        return tuple(sorted(result.values())), {m: result[k] for m, k in of.items()}


def short_names(full: str, lex: Lexicon, seg: segment.Segmenter | None = None) -> list[str]:
    """Short forms a text may use for a company: without the legal form, without the region,
    the distinctive word with 公司/集团, or region + distinctive word.

    >>> short_names("云南锐澜电子科技有限公司", load())
    ['云南锐澜电子科技', '锐澜电子科技', '云南锐澜电子科技公司', '云南锐澜', '锐澜公司', '锐澜集团', '锐澜']
    """
    core = full
    for form in LEGAL_FORMS:
        if core.endswith(form) and len(core) > len(form) + 1:
            core = core[: -len(form)]
            break
    if core == full:
        return []
    region = ""
    for n in range(min(len(core) - 2, 8), 1, -1):
        if core[:n] in lex.divisions or core[:n] in lex.short_forms:
            region = core[:n]
            break
    bare = core[len(region) :]
    if region and (bare in business_words() or segment.tag(bare) in ("n", "vn", "v")):
        region, bare = "", core  # 东风|汽车: 东风 is the company's own word, not the place
    out = [core, bare]
    if full == core + "有限公司" and len(core) >= 4:
        out.append(core + "公司")  # 星澜投资开发|有限公司 -> 星澜投资开发公司
    if len(bare) >= 4:
        seg = seg or segment.base()
        first = seg.lcut(bare)[0]
        word = first if 2 <= len(first) <= 4 and len(first) < len(bare) else bare[:2]  # 星澜特|新能源技术
        if segment.tag(word) in _COINED or seg.freq(word) < _RARE:  # a coined or rare word, not 电子 or 机械
            out += [region + word] if region else []
            out += [word + "公司", word + "集团", word]
    return [x for x in dict.fromkeys(out) if x != full and len(x) >= 2]


def _shortens(long: str, short: str, cls: str) -> bool:
    """Whether ``short`` is ``long`` without its leading qualifier or its legal form."""
    if len(short) == 2 and short[0] in _LEVEL_CHARS and cls in (C.PartyOrganization, C.Agency):
        return long.endswith(short) and len(long) > 3  # 区委 for 星澜区区委, 县委 for 星澜县委
    if len(short) < 3 and cls not in (C.Enterprise,):
        return False
    if long.endswith(short) and len(long) - len(short) >= 2:
        return cls in (C.PartyOrganization, C.Agency, C.Park, C.Enterprise, C.Institution, C.Program)
    return cls == C.Enterprise and long.startswith(short) and long[len(short) :] in LEGAL_FORMS
