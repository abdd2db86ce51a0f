#!/usr/bin/env python3
"""Prove the bundled Yasgui (graph/serve/assets/yasgui/) works offline, in headless Debian Chromium.

    python tools/yasgui_demo/check.py [--csp POLICY] [--screenshot /tmp/yasgui.png] [--keep]

1. Loads a tiny Turtle dataset into `oxigraph` (pip package, the project's test extras) and runs
   `oxigraph serve-read-only` on a loopback port.
2. Serves this folder and the bundle from a loopback http.server that also forwards /sparql to
   oxigraph's /query, so page and endpoint share one origin (no CORS). Every response carries the
   same Content-Security-Policy as graph/serve ("default-src 'self'; frame-ancestors 'none'").
3. Drives index.html with playwright + /usr/bin/chromium: a SELECT via the query button, IRIs
   rendered as our own links (also on page 2 of a paged table), a gallery tab, the prefix
   autocompleter, CSV download, a share link opened in a fresh browser context (and a hostile one
   naming another endpoint), and persistence across a reload.
4. A control run on bare.html (Yasgui with no configuration) records what the defaults would fetch.

Every request the browser attempts is recorded; any non-loopback one is aborted inside the browser
(and Chromium resolves no host name but loopback ones). The run fails if the configured page
attempted any, or logged a console error or a CSP violation. Exit 0 and a closing
'N passed, N failed' line on success.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ASSETS = ROOT / "graph" / "serve" / "assets" / "yasgui"
CHROMIUM = "/usr/bin/chromium"
# graph/serve's policy today is "default-src 'self'; frame-ancestors 'none'". Under it Yasgui works,
# but three inline styles are refused (each a console error); these hashes allow exactly those:
#   zCK2…  the <style> column-resizer (table plugin) adds on every table draw
#   c0O6…  the <style> "*{cursor:col-resize!important}" it adds while a column is dragged
#   EntW…  style="text-decoration:underline" in Yasqe's syntax-error tooltip ('unsafe-hashes')
STRICT_CSP = "default-src 'self'; frame-ancestors 'none'"
CSP = (
    "default-src 'self'; frame-ancestors 'none'; style-src 'self' "
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' "
    "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg=' "
    "'unsafe-hashes' 'sha256-EntWS0hFrz2vH7susM+dPUxvHlL6sBswmM8K80E5oUk='"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # belt and braces: no name but loopback ever resolves, so nothing can leave even if unrouted
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
SERVED = {HERE: {".html", ".js", ".css"}, ASSETS: {".js", ".css"}}
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css"}

DATA = """\
@prefix ek: <https://w3id.org/edukg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/edukg/id/university/jiangnan-university> a ek:University ;
    rdfs:label "江南大学"@zh , "Jiangnan University"@en ;
    ek:locatedIn <https://w3id.org/edukg/id/place/wuxi> .
<https://w3id.org/edukg/id/university/nanjing-university> a ek:University ;
    rdfs:label "南京大学"@zh ; ek:locatedIn <https://w3id.org/edukg/id/place/nanjing> .
<https://w3id.org/edukg/id/place/wuxi> a ek:Place ; rdfs:label "无锡市"@zh .
<https://w3id.org/edukg/id/place/nanjing> a ek:Place ; rdfs:label "南京市"@zh .
"""
PAGED = """PREFIX ekid: <https://w3id.org/edukg/id/>
SELECT ?i ?thing WHERE {
  VALUES ?i { NUMBERS }
  BIND(IRI(CONCAT(STR(ekid:), "thing/", STR(?i))) AS ?thing)
} ORDER BY ?i""".replace("NUMBERS", " ".join(str(i) for i in range(1, 121)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port}")


def oxigraph_binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise SystemExit("oxigraph not found: pip install -e '.[test]' (it is in the test extras)")
    return found


class Handler(BaseHTTPRequestHandler):
    """Static files from two folders only, and /sparql forwarded to oxigraph's /query."""

    server_version = "yasgui-demo"
    upstream = ""  # http://127.0.0.1:PORT/query
    csp: str | None = CSP
    log: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forward(self, body: bytes | None) -> None:
        query = urlsplit(self.path).query
        req = urllib.request.Request(self.upstream + ("?" + query if query else ""), data=body)
        for h in ("Accept", "Content-Type"):
            if self.headers.get(h):
                req.add_header(h, self.headers[h])
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                self._send(r.status, r.headers.get("Content-Type", "application/octet-stream"), r.read())
        except urllib.error.HTTPError as e:
            self._send(e.code, e.headers.get("Content-Type", "text/plain"), e.read())

    def do_POST(self) -> None:
        self.log.append("POST " + self.path)
        if urlsplit(self.path).path != "/sparql":
            return self._send(405, "text/plain", b"POST only to /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        self._forward(self.rfile.read(length))

    def do_GET(self) -> None:
        self.log.append("GET " + self.path)
        path = unquote(urlsplit(self.path).path)
        if path == "/sparql":
            return self._forward(None)
        file = (ROOT / path.lstrip("/")).resolve()
        for folder, exts in SERVED.items():
            if file.parent == folder and file.suffix in exts and file.is_file():
                return self._send(200, TYPES[file.suffix], file.read_bytes())
        self._send(404, "text/plain", b"not found")

    do_HEAD = do_GET


class Recorder:
    """Every request a browser context attempts; non-loopback ones are aborted and kept apart."""

    def __init__(self, context: Any) -> None:
        self.requests: list[str] = []
        self.outside: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda r: self.requests.append(f"{r.method} {r.url}"))

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("blob", "data") or (
            parts.scheme in ("http", "https") and parts.netloc.rsplit(":", 1)[0] in LOOPBACK_HOSTS
        ):
            route.continue_()
        else:
            self.outside.append(f"{route.request.method} {url}")
            route.abort()


class Console:
    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", self._on)
        # CSP violations are also console errors, but this names the directive and the source
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') "
            "+ ':' + e.lineNumber));"
        )

    def _on(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(msg.text)
        elif msg.type == "warning":
            self.warnings.append(msg.text)


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def __call__(self, name: str, ok: bool, detail: Any = "") -> None:
        if ok:
            self.passed += 1
            print(f"  ok    {name}")
        else:
            self.failed.append(name)
            print(f"  FAIL  {name}  {detail}")


ACTIVE = ".tabPanel.active"
ROWS = f"{ACTIVE} .yasr_results table tbody tr"


def wait_until(page: Any, expression: str, timeout: float = 15) -> None:
    """Poll a JS expression through page.evaluate (CDP, not subject to the page's CSP, unlike
    playwright's wait_for_function, which evals its predicate inside the page)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if page.evaluate(expression):
                return
        except Exception:  # the page may be mid-navigation or not drawn yet
            pass
        time.sleep(0.1)
    raise TimeoutError(f"not true after {timeout}s: {expression}")


def count_rows(page: Any) -> int:
    return page.evaluate(f"() => document.querySelectorAll('{ROWS}').length")


def rows_text(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(
        ROWS, "trs => trs.map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.innerText.trim()))"
    )


def run(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    check = Checks()
    ox = oxigraph_binary()
    tmp = Path(tempfile.mkdtemp(prefix="yasgui-demo-"))
    (tmp / "data.ttl").write_text(DATA, encoding="utf-8")
    loaded = subprocess.run(
        [ox, "load", "--location", str(tmp / "db"), "--file", str(tmp / "data.ttl")],
        capture_output=True,
        text=True,
    )
    if loaded.returncode:
        shutil.rmtree(tmp, ignore_errors=True)
        raise SystemExit("oxigraph load failed:\n" + loaded.stderr)
    ox_port, web_port = free_port(), free_port()
    oxproc = subprocess.Popen(
        [ox, "serve-read-only", "--location", str(tmp / "db"), "--bind", f"127.0.0.1:{ox_port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    Handler.upstream = f"http://127.0.0.1:{ox_port}/query"
    Handler.csp = args.csp or None
    httpd = ThreadingHTTPServer(("127.0.0.1", web_port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{web_port}"
    demo = f"{base}/tools/yasgui_demo/index.html"
    print(f"oxigraph on 127.0.0.1:{ox_port}, page and /sparql proxy on {base}, CSP: {Handler.csp!r}")
    try:
        wait_port(ox_port, oxproc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                demo_checks(browser, demo, base, check, args)
                control_run(browser, base, check)
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        oxproc.terminate()
        oxproc.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    forwarded = sum(" /sparql" in line for line in Handler.log)
    print(
        f"the loopback server answered {len(Handler.log)} requests, {forwarded} of them forwarded to oxigraph"
    )
    print(f"{check.passed} passed, {len(check.failed)} failed")
    return 1 if check.failed else 0


def demo_checks(browser: Any, demo: str, base: str, check: Checks, args: argparse.Namespace) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    rec = Recorder(ctx)
    page = ctx.new_page()
    con = Console(page)
    page.goto(demo)
    page.wait_for_selector(f"{ACTIVE} .CodeMirror")
    wait_until(page, "() => window.EDUKG_DEMO !== undefined")

    print("load and run a SELECT with the query button")
    check(
        "no request before the first query except the page's own files",
        all(r.split()[1].startswith(base) and "/sparql" not in r for r in rec.requests),
        rec.requests,
    )
    cfg = page.evaluate("""() => { const t = EDUKG_DEMO.yasgui.getTab();
        return {endpoint: t.getEndpoint(), completers: t.getYasqe().config.autocompleters,
                prefixCc: t.getYasqe().config.prefixCcApi, corsProxy: EDUKG_DEMO.yasgui.config.corsProxy}; }""")
    check("tab endpoint is our /sparql", cfg["endpoint"] == base + "/sparql", cfg)
    check("only offline autocompleters enabled", cfg["completers"] == ["variables", "prefixes"], cfg)
    check(
        "prefix.cc lookups off (prefixCcApi null), no corsProxy",
        cfg["prefixCc"] is None and cfg["corsProxy"] is None,
        cfg,
    )
    page.evaluate("() => { EDUKG_DEMO.yasgui.getTab().setQuery(EDUKG_DEMO.GALLERY[0].query); }")
    with page.expect_response(lambda r: r.url.startswith(base + "/sparql")) as resp:
        page.click(f"{ACTIVE} .yasqe_queryButton")
    check(
        "query POSTed to /sparql and answered 200",
        resp.value.status == 200 and resp.value.request.method == "POST",
        resp.value.status,
    )
    sent = resp.value.request
    print(
        f"  request: {sent.method} {urlsplit(sent.url).path}  Content-Type: {sent.headers.get('content-type')}  "
        f"Accept: {sent.headers.get('accept')}  body: {(sent.post_data or '')[:40]}…"
    )
    page.wait_for_selector(ROWS)
    wait_until(page, f"() => document.querySelectorAll('{ROWS}').length === 3")
    rows = rows_text(page)
    check(
        "results table has the 3 university labels",
        sorted(r[2] for r in rows) == sorted(['"Jiangnan University"@en', '"南京大学"@zh', '"江南大学"@zh']),
        rows,
    )
    links = page.eval_on_selector_all(
        f"{ROWS} a.iri", "as => as.map(a => [a.textContent, a.getAttribute('href'), a.target])"
    )
    check(
        "IRIs shortened with our prefixes and linked to /resource?iri=",
        [
            "ekid:university/jiangnan-university",
            "/resource?iri=https%3A%2F%2Fw3id.org%2Fedukg%2Fid%2Funiversity%2Fjiangnan-university",
            "",
        ]
        in links,
        links,
    )
    check("'drawn' event seen", page.evaluate("EDUKG_DEMO.drawn") >= 1)
    page.screenshot(path=args.screenshot, full_page=True)
    print(f"  screenshot {args.screenshot}")

    print("download the table as CSV")
    with page.expect_download() as dl:
        page.click(f"{ACTIVE} .yasr_downloadIcon")
    table = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    check(
        "CSV download has the header u,label and 3 rows",
        table[0] == ["u", "label"] and len(table) == 4,
        table,
    )

    print("paging: 120 rows, 50 a page; IRIs on page 3 use our links too")
    page.evaluate("q => { EDUKG_DEMO.yasgui.getTab().setQuery(q); }", PAGED)
    page.evaluate("() => { EDUKG_DEMO.yasgui.getTab().query(); }")
    wait_until(page, f"() => document.querySelectorAll('{ROWS}').length === 50")
    page.click(f"{ACTIVE} .dt-paging button[data-dt-idx='2']")
    wait_until(page, f"() => document.querySelector('{ROWS} td:nth-child(2)').innerText.includes('101')")
    href = page.get_attribute(f"{ROWS} td:nth-child(3) a.iri", "href")
    check(
        "page 3 rows are linked through /resource",
        href == "/resource?iri=" + "https%3A%2F%2Fw3id.org%2Fedukg%2Fid%2Fthing%2F101",
        href,
    )
    page.select_option(f"{ACTIVE} .tableSizer", "-1")
    wait_until(page, f"() => document.querySelectorAll('{ROWS}').length === 120")
    check("page size 'All' shows 120 rows", True)
    grip = page.query_selector(f"{ACTIVE} .grip-handle:not(.grip-lastgrip) .grip-resizable")
    box = grip.bounding_box() if grip else None
    styles: list[str] = []
    if box:  # drag a column border: column-resizer adds its cursor <style> while dragging
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] / 2, y)
        page.mouse.down()
        page.mouse.move(box["x"] + 60, y, steps=5)
        styles = page.evaluate(
            "() => Array.from(document.querySelectorAll('head style')).map(s => s.textContent)"
        )
        page.mouse.up()
    check(
        "column drag: the resizer's cursor style is applied",
        "*{cursor:col-resize!important}" in styles,
        (box, styles),
    )

    print("gallery: a named query opens in its own tab and runs")
    page.click("#gallery button[data-query='Places']")
    wait_until(
        page,
        f"""() => {{ const t = EDUKG_DEMO.yasgui.getTab(); return t.getName() === 'Places'
            && document.querySelectorAll('{ROWS}').length === 2; }}""",
    )
    check(
        "Places tab active with 2 rows",
        sorted(r[2] for r in rows_text(page)) == ['"南京市"@zh', '"无锡市"@zh'],
        rows_text(page),
    )
    page.click("#gallery button[data-query='Places']")  # second click reuses the tab
    ntabs = page.evaluate("() => EDUKG_DEMO.yasgui.persistentConfig.getTabs().length")
    check("second click reuses the tab (2 tabs open)", ntabs == 2, ntabs)

    print("editor: prefix autocompletion from the bundled list; Ctrl-Space in a property position")
    page.evaluate("() => { EDUKG_DEMO.yasgui.getTab().setQuery(''); }")
    page.click(f"{ACTIVE} .CodeMirror")
    page.keyboard.type("PREFIX foa")
    page.wait_for_selector(".CodeMirror-hints li", timeout=5000)
    hints = page.eval_on_selector_all(".CodeMirror-hints li", "ls => ls.map(l => l.innerText)")
    check(
        "prefix hint from the bundled list",
        any(h.startswith("foaf: <http://xmlns.com/foaf/0.1/>") for h in hints),
        hints,
    )
    page.keyboard.press("Escape")
    page.evaluate("() => { EDUKG_DEMO.yasgui.getTab().setQuery('SELECT * WHERE { ?s rdfs:lab'); }")
    page.click(f"{ACTIVE} .CodeMirror")
    page.keyboard.press("End")
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(800)
    page.keyboard.press("Escape")
    page.evaluate("() => { EDUKG_DEMO.yasgui.getTab().setQuery('SELECT * WHERE { ?s ?p }'); }")
    page.wait_for_selector(f"{ACTIVE} .parseErrorIcon")
    page.hover(f"{ACTIVE} .parseErrorIcon")
    tip = page.wait_for_selector(f"{ACTIVE} .yasqe_tooltip")
    check("syntax error tooltip shown", "expected" in tip.inner_text().lower(), tip.inner_text())

    print("share link: opens in a fresh browser (no storage), fills the tab and runs")
    page.evaluate("() => { EDUKG_DEMO.yasgui.getTab().setQuery(EDUKG_DEMO.GALLERY[1].query); }")
    link = page.evaluate("() => EDUKG_DEMO.yasgui.getTab().getShareableLink()")
    check(
        "share link carries the query in the fragment",
        "#query=" in link and link.startswith(demo),
        link[:120],
    )
    print(f"  link: {link[:160]}…")
    page.click(f"{ACTIVE} .yasqe_share")
    shown = page.input_value(f"{ACTIVE} .yasqe_sharePopup input")
    check("the editor's share button shows the same link", shown == link, shown[:120])
    page.click(f"{ACTIVE} .yasqe_sharePopup .curl")
    curl = page.input_value(f"{ACTIVE} .yasqe_sharePopup input")
    check(
        "its cURL button gives a command for our /sparql",
        curl.startswith(f"curl {base}/sparql --data query="),
        curl[:120],
    )
    page.mouse.click(5, 5)  # closes the popup
    fresh = browser.new_context()
    rec2 = Recorder(fresh)
    p2 = fresh.new_page()
    con2 = Console(p2)
    p2.goto(link)
    wait_until(p2, f"() => document.querySelectorAll('{ROWS}').length === 2")
    check("shared query ran on open", sorted(r[2] for r in rows_text(p2)) == ['"南京市"@zh', '"无锡市"@zh'])
    hostile = (
        demo
        + "#query="
        + urllib.request.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        + "&endpoint="
        + urllib.request.quote("https://dbpedia.org/sparql", safe="")
        + "&tabTitle=evil"
    )
    p3 = fresh.new_page()
    con3 = Console(p3)
    p3.goto(hostile)
    wait_until(p3, f"() => document.querySelectorAll('{ROWS}').length === 1")
    ep = p3.evaluate("() => EDUKG_DEMO.yasgui.getTab().getEndpoint()")
    check(
        "a link naming another endpoint still queries ours",
        ep == base + "/sparql" and not rec2.outside,
        (ep, rec2.outside),
    )
    for label, c in (("share page", con2), ("hostile-link page", con3)):
        check(f"no console error on the {label}", not c.errors, c.errors)
    fresh.close()

    print("persistence: reload restores tabs and results from localStorage without re-querying")
    keys = page.evaluate("() => Object.keys(localStorage)")
    check("localStorage holds 'edukg-demo_config'", "edukg-demo_config" in keys, keys)
    before = sum("/sparql" in r for r in rec.requests)
    page.reload()
    page.wait_for_selector(f"{ACTIVE} .CodeMirror")
    wait_until(page, f"() => document.querySelectorAll('{ROWS}').length === 2")
    names = page.evaluate(
        "() => EDUKG_DEMO.yasgui.persistentConfig.getTabs().map(id => EDUKG_DEMO.yasgui.getTab(id).getName())"
    )
    after = sum("/sparql" in r for r in rec.requests)
    check("tabs restored after reload", names == ["Query", "Places"], names)
    check("results redrawn from storage, no new request", after == before, (before, after))

    print("offline")
    check("no request left loopback (configured page)", not rec.outside, rec.outside)
    check("no console error / CSP violation", not con.errors, con.errors)
    if con.warnings:
        print("  console warnings:", con.warnings)
    ctx.close()


def control_run(browser: Any, base: str, check: Checks) -> None:
    """Yasgui with no configuration: list what it would fetch (all aborted in the browser)."""
    print("control: bare.html, Yasgui defaults (requests are aborted, only recorded)")
    ctx = browser.new_context()
    rec = Recorder(ctx)
    page = ctx.new_page()
    con = Console(page)
    page.goto(base + "/tools/yasgui_demo/bare.html")
    page.wait_for_selector(f"{ACTIVE} .CodeMirror")

    def attempts() -> list[str]:
        # aborted by the route, or refused earlier by the page's CSP (connect-src falls back to 'self')
        blocked = [e.split()[3] for e in con.errors if e.startswith("CSP violation: connect-src")]
        return [u.split(" ", 1)[1] for u in rec.outside] + blocked

    on_load = attempts()
    page.click(f"{ACTIVE} .yasqe_queryButton")
    page.wait_for_timeout(1500)
    on_query = attempts()[len(on_load) :]
    page.evaluate("() => { BARE.getTab().setQuery('SELECT * WHERE { ?s rdfs:lab'); }")
    page.click(f"{ACTIVE} .CodeMirror")
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(1500)
    on_complete = attempts()[len(on_load) + len(on_query) :]
    print(f"  on load:        {on_load}")
    print(f"  on query click: {on_query}")
    print(f"  on Ctrl-Space:  {on_complete}")
    check("control: defaults fetch nothing on load", not on_load, on_load)
    check("control: default endpoint is dbpedia", any("dbpedia.org/sparql" in u for u in on_query), on_query)
    check(
        "control: default property completer calls LOV",
        any("lov.linkeddata.es" in u for u in on_complete),
        on_complete,
    )
    ctx.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--csp",
        default=CSP,
        help="Content-Security-Policy sent with every response ('' for none, "
        "'strict' for graph/serve's current one); default: that one plus three style hashes",
    )
    ap.add_argument("--screenshot", default="/tmp/yasgui.png")
    ap.add_argument("--keep", action="store_true", help="keep the temporary oxigraph store")
    args = ap.parse_args()
    if args.csp == "strict":
        args.csp = STRICT_CSP
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} missing: apt-get install -y chromium")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
