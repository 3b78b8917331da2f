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
  function cell(tag, text) { var c = document.createElement(tag); c.textContent = text; return c; }
  function show(json) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (json.boolean !== undefined) { results.appendChild(cell("p", json.boolean ? "是 (true)" : "否 (false)")); return 1; }
    var vars = json.head.vars, table = document.createElement("table"), head = document.createElement("tr");
    vars.forEach(function (v) { head.appendChild(cell("th", v)); });
    table.appendChild(head);
    json.results.bindings.forEach(function (b) {
      var tr = document.createElement("tr");
      vars.forEach(function (v) { tr.appendChild(cell("td", b[v] ? b[v].value : "")); });
      table.appendChild(tr);
    });
    results.appendChild(table);
    return json.results.bindings.length;
  }
  document.getElementById("run").addEventListener("click", function () {
    status.textContent = "查询中…";
    var t = Date.now();
    fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" }, body: box.value })
      .then(function (r) { return r.ok ? r.json() : r.text().then(function (m) { throw new Error(m); }); })
      .then(function (json) { var n = show(json); status.textContent = n + " 行 · " + (Date.now() - t) + " ms"; })
      .catch(function (e) { status.textContent = "错误：" + e.message; });
  });
})();
