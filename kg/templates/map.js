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
  function nodeShown(id) {
    var n = INFO.nodes[id];
    return !!n && !hiddenClasses[n.cls] && (!focusSet || focusSet.hasOwnProperty(id));
  }
  function edgeShown(id) {
    var e = INFO.edges[id];
    return !!e && !hiddenProps[e.prop] && (e.confidence || 0) >= minConfidence && nodeShown(e.from) && nodeShown(e.to);
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
