(function () {
  "use strict";
  var LIBRARY = JSON.parse(document.getElementById("kg-library").textContent);
  var select = document.getElementById("library"), box = document.getElementById("query");
  var status = document.getElementById("status"), results = document.getElementById("results");
  LIBRARY.forEach(function (item, i) {
    var o = document.createElement("option");
    o.value = String(i);
    o.textContent = item.name + " — " + item.question;
    select.appendChild(o);
  });
  select.addEventListener("change", function () {
    var item = LIBRARY[Number(select.value)];
    if (!item) { return; }
    box.value = item.query;
    document.getElementById("question").textContent = item.question;
  });
  var TERMS = JSON.parse(document.getElementById("kg-terms").textContent);
  function cell(tag, text) { var c = document.createElement(tag); c.textContent = text; return c; }
  function clearResults() { while (results.firstChild) { results.removeChild(results.firstChild); } }
  function value(term) {
    // a term as an analyst reads it: an ontology term with its Chinese label, an entity linked to
    // its place on the map, anything else as text (never HTML)
    var td = document.createElement("td"), v = term.value;
    var local = term.type === "uri" && v.indexOf(TERMS.ns) === 0 ? v.slice(TERMS.ns.length) : (term.type !== "uri" ? v : "");
    if (local && TERMS.labels[local] && TERMS.labels[local] !== local) {
      td.appendChild(cell("span", TERMS.labels[local]));
      td.appendChild(cell("span", " " + local)).className = "en";
    } else if (term.type === "uri" && v.indexOf(TERMS.entities) === 0) {
      var a = cell("a", v);
      a.href = "/map#" + encodeURIComponent(v);
      a.title = "在图谱中查看";
      td.appendChild(a);
    } else {
      td.textContent = v;
    }
    return td;
  }
  function show(json) {
    clearResults();
    if (json.boolean !== undefined) { results.appendChild(cell("p", json.boolean ? "是 (true)" : "否 (false)")); return 1; }
    var vars = json.head.vars, table = document.createElement("table"), head = document.createElement("tr");
    vars.forEach(function (v) { head.appendChild(cell("th", v)); });
    table.appendChild(head);
    json.results.bindings.forEach(function (b) {
      var tr = document.createElement("tr");
      vars.forEach(function (v) { tr.appendChild(b[v] ? value(b[v]) : cell("td", "")); });
      table.appendChild(tr);
    });
    results.appendChild(table);
    return json.results.bindings.length;
  }
  function ask(accept) {
    return fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", "Accept": accept }, body: box.value })
      .then(function (r) { return r.ok ? r : r.text().then(function (m) { throw new Error(m); }); });
  }
  var downloads = [document.getElementById("csv"), document.getElementById("json")];
  document.getElementById("run").addEventListener("click", function () {
    status.textContent = "查询中…";
    downloads.forEach(function (b) { b.disabled = true; });
    var t = Date.now();
    ask("application/sparql-results+json")
      .then(function (r) { return r.json(); })
      .then(function (json) {
        var n = show(json);
        status.textContent = n + " 行 · " + (Date.now() - t) + " ms";
        downloads.forEach(function (b) { b.disabled = false; });
      })
      .catch(function (e) { clearResults(); status.textContent = "错误：" + e.message; });
  });
  function download(accept, name) {
    ask(accept).then(function (r) { return r.blob(); }).then(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }).catch(function (e) { status.textContent = "错误：" + e.message; });
  }
  downloads[0].addEventListener("click", function () { download("text/csv", "results.csv"); });
  downloads[1].addEventListener("click", function () { download("application/sparql-results+json", "results.json"); });
})();
