"""Render the knowledge graph as one self-contained, offline HTML page (an interactive map).

The network is assembled with pyvis (node colour and shape per class, size by degree, edge
labels in Chinese); pyvis never writes anything: its node and edge lists are embedded as
JSON in a page of our own (the Jinja2 template ``kg/templates/map.html.j2`` with its
``map.css`` and ``map.js``) together with the *contents* of the vis-network script and
stylesheet that ship inside the pyvis wheel. No CDN, no ``lib/`` folder, one UTF-8 file.

Safety: the title is HTML-escaped by the template (autoescape). The JSON is embedded in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written as
``\\u003c``, ``\\u003e`` and ``\\u0026`` (the ``script_json`` filter), so document text such as
``</script>`` cannot end the block; the page's script puts text into the DOM only through
``textContent`` (hover titles are DOM elements built that way, never HTML strings).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("urn:x:a", cls="Region", name="成都市")
>>> "成都市" in generate_html(g)
True
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from kg import templating
from kg.errors import KGError
from kg.graph import documents, node
from kg.records import Evidence
from kg.schema import STYLE

__all__ = ["CLASS_STYLE", "generate_html", "write_html"]

#: Colour and vis-network shape of each entity class (shapes keep the label under the node,
#: so ``size`` applies). Colours are the Tableau 10 palette, party organisations in red.
CLASS_STYLE: dict[str, tuple[str, str]] = dict(STYLE)
_OTHER_STYLE = ("#BAB0AC", "dot")

#: CSS font stack with Chinese fallbacks (also used for the labels drawn on the canvas).
FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'

#: Fixed layout seed: the same graph gives the same page and the same initial picture.
RANDOM_SEED = 20240521

_VIS_DIR = ("templates", "lib", "vis-9.1.2")
#: Above this many nodes the map is drawn lighter: no edge labels, edges hidden while dragging.
LAYOUT_THRESHOLD = 800
_HOVER_EVIDENCE = 3  # evidence sentences shown in an edge's hover title (all in the panel)


def generate_html(
    graph: nx.MultiDiGraph,
    *,
    labels: Mapping[str, str] | None = None,
    title: str = "链图 Liantu",
) -> str:
    """Return the interactive map of ``graph`` as one self-contained HTML document.

    ``labels`` maps class and property local names to Chinese labels; a missing entry
    falls back to the local name. The result depends only on the graph's content: nodes,
    edges and evidence are sorted and the layout seed is fixed.
    """
    data = _page_data(graph, dict(labels or {}), title)
    js, css = _vis_assets()
    page = _templates().get_template("map.html.j2")
    return page.render(title=title, data=data, font=FONT_STACK, vis_js=js, vis_css=css)


def write_html(graph: nx.MultiDiGraph, path: Path, **kw: Any) -> None:
    """Write :func:`generate_html` output to ``path`` atomically (temp file + ``os.replace``)."""
    path = Path(path)
    page = generate_html(graph, **kw)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
        # mkstemp creates 0600; give the page ordinary permissions (or keep the old file's).
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------------------
# Data


def _local_name(iri: str) -> str:
    """``http://x/ont#Region`` -> ``Region``; ``http://x/e/成都市`` -> ``成都市``."""
    return re.split(r"[#/:]", iri.rstrip("/#"))[-1] or iri


def _label(labels: Mapping[str, str], name: str) -> str:
    return labels.get(name) or labels.get(_local_name(name)) or _local_name(name)


def _evidence(items: Iterable[Evidence]) -> list[dict[str, Any]]:
    """The evidence of an edge as JSON-safe dicts, sorted by document and position."""
    out: list[dict[str, Any]] = []
    for ev in items:
        conf = float(ev.confidence)
        out.append(
            {
                "doc_id": ev.doc_id,
                "sentence": ev.sentence,
                "start": ev.start,
                "end": ev.end,
                "confidence": round(conf, 4) if math.isfinite(conf) else None,
                "role": ev.role,
                "marks": _marks(ev),
            }
        )
    out.sort(key=lambda e: (e["doc_id"], e["start"], e["end"], e["sentence"], e["role"], -(e["confidence"] or 0.0)))
    return out


def _marks(ev: Evidence) -> list[list[int]]:
    """Where the head's and the tail's names stand in the evidence (offsets within it, sorted,
    overlaps and spans outside it dropped): the map highlights them."""
    n = len(ev.sentence)
    spans = sorted(
        (a - ev.start, b - ev.start)
        for a, b in ((ev.head_start, ev.head_end), (ev.tail_start, ev.tail_end))
        if a >= ev.start and 0 <= a - ev.start < b - ev.start <= n
    )
    out: list[list[int]] = []
    for a, b in spans:
        if not out or a >= out[-1][1]:
            out.append([a, b])
    return out


def _darker(hex_colour: str, factor: float = 0.72) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(c * factor) for c in (r, g, b)))


class _IdList(list):
    """A list of node ids that answers ``in`` from a set, for pyvis's membership checks."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._seen.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._seen


def _page_data(graph: nx.MultiDiGraph, labels: Mapping[str, str], title: str) -> dict[str, Any]:
    """Everything the page's script reads: vis nodes, edges and options, legend, side-panel info."""
    docs = _documents(graph)
    net = Network(directed=True)
    net.node_ids = _IdList()  # pyvis looks ids up in a list for every node and edge: O(n²) on big graphs
    node_info, counts = _add_nodes(net, graph, labels)
    edge_info = _add_edges(net, graph, labels, node_info, docs)
    _fix_positions(net, node_info)  # the layout is computed here and shipped: the browser only draws
    return {
        "title": title,
        "nodes": net.nodes,
        "edges": net.edges,
        "fixed": True,
        "large": len(net.nodes) > LAYOUT_THRESHOLD,
        "options": _fixed_options(len(net.nodes) > LAYOUT_THRESHOLD),
        "physics": _physics_options()["physics"],  # for the 启用物理布局 toggle
        "classes": _classes(counts, labels),
        "info": {"nodes": node_info, "edges": edge_info, "documents": docs},
    }


def _documents(graph: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """Title, source, date, publisher and IRI of each document of ``graph``, by document id (sorted)."""
    return {
        doc_id: {
            "title": meta.title,
            "source": meta.source,
            "date": meta.date,
            "publisher": meta.publisher,
            "iri": meta.iri,
        }
        for doc_id, meta in sorted(documents(graph).items())
    }


def _add_nodes(
    net: Network, graph: nx.MultiDiGraph, labels: Mapping[str, str]
) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """Add the nodes of ``graph`` to ``net`` (sorted); return the side-panel info and the count per class."""
    node_info: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for nid in sorted(graph.nodes):
        entity = node(graph, nid)
        cls = entity.cls
        name = entity.name or _local_name(nid)
        aliases = [a for a in entity.aliases if a and a != name]
        colour, shape = CLASS_STYLE.get(cls, _OTHER_STYLE)
        cls_label = _label(labels, cls) if cls else "未分类"
        degree = graph.degree(nid)
        hover = [f"{cls_label}（{cls}）" if cls and cls_label != cls else (cls or cls_label), name]
        if aliases:
            hover.append("别名：" + "、".join(aliases))
        net.add_node(
            nid,
            label=name,
            shape=shape,
            color={
                "background": colour,
                "border": _darker(colour),
                "highlight": {"background": colour, "border": "#222222"},
                "hover": {"background": colour, "border": "#222222"},
            },
            size=round(min(12 + 6 * math.sqrt(degree), 46), 2),
            title="\n".join(hover),
        )
        counts[cls] = counts.get(cls, 0) + 1
        node_info[nid] = {
            "cls": cls,
            "clsLabel": cls_label,
            "color": colour,
            "name": name,
            "aliases": aliases,
            "documents": sorted({d for d in entity.documents if d}),
            "degree": degree,
            "out": [],
            "in": [],
        }
    return node_info, counts


def _add_edges(
    net: Network,
    graph: nx.MultiDiGraph,
    labels: Mapping[str, str],
    node_info: dict[str, dict[str, Any]],
    docs: Mapping[str, Mapping[str, str]],
) -> dict[str, dict[str, Any]]:
    """Add the edges of ``graph`` to ``net`` as ``e0``, ``e1``… (sorted), list them in ``node_info``;
    return the side-panel info of each edge."""
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    curves = _curves([(u, v) for u, v, _k, _d in edges])
    edge_info: dict[str, dict[str, Any]] = {}
    for i, (src, dst, key, attrs) in enumerate(edges):
        eid = f"e{i}"
        prop = attrs.get("prop") or key
        prop_label = _label(labels, prop)
        evidence = _evidence(attrs.get("evidence") or ())
        hover = [f"{node_info[src]['name']} —{prop_label}→ {node_info[dst]['name']}"]
        for ev in evidence[:_HOVER_EVIDENCE]:
            title = docs.get(ev["doc_id"], {}).get("title") or ev["doc_id"]
            hover.append(f"「{ev['sentence']}」——《{title}》")
        if len(evidence) > _HOVER_EVIDENCE:
            hover.append(f"……另有 {len(evidence) - _HOVER_EVIDENCE} 条证据（点击查看）")
        options: dict[str, Any] = {"id": eid, "label": prop_label, "title": "\n".join(hover), "arrows": "to"}
        if curves[i] is not None:
            options["smooth"] = curves[i]
        net.add_edge(src, dst, **options)
        best = max((e["confidence"] or 0.0 for e in evidence), default=0.0)
        edge_info[eid] = {
            "prop": prop,
            "propLabel": prop_label,
            "from": src,
            "to": dst,
            "evidence": evidence,
            "confidence": best,  # the surest of its evidence: the map's threshold hides edges below it
        }
        node_info[src]["out"].append(eid)
        node_info[dst]["in"].append(eid)
    return edge_info


def _curves(links: list[tuple[str, str]]) -> list[dict[str, Any] | None]:
    """The vis ``smooth`` option of each link: parallel links (either direction) between the same
    two nodes get distinct curves, the first one straight; ``None`` keeps the default.

    >>> _curves([("a", "b"), ("b", "a"), ("a", "c")])
    [{'enabled': False}, {'enabled': True, 'type': 'curvedCCW', 'roundness': 0.22}, None]
    """
    pair_size: dict[tuple[str, ...], int] = {}
    for src, dst in links:
        pair = tuple(sorted((src, dst)))
        pair_size[pair] = pair_size.get(pair, 0) + 1
    pair_index: dict[tuple[str, ...], int] = {}
    curves: list[dict[str, Any] | None] = []
    for src, dst in links:
        pair = tuple(sorted((src, dst)))
        if pair_size[pair] == 1 or src == dst:
            curves.append(None)
            continue
        n = pair_index.get(pair, 0)
        pair_index[pair] = n + 1
        if n == 0:
            curves.append({"enabled": False})
            continue
        side = 1 if n % 2 else -1
        if (src, dst) != pair:
            side = -side
        curves.append(
            {
                "enabled": True,
                "type": "curvedCW" if side > 0 else "curvedCCW",
                "roundness": round(0.22 * ((n + 1) // 2), 2),
            }
        )
    return curves


def _classes(counts: Mapping[str, int], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """The legend: every known class (in ``CLASS_STYLE`` order), then other classes present, sorted."""
    classes = []
    for cls in list(CLASS_STYLE) + sorted(c for c in counts if c not in CLASS_STYLE):
        colour, shape = CLASS_STYLE.get(cls, _OTHER_STYLE)
        classes.append(
            {
                "cls": cls,
                "label": _label(labels, cls) if cls else "未分类",
                "color": colour,
                "shape": shape,
                "count": counts.get(cls, 0),
            }
        )
    return classes


def _fix_positions(net: Network, node_info: dict[str, dict[str, Any]]) -> None:
    """Give every node of ``net`` a computed position, and each its rank by degree (labels go to
    the best connected first); entities without relations are marked ``isolated`` and laid out
    apart, in a block per class below the graph (the map hides them until asked)."""
    linked = sorted({e["from"] for e in net.edges} | {e["to"] for e in net.edges})
    positions = _layout(linked, [(e["from"], e["to"]) for e in net.edges])
    alone = [n["id"] for n in net.nodes if n["id"] not in positions]
    bottom = max((y for _, y in positions.values()), default=0.0) + 200.0
    positions.update(_blocks(alone, node_info, bottom))
    ranked = sorted(net.nodes, key=lambda n: (-node_info[n["id"]]["degree"], n["id"]))
    for rank, n in enumerate(ranked):
        n["x"], n["y"] = positions[n["id"]]
        node_info[n["id"]]["rank"] = rank
        node_info[n["id"]]["isolated"] = node_info[n["id"]]["degree"] == 0
    for e in net.edges:
        e.pop("smooth", None)


def _blocks(ids: list[str], node_info: Mapping[str, Mapping[str, Any]], top: float) -> dict[str, tuple[float, float]]:
    """Entities without relations on rows below ``top``, class by class, name by name."""
    out: dict[str, tuple[float, float]] = {}
    y = top
    per_row, step = 12, 110.0
    for cls in sorted({node_info[i]["cls"] for i in ids}):
        members = sorted((i for i in ids if node_info[i]["cls"] == cls), key=lambda i: (node_info[i]["name"], i))
        for k, i in enumerate(members):
            out[i] = (round((k % per_row - per_row / 2) * step, 1), round(y + (k // per_row) * step * 0.6, 1))
        y += (len(members) // per_row + 2) * step * 0.6
    return out


def _layout(ids: list[str], links: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Fixed positions: igraph's Fruchterman–Reingold (on a grid above a thousand nodes: seconds
    for tens of thousands), seeded so the same graph gives the same picture."""
    import random

    import igraph

    index = {n: i for i, n in enumerate(ids)}
    g = igraph.Graph(n=len(ids), edges=sorted({(index[a], index[b]) for a, b in links if a != b}))
    igraph.set_random_number_generator(random.Random(RANDOM_SEED))
    try:
        coords = g.layout_fruchterman_reingold(grid=len(ids) > 1000, niter=500).coords if ids else []
    finally:
        igraph.set_random_number_generator(random)
    spread = 60.0  # canvas units per layout unit: room for a label between neighbours
    return {n: (round(coords[i][0] * spread, 1), round(coords[i][1] * spread, 1)) for n, i in index.items()}


def _fixed_options(large: bool = False) -> dict[str, Any]:
    """Positions come with the nodes: no physics, no layout pass, straight edges. Node labels
    start hidden (size 0): the page shows those of the best connected entities at a constant
    size on screen, more as one zooms in. A ``large`` map hides edges while it is dragged."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": RANDOM_SEED, "improvedLayout": False},
        "physics": {"enabled": False, "stabilization": {"enabled": False}},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 200,
            "multiselect": False,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"face": FONT_STACK, "size": 0, "color": "#1f2933", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 1}},
        },
        "edges": {
            "width": 0.8 if large else 1.1,
            "color": {"color": "#C3CBD3" if large else "#9AA5B1", "highlight": "#D62728", "hover": "#52606D"},
            "font": {
                "face": FONT_STACK,
                "size": 0 if large else 10,
                "color": "#52606D",
                "align": "middle",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4 if large else 0.55}},
            "smooth": {"enabled": False},
        },
    }


def _physics_options() -> dict[str, Any]:
    """The browser lays the graph out (Barnes–Hut, seeded), then freezes it."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": RANDOM_SEED, "improvedLayout": True},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -7000,
                "centralGravity": 0.45,
                "springLength": 130,
                "springConstant": 0.035,
                "damping": 0.12,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": True, "iterations": 1200, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False},
        "nodes": {
            "borderWidth": 1.5,
            "font": {"face": FONT_STACK, "size": 14, "color": "#1f2933", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "width": 1.2,
            "color": {"color": "#9AA5B1", "highlight": "#D62728", "hover": "#52606D"},
            "font": {
                "face": FONT_STACK,
                "size": 11,
                "color": "#52606D",
                "align": "middle",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        },
    }


def _script_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[Markup, Markup]:
    """The vis-network script and stylesheet bundled with pyvis, checked safe to inline."""
    base = resources.files("pyvis")
    for part in _VIS_DIR:
        base = base / part
    try:
        js = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"vis-network assets not found in the pyvis package ({exc}); reinstall pyvis 0.3.2") from exc
    if re.search(r"</script|<!--", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise KGError("the bundled vis-network assets cannot be inlined safely (contain </script or </style)")
    return Markup(js), Markup(css)


# --------------------------------------------------------------------------------------
# Templates


def _templates() -> jinja2.Environment:
    return templating.environment(_script_json)
