"""The map in a real headless Chromium (Debian's, installed by ``make test``), driven by Playwright.

Every request that is not the page's own file is blocked and recorded: the map must not need one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import kg

from kg import export_html, ontology
from kg.graph import subgraph
from kg.rdf import read_graph


class Visit:
    """A page of the map, with what it asked for, what failed, its errors and its dialogs."""

    def __init__(self, browser, html: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_function("window.kgMap && window.kgMap.ready", timeout=120_000)

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def drawn(self) -> int:
        return self.page.evaluate("window.kgMap.network.body.nodeIndices.length")

    def panel(self) -> str:
        return self.page.inner_text("#kg-details")

    def click_node(self, node_id: str) -> None:
        box = self.page.locator("#kg-graph").bounding_box()
        x, y = self.page.evaluate(
            "id => { const n = window.kgMap.network; n.focus(id, {scale: 1.5, animation: false});"
            " const p = n.canvasToDOM(n.getPositions([id])[id]); return [p.x, p.y]; }",
            node_id,
        )
        self.page.mouse.click(box["x"] + x, box["y"] + y)


@pytest.fixture(scope="module")
def seed_graph(seed_build):
    return read_graph(seed_build / "graph.ttl")


@pytest.fixture()
def seed_map(browser, seed_build):
    visit = Visit(browser, seed_build / "graph.html")
    yield visit
    visit.page.close()


def linked(graph) -> int:
    return sum(1 for n in graph.nodes if graph.degree(n))


def test_seed_map_renders_offline_with_every_entity(seed_map, seed_graph, tmp_path):
    assert seed_map.blocked == []  # it asked for nothing outside its own file
    assert seed_map.failed == []
    assert seed_map.errors == []
    assert seed_map.drawn() == linked(seed_graph) > 100  # entities without relations wait for the switch
    assert "ready in" in seed_map.page.evaluate("'ready in ' + window.kgMap.firstDraw")
    print(
        f"seed map ({seed_graph.number_of_nodes()} entities): first draw {seed_map.page.evaluate('window.kgMap.firstDraw')} ms"
    )
    seed_map.page.check("#kg-isolated")
    assert seed_map.drawn() == seed_graph.number_of_nodes()
    isolated = seed_graph.number_of_nodes() - linked(seed_graph)
    assert f"（{isolated}）" in seed_map.page.inner_text("label:has(#kg-isolated)")
    shot = tmp_path / "map.png"
    seed_map.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a picture, not a blank page


def test_the_first_view_names_the_best_connected_entities(seed_map, seed_graph):
    top = sorted(seed_graph.nodes, key=lambda n: (-seed_graph.degree(n), n))[:5]
    labelled = set(seed_map.page.evaluate("window.kgMap.labelled()"))
    assert set(top) <= labelled
    assert len(labelled) < linked(seed_graph)  # not every name at once: more as one zooms in
    sizes = seed_map.page.evaluate(
        "ids => ids.map(id => window.kgMap.network.body.nodes[id].options.font.size * window.kgMap.network.getScale())",
        top,
    )
    assert all(abs(s - 14) < 0.5 for s in sizes)  # 14 px on screen whatever the zoom
    seed_map.page.evaluate("window.kgMap.network.moveTo({scale: window.kgMap.network.getScale() * 3})")
    seed_map.page.wait_for_timeout(300)
    sizes = seed_map.page.evaluate(
        "ids => ids.map(id => window.kgMap.network.body.nodes[id].options.font.size * window.kgMap.network.getScale())",
        seed_map.page.evaluate("window.kgMap.labelled()"),
    )
    assert sizes and all(abs(s - 14) < 0.5 for s in sizes)


def test_the_legend_shows_every_name_and_count_whole(seed_map):
    cut = seed_map.page.evaluate(
        "Array.from(document.querySelectorAll('#kg-legend li label')).filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert cut == 0
    assert "PartyOrganization" in seed_map.page.inner_text("#kg-legend")


def test_search_finds_an_entity_by_its_alias(seed_map, seed_graph):
    names = {d["name"] for _, d in seed_graph.nodes(data=True)}
    node, alias = next(
        (n, a) for n, d in sorted(seed_graph.nodes(data=True)) for a in d["aliases"] if len(a) >= 3 and a not in names
    )
    seed_map.page.fill("#kg-search", alias)
    seed_map.page.press("#kg-search", "Enter")  # typing lists the matches; Enter goes to the first
    assert seed_map.page.inner_text("#kg-details h2") == seed_graph.nodes[node]["name"]
    assert alias in seed_map.panel()


def test_enter_goes_to_the_first_match_then_the_next(seed_map, seed_graph):
    region = next(
        d["name"] for _, d in sorted(seed_graph.nodes(data=True)) if d["name"].endswith("区") and len(d["name"]) >= 3
    )
    seed_map.page.fill("#kg-search", region[-2:])
    assert "个匹配" in seed_map.page.inner_text("#kg-search-status")
    seed_map.page.press("#kg-search", "Enter")
    assert seed_map.page.inner_text("#kg-search-status").startswith("1 / ")
    seed_map.page.press("#kg-search", "Enter")
    assert seed_map.page.inner_text("#kg-search-status").startswith("2 / ")


def test_a_class_filter_hides_exactly_that_class(seed_map, seed_graph):
    seed_map.page.check("#kg-isolated")
    total = seed_graph.number_of_nodes()
    enterprises = sum(1 for _, d in seed_graph.nodes(data=True) if d["cls"] == "Enterprise")
    seed_map.page.uncheck("input[data-cls=Enterprise]")
    assert seed_map.drawn() == total - enterprises
    shown = seed_map.page.evaluate("window.kgMap.network.body.nodeIndices")
    assert not any(seed_graph.nodes[n]["cls"] == "Enterprise" for n in shown)
    seed_map.page.check("input[data-cls=Enterprise]")
    assert seed_map.drawn() == total


def test_clicking_a_node_shows_the_evidence_of_its_relations(seed_map, seed_graph):
    node = max(seed_graph.nodes, key=lambda n: (seed_graph.degree(n), n))
    seed_map.click_node(node)
    assert seed_map.page.inner_text("#kg-details h2") == seed_graph.nodes[node]["name"]
    ev = next(ev.sentence for _, _, d in seed_graph.edges(node, data=True) for ev in d["evidence"])
    squeezed = "".join(seed_map.panel().split())  # a sentence broken across lines reads as one line there
    assert "".join(ev.split())[:20] in squeezed


def test_focus_mode_shows_only_the_neighbourhood(seed_map, seed_graph):
    node = max(seed_graph.nodes, key=lambda n: (seed_graph.degree(n), n))
    seed_map.page.fill("#kg-search", seed_graph.nodes[node]["name"])
    seed_map.page.press("#kg-search", "Enter")
    seed_map.page.check("#kg-focus")
    near = subgraph(seed_graph, focus=seed_graph.nodes[node]["name"], depth=1)
    assert seed_map.drawn() == near.number_of_nodes() < seed_graph.number_of_nodes()
    seed_map.page.select_option("#kg-depth", "2")
    assert seed_map.drawn() == subgraph(seed_graph, focus=seed_graph.nodes[node]["name"], depth=2).number_of_nodes()
    # laid out anew: no two entities of the neighbourhood overlap
    overlaps = seed_map.page.evaluate(
        """() => {
        const net = window.kgMap.network, ids = net.body.nodeIndices, out = [];
        const pos = net.getPositions(ids);
        for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
          const a = net.body.nodes[ids[i]], b = net.body.nodes[ids[j]];
          const d = Math.hypot(pos[ids[i]].x - pos[ids[j]].x, pos[ids[i]].y - pos[ids[j]].y);
          if (d < (a.options.size || 10) + (b.options.size || 10)) out.push([ids[i], ids[j]]);
        }
        return out; }"""
    )
    assert overlaps == []
    assert seed_map.errors == []
    seed_map.page.uncheck("#kg-focus")  # and leaving focus mode puts everything back
    back = seed_map.page.evaluate(f"window.kgMap.network.getPositions([{node!r}])[{node!r}]")
    home = next(
        n
        for n in seed_map.page.evaluate("JSON.parse(document.getElementById('kg-data').textContent).nodes")
        if n["id"] == node
    )
    assert abs(back["x"] - home["x"]) < 1 and abs(back["y"] - home["y"]) < 1


def test_the_document_view_shows_one_documents_entities_and_relations(seed_map, seed_graph):
    from kg.graph import documents

    doc_id = min(documents(seed_graph))
    mine = [n for n, d in seed_graph.nodes(data=True) if doc_id in d["documents"]]
    seed_map.page.select_option("#kg-doc", doc_id)
    assert seed_map.drawn() == len(mine)
    stated = [(u, v) for u, v, d in seed_graph.edges(data=True) if any(ev.doc_id == doc_id for ev in d["evidence"])]
    assert seed_map.page.evaluate("window.kgMap.network.body.edgeIndices.length") == len(stated)
    panel = seed_map.panel()
    assert f"实体（{len(mine)}）" in panel and f"关系（{len(stated)}）" in panel
    assert seed_map.page.locator("#kg-details mark.kg-ev-name").count() > 0  # head and tail marked
    seed_map.page.select_option("#kg-doc", "")
    assert seed_map.drawn() == seed_graph.number_of_nodes()  # the isolated ones stay switched on


def test_the_confidence_threshold_hides_the_less_sure_relations(seed_map, seed_graph):
    def sure(threshold: float) -> int:
        return sum(
            1 for _, _, d in seed_graph.edges(data=True) if max(ev.confidence for ev in d["evidence"]) >= threshold
        )

    drawn_edges = "window.kgMap.network.body.edgeIndices.length"
    assert seed_map.page.evaluate(drawn_edges) == seed_graph.number_of_edges()
    seed_map.page.select_option("#kg-confidence", "0.7")
    assert seed_map.page.evaluate(drawn_edges) == sure(0.7) < seed_graph.number_of_edges()
    seed_map.page.select_option("#kg-confidence", "0")
    assert seed_map.page.evaluate(drawn_edges) == seed_graph.number_of_edges()


def test_the_evidence_marks_the_two_names(seed_map, seed_graph):
    node = max(seed_graph.nodes, key=lambda n: (seed_graph.degree(n), n))
    seed_map.click_node(node)
    marks = set(seed_map.page.locator("#kg-details mark.kg-ev-name").all_inner_texts())
    own = {seed_graph.nodes[node]["name"], *seed_graph.nodes[node]["aliases"]}
    assert marks & own  # the entity's own name is marked in the sentences that state its relations


XSS = '<img src=x onerror="window.__xss=1;alert(1)">'


def test_document_text_runs_no_script(browser, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "xss.txt").write_text(
        f"{XSS}</script><script>window.__xss=2;alert(2)</script>标题\n"
        f"星河电子有限公司位于青川县{XSS}。\n青川县出台《{XSS}</script>办法》。\n",
        encoding="utf-8",
    )
    kg("build", str(src), "-o", str(tmp_path / "out"), "-q")
    visit = Visit(browser, tmp_path / "out" / "graph.html")
    try:
        node = next(
            n for n, d in read_graph(tmp_path / "out" / "graph.ttl").nodes(data=True) if d["name"] == "星河电子有限公司"
        )
        visit.click_node(node)
        assert "onerror" in visit.panel()  # the text is shown as text
        visit.page.fill("#kg-search", "办法")
        assert visit.dialogs == []
        assert visit.page.evaluate("window.__xss === undefined")
        assert visit.page.locator("#kg-details img, #kg-details script").count() == 0
        assert visit.errors == []
    finally:
        visit.page.close()


def test_a_large_graph_comes_with_its_layout(browser, tmp_path):
    import networkx as nx

    g = nx.MultiDiGraph()
    for i in range(export_html.LAYOUT_THRESHOLD + 200):
        g.add_node(
            f"https://w3id.org/liantu/id/Enterprise/企业{i}",
            cls="Enterprise",
            name=f"企业{i}",
            aliases=(),
            documents=("d",),
        )
        if i:
            g.add_edge(
                f"https://w3id.org/liantu/id/Enterprise/企业{i}",
                f"https://w3id.org/liantu/id/Enterprise/企业{i // 3}",
                key="partOf",
                prop="partOf",
                evidence=(),
            )
    html = tmp_path / "big.html"
    export_html.write_html(g, html, labels=ontology.labels("zh"))
    visit = Visit(browser, html)
    try:
        assert visit.page.evaluate("window.kgMap.network.physics.physicsEnabled") is False
        assert visit.drawn() == g.number_of_nodes()
        assert visit.errors == []
    finally:
        visit.page.close()


def test_chinese_is_drawn_with_glyphs_not_empty_boxes(seed_map):
    """Without a Chinese font Chromium draws every character as the same empty box (tofu)."""
    drawn = seed_map.page.evaluate(
        """() => {
        const c = document.createElement('canvas'); c.width = 48; c.height = 48;
        const g = c.getContext('2d'), font = getComputedStyle(document.body).fontFamily;
        const pixels = ch => { g.clearRect(0, 0, 48, 48); g.font = '32px ' + font; g.fillText(ch, 4, 38);
                               return Array.from(g.getImageData(0, 0, 48, 48).data).join(','); };
        const box = pixels('\\u{10FFFD}');  // a code point no font has: what a missing glyph looks like
        return ['链', '图', '党', '区'].map(ch => pixels(ch) !== box && pixels(ch) !== pixels('链' === ch ? '图' : '链'));
        }"""
    )
    assert drawn == [True, True, True, True]
