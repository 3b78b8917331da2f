"""``make bench`` (second part): how long Chromium takes to draw maps of synthetic graphs.

    python tools/bench_map.py [SIZE ...]      (default 1000 5000 20000 nodes)

For each size a graph of that many entities (ten classes, about 1.5 relations per entity, each
with an evidence sentence) is written as a map; Debian's Chromium opens it with the network
blocked. Printed: the time to write the page, its size, the time from navigation until the map is
drawn and ready, and the time from typing a name and pressing Enter until the frame that shows
the entity's side panel (on a large map the view moves to it in the frame after). Goals (issue
15): first draw within 1, 2.5 and 6 s for 1,000, 5,000 and 20,000 nodes; search to panel under
0.5 s at 20,000.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from screenshot import FLAGS

from kg import export_html, ontology
from kg.records import DocumentInfo, Evidence
from kg.schema import CLASSES, PROPERTIES

CHROMIUM = "/usr/bin/chromium"
GOALS = {1000: 1.0, 5000: 2.5, 20000: 6.0}  # first draw (issue 15); search to panel under 0.5 s


def synthetic(n: int, seed: int = 7) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    ids = []
    for i in range(n):
        cls = CLASSES[i % len(CLASSES)]
        name = f"{cls[:3]}实体{i}号"
        node = f"https://w3id.org/liantu/id/{cls}/{name}"
        g.add_node(node, cls=cls, name=name, aliases=(f"别名{i}",), documents=(f"doc{i % 50}.txt",))
        ids.append(node)
    for i in range(1, n):
        for _ in range(1 if rnd.random() < 0.5 else 2):
            j = rnd.randrange(0, i)  # preferential-ish: a tree plus extra links
            prop = PROPERTIES[rnd.randrange(len(PROPERTIES))]
            ev = Evidence(
                doc_id=f"doc{i % 50}.txt",
                sentence=f"第{i}句证据：{g.nodes[ids[i]]['name']}与{g.nodes[ids[j]]['name']}。",
                start=i,
                end=i + 20,
                confidence=0.7,
                rule="bench",
            )
            g.add_edge(ids[i], ids[j], key=prop, prop=prop, evidence=(ev,))
    g.graph["documents"] = {
        f"doc{k}.txt": DocumentInfo(doc_id=f"doc{k}.txt", title=f"文档{k}", source=f"doc{k}.txt") for k in range(50)
    }
    return g


def measure(browser, html: Path, probe: str) -> tuple[float, float, int]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    t0 = time.perf_counter()
    page.goto(html.as_uri(), timeout=300_000)
    page.wait_for_function("window.kgMap && window.kgMap.ready", timeout=300_000, polling=50)
    drawn = time.perf_counter() - t0
    page.wait_for_timeout(1500)  # the first labels placed
    # typed and Enter pressed: milliseconds until the next frame is painted with the panel filled
    interactive = (
        page.evaluate(
            """probe => new Promise(done => {
            const box = document.getElementById('kg-search'), t0 = performance.now();
            box.value = probe;
            box.dispatchEvent(new Event('input', {bubbles: true}));
            box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
            requestAnimationFrame(() => done(document.querySelector('#kg-details h2') ? performance.now() - t0 : 1e9));
            })""",
            probe,
        )
        / 1000
    )
    nodes = page.evaluate("window.kgMap.network.body.nodeIndices.length")
    page.close()
    return drawn, interactive, nodes


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 5000, 20000]
    labels = ontology.labels("zh")
    with tempfile.TemporaryDirectory(prefix="kg-bench-map-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(FLAGS), headless=True)
        print("map of a synthetic graph, in headless Chromium (layout computed in Python, physics off)")
        for n in sizes:
            g = synthetic(n)
            html = Path(tmp) / f"map-{n}.html"
            t = time.perf_counter()
            export_html.write_html(g, html, labels=labels)
            written = time.perf_counter() - t
            drawn, interactive, nodes = measure(browser, html, f"实体{n // 2}号")
            goal = f" (goal <= {GOALS[n]:.1f} s)" if n in GOALS else ""
            print(
                f"  {n:>6} nodes, {g.number_of_edges():>6} edges: page written in {written:5.1f} s "
                f"({html.stat().st_size / 1e6:5.1f} MB); drawn and ready in {drawn:5.1f} s{goal}; "
                f"search to panel {interactive * 1000:5.0f} ms; {nodes} nodes drawn"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
