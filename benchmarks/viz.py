"""Benchmark: build a synthetic EduKG graph, render a view of it and time it in headless Chromium.

    PYTHONPATH=. python benchmarks/viz.py [--nodes 5000] [--runs 3] [--keep /tmp/bench.html]
    python -m benchmarks.viz --nodes 5000 --docs 100 --shared 0.3   # a corpus map (classes gathered too)
    python -m benchmarks.viz --page output/edukg.html --screenshot first.png   # a first screen
    python -m benchmarks.viz --scale 100,300,1000   # edukg build of generated corpora, views' cost

Prints: projection and render time in Python, the page size, and per browser run the time to load
the page (domcontentloaded), the time until the layout has settled and physics stopped (measured by
the page itself from script start, and wall-clock from navigation), the node count on the page and
how many nodes the first screen draws (closed clusters count one each).
Needs Debian chromium (/usr/bin/chromium) and the playwright Python package (no browser download).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.core.namespaces import EK, EKID
from graph.views.scope import RELATIONS, to_networkx
from graph.views.site import viz

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TYPES = ["Program"] * 8 + ["Goal", "ActionPlan", "Task", "University", "Campus", "School", "Place", "Target"]


def synthetic(n: int, seed: int = 0, docs: int = 20, shared: float = 0.0) -> Graph:
    """n entities of the usual class mix in `docs` documents, each with a mention, ~1.6 relations each
    (a preferential-attachment forest plus random links), some aliases and English labels; a `shared`
    fraction of them mentioned in a second document too."""
    rnd = random.Random(seed)
    g = Graph()
    doc_nodes = []
    for d in range(docs):
        node = EKID[f"document/synthetic-{d:03d}"]
        doc_nodes.append(node)
        g.add((node, RDF.type, EK.PolicyDocument))
        g.add((node, RDFS.label, Literal(f"合成文件{d:03d}", lang="zh")))
        g.add((node, DCTERMS.identifier, Literal(f"s{d:03d}")))
        g.add((node, DCTERMS.title, Literal(f"合成文件{d:03d}", lang="zh")))
        g.add((node, EK.year, Literal(2015 + d % 10, datatype=XSD.gYear)))
        g.add((node, EK.mentionedIn, node))
    ents: list[URIRef] = []
    for i in range(n - docs):
        typ = TYPES[rnd.randrange(len(TYPES))]
        node = EKID[f"synthetic/{i:05d}"]
        label = f"{typ}实体{i:05d}"
        g.add((node, RDF.type, EK[typ]))
        g.add((node, RDFS.label, Literal(label, lang="zh")))
        if i % 7 == 0:
            g.add((node, RDFS.label, Literal(f"{typ} entity {i}", lang="en")))
        if i % 11 == 0:
            g.add((node, SKOS.altLabel, Literal(f"简称{i:05d}", lang="zh")))
        doc = doc_nodes[rnd.randrange(docs)]
        g.add((node, EK.mentionedIn, doc))
        if shared and rnd.random() < shared:
            g.add((node, EK.mentionedIn, doc_nodes[rnd.randrange(docs)]))
        m = EKID[f"mention/synthetic/{i:05d}"]
        g.add((m, RDF.type, EK.Mention))
        g.add((m, EK.evidenceFor, node))
        g.add((m, PROV.wasDerivedFrom, doc))
        g.add((m, EK.start, Literal(i * 10, datatype=XSD.integer)))
        g.add((m, EK.end, Literal(i * 10 + len(label), datatype=XSD.integer)))
        g.add((m, EK.quote, Literal(label)))
        if ents:
            # preferential attachment: link to an earlier entity, hubs attract more
            other = ents[int(len(ents) * rnd.random() ** 2)]
            g.add((node, EK[rnd.choice(RELATIONS[:2])], other))
            if rnd.random() < 0.6:
                g.add((node, EK[rnd.choice(RELATIONS)], ents[rnd.randrange(len(ents))]))
        ents.append(node)
    return g


# what a first screen shows, measured in the page: the on-screen label size (px) of the most connected
# nodes at the initial fit (0 when not drawn: under the draw threshold or outside the canvas), and the
# nodes drawn in the canvas without any drawn edge
FIRST_SCREEN = """() => {
  const net = EDUKG.network, body = net.body, s = net.getScale();
  const box = document.getElementById('net').getBoundingClientRect();
  const px = (id) => {
    const n = body.nodes[id];
    if (!n || !body.nodeIndices.includes(id)) return 0;
    const lo = n.labelModule, size = lo.fontOptions.size * s;
    const shown = Math.min(size, lo.elementOptions.scaling.label.maxVisible);
    const p = net.canvasToDOM({x: n.x, y: n.y});
    const inside = p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
    return size < lo.elementOptions.scaling.label.drawThreshold - 1 || !inside ? 0 : shown;
  };
  const ids = body.nodeIndices.filter((id) => !body.nodes[id].options.hidden);
  const degree = new Map(ids.map((id) => [id, 0]));
  for (const eid of body.edgeIndices) {
    const e = body.edges[eid];
    if (e.options.hidden) continue;
    if (degree.has(e.fromId)) degree.set(e.fromId, degree.get(e.fromId) + 1);
    if (degree.has(e.toId)) degree.set(e.toId, degree.get(e.toId) + 1);
  }
  const top = [...ids].sort((a, b) => degree.get(b) - degree.get(a) || (a < b ? -1 : 1)).slice(0, 20);
  return {
    drawn: ids.length,
    top: top.map((id) => ({id, label: body.nodes[id].options.label, px: Math.round(px(id) * 10) / 10})),
    unlinked: ids.filter((id) => degree.get(id) === 0 && ids.length > 1),
  };
}"""


def browser_run(path: Path, screenshot: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="domcontentloaded", timeout=300_000)
        loaded = time.perf_counter() - t0
        page.wait_for_function("window.EDUKG && window.EDUKG.settled", timeout=300_000, polling=100)
        wall = time.perf_counter() - t0
        first = page.evaluate(FIRST_SCREEN)
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        opened = None
        if page.evaluate("!document.getElementById('cluster-row').hidden"):
            page.evaluate(
                "document.getElementById('open-all').click()"
            )  # every cluster opened, then a polish
            page.wait_for_function("EDUKG.relayoutMs !== null", timeout=300_000, polling=100)
            opened = page.evaluate("EDUKG.relayoutMs") / 1000
        out = {
            "open_all_s": opened,
            "load_s": loaded,
            "settled_wall_s": wall,
            "settled_page_s": page.evaluate("EDUKG.settleMs") / 1000,
            "nodes": page.evaluate("EDUKG.nodes.length + EDUKG.data.lone.length"),
            "steps": page.evaluate("EDUKG.steps"),
            "edges": page.evaluate("EDUKG.edges.length"),
            "errors": errors,
            "outside_requests": outside,
            "first_screen": first,
        }
        browser.close()
    return out


def timed(cmd: list[str]) -> tuple[float, float, float]:
    """Run a command; its wall time (s), CPU time (user + system, s) and peak memory (MB)."""
    import os
    import subprocess

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        sys.exit(f"FAIL: {' '.join(cmd)}: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def scale(sizes: list[int], work: Path) -> None:
    """What a user runs: `python -m benchmarks.corpus --docs N` then `edukg build --seeds` with and
    without the views; the views' cost is the difference. CPU time is the figure to compare on a shared
    machine (wall time grows with the load of others)."""
    import shutil

    edukg = shutil.which("edukg") or sys.exit("FAIL: edukg is not on PATH (pip install -e .)")
    print("docs  build+views wall/CPU   build only wall/CPU   views CPU  per doc   peak MB  overview MB")
    for n in sizes:
        corpus = work / f"corpus-{n}"
        if not corpus.exists():
            timed([sys.executable, "-m", "benchmarks.corpus", "--docs", str(n), "--out", str(corpus)])
        w1, c1, m1 = timed([edukg, "build", "--seeds", str(corpus), "--out", str(work / f"out-{n}")])
        w0, c0, _ = timed(
            [edukg, "build", "--seeds", str(corpus), "--out", str(work / f"bare-{n}"), "--no-html"]
        )
        size = (work / f"out-{n}" / "edukg.html").stat().st_size / 1e6
        print(
            f"{n:5d}  {w1:8.1f} s {c1:7.1f} s   {w0:8.1f} s {c0:7.1f} s   {c1 - c0:7.1f} s  "
            f"{1000 * (c1 - c0) / n:5.0f} ms  {m1:7.0f}  {size:9.1f}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--docs", type=int, default=20, help="documents of the synthetic graph")
    ap.add_argument("--shared", type=float, default=0.0, help="fraction of entities in two documents")
    ap.add_argument("--keep", type=Path, default=None, help="also keep the page at this path")
    ap.add_argument("--page", type=Path, default=None, help="open this page instead of a synthetic one")
    ap.add_argument("--screenshot", type=Path, default=None, help="save a screenshot of the first screen")
    ap.add_argument(
        "--scale",
        default=None,
        help="time `edukg build` of generated corpora of these sizes, e.g. 100,300,1000",
    )
    ap.add_argument("--work", type=Path, default=Path("/tmp/edukg-viz-bench"), help="folder for --scale")
    a = ap.parse_args()
    if a.scale:
        a.work.mkdir(parents=True, exist_ok=True)
        scale([int(x) for x in a.scale.split(",")], a.work)
        return
    if a.page is not None:
        r = browser_run(a.page.resolve(), a.screenshot)
        first = r["first_screen"]
        print(
            f"{a.page}: settled {r['settled_wall_s']:.2f} s wall, {r['nodes']} nodes, {first['drawn']} drawn"
        )
        print(f"errors {len(r['errors'])}, outside requests {len(r['outside_requests'])}")
        if r["open_all_s"] is not None:
            print(f"open all clusters and settle: {r['open_all_s']:.2f} s")
        print("in the page, ms from script start: " + ", ".join(f"{k} {v}" for k, v in r["steps"].items()))
        print("the 20 most connected drawn nodes, label px at the initial fit:")
        print("  " + ", ".join(f"{t['label']} {t['px']}" for t in first["top"]))
        print(
            f"smallest: {min((t['px'] for t in first['top']), default=0)} px; drawn without a link: {len(first['unlinked'])}"
        )
        return
    t = time.perf_counter()
    g = synthetic(a.nodes, docs=a.docs, shared=a.shared)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    G = to_networkx(g)
    t_proj = time.perf_counter() - t
    t = time.perf_counter()
    view, html = viz(g, G=G)
    t_render = time.perf_counter() - t
    path = a.keep or Path(tempfile.mkdtemp()) / f"bench-{a.nodes}.html"
    path.write_text(html, encoding="utf-8")
    size = path.stat().st_size
    print(f"synthetic graph: {len(g)} triples, {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    print(f"python: generate {t_gen:.2f} s, to_networkx {t_proj:.2f} s, render {t_render:.2f} s")
    print(f"page: {path} {size / 1e6:.2f} MB ({view.graph.number_of_nodes()} nodes)")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} missing: no browser figures")
        return
    runs = [browser_run(path) for _ in range(a.runs)]
    for i, r in enumerate(runs, 1):
        print(
            f"run {i}: load {r['load_s']:.2f} s, settled {r['settled_wall_s']:.2f} s wall "
            f"({r['settled_page_s']:.2f} s in page), nodes on page {r['nodes']}, "
            f"errors {len(r['errors'])}, outside requests {len(r['outside_requests'])}, "
            f"first screen {r['first_screen']['drawn']} drawn"
            + (
                f"; open all clusters and settle {r['open_all_s']:.2f} s"
                if r["open_all_s"] is not None
                else ""
            )
        )
        print("  in the page, ms from script start: " + ", ".join(f"{k} {v}" for k, v in r["steps"].items()))
    walls = [r["settled_wall_s"] for r in runs]
    print(f"load+settle: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s over {a.runs} runs")
    if any(r["nodes"] != view.graph.number_of_nodes() or r["errors"] or r["outside_requests"] for r in runs):
        sys.exit("FAIL: node count, console errors or outside requests")


if __name__ == "__main__":
    main()
