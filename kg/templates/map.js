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
  var hiddenClasses = {}, hiddenProps = {}, focusSet = null, selected = null, minConfidence = 0;
  var showIsolated = false, docShown = "", docNodes = null;
  Object.keys(INFO.edges).forEach(function (id) {  // the documents that state each relation
    var e = INFO.edges[id];
    e.docs = {};
    e.evidence.forEach(function (ev) { e.docs[ev.doc_id] = true; });
  });
  function nodeShown(id) {
    var n = INFO.nodes[id];
    return !!n && !hiddenClasses[n.cls] && (showIsolated || !n.isolated || id === selected) &&
      (!focusSet || focusSet.hasOwnProperty(id)) && (!docNodes || docNodes.hasOwnProperty(id));
  }
  function edgeShown(id) {
    var e = INFO.edges[id];
    return !!e && !hiddenProps[e.prop] && (e.confidence || 0) >= minConfidence && (!docShown || e.docs[docShown]) &&
      nodeShown(e.from) && nodeShown(e.to);
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

  var confidenceSelect = document.getElementById("kg-confidence");
  confidenceSelect.addEventListener("change", function () {
    minConfidence = parseFloat(confidenceSelect.value) || 0;
    refresh();
  });

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeShown(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeShown(e.id); } });
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);
  var loading = document.getElementById("kg-loading");
  var physicsButton = document.getElementById("kg-physics");
  var physicsOn = false;
  function setPhysics(on) {  // the layout comes computed; physics only on request
    physicsOn = on;
    var physics = JSON.parse(JSON.stringify(DATA.physics));
    physics.enabled = on;
    physics.stabilization = { enabled: false };
    network.setOptions({ physics: physics });
    physicsButton.textContent = on ? "停止物理布局" : "启用物理布局";
  }
  physicsButton.addEventListener("click", function () { setPhysics(!physicsOn); });
  // What tests and benchmarks read: the network, what is drawn, the labels, and when it is ready.
  var labelled = {}, lastView = "";
  var MAP = window.kgMap = {
    network: network, ready: false,
    drawn: function () { return nodeView.length; },
    labelled: function () { return Object.keys(labelled).sort(); },
  };
  var started = window.performance ? performance.now() : 0;
  function ready() {
    loading.className = "done";
    MAP.firstDraw = Math.round((window.performance ? performance.now() : 0) - started);
    MAP.ready = true;
    var wanted = decodeURIComponent((location.hash || "").slice(1));  // #IRI: an entity; #doc=ID: a document
    if (INFO.nodes[wanted]) { selectNode(wanted, true); }
    else if (wanted.indexOf("doc=") === 0 && DOCS[wanted.slice(4)]) { showDocumentView(wanted.slice(4)); }
    else { labels(); }
  }
  physicsButton.textContent = "启用物理布局";
  network.once("afterDrawing", ready);

  // Labels: the best connected entities in view (and the selected one with its neighbours)
  // get a label of constant size on screen, placed where it overlaps no other; more come as
  // one zooms in.
  var FONT = 14, MAX_LABELS = 250, CELL = 80;
  var byRank = Object.keys(INFO.nodes).sort(function (a, b) { return INFO.nodes[a].rank - INFO.nodes[b].rank; });
  var labelTimer = null;
  function labelsSoon() {
    if (labelTimer) { clearTimeout(labelTimer); }
    labelTimer = setTimeout(labels, 60);
  }
  function labels() {
    labelTimer = null;
    var scale = network.getScale(), size = Math.round(FONT / scale * 100) / 100;
    var width = container.clientWidth, height = container.clientHeight;
    var cells = {}, want = {}, count = 0;
    function free(b) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          var list = cells[cx + ":" + cy] || [];
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return false; }
          }
        }
      }
      return true;
    }
    function occupy(b) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          (cells[cx + ":" + cy] = cells[cx + ":" + cy] || []).push(b);
        }
      }
    }
    function place(id, forced) {
      if (want[id] || !nodeShown(id)) { return; }
      var body = network.body.nodes[id];
      if (!body) { return; }
      var p = network.canvasToDOM({ x: body.x, y: body.y });
      var w = INFO.nodes[id].name.length * FONT + 6, top = p.y + (body.options.size || 10) * scale + 2;
      var b = [p.x - w / 2, top, p.x + w / 2, top + FONT + 6];
      if (!forced && (b[2] < 0 || b[0] > width || b[3] < 0 || b[1] > height || !free(b))) { return; }
      occupy(b);
      want[id] = size;
      count += 1;
    }
    if (selected && INFO.nodes[selected]) {
      place(selected, true);
      INFO.nodes[selected].out.concat(INFO.nodes[selected].in).forEach(function (eid) {
        var e = INFO.edges[eid];
        if (edgeShown(eid)) { place(e.from === selected ? e.to : e.from, true); }
      });
    }
    for (var i = 0; i < byRank.length && count < MAX_LABELS; i++) { place(byRank[i], false); }
    var updates = [];
    Object.keys(want).forEach(function (id) { if (labelled[id] !== size) { updates.push({ id: id, font: { size: size } }); } });
    Object.keys(labelled).forEach(function (id) { if (!want[id]) { updates.push({ id: id, font: { size: 0 } }); } });
    labelled = want;
    var at = network.getViewPosition();
    lastView = [scale, Math.round(at.x), Math.round(at.y)].join(",");
    if (updates.length) { nodes.update(updates); }
  }
  network.on("afterDrawing", function () {  // zoomed or moved, by hand or by the page: label anew
    var at = network.getViewPosition(), view = [network.getScale(), Math.round(at.x), Math.round(at.y)].join(",");
    if (MAP.ready && view !== lastView) { lastView = view; labelsSoon(); }
  });

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
  // Focus mode lays the neighbourhood out anew: the entity in the middle, each step away on a
  // ring wide enough that no two entities overlap; leaving it puts everything back.
  var HOME = {}, moved = [];
  DATA.nodes.forEach(function (n) { HOME[n.id] = [n.x, n.y]; });
  function restore() {
    moved.forEach(function (id) { network.moveNode(id, HOME[id][0], HOME[id][1]); });
    moved = [];
  }
  function radial(center, set) {
    var rings = [[center]], depth = {}, angle = {};
    depth[center] = 0;
    angle[center] = 0;
    for (var d = 0; rings[d].length; d++) {
      var next = [];
      rings[d].forEach(function (id) {
        INFO.nodes[id].out.concat(INFO.nodes[id].in).forEach(function (eid) {
          var e = INFO.edges[eid];
          [e.from, e.to].forEach(function (m) {
            if (set.hasOwnProperty(m) && !depth.hasOwnProperty(m)) { depth[m] = d + 1; angle[m] = angle[id]; next.push(m); }
          });
        });
      });
      rings.push(next);
    }
    var cx = HOME[center][0], cy = HOME[center][1], radius = 0;
    restore();
    network.moveNode(center, cx, cy);
    moved.push(center);
    rings.forEach(function (ring, d) {
      if (!d || !ring.length) { return; }
      var big = 0;
      ring.forEach(function (id) { big = Math.max(big, network.body.nodes[id].options.size || 10); });
      var gap = 2 * big + 40;
      radius = Math.max(radius + gap + 60, ring.length * gap / (2 * Math.PI));
      ring.sort(function (a, b) { return angle[a] - angle[b] || (a < b ? -1 : 1); });
      ring.forEach(function (id, k) {
        var t = 2 * Math.PI * k / ring.length;
        angle[id] = t;
        network.moveNode(id, cx + radius * Math.cos(t), cy + radius * Math.sin(t));
        moved.push(id);
      });
    });
  }
  function refresh() {
    focusSet = (focusBox.checked && selected) ? neighbourhood(selected, Number(depthBox.value)) : null;
    if (!focusSet) { restore(); }
    nodeView.refresh();
    edgeView.refresh();
    if (focusSet) { radial(selected, focusSet); }  // once the neighbourhood is in the network
    header.textContent = "显示 " + nodeView.length + " / " + DATA.nodes.length + " 个实体 · " +
      edgeView.length + " / " + DATA.edges.length + " 条关系 · " + Object.keys(DOCS).length + " 篇文档";
    if (focusSet || docNodes) {
      network.fit({ nodes: nodeView.getIds(), animation: false });
    }
    labelsSoon();
  }
  focusBox.addEventListener("change", refresh);
  depthBox.addEventListener("change", refresh);
  var isolatedBox = document.getElementById("kg-isolated");
  var isolatedCount = Object.keys(INFO.nodes).filter(function (id) { return INFO.nodes[id].isolated; }).length;
  document.getElementById("kg-isolated-count").textContent = "（" + isolatedCount + "）";
  isolatedBox.addEventListener("change", function () { showIsolated = isolatedBox.checked; refresh(); });

  // Side panel
  var details = document.getElementById("kg-details");
  function clear() { while (details.firstChild) { details.removeChild(details.firstChild); } }
  function docLabel(docId) {
    var d = DOCS[docId];
    return (d && d.title) ? d.title : docId;
  }
  function docItem(docId) {
    var li = el("li");
    var open = el("button", "kg-link", "《" + docLabel(docId) + "》");
    open.type = "button";
    open.title = "在地图上只看这篇文档";
    open.addEventListener("click", function () { showDocumentView(docId); });
    li.appendChild(open);
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
  function evidenceText(ev) {
    // the sentence with the head's and the tail's names marked (text nodes only: never HTML)
    var p = el("p", "kg-ev-text");
    var text = String(ev.sentence), at = 0;
    p.appendChild(document.createTextNode("「"));
    (ev.marks || []).forEach(function (m) {
      if (m[0] < at || m[1] > text.length) { return; }
      p.appendChild(document.createTextNode(text.slice(at, m[0])));
      p.appendChild(el("mark", "kg-ev-name", text.slice(m[0], m[1])));
      at = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(at) + "」"));
    return p;
  }
  function evidenceBlock(ev) {
    var box = el("div", "kg-ev");
    box.appendChild(evidenceText(ev));
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
  // Document view: one document's entities and relations, on the map and in the panel.
  var docSelect = document.getElementById("kg-doc");
  Object.keys(DOCS).sort(function (a, b) {
    return (DOCS[b].date || "").localeCompare(DOCS[a].date || "") || docLabel(a).localeCompare(docLabel(b));
  }).forEach(function (d) {
    var meta = [DOCS[d].date, DOCS[d].publisher].filter(function (x) { return x; }).join(" · ");
    var opt = el("option", "", docLabel(d) + (meta ? "（" + meta + "）" : ""));
    opt.value = d;
    docSelect.appendChild(opt);
  });
  docSelect.addEventListener("change", function () { showDocumentView(docSelect.value); });
  function showDocumentView(docId) {
    docShown = DOCS[docId] ? docId : "";
    docSelect.value = docShown;
    docNodes = null;
    if (docShown) {
      docNodes = {};
      Object.keys(INFO.nodes).forEach(function (id) {
        if (INFO.nodes[id].documents.indexOf(docShown) >= 0) { docNodes[id] = true; }
      });
      if (!showIsolated) { isolatedBox.checked = showIsolated = true; }
      showDocument(docShown);
    }
    refresh();
  }
  function showDocument(docId) {
    var d = DOCS[docId];
    clear();
    details.appendChild(el("h2", "", docLabel(docId)));
    var meta = [d.date, d.publisher].filter(function (x) { return x; }).join(" · ");
    if (meta) { details.appendChild(el("div", "kg-ev-meta", meta)); }
    var ul = el("ul", "kg-list");
    ul.appendChild(docItem(docId));
    details.appendChild(ul);
    var ids = Object.keys(docNodes).sort(function (a, b) { return INFO.nodes[a].rank - INFO.nodes[b].rank; });
    details.appendChild(el("h3", "", "实体（" + ids.length + "）"));
    var names = el("p", "kg-doc-entities");
    ids.forEach(function (id, i) {
      if (i) { names.appendChild(document.createTextNode("、")); }
      names.appendChild(nodeLink(id));
    });
    details.appendChild(names);
    var rels = Object.keys(INFO.edges).filter(function (eid) { return INFO.edges[eid].docs[docId]; });
    details.appendChild(el("h3", "", "关系（" + rels.length + "）"));
    rels.forEach(function (eid) {
      var e = INFO.edges[eid], box = el("div", "kg-rel"), head = el("div", "kg-rel-head");
      head.appendChild(nodeLink(e.from));
      head.appendChild(el("span", "kg-prop", "—" + e.propLabel + "→"));
      head.appendChild(nodeLink(e.to));
      box.appendChild(head);
      e.evidence.forEach(function (ev) { if (ev.doc_id === docId) { box.appendChild(evidenceBlock(ev)); } });
      details.appendChild(box);
    });
    var clearButton = el("button", "kg-link", "显示全部文档");
    clearButton.type = "button";
    clearButton.addEventListener("click", function () { showDocumentView(""); });
    details.appendChild(clearButton);
  }
  function selectNode(id, focus) {
    if (!INFO.nodes[id]) { return; }
    if (docNodes && !docNodes[id]) { showDocumentView(""); }
    var wasHidden = !nodeShown(id);
    selected = id;
    showNode(id);
    function move() {
      if (focusBox.checked || wasHidden) { refresh(); } else { labelsSoon(); }  // a big map refilters slowly
      if (nodeShown(id)) { network.selectNodes([id]); }
      if (focus && nodeShown(id)) {  // a large map redraws slowly: jump instead of animating
        network.focus(id, { scale: 1.2, animation: DATA.large ? false : { duration: 400, easingFunction: "easeInOutQuad" } });
      }
    }
    // a large map takes a while to draw a frame: the panel is shown first, the map follows
    if (DATA.large) { requestAnimationFrame(function () { setTimeout(move, 0); }); } else { move(); }
  }
  function selectEdge(eid) {
    network.setSelection({ nodes: [], edges: [eid] });
    showEdge(eid);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { selected = params.nodes[0]; showNode(params.nodes[0]); if (focusBox.checked) { refresh(); } else { labelsSoon(); } }
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
    status.textContent = (current + 1) + " / " + matches.length + (matches.length > 1 ? "（回车下一个）" : "");
  }
  search.addEventListener("input", function () {  // typing lists; Enter goes to the first, then the next
    matches = find(search.value);
    current = -1;
    if (!search.value.trim()) { status.textContent = ""; return; }
    if (!matches.length) { status.textContent = "无匹配"; return; }
    status.textContent = matches.length + " 个匹配（回车定位：" + INFO.nodes[matches[0]].name + "）";
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); go(current + 1); }
  });
  if (!DATA.nodes.length) { loading.textContent = "图谱为空"; ready(); }
})();
