"""Browser tests: Debian's Chromium, driven by Playwright, loads the dashboard over 127.0.0.1.

The server is uvicorn in a thread on a free loopback port; every wait is bounded. Screenshots
go to build/screenshots/ (CI keeps them as artefacts). Chromium is never downloaded: the tests
need /usr/bin/chromium (`apt-get install chromium`, which .ci/run does) and skip without it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, REPO
from explore_data import accuse_article
from newswatch.options import Options
from newswatch.runner import analyze
from newswatch.store import Store
from newswatch.web import Settings, create_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "build" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
WAIT_MS = 60_000  # the first analysis loads the spaCy model

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")


@contextmanager
def _serving(db: Path) -> Iterator[str]:
    """Serve the app over `db` with uvicorn in a thread; yield its URL."""
    import uvicorn

    app = create_app(Settings(db=db, options=Options.load()))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start in 20 s"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store holding the hand-built accuse article."""
    db = tmp_path_factory.mktemp("browser") / "news.db"
    with Store(db) as store:
        store.save([accuse_article()])
    with _serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store into which the example was analysed, as `newswatch analyze` does."""
    db = tmp_path_factory.mktemp("example") / "newswatch.db"
    options = Options.load(overrides={"store.db": str(db)})
    summary = analyze([str(EXAMPLE)], options, on_article=lambda a: None, on_skip=lambda s: None)
    assert summary.articles == 1
    with _serving(db) as url:
        yield url


@contextmanager
def _open(url: str) -> Iterator[Any]:
    """A fresh Chromium page with the dashboard at `url` loaded; the browser closed afterwards."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, timeout=30_000
        )
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1300})
            tab.set_default_timeout(WAIT_MS)
            errors: list[str] = []
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.goto(url, wait_until="load")
            tab.wait_for_selector("body[data-ready]")
            yield tab
            assert errors == [], errors
        finally:
            browser.close()


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    """The dashboard over the hand-built store."""
    with _open(server) as tab:
        yield tab


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_graph_events_and_timeline_render(page: Any) -> None:
    edges = page.locator("#graph-view path.edge")
    assert edges.count() == 3
    accuse = page.locator('#graph-view path.edge[data-type="ACCUSE"][data-target="RUS"]')
    assert {accuse.nth(i).get_attribute("data-source") for i in range(2)} == {"USAGOV", "GBRGOV"}
    labels = page.locator("#graph-view g.node text.names").all_text_contents()  # SVG: no innerText
    assert "James Mattis" in labels and "Michael Fallon" in labels
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 3
    assert page.locator("#timeline-view rect").count() == 2
    _shot(page, "dashboard-store.png")


def test_clicking_a_node_filters_and_evidence_links_open(page: Any) -> None:
    page.locator('#graph-view g.node[data-code="GBRGOV"]').click()
    page.wait_for_function("document.querySelectorAll('#events-table tbody tr').length === 1")
    assert (
        page.locator("#events-table tbody tr td").nth(2).inner_text().startswith("Michael Fallon")
    )
    assert page.locator("#event-filters input[name=actor]").input_value() == "GBRGOV"
    page.locator("#events-table tbody tr td.evidence-cell a").click()
    page.wait_for_selector("#article-view .evidence")
    evidence = "".join(page.locator("#article-view .evidence").all_inner_texts())
    assert evidence == "Sir Michael Fallon said Russia was testing NATO."


def test_hover_shows_the_record_and_links_speaker(page: Any) -> None:
    quote = page.locator('#article-view span.quote[data-quote="Q1"]').first
    quote.hover()
    assert "speaker: Michael Fallon" in page.locator("#tooltip").inner_text()
    linked = page.locator("#article-view .linked[data-speaker-of]")
    assert linked.count() >= 1 and "Fallon" in linked.first.inner_text()


def test_paste_the_example_article(page: Any) -> None:
    page.fill("#paste-text", EXAMPLE.read_text("utf-8"))
    page.fill("#paste-date", "2017-03-31")
    page.click("#analyze-btn")
    page.wait_for_function(
        "document.querySelector('#paste-status').textContent.startsWith('analysed')"
        " || document.querySelector('#paste-status').classList.contains('error')"
    )
    assert page.inner_text("#paste-status").startswith("analysed"), page.inner_text("#paste-status")
    assert "UK and US accuse Russia" in page.inner_text("#article-title")
    _shot(page, "dashboard-example.png")
    quotes = page.locator("#article-view span.quote")
    assert quotes.count() >= 5
    speakers = page.locator("#article-view span.actor[data-speaker-of]").all_inner_texts()
    assert any("Mattis" in s for s in speakers) and any("Fallon" in s for s in speakers)
    assert page.locator("#article-list li").count() == 2
    pasted = page.locator("#article-list li.current").get_attribute("data-id")
    assert page.locator(f'#events-table tbody tr[data-article="{pasted}"]').count() >= 5


def _node_names(page: Any, code: str) -> str:
    node = page.locator(f'#graph-view g.node[data-code="{code}"]')
    return str(node.get_attribute("data-names"))


def test_done_when_the_example_shows_who_accused_russia(example_server: str) -> None:
    """Issue 7: analyse the example, serve, open: Mattis and Fallon linked by ACCUSE to RUS."""
    with _open(example_server) as page:
        assert "UK and US accuse Russia" in page.inner_text("#article-title")
        into_russia = page.locator('#graph-view path.edge[data-type="ACCUSE"][data-target="RUS"]')
        sources = {
            into_russia.nth(i).get_attribute("data-source") for i in range(into_russia.count())
        }
        assert {"USAGOV", "GBRGOV"} <= sources
        assert "James Mattis" in _node_names(page, "USAGOV")
        assert "Michael Fallon" in _node_names(page, "GBRGOV")
        # The quotes are attributed: each of the two has a quote linked to their mention.
        speakers = page.locator("#article-view span.actor[data-speaker-of]").all_inner_texts()
        assert any("Mattis" in s for s in speakers) and any("Fallon" in s for s in speakers)
        quotes = page.locator("#quotes-list li").all_inner_texts()
        assert any(q.startswith("James Mattis") for q in quotes)
        assert any(q.startswith("Michael Fallon") for q in quotes)
        # The events are listed with their evidence.
        accuse = page.locator('#events-table tbody tr[data-type="ACCUSE"]')
        texts = accuse.all_inner_texts()
        assert any("James Mattis" in t and "Russia (RUS)" in t for t in texts)
        assert any("Michael Fallon" in t and "Russia (RUS)" in t for t in texts)
        _shot(page, "done-when-example.png")
        page.locator("#graph").screenshot(path=str(SHOTS / "done-when-graph.png"))
        page.locator('#graph-view g.node[data-code="GBRGOV"]').click()
        page.wait_for_function(
            "[...document.querySelectorAll('#events-table tbody tr td:nth-child(3)')]"
            ".every(td => td.textContent.includes('(GBRGOV)') ||"
            " td.parentElement.textContent.includes('(GBRGOV)'))"
        )
        page.locator('#events-table tbody tr[data-type="ACCUSE"] td.evidence-cell a').first.click()
        page.wait_for_selector("#article-view .evidence")
        _shot(page, "done-when-fallon.png")
