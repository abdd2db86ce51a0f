"""Graph pages in real headless Chromium (Debian's /usr/bin/chromium driven by playwright).

Skipped when playwright or /usr/bin/chromium is missing; .ci/run installs both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.viz import ARGS
from benchmarks.viz import CHROMIUM as CHROMIUM_PATH
from graph.views.scope import ViewSpec, to_networkx
from graph.views.site import viz

pytestmark = pytest.mark.browser

CHROMIUM = Path(CHROMIUM_PATH)
JIANGNAN = "https://w3id.org/edukg/id/university/jiangnan-university"


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


def test_overview_loads_offline_without_errors(overview: Opened, graph) -> None:
    assert overview.errors == []
    assert overview.outside == []
    n = to_networkx(graph).number_of_nodes()
    assert overview.js("EDUKG.nodes.length") == overview.js("EDUKG.data.nodes.length") == n
    assert overview.js("EDUKG.network.body.nodeIndices.length") == n
    assert overview.js("EDUKG.network.physics.options.enabled") is False  # settled, then stopped
    assert overview.page.locator("#classes input").count() >= 10


def test_search_selects_the_node_and_panel_shows_a_seed_quote(overview: Opened) -> None:
    overview.page.fill("#search", "江南大学")
    overview.page.wait_for_function("EDUKG.network.getSelectedNodes().length === 1")
    assert overview.js("EDUKG.network.getSelectedNodes()") == [JIANGNAN]
    panel = overview.page.locator("#panel")
    assert panel.locator(".name").inner_text() == "江南大学"
    quote = panel.locator(".quote").first.inner_text()
    assert "江南大学" in quote and "document 00" in quote and "chars " in quote
    assert "University" in panel.inner_text() and "Jiangnan University" in panel.inner_text()


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
    overview.page.wait_for_function(f"EDUKG.network.getSelectedNodes()[0] === {str(node)!r}")
    assert overview.page.locator("#panel .name").inner_text() == G.nodes[node]["label"]


def test_clicking_a_node_opens_the_side_panel(open_page: Callable[[Path], Opened], built: Path) -> None:
    page = open_page(built / "edukg.html")  # a fresh page: no search state from the other tests
    box = page.page.locator("#net").bounding_box()
    page.js("EDUKG.network.setOptions({physics: false})")  # the node must stay where it is clicked
    page.js(f"EDUKG.network.focus({JIANGNAN!r}, {{scale: 3, animation: false}})")
    pos = page.js(f"EDUKG.network.canvasToDOM(EDUKG.network.getPositions([{JIANGNAN!r}])[{JIANGNAN!r}])")
    page.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.page.wait_for_function("document.querySelector('#panel .name') !== null")
    assert page.page.locator("#panel .name").inner_text() == "江南大学"
    assert page.page.locator("#panel").is_visible()
    page.page.click("#close")
    assert not page.page.locator("#panel").is_visible()


def test_filters_hide_and_show_nodes(overview: Opened, graph) -> None:
    G = to_networkx(graph)
    n = G.number_of_nodes()
    programs = sum(1 for _, t in G.nodes(data="type") if t == "Program")
    page = overview.page
    page.locator("#classes input[data-type='Program']").uncheck()
    assert overview.js("EDUKG.shown") == n - programs
    assert overview.js("EDUKG.nodes.get({filter: n => n.hidden}).length") == programs
    page.locator("#classes input[data-type='Program']").check()
    page.select_option("#doc-filter", "002")
    assert overview.js("EDUKG.shown") == sum(1 for _, d in G.nodes(data="docs") if "002" in d)
    page.select_option("#doc-filter", "")
    page.select_option("#year-filter", "2025")
    assert overview.js("EDUKG.shown") == sum(1 for _, d in G.nodes(data="docs") if "004" in d)
    page.select_option("#year-filter", "")
    assert overview.js("EDUKG.shown") == n


def test_english_toggle_relabels_nodes(overview: Opened) -> None:
    overview.page.locator("#lang-en").check()
    assert overview.js(f"EDUKG.nodes.get({JIANGNAN!r}).label") == "Jiangnan University"
    overview.page.locator("#lang-en").uncheck()
    assert overview.js(f"EDUKG.nodes.get({JIANGNAN!r}).label") == "江南大学"


def test_focus_view_with_cap_says_what_was_left_out(
    open_page: Callable[[Path], Opened], graph, tmp_path_factory: pytest.TempPathFactory
) -> None:
    view, page = viz(graph, ViewSpec(focus="江南大学", depth=2, max_nodes=12))
    path = tmp_path_factory.mktemp("views") / "focus.html"
    path.write_text(page, encoding="utf-8")
    opened = open_page(path)
    assert opened.errors == [] and opened.outside == []
    assert opened.js("EDUKG.nodes.length") == view.graph.number_of_nodes() == 12
    assert opened.page.locator("#note").inner_text() == view.note != ""
    assert opened.js("EDUKG.network.getSelectedNodes()") == [JIANGNAN]
    assert opened.page.locator("#panel .quote").count() >= 1


def test_document_view_loads(open_page: Callable[[Path], Opened], built: Path) -> None:
    opened = open_page(built / "views" / "doc-002.html")
    assert opened.errors == [] and opened.outside == []
    n = opened.js("EDUKG.data.nodes.length")
    assert n > 10 and opened.js("EDUKG.nodes.get().every(n => n.docs.includes('002'))")
