// EduKG query page: lists the named queries, runs them or free SPARQL, shows a table.
// Data goes into the page only through textContent, never as HTML.
"use strict";
let queries = [];

function el(tag, text) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

function showParams(q) {
  const form = document.getElementById("params");
  form.replaceChildren();
  document.getElementById("query-answers").textContent = q.answers;
  for (const p of q.params) {
    const label = el("label");
    label.append(el("span", p.name + " "), el("small", "(" + p.type + ") " + p.doc));
    const input = el("input");
    input.name = p.name;
    input.placeholder = p.default === null ? "any" : p.default;
    label.append(input);
    form.append(label);
  }
  document.getElementById("sparql").value = q.text;
}

function render(data) {
  const table = document.getElementById("table");
  table.replaceChildren();
  const status = document.getElementById("status");
  status.className = "";
  if ("boolean" in data) {
    status.textContent = "ASK: " + data.boolean;
    return;
  }
  const vars = data.head.vars;
  const head = el("tr");
  for (const v of vars) head.append(el("th", v));
  table.append(head);
  for (const b of data.results.bindings) {
    const tr = el("tr");
    for (const v of vars) tr.append(el("td", b[v] ? b[v].value : ""));
    table.append(tr);
  }
  status.textContent = data.results.bindings.length + " rows";
}

async function run(url, options) {
  const status = document.getElementById("status");
  status.className = "";
  status.textContent = "running…";
  const started = performance.now();
  try {
    const resp = await fetch(url, options);
    const text = await resp.text();
    if (!resp.ok) {
      status.className = "error";
      status.textContent = resp.status + ": " + text;
      document.getElementById("table").replaceChildren();
      return;
    }
    render(JSON.parse(text));
    status.textContent += " · " + Math.round(performance.now() - started) + " ms";
  } catch (err) {
    status.className = "error";
    status.textContent = String(err);
  }
}

function runNamed() {
  const q = queries[document.getElementById("query-name").selectedIndex];
  const params = new URLSearchParams();
  for (const input of document.querySelectorAll("#params input")) {
    if (input.value.trim()) params.append(input.name, input.value.trim());
  }
  run("/queries/" + encodeURIComponent(q.name) + "?" + params,
      { headers: { Accept: "application/sparql-results+json" } });
}

function runSparql() {
  run("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
    body: document.getElementById("sparql").value,
  });
}

async function init() {
  const resp = await fetch("/queries");
  queries = await resp.json();
  const select = document.getElementById("query-name");
  for (const q of queries) select.append(el("option", q.name + " — " + q.title_en + " / " + q.title_zh));
  select.addEventListener("change", () => showParams(queries[select.selectedIndex]));
  if (queries.length) showParams(queries[0]);
  document.getElementById("run-named").addEventListener("click", runNamed);
  document.getElementById("run-sparql").addEventListener("click", runSparql);
  // a link such as /#q=targets&year=2025 selects a named query, fills its parameters and runs it
  const hash = new URLSearchParams(location.hash.slice(1));
  const wanted = queries.findIndex((q) => q.name === hash.get("q"));
  if (wanted >= 0) {
    select.selectedIndex = wanted;
    showParams(queries[wanted]);
    for (const input of document.querySelectorAll("#params input")) {
      if (hash.has(input.name)) input.value = hash.get(input.name);
    }
    runNamed();
  }
}

document.addEventListener("DOMContentLoaded", init);
