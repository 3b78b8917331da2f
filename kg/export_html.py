"""Render the knowledge graph as one self-contained, offline HTML page (an interactive map).

The network is assembled with pyvis (node colour and shape per class, size by degree, edge
labels in Chinese); pyvis never writes anything: its node and edge lists are embedded as
JSON in a small page of our own together with the *contents* of the vis-network script and
stylesheet that ship inside the pyvis wheel. No CDN, no ``lib/`` folder, one UTF-8 file.

Safety: the JSON is embedded in a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` written as ``\\u003c``, ``\\u003e`` and ``\\u0026``, so document text such as
``</script>`` cannot end the block; the page's script puts text into the DOM only through
``textContent`` (hover titles are DOM elements built that way, never HTML strings).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("urn:x:a", cls="Region", name="成都市")
>>> "成都市" in generate_html(g)
True
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.errors import KGError

__all__ = ["CLASS_STYLE", "generate_html", "write_html"]

#: Colour and vis-network shape of each entity class (shapes keep the label under the node,
#: so ``size`` applies). Colours are the Tableau 10 palette, party organisations in red.
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "Region": ("#4E79A7", "dot"),
    "Park": ("#59A14F", "square"),
    "PartyOrganization": ("#E15759", "star"),
    "Agency": ("#F28E2B", "diamond"),
    "Institution": ("#76B7B2", "triangle"),
    "Enterprise": ("#EDC948", "hexagon"),
    "Program": ("#B07AA1", "triangleDown"),
    "Project": ("#FF9DA7", "square"),
    "Person": ("#9C755F", "dot"),
    "IndustryChain": ("#17BECF", "diamond"),
}
_OTHER_STYLE = ("#BAB0AC", "dot")

#: CSS font stack with Chinese fallbacks (also used for the labels drawn on the canvas).
FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'

#: Fixed layout seed: the same graph gives the same page and the same initial picture.
RANDOM_SEED = 20240521

_VIS_DIR = ("templates", "lib", "vis-9.1.2")
#: Above this many nodes the layout is computed in Python and shipped with physics off.
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
    labels = dict(labels or {})
    data = _page_data(graph, labels, title)
    js, css = _vis_assets()
    replacements = {
        "@@TITLE@@": html.escape(title, quote=True),
        "@@VIS_CSS@@": css,
        "@@PAGE_CSS@@": _PAGE_CSS.replace("@@FONT@@", FONT_STACK),
        "@@VIS_JS@@": js,
        "@@DATA@@": _script_json(data),
        "@@PAGE_JS@@": _PAGE_JS,
    }
    # One pass: text substituted for a marker is never scanned for further markers.
    return re.sub(r"@@[A-Z_]+@@", lambda m: replacements[m.group(0)], _PAGE)


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


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if v is not None and str(v)]


def _evidence(items: Any) -> list[dict[str, Any]]:
    """Clean evidence dicts (JSON-safe scalars only), sorted by document and position."""
    out = []
    for ev in items or ():
        ev = dict(ev)
        conf = ev.get("confidence")
        try:
            conf = float(conf) if conf is not None else None
        except (TypeError, ValueError):
            conf = None
        if conf is not None and not math.isfinite(conf):
            conf = None
        out.append(
            {
                "doc_id": str(ev.get("doc_id") or ""),
                "sentence": str(ev.get("sentence") or ""),
                "start": ev["start"] if isinstance(ev.get("start"), int) else None,
                "end": ev["end"] if isinstance(ev.get("end"), int) else None,
                "confidence": round(conf, 4) if conf is not None else None,
                "role": str(ev["role"]) if ev.get("role") is not None else None,
            }
        )
    out.sort(
        key=lambda e: (
            e["doc_id"],
            e["start"] if e["start"] is not None else -1,
            e["end"] if e["end"] is not None else -1,
            e["sentence"],
            e["role"] or "",
            -(e["confidence"] or 0.0),
        )
    )
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
    documents: dict[str, dict[str, str]] = {}
    for doc_id, meta in sorted((graph.graph.get("documents") or {}).items(), key=lambda kv: str(kv[0])):
        meta = meta or {}
        documents[str(doc_id)] = {k: str(meta.get(k) or "") for k in ("title", "source", "iri")}

    def doc_title(doc_id: str) -> str:
        return documents.get(doc_id, {}).get("title") or doc_id

    net = Network(directed=True)
    net.node_ids = _IdList()  # pyvis looks ids up in a list for every node and edge: O(n²) on big graphs
    node_info: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    names: dict[str, str] = {}

    for node in sorted(graph.nodes, key=str):
        attrs = graph.nodes[node]
        nid = str(node)
        cls = str(attrs.get("cls") or "")
        name = str(attrs.get("name") or "") or _local_name(nid)
        aliases = [a for a in _strs(attrs.get("aliases")) if a != name]
        colour, shape = CLASS_STYLE.get(cls, _OTHER_STYLE)
        cls_label = _label(labels, cls) if cls else "未分类"
        degree = graph.degree(node)
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
        names[nid] = name
        counts[cls] = counts.get(cls, 0) + 1
        node_info[nid] = {
            "cls": cls,
            "clsLabel": cls_label,
            "color": colour,
            "name": name,
            "aliases": aliases,
            "documents": sorted(set(_strs(attrs.get("documents")))),
            "degree": degree,
            "out": [],
            "in": [],
        }

    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    # Parallel edges (either direction) between the same two nodes get distinct curves.
    pair_index: dict[tuple[str, str], int] = {}
    pair_size: dict[tuple[str, str], int] = {}
    for u, v, _k, _d in edges:
        pair = tuple(sorted((str(u), str(v))))
        pair_size[pair] = pair_size.get(pair, 0) + 1

    edge_info: dict[str, dict[str, Any]] = {}
    for i, (u, v, key, attrs) in enumerate(edges):
        src, dst, eid = str(u), str(v), f"e{i}"
        prop = str(attrs.get("prop") or key)
        prop_label = _label(labels, prop)
        evidence = _evidence(attrs.get("evidence"))
        hover = [f"{names[src]} —{prop_label}→ {names[dst]}"]
        for ev in evidence[:_HOVER_EVIDENCE]:
            hover.append(f"「{ev['sentence']}」——《{doc_title(ev['doc_id'])}》")
        if len(evidence) > _HOVER_EVIDENCE:
            hover.append(f"……另有 {len(evidence) - _HOVER_EVIDENCE} 条证据（点击查看）")
        options: dict[str, Any] = {"id": eid, "label": prop_label, "title": "\n".join(hover), "arrows": "to"}
        pair = tuple(sorted((src, dst)))
        if pair_size[pair] > 1 and src != dst:
            n = pair_index.get(pair, 0)
            pair_index[pair] = n + 1
            if n == 0:
                options["smooth"] = {"enabled": False}
            else:
                side = 1 if n % 2 else -1
                if (src, dst) != pair:
                    side = -side
                options["smooth"] = {
                    "enabled": True,
                    "type": "curvedCW" if side > 0 else "curvedCCW",
                    "roundness": round(0.22 * ((n + 1) // 2), 2),
                }
        net.add_edge(src, dst, **options)
        edge_info[eid] = {
            "prop": prop,
            "propLabel": prop_label,
            "from": src,
            "to": dst,
            "evidence": evidence,
        }
        node_info[src]["out"].append(eid)
        node_info[dst]["in"].append(eid)

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

    fixed = len(net.nodes) > LAYOUT_THRESHOLD
    if fixed:  # many nodes: the layout is computed here and shipped, the browser only draws
        positions = _layout([n["id"] for n in net.nodes], [(e["from"], e["to"]) for e in net.edges])
        for n in net.nodes:
            n["x"], n["y"] = positions[n["id"]]
        for e in net.edges:
            e.pop("smooth", None)
    return {
        "title": title,
        "nodes": net.nodes,
        "edges": net.edges,
        "fixed": fixed,
        "options": _vis_options(fixed),
        "classes": classes,
        "info": {"nodes": node_info, "edges": edge_info, "documents": documents},
    }


def _layout(ids: list[str], links: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Fixed positions for a large graph: igraph's Fruchterman–Reingold on a grid (seconds for
    tens of thousands of nodes), seeded so the same graph gives the same picture."""
    import random

    import igraph

    index = {n: i for i, n in enumerate(ids)}
    g = igraph.Graph(n=len(ids), edges=sorted({(index[a], index[b]) for a, b in links if a != b}))
    igraph.set_random_number_generator(random.Random(RANDOM_SEED))
    try:
        coords = g.layout_fruchterman_reingold(grid=True, niter=300).coords
    finally:
        igraph.set_random_number_generator(random)
    spread = 60.0  # canvas units per layout unit: room for a label between neighbours
    return {n: (round(coords[i][0] * spread, 1), round(coords[i][1] * spread, 1)) for n, i in index.items()}


def _vis_options(fixed: bool = False) -> dict[str, Any]:
    if fixed:  # positions come with the nodes: no physics, no layout pass, straight edges
        return {
            "autoResize": True,
            "layout": {"randomSeed": RANDOM_SEED, "improvedLayout": False},
            "physics": {"enabled": False, "stabilization": {"enabled": False}},
            "interaction": {
                "hover": False,
                "tooltipDelay": 200,
                "multiselect": False,
                "hideEdgesOnDrag": True,
                "hideEdgesOnZoom": True,
            },
            "nodes": {
                "borderWidth": 1,
                "font": {"face": FONT_STACK, "size": 14, "color": "#1f2933"},
                "scaling": {"label": {"drawThreshold": 9}},
            },
            "edges": {
                "width": 0.8,
                "color": {"color": "#C3CBD3", "highlight": "#D62728"},
                "font": {"face": FONT_STACK, "size": 0},
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                "smooth": {"enabled": False},
            },
        }
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
def _vis_assets() -> tuple[str, str]:
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
    return js, css


# --------------------------------------------------------------------------------------
# Page template (markers @@NAME@@ are substituted once, in a single pass)

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Liantu kg.export_html">
<title>@@TITLE@@</title>
<style>
@@VIS_CSS@@
</style>
<style>
@@PAGE_CSS@@
</style>
</head>
<body>
<header id="kg-header">
  <h1>@@TITLE@@</h1>
  <div id="kg-searchbox">
    <input id="kg-search" type="search" placeholder="搜索名称或别名…" autocomplete="off" aria-label="搜索实体">
    <span id="kg-search-status" aria-live="polite"></span>
  </div>
  <div id="kg-tools">
    <label title="只显示所选实体周围的实体"><input id="kg-focus" type="checkbox"> 只看邻域</label>
    <select id="kg-depth" aria-label="邻域深度"><option value="1">1 层</option><option value="2">2 层</option></select>
    <button id="kg-physics" type="button">冻结布局</button>
  </div>
  <div id="kg-stats"></div>
</header>
<main id="kg-main">
  <div id="kg-canvas-wrap">
    <div id="kg-graph"></div>
    <div id="kg-loading">布局计算中…</div>
  </div>
  <aside id="kg-panel">
    <section id="kg-legend" aria-label="图例"><h2>实体类型（勾选以显示）</h2><ul id="kg-legend-list"></ul></section>
    <section id="kg-props" aria-label="关系类型"><h2>关系类型（勾选以显示）</h2><ul id="kg-prop-list"></ul></section>
    <div id="kg-details" aria-live="polite"><p class="kg-hint">点击节点或关系查看详情；在上方输入名称搜索。</p></div>
  </aside>
</main>
<script type="application/json" id="kg-data">@@DATA@@</script>
<script>
@@VIS_JS@@
</script>
<script>
@@PAGE_JS@@
</script>
</body>
</html>
"""

_PAGE_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: @@FONT@@; color: #1f2933; background: #f5f7fa; display: flex; flex-direction: column; }
#kg-header { display: flex; align-items: center; gap: 18px; padding: 8px 16px; background: #1f3a5f; color: #fff; flex: 0 0 auto; }
#kg-header h1 { font-size: 18px; margin: 0; font-weight: 600; white-space: nowrap; }
#kg-searchbox { display: flex; align-items: center; gap: 8px; }
#kg-search { width: 260px; padding: 5px 9px; border-radius: 4px; border: 1px solid #9fb3c8; font: inherit; font-size: 14px; }
#kg-search-status, #kg-stats { font-size: 13px; color: #d9e2ec; }
#kg-stats { margin-left: auto; }
#kg-main { flex: 1 1 auto; display: flex; min-height: 0; }
#kg-canvas-wrap { position: relative; flex: 1 1 auto; min-width: 0; background: #fff; }
#kg-graph { position: absolute; inset: 0; }
#kg-loading { position: absolute; top: 10px; left: 50%; transform: translateX(-50%); background: rgba(31,58,95,.85); color: #fff; padding: 4px 12px; border-radius: 12px; font-size: 13px; }
#kg-loading.done { display: none; }
#kg-tools { display: flex; align-items: center; gap: 8px; font-size: 13px; }
#kg-tools select, #kg-tools button { font: inherit; font-size: 13px; padding: 2px 8px; border-radius: 4px; border: 1px solid #9fb3c8; background: #fff; color: #1f2933; cursor: pointer; }
#kg-props { border-bottom: 1px solid #d9e2ec; padding-bottom: 8px; margin-bottom: 10px; font-size: 12px; }
#kg-props h2 { font-size: 12px; margin: 0 0 4px; color: #52606d; font-weight: 600; }
#kg-props ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: 1fr 1fr; column-gap: 12px; }
#kg-props li, #kg-legend li label { display: flex; align-items: center; gap: 5px; line-height: 20px; white-space: nowrap; overflow: hidden; cursor: pointer; }
#kg-legend li label { width: 100%; }
#kg-legend { border-bottom: 1px solid #d9e2ec; padding-bottom: 8px; margin-bottom: 10px; font-size: 12px; }
#kg-legend h2 { font-size: 12px; margin: 0 0 4px; color: #52606d; font-weight: 600; }
#kg-legend ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: 1fr 1fr; column-gap: 12px; }
#kg-legend li { display: flex; align-items: center; gap: 5px; line-height: 20px; white-space: nowrap; overflow: hidden; }
#kg-legend li.empty { opacity: .4; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; border: 1px solid rgba(0,0,0,.25); flex: 0 0 auto; }
.kg-en { color: #7b8794; }
.kg-count { color: #7b8794; margin-left: auto; padding-left: 8px; }
#kg-panel { flex: 0 0 360px; overflow-y: auto; border-left: 1px solid #d9e2ec; background: #fff; padding: 12px 16px; font-size: 14px; line-height: 1.55; }
#kg-details h2 { font-size: 18px; margin: 0 0 6px; word-break: break-all; }
#kg-panel h3 { font-size: 14px; margin: 14px 0 6px; color: #334e68; border-bottom: 1px solid #e4e7eb; padding-bottom: 2px; }
.kg-hint { color: #7b8794; }
.kg-badge { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; background: #f0f4f8; border-radius: 10px; padding: 1px 9px; }
.kg-iri { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; color: #7b8794; word-break: break-all; }
.kg-list { margin: 0; padding-left: 18px; }
.kg-rel { margin: 8px 0; padding: 6px 8px; background: #f8fafc; border-radius: 4px; }
.kg-rel-head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
.kg-prop, .kg-link.kg-prop { color: #d62728; font-weight: 600; }
.kg-link { border: 0; background: none; padding: 0; color: #1f6fb2; cursor: pointer; font: inherit; text-decoration: underline; }
.kg-ev { margin: 6px 0 0; padding: 4px 8px; border-left: 3px solid #9fb3c8; background: #fff; }
.kg-ev-text { margin: 0; }
.kg-ev-meta { font-size: 12px; color: #7b8794; }
.kg-tip { max-width: 420px; white-space: normal; font-family: @@FONT@@; font-size: 13px; line-height: 1.5; }
.kg-tip-head { font-weight: 600; }
.kg-tip-line { margin-top: 2px; }
div.vis-tooltip { white-space: normal; max-width: 440px; }
"""

_PAGE_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var INFO = DATA.info;
  var DOCS = INFO.documents;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function tip(text) {
    var box = el("div", "kg-tip");
    String(text).split("\n").forEach(function (line, i) {
      box.appendChild(el("div", i === 0 ? "kg-tip-head" : "kg-tip-line", line));
    });
    return box;
  }
  // Hover titles: DOM elements filled through textContent, never HTML strings.
  DATA.nodes.forEach(function (n) { if (typeof n.title === "string") { n.title = tip(n.title); } });
  DATA.edges.forEach(function (e) { if (typeof e.title === "string") { e.title = tip(e.title); } });

  var header = document.getElementById("kg-stats");
  header.textContent = DATA.nodes.length + " 个实体 · " + DATA.edges.length + " 条关系 · " +
    Object.keys(DOCS).length + " 篇文档";

  // Filters: hidden classes and properties, and the neighbourhood shown in focus mode.
  var hiddenClasses = {}, hiddenProps = {}, focusSet = null, selected = null;
  function nodeShown(id) {
    var n = INFO.nodes[id];
    return !!n && !hiddenClasses[n.cls] && (!focusSet || focusSet.hasOwnProperty(id));
  }
  function edgeShown(id) {
    var e = INFO.edges[id];
    return !!e && !hiddenProps[e.prop] && nodeShown(e.from) && nodeShown(e.to);
  }
  function checkbox(checked, onChange) {
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    return box;
  }

  // Legend: one checkbox per class
  var legend = document.getElementById("kg-legend-list");
  DATA.classes.forEach(function (c) {
    var li = el("li", c.count ? "" : "empty");
    var label = el("label");
    label.appendChild(checkbox(true, function (on) { hiddenClasses[c.cls] = !on; refresh(); }));
    label.lastChild.setAttribute("data-cls", c.cls);
    var sw = el("span", "kg-swatch");
    sw.style.background = c.color;
    label.appendChild(sw);
    label.appendChild(el("span", "", c.label));
    if (c.label !== c.cls) { label.appendChild(el("span", "kg-en", c.cls)); }
    label.appendChild(el("span", "kg-count", c.count));
    li.appendChild(label);
    legend.appendChild(li);
  });
  // Relation types present in the graph: one checkbox each
  var props = {};
  Object.keys(INFO.edges).forEach(function (id) {
    var e = INFO.edges[id];
    props[e.prop] = props[e.prop] || { label: e.propLabel, count: 0 };
    props[e.prop].count += 1;
  });
  var propList = document.getElementById("kg-prop-list");
  Object.keys(props).sort().forEach(function (p) {
    var li = el("li");
    var label = el("label");
    label.appendChild(checkbox(true, function (on) { hiddenProps[p] = !on; refresh(); }));
    label.lastChild.setAttribute("data-prop", p);
    label.appendChild(el("span", "", props[p].label));
    label.appendChild(el("span", "kg-count", props[p].count));
    li.appendChild(label);
    propList.appendChild(li);
  });

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeShown(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeShown(e.id); } });
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);
  var loading = document.getElementById("kg-loading");
  var physicsButton = document.getElementById("kg-physics");
  var physicsOn = !DATA.fixed;
  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    physicsButton.textContent = on ? "冻结布局" : "恢复布局";
  }
  physicsButton.addEventListener("click", function () { setPhysics(!physicsOn); });
  // What tests and benchmarks read: the network, what is drawn, and when it is ready.
  var MAP = window.kgMap = { network: network, ready: false, drawn: function () { return nodeView.length; } };
  function ready() {
    loading.className = "done";
    MAP.ready = true;
  }
  if (DATA.fixed) {
    setPhysics(false);
    network.once("afterDrawing", ready);
  } else {
    network.once("stabilizationIterationsDone", function () { setPhysics(false); ready(); });
  }
  if (!DATA.nodes.length) { loading.textContent = "图谱为空"; ready(); }

  var focusBox = document.getElementById("kg-focus");
  var depthBox = document.getElementById("kg-depth");
  function neighbourhood(id, depth) {
    var seen = {}, frontier = [id];
    seen[id] = true;
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (n) {
        INFO.nodes[n].out.concat(INFO.nodes[n].in).forEach(function (eid) {
          var e = INFO.edges[eid];
          [e.from, e.to].forEach(function (m) { if (!seen[m]) { seen[m] = true; next.push(m); } });
        });
      });
      frontier = next;
    }
    return seen;
  }
  function refresh() {
    focusSet = (focusBox.checked && selected) ? neighbourhood(selected, Number(depthBox.value)) : null;
    nodeView.refresh();
    edgeView.refresh();
    header.textContent = "显示 " + nodeView.length + " / " + DATA.nodes.length + " 个实体 · " +
      edgeView.length + " / " + DATA.edges.length + " 条关系 · " + Object.keys(DOCS).length + " 篇文档";
    if (focusSet) { network.fit({ nodes: Object.keys(focusSet), animation: false }); }
  }
  focusBox.addEventListener("change", refresh);
  depthBox.addEventListener("change", refresh);

  // Side panel
  var details = document.getElementById("kg-details");
  function clear() { while (details.firstChild) { details.removeChild(details.firstChild); } }
  function docLabel(docId) {
    var d = DOCS[docId];
    return (d && d.title) ? d.title : docId;
  }
  function docItem(docId) {
    var li = el("li");
    li.appendChild(el("span", "", "《" + docLabel(docId) + "》"));
    var d = DOCS[docId];
    var src = d && d.source;
    if (src) {
      li.appendChild(document.createTextNode(" "));
      if (/^https?:\/\//i.test(src)) {
        var a = el("a", "kg-iri", src);
        a.href = src; a.target = "_blank"; a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "kg-iri", src));
      }
    }
    return li;
  }
  function nodeLink(id) {
    var b = el("button", "kg-link", INFO.nodes[id] ? INFO.nodes[id].name : id);
    b.type = "button";
    b.addEventListener("click", function () { selectNode(id, true); });
    return b;
  }
  function evidenceBlock(ev) {
    var box = el("div", "kg-ev");
    box.appendChild(el("p", "kg-ev-text", "「" + ev.sentence + "」"));
    var meta = "——《" + docLabel(ev.doc_id) + "》";
    if (ev.confidence !== null && ev.confidence !== undefined) { meta += " · 置信度 " + ev.confidence; }
    if (ev.role) { meta += " · " + ev.role; }
    box.appendChild(el("div", "kg-ev-meta", meta));
    return box;
  }
  function relation(eid, perspective) {
    var e = INFO.edges[eid];
    var box = el("div", "kg-rel");
    var head = el("div", "kg-rel-head");
    if (perspective === "out") { head.appendChild(el("span", "", "→")); }
    else { head.appendChild(nodeLink(e.from)); }
    var p = el("button", "kg-link kg-prop", e.propLabel);
    p.type = "button";
    p.title = e.prop;
    p.addEventListener("click", function () { selectEdge(eid); });
    head.appendChild(p);
    if (perspective === "out") { head.appendChild(nodeLink(e.to)); }
    else { head.appendChild(el("span", "", "→ 本实体")); }
    box.appendChild(head);
    e.evidence.forEach(function (ev) { box.appendChild(evidenceBlock(ev)); });
    return box;
  }
  function badge(cls, label, color) {
    var b = el("span", "kg-badge");
    var sw = el("span", "kg-swatch");
    sw.style.background = color;
    b.appendChild(sw);
    b.appendChild(el("span", "", label === cls || !cls ? label : label + " · " + cls));
    return b;
  }
  function showNode(id) {
    var n = INFO.nodes[id];
    if (!n) { return; }
    clear();
    details.appendChild(el("h2", "", n.name));
    details.appendChild(badge(n.cls, n.clsLabel, n.color));
    details.appendChild(el("div", "kg-iri", id));
    if (n.aliases.length) {
      details.appendChild(el("h3", "", "别名"));
      details.appendChild(el("p", "", n.aliases.join("、")));
    }
    details.appendChild(el("h3", "", "来源文档（" + n.documents.length + "）"));
    var ul = el("ul", "kg-list");
    n.documents.forEach(function (d) { ul.appendChild(docItem(d)); });
    details.appendChild(ul);
    details.appendChild(el("h3", "", "关系（" + (n.out.length + n.in.length) + "）"));
    if (!n.out.length && !n.in.length) { details.appendChild(el("p", "kg-hint", "无")); }
    n.out.forEach(function (eid) { details.appendChild(relation(eid, "out")); });
    n.in.forEach(function (eid) { details.appendChild(relation(eid, "in")); });
  }
  function showEdge(eid) {
    var e = INFO.edges[eid];
    if (!e) { return; }
    clear();
    details.appendChild(el("h2", "", e.propLabel));
    if (e.propLabel !== e.prop) { details.appendChild(el("div", "kg-iri", e.prop)); }
    var head = el("div", "kg-rel-head");
    head.appendChild(nodeLink(e.from));
    head.appendChild(el("span", "kg-prop", "—" + e.propLabel + "→"));
    head.appendChild(nodeLink(e.to));
    details.appendChild(head);
    details.appendChild(el("h3", "", "证据（" + e.evidence.length + "）"));
    if (!e.evidence.length) { details.appendChild(el("p", "kg-hint", "无")); }
    e.evidence.forEach(function (ev) { details.appendChild(evidenceBlock(ev)); });
    var docs = [];
    e.evidence.forEach(function (ev) { if (docs.indexOf(ev.doc_id) < 0) { docs.push(ev.doc_id); } });
    if (docs.length) {
      details.appendChild(el("h3", "", "来源文档"));
      var ul = el("ul", "kg-list");
      docs.forEach(function (d) { ul.appendChild(docItem(d)); });
      details.appendChild(ul);
    }
  }
  function selectNode(id, focus) {
    if (!INFO.nodes[id]) { return; }
    selected = id;
    showNode(id);
    if (focusBox.checked) { refresh(); }
    if (nodeShown(id)) { network.selectNodes([id]); }
    // a large map redraws slowly: jump instead of animating
    var move = DATA.fixed ? false : { duration: 400, easingFunction: "easeInOutQuad" };
    if (focus && nodeShown(id)) { network.focus(id, { scale: 1.2, animation: move }); }
  }
  function selectEdge(eid) {
    network.setSelection({ nodes: [], edges: [eid] });
    showEdge(eid);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { selected = params.nodes[0]; if (focusBox.checked) { refresh(); } showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // Search: substring over name and aliases; selects and focuses the first match.
  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var order = DATA.nodes.map(function (n) { return n.id; });
  var haystack = order.map(function (id) {  // lower-cased names, computed once
    var n = INFO.nodes[id];
    return [n.name].concat(n.aliases).map(function (s) { return s.toLowerCase(); });
  });
  var matches = [], current = -1;
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var ranked = [];
    order.forEach(function (id, i) {
      var names = haystack[i];
      var rank = 3;
      names.forEach(function (s, j) {
        if (s === q) { rank = Math.min(rank, 0); }
        else if (j === 0 && s.indexOf(q) === 0) { rank = Math.min(rank, 1); }
        else if (s.indexOf(q) >= 0) { rank = Math.min(rank, 2); }
      });
      if (rank < 3) { ranked.push([rank, i, id]); }
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return ranked.map(function (r) { return r[2]; });
  }
  function go(k) {
    if (!matches.length) { return; }
    current = (k + matches.length) % matches.length;
    selectNode(matches[current], true);
    status.textContent = (current + 1) + " / " + matches.length + "（回车下一个）";
  }
  search.addEventListener("input", function () {
    matches = find(search.value);
    current = -1;
    if (!search.value.trim()) { status.textContent = ""; network.unselectAll(); return; }
    if (!matches.length) { status.textContent = "无匹配"; network.unselectAll(); return; }
    go(0);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); go(current + 1); }
  });
})();
"""
