/* Yasgui (@zazuko/yasgui 4.6.2, bundled in graph/serve/assets/yasgui/) configured to stay offline
 * against this origin's /sparql. Every option used here is exercised by check.py; NOTES.md beside the
 * bundle explains each one. No inline script: the page runs under "default-src 'self'". */
(function () {
  "use strict";

  // Absolute, not "/sparql": Yasgui calls new URL(endpoint) on it in places (CORS error renderer).
  const ENDPOINT = new URL("/sparql", window.location.href).href;

  const PREFIXES = {
    ek: "https://w3id.org/edukg/ontology#",
    ekid: "https://w3id.org/edukg/id/",
    rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    skos: "http://www.w3.org/2004/02/skos/core#",
  };
  const HEADER = Object.keys(PREFIXES)
    .map((p) => `PREFIX ${p}: <${PREFIXES[p]}>`)
    .join("\n");

  // The gallery of named queries (in the real page these would come from GET /queries).
  const GALLERY = [
    {
      name: "Universities",
      query: `${HEADER}\nSELECT ?u ?label WHERE {\n  ?u a ek:University ; rdfs:label ?label .\n} ORDER BY ?label`,
    },
    {
      name: "Places",
      query: `${HEADER}\nSELECT ?place ?label WHERE {\n  ?place a ek:Place ; rdfs:label ?label .\n}`,
    },
    {
      name: "Counts",
      query: `${HEADER}\nSELECT ?class (COUNT(?s) AS ?n) WHERE {\n  ?s a ?class .\n} GROUP BY ?class ORDER BY DESC(?n)`,
    },
  ];

  // --- Offline switches that must be set on the *defaults*, before new Yasgui() -------------------
  // Yasqe registers four autocompleters: variables, prefixes, property, class. "property" and
  // "class" fetch from lov.linkeddata.es on Ctrl-Space. Passing a shorter `yasqe.autocompleters`
  // array in the Yasgui config does NOT remove them (lodash merge merges arrays by index), so
  // replace the array on the shared defaults object instead.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  // null (the 4.6 default) = use the prefix list bundled in the JS, never fetch prefix.cc.
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  // The table plugin ignores per-instance config; its defaults are the only knob.
  Yasgui.Yasr.plugins.table.defaults.openIriInNewWindow = false;

  // --- Clickable IRIs pointing at our own resource page -------------------------------------------
  // The table plugin renders every IRI (and every literal's datatype) through this method, also for
  // rows drawn later by paging, so overriding it is enough; the label keeps Yasgui's prefixing.
  Yasgui.Yasr.plugins.table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const iri = binding.value;
    let label = iri;
    for (const p in prefixes || {}) {
      if (iri.startsWith(prefixes[p])) {
        label = p + ":" + iri.substring(prefixes[p].length);
        break;
      }
    }
    const a = document.createElement("a");
    a.className = "iri";
    a.href = "/resource?iri=" + encodeURIComponent(iri);
    a.title = iri;
    a.textContent = label;
    return a.outerHTML; // attribute and text escaping done by the DOM
  };

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {
      endpoint: ENDPOINT, // default would be https://dbpedia.org/sparql
      method: "POST",
    },
    copyEndpointOnNewTab: true, // new tabs ("+") inherit ENDPOINT (they would anyway: it is the default)
    // The endpoint picker's suggestions; default lists dbpedia and wikidata (shown, not fetched).
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
    corsProxy: undefined, // any value makes Yasgui send a probe "ASK" GET to every endpoint chosen
    // Share links (#query=...&endpoint=...) open as a tab and run at once; never let a link pick
    // another endpoint for our page.
    populateFromUrl: (tabConfig) => {
      tabConfig.requestConfig.endpoint = ENDPOINT;
      return tabConfig;
    },
    persistenceId: "edukg-demo", // localStorage key "edukg-demo_config"; null = no persistence
    persistencyExpire: 60 * 60 * 24 * 30,
    tabName: "Query",
    yasqe: { value: GALLERY[0].query },
    yasr: {
      prefixes: PREFIXES, // used to shorten IRIs in the table (plus the query's own PREFIXes)
      maxPersistentResponseSize: 100000,
    },
  });

  // --- Gallery: one tab per named query, reused when it is already open ---------------------------
  function openNamed(entry, run) {
    let tab = Object.values(yasgui._tabs).find((t) => t.getName() === entry.name);
    if (!tab) {
      tab = yasgui.addTab(true, { name: entry.name, yasqe: { value: entry.query } });
    } else {
      yasgui.selectTabId(tab.getId());
      tab.setQuery(entry.query);
    }
    if (run) return tab.query();
    return Promise.resolve();
  }
  const nav = document.getElementById("gallery");
  for (const entry of GALLERY) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = entry.name;
    b.dataset.query = entry.name;
    b.addEventListener("click", () => openNamed(entry, true).catch(() => {}));
    nav.appendChild(b);
  }

  // --- Events: a status line, and a hook for anything done after the table is drawn ---------------
  const status = document.getElementById("status");
  yasgui.on("queryResponse", (_y, tab) => {
    status.textContent = `${tab.getName()}: response received`;
  });
  function hookYasr(tab) {
    const yasr = tab && tab.getYasr();
    if (!yasr || yasr.__edukgHooked) return;
    yasr.__edukgHooked = true;
    yasr.on("drawn", (y, plugin) => {
      const rows = y.results && y.results.getBindings() ? y.results.getBindings().length : 0;
      status.textContent = `${tab.getName()}: ${rows} rows drawn by ${plugin.label}`;
      window.EDUKG_DEMO.drawn += 1;
    });
  }
  hookYasr(yasgui.getTab());
  yasgui.on("tabSelect", (_y, id) => hookYasr(yasgui.getTab(id)));
  yasgui.on("tabAdd", (_y, id) => setTimeout(() => hookYasr(yasgui.getTab(id))));

  // for check.py
  window.EDUKG_DEMO = { yasgui, openNamed, GALLERY, ENDPOINT, drawn: 0 };
})();
