"""The query page in real headless Chromium (Debian's /usr/bin/chromium driven by playwright), served by
`edukg serve`: it loads with no request outside the endpoint, runs a named query from the gallery and
typed queries, pages and downloads results, and a click on an IRI opens the entity's card.

Under the page's CSP playwright's wait_for_function cannot run (it evals), so conditions are polled
with page.evaluate.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks.viz import ARGS
from benchmarks.viz import CHROMIUM as CHROMIUM_PATH
from graph.cli import main
from graph.serve import EndpointServer, make_server
from graph.sparql import run_named

pytestmark = pytest.mark.browser
CHROMIUM = Path(CHROMIUM_PATH)
SHOWN = (
    "[...document.querySelectorAll('.yasr table.dataTable tbody tr')].filter(e => e.offsetParent !== null)"
)
ROWS = SHOWN + ".length"


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[EndpointServer]:
    s = make_server(built / "edukg.ttl", port=0, timeout=10.0, workers=2, quiet=True)
    threading.Thread(target=s.serve_forever, daemon=True).start()
    yield s
    s.shutdown()
    s.close()


@pytest.fixture(scope="module")
def page(server: EndpointServer) -> Iterator[tuple[Any, list[str], list[str]]]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing (apt-get install chromium)")
    outside: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
        pg = context.new_page()

        def route(r: Any) -> None:
            if r.request.url.startswith(server.url + "/"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        pg.route("**/*", route)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield pg, outside, errors
        browser.close()


def until(pg: Any, expr: str, timeout: float = 30) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = pg.evaluate(expr)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {expr}")


def run_typed(pg: Any, query: str) -> None:
    pg.evaluate(
        "q => [...document.querySelectorAll('.yasqe .CodeMirror')].find(e => e.offsetParent !== null)"
        ".CodeMirror.setValue(q)",
        query,
    )
    pg.click(".yasqe_queryButton:visible")


def test_page_loads_from_the_endpoint_only(page, server) -> None:
    pg, outside, errors = page
    pg.goto(server.url + "/")
    until(pg, "document.querySelector('.yasqe .CodeMirror') !== null")
    assert pg.locator("form.named").count() >= 10
    assert outside == [] and errors == []


def test_named_query_from_the_gallery_with_its_typed_form(page, server, graph) -> None:
    pg, outside, _ = page
    form = pg.locator('form.named[data-name="plans-covering-year"]')
    form.locator('input[name="year"]').fill("2024")
    form.locator("button").click()
    expected = run_named(graph, "plans-covering-year", {"year": "2024"}).rows
    until(pg, f"{ROWS} === {len(expected)}")
    tab = pg.locator(".tabPanel.active, .tab.active").first.inner_text()
    assert "plans-covering-year" in tab
    table = pg.locator(".yasr table.dataTable").inner_text()
    for row in expected:
        assert row[-1] in table or row[0] in table
    share = pg.get_attribute("#share", "href")
    assert share == "/?q=plans-covering-year&year=2024"
    assert pg.url.endswith(share)
    assert outside == []


def test_typed_query_pages_and_downloads(page, tmp_path: Path) -> None:
    pg, outside, _ = page
    run_typed(pg, "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s LIMIT 120")
    until(pg, f"{ROWS} === 50")  # the first page of three
    assert "query=SELECT" in pg.get_attribute("#share", "href")
    pg.locator(".yasr .dt-paging button:visible, .yasr .paginate_button:visible").filter(
        has_text="2"
    ).first.click()
    until(pg, f"{ROWS} === 50 && {SHOWN}[0].querySelector('td').textContent.trim() === '51'")
    with pg.expect_download() as dl:
        pg.click(".yasr_downloadIcon:visible")
    path = tmp_path / "out.csv"
    dl.value.save_as(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '"s","label"' and len(lines) == 121
    assert outside == []


def test_an_id_from_show_pastes_into_the_page_and_an_iri_opens_its_card(page, server, built: Path) -> None:
    pg, outside, _ = page
    out = CliRunner().invoke(main, ["show", "--graph", str(built / "edukg.ttl"), "无锡学院"]).output
    ident = re.search(r"iri:\s+(<\S+>)", out).group(1)  # type: ignore[union-attr]
    run_typed(pg, f"SELECT ?p ?o WHERE {{ {ident} ?p ?o }} ORDER BY ?p")
    until(pg, f"{ROWS} > 3")
    link = pg.locator(".yasr a.iri:visible", has_text="<https://w3id.org/edukg/id/place/").first
    target = link.get_attribute("title")
    link.click()
    until(pg, "location.pathname === '/card'")
    assert pg.locator("#iri").inner_text() == f"<{target}>"
    assert pg.locator("#title").inner_text().startswith("无锡")
    assert outside == []
