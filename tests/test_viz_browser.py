"""Graph pages in real headless Chromium (Debian's /usr/bin/chromium driven by playwright).

Skipped when playwright or /usr/bin/chromium is missing; .ci/run installs both.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from rdflib import URIRef

from benchmarks.viz import ARGS, FIRST_SCREEN
from benchmarks.viz import CHROMIUM as CHROMIUM_PATH
from graph.views.scope import ViewSpec, find_node, to_networkx
from graph.views.site import viz

pytestmark = pytest.mark.browser

CHROMIUM = Path(CHROMIUM_PATH)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REAL = Path(os.environ.get("EDUKG_REAL_DOCS", "/work/shared/eval/docs"))  # ten documents of other places
JIANGNAN = "https://w3id.org/edukg/id/university/jiangnan-university"
WUXI_UNI = "https://w3id.org/edukg/id/university/wuxi-university"  # 无锡学院: located in 无锡 by its name
# the closed clusters the network draws (a closed cluster is one node, id cluster:<key>)
DRAWN_CLUSTERS = "EDUKG.vnodes.getIds().filter(id => id.startsWith('cluster:'))"


class Opened:
    """A loaded page with the console errors and the requests that left file://."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def js(self, expr: str) -> Any:
        return self.page.evaluate(expr)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def open_page(browser: Any) -> Iterator[Callable[[Path], Opened]]:
    pages: list[Any] = []

    def _open(path: Path) -> Opened:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        pages.append(page)
        opened = Opened(page)
        page.goto(path.as_uri())
        page.wait_for_function("window.EDUKG && window.EDUKG.settled", timeout=120_000, polling=100)
        return opened

    yield _open
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def overview(open_page: Callable[[Path], Opened], built: Path) -> Opened:
    return open_page(built / "edukg.html")


@pytest.fixture
def fresh(open_page: Callable[[Path], Opened], built: Path) -> Opened:
    """A new overview page, for a task that must start from the first screen."""
    return open_page(built / "edukg.html")


def test_overview_loads_offline_without_errors(overview: Opened, graph) -> None:
    assert overview.errors == []
    assert overview.outside == []
    n = to_networkx(graph).number_of_nodes()
    assert overview.js("EDUKG.data.nodes.length + EDUKG.data.lone.length") == n
    assert overview.js("EDUKG.network.physics.options.enabled") is False  # settled, then stopped
    assert overview.page.locator("#classes input").count() >= 10


def test_first_screen_labels_the_hubs_legibly_and_draws_no_lone_node(overview: Opened) -> None:
    first = overview.js(FIRST_SCREEN)
    assert len(first["top"]) == 20 and min(t["px"] for t in first["top"]) >= 12, first["top"]
    assert first["unlinked"] == []
    lone = overview.js("EDUKG.data.lone.length")
    assert lone > 20 and overview.page.locator("#lone li").count() == lone  # listed beside the canvas
    assert len(overview.js(DRAWN_CLUSTERS)) == 5  # the seeds' five documents, closed


def test_an_entity_without_links_opens_its_card_from_the_list(fresh: Opened) -> None:
    page = fresh.page
    page.click("#lone-box > summary")
    page.locator("#lone details > summary").first.click()
    link = page.locator("#lone li a").first
    name = link.inner_text()
    link.click()
    assert page.locator("#panel .name").inner_text() == name


def test_search_selects_the_node_and_panel_shows_a_seed_quote(overview: Opened) -> None:
    overview.page.fill("#search", "江南大学")
    overview.page.wait_for_function("EDUKG.network.getSelectedNodes().length === 1")
    assert overview.js("EDUKG.network.getSelectedNodes()") == [JIANGNAN]
    panel = overview.page.locator("#panel")
    assert panel.locator(".name").inner_text() == "江南大学"
    quote = panel.locator(".quote").first.inner_text()
    assert "江南大学" in quote and "[00" in quote
    assert "University" in panel.inner_text() and "Jiangnan University" in panel.inner_text()


def test_task_find_a_universitys_campuses_in_three_actions(fresh: Opened, graph) -> None:
    G = to_networkx(graph)
    node = URIRef(JIANGNAN)
    campuses = sorted(
        G.nodes[s]["label"]
        for s, _, k in G.in_edges(node, keys=True)
        if k == "partOf" and G.nodes[s]["type"] == "Campus"
    )
    assert len(campuses) >= 2
    fresh.page.fill("#search", "江南大学")  # action 1: type the name; the card opens
    links = fresh.page.locator("#panel ul.links > li").all_inner_texts()
    found = sorted(
        t.split("← partOf ", 1)[1].split(" (Campus)")[0] for t in links if "(Campus)" in t and "← partOf" in t
    )
    assert found == campuses
    fresh.page.locator("#panel ul.links a", has_text=campuses[0]).first.click()  # action 2: open one
    assert fresh.page.locator("#panel .name").inner_text() == campuses[0]
    assert fresh.errors == []


def test_task_hide_every_located_in_edge(fresh: Opened) -> None:
    total = fresh.js("EDUKG.edges.get({filter: e => e.relation === 'locatedIn' && !e.hidden}).length")
    assert total > 10
    fresh.page.locator("#relations input[data-rel='locatedIn']").uncheck()
    assert fresh.js("EDUKG.edges.get({filter: e => e.relation === 'locatedIn' && !e.hidden}).length") == 0
    drawn = fresh.js(
        """(() => { const out = [];
        for (const e of EDUKG.vedges.get()) for (const x of e.base || [e.id]) out.push(EDUKG.edges.get(x).relation);
        return out; })()"""
    )
    assert fresh.js(f"{DRAWN_CLUSTERS}.length") == 5  # the clusters stay closed
    assert drawn and "locatedIn" not in drawn  # neither the edges nor the clusters' stand-ins
    assert set(fresh.js("EDUKG.network.body.edgeIndices")) == set(fresh.js("EDUKG.vedges.getIds()"))
    fresh.page.locator("#relations input[data-rel='locatedIn']").check()
    assert fresh.js("EDUKG.edges.get({filter: e => e.relation === 'locatedIn' && !e.hidden}).length") == total


def test_task_open_a_document_cluster(fresh: Opened) -> None:
    cid = "cluster:002"
    assert cid in fresh.js(DRAWN_CLUSTERS) and fresh.js("EDUKG.isClosed('002')")
    members = fresh.js("EDUKG.data.nodes.filter(n => n.cluster === '002' && !n.hidden).map(n => n.id)")
    assert fresh.js(f"{members!r}.every(id => EDUKG.network.body.nodes[id] === undefined)")
    box = fresh.page.locator("#net").bounding_box()
    fresh.js(f"EDUKG.network.focus({cid!r}, {{scale: 1.5, animation: false}})")
    pos = fresh.js(f"EDUKG.network.canvasToDOM(EDUKG.network.getPositions([{cid!r}])[{cid!r}])")
    fresh.page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    assert fresh.js(f"EDUKG.network.body.nodes[{cid!r}] === undefined") and not fresh.js(
        "EDUKG.isClosed('002')"
    )
    assert len(members) > 20
    assert fresh.js(f"{members!r}.every(id => EDUKG.network.body.nodes[id] !== undefined)")
    assert len(fresh.js(DRAWN_CLUSTERS)) == 4  # the others stay closed
    assert fresh.errors == []


def test_task_open_an_indicators_trend_from_an_entity_card(fresh: Opened, built: Path) -> None:
    target = fresh.js(
        """(() => { for (const n of EDUKG.data.nodes) { const c = EDUKG.data.cards[n.id];
          const f = c.figures.find(f => EDUKG.data.trends[f.indicator]);
          if (f && n.type !== 'Target') return [n.id, EDUKG.data.trends[f.indicator]]; } return null; })()"""
    )
    assert target is not None
    label = fresh.js(f"EDUKG.data.nodes.find(x => x.id === {target[0]!r}).zh")
    fresh.page.fill("#search", label)  # action 1: find the entity; its card opens
    assert fresh.page.locator("#panel").is_visible()
    assert fresh.js("EDUKG.network.getSelectedNodes()") == [target[0]]
    fresh.page.locator("#panel a.trend").first.click()  # the one action on the card
    fresh.page.wait_for_load_state()
    assert fresh.page.url == (built / target[1]).as_uri()
    assert fresh.page.locator("svg").count() >= 1 and fresh.outside == []


def test_in_page_focus_stops_at_places(fresh: Opened, graph) -> None:
    fresh.page.fill("#search", "无锡学院")
    fresh.page.click("#focus-here")
    fresh.page.wait_for_function("EDUKG.network.physics.options.enabled === false")
    shown = set(fresh.js("EDUKG.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    G = to_networkx(graph)
    wuxi = find_node(G, "无锡")
    assert WUXI_UNI in shown and str(wuxi) in shown
    behind = {str(m) for m in nx.all_neighbors(G, wuxi)} - {
        str(m) for m in nx.all_neighbors(G, URIRef(WUXI_UNI))
    }
    assert len(behind & shown) < len(behind) / 4  # the Wuxi institutions behind the place stay out
    fresh.page.locator("#through").check()
    fresh.page.wait_for_function("EDUKG.network.physics.options.enabled === false")
    assert len(set(fresh.js("EDUKG.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))) > len(shown)


def test_search_finds_a_node_by_alias(overview: Opened, graph) -> None:
    G = to_networkx(graph)
    node, alias = next(
        (n, a)
        for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0]))
        for a in d["aliases"]
        if all(a not in (e["label"], *e["aliases"]) for m, e in G.nodes(data=True) if m != n)
    )
    overview.page.fill("#search", "")
    overview.page.fill("#search", alias)
    overview.page.press("#search", "Enter")
    overview.page.wait_for_selector("#panel .name")
    assert overview.page.locator("#panel .name").inner_text() == G.nodes[node]["label"]


def test_clicking_a_node_opens_the_side_panel(fresh: Opened) -> None:
    page = fresh
    box = page.page.locator("#net").bounding_box()
    page.js(f"EDUKG.network.focus({JIANGNAN!r}, {{scale: 3, animation: false}})")
    pos = page.js(f"EDUKG.network.canvasToDOM(EDUKG.network.getPositions([{JIANGNAN!r}])[{JIANGNAN!r}])")
    page.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.page.wait_for_function("document.querySelector('#panel .name') !== null")
    assert page.page.locator("#panel .name").inner_text() == "江南大学"
    assert page.page.locator("#panel").is_visible()
    page.page.click("#close")
    assert not page.page.locator("#panel").is_visible()


def test_filters_hide_and_show_nodes(fresh: Opened) -> None:
    page = fresh.page
    page.locator("#classes input[data-type='Program']").uncheck()
    assert fresh.js("EDUKG.nodes.get({filter: n => n.type === 'Program' && !n.hidden}).length") == 0
    assert fresh.js("EDUKG.shown") > 50
    page.locator("#classes input[data-type='Program']").check()
    page.select_option("#doc-filter", "002")
    shown = fresh.js("EDUKG.nodes.get({filter: n => !n.hidden})")
    assert len(shown) > 30 and all("002" in n["docs"] for n in shown)
    page.select_option("#doc-filter", "")
    page.select_option("#year-filter", "2025")
    shown = fresh.js("EDUKG.nodes.get({filter: n => !n.hidden})")
    assert shown and all("004" in n["docs"] for n in shown)
    page.click("#show-all")
    assert len(fresh.js(DRAWN_CLUSTERS)) == 5


def test_english_toggle_relabels_nodes(overview: Opened) -> None:
    overview.page.locator("#lang-en").check()
    assert overview.js(f"EDUKG.nodes.get({JIANGNAN!r}).label") == "Jiangnan University"
    overview.page.locator("#lang-en").uncheck()
    assert overview.js(f"EDUKG.nodes.get({JIANGNAN!r}).label") == "江南大学"


def test_focus_view_with_cap_says_what_was_left_out(
    open_page: Callable[[Path], Opened], graph, tmp_path_factory: pytest.TempPathFactory
) -> None:
    view, page = viz(graph, ViewSpec(focus="江南大学", depth=2, max_nodes=6))
    path = tmp_path_factory.mktemp("views") / "focus.html"
    path.write_text(page, encoding="utf-8")
    opened = open_page(path)
    assert opened.errors == [] and opened.outside == []
    assert opened.js("EDUKG.nodes.length") == view.graph.number_of_nodes() == 6
    assert opened.page.locator("#note").inner_text() == view.note != ""
    assert opened.js("EDUKG.network.getSelectedNodes()") == [JIANGNAN]
    assert opened.page.locator("#panel .quote").count() >= 1


def test_document_view_is_the_overview_on_its_filter(
    open_page: Callable[[Path], Opened], built: Path
) -> None:
    opened = open_page(built / "edukg.html")
    opened.page.goto((built / "edukg.html").as_uri() + "#doc=002")
    opened.page.reload()
    opened.page.wait_for_function("window.EDUKG && EDUKG.settled && EDUKG.relayoutMs !== null", polling=100)
    assert opened.errors == [] and opened.outside == []
    assert opened.page.locator("#doc-filter").input_value() == "002"
    shown = opened.js("EDUKG.nodes.get({filter: n => !n.hidden})")
    assert len(shown) > 30 and all("002" in n["docs"] for n in shown)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ten real documents of other places and the seeds in one folder (catalogs merged), built."""
    from graph.pipeline import run_build

    if not REAL.is_dir():
        pytest.skip(f"{REAL} missing")
    src = tmp_path_factory.mktemp("mixed")
    entries = []
    for folder in (REAL, SEEDS):
        for f in sorted(folder.iterdir()):
            if f.name == "catalog.yaml":
                entries += yaml.safe_load(f.read_text(encoding="utf-8"))["documents"]
            elif f.is_file():
                shutil.copy(f, src / f.name)
    (src / "catalog.yaml").write_text(
        yaml.safe_dump({"documents": entries}, allow_unicode=True), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("mixed-out")
    run_build(src, out)
    return out


def test_first_screen_of_documents_of_several_places(
    open_page: Callable[[Path], Opened], mixed: Path
) -> None:
    opened = open_page(mixed / "edukg.html")
    assert opened.errors == [] and opened.outside == []
    first = opened.js(FIRST_SCREEN)
    assert len(first["top"]) == 20 and min(t["px"] for t in first["top"]) >= 12, first["top"]
    assert first["unlinked"] == []
    docs = opened.js("EDUKG.data.documents.length")
    assert docs == 15
    # every document is a closed cluster on the canvas or listed as standing apart, none opened
    apart = opened.page.locator("#docs li.apart").count()
    assert len(opened.js(DRAWN_CLUSTERS)) + apart == docs
    assert first["drawn"] < 150  # a map, not the 700 entities at once


HOSTILE = (
    "无锡市教育局2021年工作要点\n"
    "一、推进《<!--<script></script><script>alert(1)</script>》建设\n"
    "新建“<img src=x onerror=alert(2)>”学校12所。实施</script><b>x</b>计划。\n"
    '江南大学"><svg onload=alert(3)>附属中学建成，覆盖率达90%以上。\n'
)


def test_markup_in_a_document_is_shown_as_text_not_run(
    open_page: Callable[[Path], Opened], tmp_path: Path
) -> None:
    """A document's text lands in the page's embedded data and its cards: markup in it (a script's end
    tag, an HTML comment opening that would change how the browser reads the script) stays text."""
    from graph.pipeline import run_build

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(HOSTILE, encoding="utf-8")
    run_build(tmp_path / "seeds", tmp_path / "out", store=False)
    opened = open_page(tmp_path / "out" / "edukg.html")
    dialogs: list[str] = []
    opened.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    data = opened.js("JSON.stringify(EDUKG.data)")
    assert "<script>alert(1)</script>" in data and "<!--" in data  # read back as the text it was
    assert opened.js("document.querySelectorAll('img[src=x], svg[onload], b').length") == 0
    assert dialogs == [] and opened.errors == []
