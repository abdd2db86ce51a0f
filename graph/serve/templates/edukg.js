/* EduKG query page: Yasgui (bundled in /assets/yasgui/) against this origin's /sparql, offline.
 * The named queries are a gallery of forms with typed parameters; a run opens (or reuses) a tab named
 * after the query. IRIs in results open the entity's card. The share link and the address bar always
 * name what is shown: /?q=NAME&param=value for a named query, /?query=… for a typed one.
 * Settings are explained in /assets/yasgui/NOTES.md (graph/serve/assets/yasgui/NOTES.md). */
(function () {
  "use strict";
  const ENDPOINT = new URL("/sparql", window.location.href).href; // absolute: Yasgui calls new URL() on it
  const INITIAL = JSON.parse(document.getElementById("initial").textContent || "{}");
  const PREFIXES = JSON.parse(document.getElementById("prefixes").textContent || "{}");
  const status = document.getElementById("status");
  const share = document.getElementById("share");
  const named = new Map(); // tab id -> { name, values, text }

  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"]; // no LOV lookups
  Yasgui.Yasqe.defaults.prefixCcApi = null; // the prefix list bundled in the JS
  Yasgui.Yasr.plugins.table.defaults.openIriInNewWindow = false;

  // An id as a query accepts it: a prefixed name when the local part is a plain name, else <IRI>.
  function pasteable(iri) {
    for (const p in PREFIXES) {
      const ns = PREFIXES[p];
      if (iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.substring(ns.length))) {
        return p + ":" + iri.substring(ns.length);
      }
    }
    return "<" + iri + ">";
  }

  Yasgui.Yasr.plugins.table.prototype.getUriLinkFromBinding = function (binding) {
    const a = document.createElement("a");
    a.className = "iri";
    a.href = "/card?iri=" + encodeURIComponent(binding.value);
    a.title = binding.value;
    a.textContent = pasteable(binding.value);
    return a.outerHTML; // the DOM escapes text and attribute
  };

  localStorage.removeItem("edukg_config"); // each visit starts from the link it was opened with
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: ENDPOINT, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
    corsProxy: undefined,
    populateFromUrl: (tabConfig) => {
      tabConfig.requestConfig.endpoint = ENDPOINT; // a shared link never picks another endpoint
      return tabConfig;
    },
    persistenceId: "edukg",
    tabName: "Query",
    yasqe: { value: "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)" },
    yasr: { prefixes: PREFIXES, maxPersistentResponseSize: 100000 },
  });

  function say(text, error) {
    status.textContent = text;
    status.className = error ? "error" : "";
  }

  // The share link and the address bar follow the active tab.
  function currentLink() {
    const tab = yasgui.getTab();
    if (!tab) return "/";
    const text = tab.getQuery();
    const n = named.get(tab.getId());
    if (n && n.text === text) {
      const params = new URLSearchParams({ q: n.name, ...n.values });
      return "/?" + params.toString();
    }
    return "/?" + new URLSearchParams({ query: text }).toString();
  }
  function updateLink() {
    const link = currentLink();
    share.href = link;
    history.replaceState(null, "", link);
  }

  function openTab(name, text, run) {
    let tab = Object.values(yasgui._tabs).find((t) => t.getName() === name);
    if (!tab) {
      tab = yasgui.addTab(true, { name: name, yasqe: { value: text } });
    } else {
      yasgui.selectTabId(tab.getId());
      tab.setQuery(text);
    }
    if (run) tab.query().catch(() => {});
    return tab;
  }

  async function runNamed(name, values) {
    const params = new URLSearchParams(values);
    const resp = await fetch("/queries/" + encodeURIComponent(name) + "/text?" + params.toString());
    const text = await resp.text();
    if (!resp.ok) {
      say(resp.status + ": " + text, true);
      return;
    }
    say(name);
    const tab = openTab(name, text, false);
    named.set(tab.getId(), { name: name, values: values, text: tab.getQuery() });
    updateLink();
    tab.query().catch(() => {});
  }

  for (const form of document.querySelectorAll("form.named")) {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const values = {};
      for (const input of form.querySelectorAll("input")) {
        if (input.value.trim() !== "") values[input.name] = input.value.trim();
      }
      runNamed(form.dataset.name, values);
    });
  }

  yasgui.on("query", updateLink);
  yasgui.on("tabSelect", () => setTimeout(updateLink, 0));
  yasgui.on("queryResponse", (y, tab) => {
    const yasr = tab.getYasr();
    const results = yasr && yasr.results;
    if (!results) return;
    if (results.getError && results.getError()) {
      say("the query failed: see the result panel", true);
    } else if (results.getBoolean && results.getBoolean() !== undefined && results.getType && results.getType() === "boolean") {
      say("ASK: " + results.getBoolean());
    } else {
      say((results.getBindings() || []).length + " rows");
    }
  });

  if (INITIAL.named) {
    const form = document.querySelector(`form.named[data-name="${CSS.escape(INITIAL.named)}"]`);
    for (const [k, v] of Object.entries(INITIAL.values || {})) {
      const input = form && form.querySelector(`input[name="${CSS.escape(k)}"]`);
      if (input) input.value = v;
    }
    runNamed(INITIAL.named, INITIAL.values || {});
  } else if (INITIAL.query) {
    openTab("Query", INITIAL.query, true);
    updateLink();
  } else {
    updateLink();
  }
})();
