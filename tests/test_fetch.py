"""Tests of `newswatch fetch` and `newswatch watch` against a local HTTP server.

Every request goes to a ThreadingHTTPServer this file starts on 127.0.0.1; proxies from the
environment are removed so nothing else is contacted. Timeouts, retries and back-offs are
tiny (see `CONFIG`), so the whole file runs in seconds.
"""

from __future__ import annotations

import html
import random
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, assert_contract
from newswatch.errors import NewswatchError, Skip
from newswatch.feeds import parse_feed, parse_interval
from newswatch.fetch import Fetcher, Response, check_url, is_html, user_agent
from newswatch.options import Options
from newswatch.store import MIGRATIONS, Store

CONFIG = """
[fetch]
connect_timeout = 1.0
read_timeout = 0.3
total_timeout = 5.0
retries = 1
backoff = 0.01
max_wait = 0.05
max_bytes = 100000
max_redirects = 5
min_delay = 0
"""
SLOW_SECONDS = 1.0  # longer than read_timeout


def page(title: str, standfirst: str, paragraphs: list[str], *, published: str) -> bytes:
    """A small news page in the usual shape: navigation, article, footer."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Local News</title>
<meta property="article:published_time" content="{published}T09:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{html.escape(title)}</h1><p class="standfirst">{html.escape(standfirst)}</p>
{body}</article>
<footer>© Local News Ltd. All rights reserved. Privacy policy. Cookie settings.</footer>
</body></html>""".encode()


def russia_page() -> bytes:
    """The bundled example article wrapped in HTML."""
    lines = [line for line in EXAMPLE.read_text("utf-8").splitlines() if line.strip()]
    return page(lines[0], lines[1], lines[2:], published="2017-03-31")


STORIES = {
    "budget": page(
        "Council approves budget after late-night debate",
        "Spending on roads and schools rises while library hours are cut",
        [
            "The city council approved its annual budget on Tuesday after a debate that ran "
            "past midnight, with councillors voting 31 to 12 in favour of the plan.",
            "The budget raises spending on road repairs by 8 per cent and gives schools an "
            "extra £4 million, the council's finance director, Helen Clarke, told the meeting.",
            "Opposition members criticised cuts to library opening hours, saying the decision "
            "would hurt families who rely on the buildings for study and internet access.",
            "“We have made hard choices, but we have protected the services people use most,” "
            "said the council leader, Mark Evans, after the vote.",
        ],
        published="2024-02-06",
    ),
    "flood": page(
        "Hundreds evacuated as river bursts its banks",
        "Emergency services warn that more rain is expected overnight",
        [
            "Hundreds of residents were evacuated from their homes on Sunday after the river "
            "burst its banks following three days of heavy rain across the region.",
            "Fire crews used boats to rescue people trapped in houses near the town centre, "
            "and a school was opened as a shelter for families who had nowhere else to go.",
            "The Environment Agency issued 14 severe flood warnings and said river levels "
            "would stay high until at least Tuesday, with more rain forecast overnight.",
            "Local businesses said the damage would take months to repair, and called on the "
            "government to release emergency funds for the clean-up as soon as possible.",
        ],
        published="2024-01-14",
    ),
    "trade": page(
        "Exports fall for a third month as demand weakens",
        "Manufacturers blame higher energy costs and slower growth abroad",
        [
            "Exports fell for a third consecutive month in March, official figures showed on "
            "Thursday, as weaker demand in Europe and Asia weighed on manufacturers.",
            "The value of goods sold abroad dropped by 2.3 per cent compared with February, "
            "with machinery and chemicals recording the largest declines.",
            "Industry groups said higher energy costs had made factories less competitive, "
            "and urged ministers to extend support schemes that are due to expire in June.",
            "Economists said the figures increased the chance that the central bank would "
            "cut interest rates later this year to support growth.",
        ],
        published="2024-04-11",
    ),
    "election": page(
        "Polls open in closely fought regional election",
        "Turnout is expected to be high after a campaign dominated by housing",
        [
            "Voters went to the polls on Thursday in a regional election that opinion surveys "
            "suggest is too close to call between the two largest parties.",
            "Housing costs dominated the campaign, with both parties promising to build tens "
            "of thousands of new homes and to cap rents for young families.",
            "Election officials said turnout by midday was higher than at the last vote four "
            "years ago, and that counting would begin as soon as polling stations closed.",
            "The result is expected early on Friday morning, when the regional parliament's "
            "new members will be announced at a ceremony in the capital.",
        ],
        published="2024-05-02",
    ),
}


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (path, title, RFC 822 date) items, links relative to the feed."""
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{path}</link>"
        f"<pubDate>{date}</pubDate><guid>{path}</guid></item>"
        for path, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Local News</title><link>/</link><description>Top stories</description>"
        f"{entries}</channel></rss>"
    ).encode()


FIRST = ("/news/budget.html", "Council approves budget", "Tue, 06 Feb 2024 09:30:00 GMT")
SECOND = ("/news/flood.html", "Hundreds evacuated", "Sun, 14 Jan 2024 18:00:00 GMT")
THIRD = ("/news/trade.html", "Exports fall", "Thu, 11 Apr 2024 07:00:00 GMT")
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Local News</title><id>urn:local-news</id>
<updated>2024-05-02T10:00:00Z</updated>
<entry><title>Polls open in closely fought regional election</title><id>urn:election</id>
<link rel="alternate" href="/news/election.html"/><published>2024-05-02T06:00:00Z</published>
<updated>2024-05-02T10:00:00Z</updated></entry></feed>"""
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
GARBAGE = random.Random(7).randbytes(4000)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@dataclass
class Site:
    """The state of the local server: requests seen, and what some answers depend on."""

    robots_status: int = 200
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def hits(self, path: str) -> int:
        """How many requests `path` (with its query) received."""
        with self.lock:
            return sum(1 for seen, _ in self.requests if seen == path)

    def url(self, path: str) -> str:
        return self.base + path


class Handler(BaseHTTPRequestHandler):
    """Routes of the local news site, good and bad."""

    site: Site
    server_version = "LocalNews/1.0"

    def do_GET(self) -> None:
        with self.site.lock:
            self.site.requests.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path.split("?", 1)[0]
        story = path.rsplit("/", 1)[-1].removesuffix(".html")
        if path == "/robots.txt":
            self.send(ROBOTS, "text/plain", status=self.site.robots_status)
        elif path == "/news/russia.html":
            self.send(russia_page())
        elif path.startswith(("/news/", "/private/")) and story in STORIES:
            self.send(STORIES[story])
        elif path == "/private/secret.html":
            self.send(STORIES["budget"])
        else:
            self.special(path)

    def special(self, path: str) -> None:
        """The routes that are not plain pages."""
        redirects = {"/r1": "/r2", "/r2": "r3", "/r3": "/news/trade.html", "/loop": "/loop"}
        if path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[path])
            self.end_headers()
        elif path == "/flaky.html" and self.site.hits(self.path) == 1:  # the first request
            self.send(b"busy", "text/plain", status=503, retry_after="0")
        elif path == "/flaky.html":
            self.send(STORIES["flood"])
        elif path in FEEDS:
            self.send(FEEDS[path](self.site.hits(self.path)), "application/rss+xml")
        else:
            self.bad(path)

    def bad(self, path: str) -> None:
        """The routes that misbehave."""
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            self.send(STORIES["budget"])
        elif path == "/garbage.html":
            self.send(GARBAGE)
        elif path == "/truncated.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(STORIES["trade"][:200])  # then the connection closes
        elif path == "/big.html":
            self.send(b"<html><body>" + b"<p>Filler text.</p>" * 10000 + b"</body></html>")
        elif path == "/image.png":
            self.send(PNG, "image/png")
        else:
            self.send(b"<h1>Not found</h1>", status=404)

    def send(
        self,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        *,
        status: int = 200,
        retry_after: str | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


def growing_feed(hits: int) -> bytes:
    """Two items on the first request, a third from the second request on."""
    return rss([FIRST, SECOND] if hits <= 1 else [THIRD, FIRST, SECOND])


FEEDS: dict[str, Callable[[int], bytes]] = {
    "/feed.rss": lambda hits: rss([FIRST, SECOND]),
    "/growing.rss": growing_feed,
    "/feed.atom": lambda hits: ATOM,
    "/not-a-feed.xml": lambda hits: STORIES["budget"],
}


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client hanging up on /slow.html is expected


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = QuietServer(("127.0.0.1", 0), handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables; requests must go straight to 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as started:
        yield started


@pytest.fixture
def config(tmp_path: Path) -> str:
    path = tmp_path / "fetch.toml"
    path.write_text(CONFIG, "utf-8")
    return str(path)


def skip_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("newswatch: skipped ")]


def fetched_rows(db: Path) -> list[tuple[str, str | None, str]]:
    with sqlite3.connect(db) as conn:
        query = "SELECT url, article_id, status FROM fetched ORDER BY url"
        return list(conn.execute(query))


# --- fetch ---------------------------------------------------------------------------------


def test_good_pages_become_articles_and_each_bad_one_is_one_skip(
    run: Any, site: Site, config: str
) -> None:
    good = ["/news/russia.html", "/news/budget.html", "/r1", "/flaky.html"]
    bad = {
        "/private/secret.html": "robots.txt disallows (/private/secret.html)",
        "/slow.html": "timeout",
        "/garbage.html": "binary file",
        "/truncated.html": "connection failed",
        "/loop": "too many redirects (more than 5)",
        "/big.html": "too large",
        "/missing.html": "HTTP status (404)",
        "/image.png": "not HTML (image/png)",
    }
    urls = [site.url(path) for path in [*good, *bad]] + ["ftp://127.0.0.1/x", "no-url"]
    result = run("fetch", *urls, "--config", config, "--no-db")

    assert result.code == 0, result.err
    articles = result.lines()
    assert [a["source"]["path"] for a in articles] == [site.url(p) for p in good]
    for article in articles:
        assert_contract(article)
    assert articles[0]["title"].startswith("UK and US accuse Russia")
    assert articles[0]["published"] == "2017-03-31"
    assert "Mattis" in articles[0]["text"]
    assert articles[2]["source"]["url"] == site.url("/news/trade.html")  # the final URL
    lines = skip_lines(result.err)
    assert len(lines) == len(bad) + 2
    for path, reason in bad.items():
        assert f"newswatch: skipped {site.url(path)}: {reason}" in "\n".join(lines)
    assert "skipped ftp://127.0.0.1/x: bad URL" in result.err
    assert "skipped no-url: bad URL" in result.err
    assert "4 articles" in result.err.splitlines()[-1]
    assert "10 skipped" in result.err.splitlines()[-1]


def test_politeness(run: Any, site: Site, config: str) -> None:
    urls = [site.url(p) for p in ("/news/budget.html", "/private/secret.html", "/flaky.html")]
    result = run("fetch", *urls, "--config", config, "--no-db")
    assert result.code == 0, result.err
    assert site.hits("/robots.txt") == 1  # once per host and run
    assert site.hits("/private/secret.html") == 0
    assert site.hits("/flaky.html") == 2  # 503, then retried
    agents = {agent for _, agent in site.requests}
    assert len(agents) == 1
    assert agents.pop().startswith("newswatch/")
    assert user_agent(Options.load().fetch).endswith("(+news analysis; respects robots.txt)")


def test_fetch_twice_stores_once(run: Any, site: Site, config: str, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    urls = [site.url("/news/russia.html"), site.url("/news/budget.html")]
    first = run("fetch", *urls, "--config", config, "--db", str(db))
    assert first.code == 0 and len(first.lines()) == 2, first.err
    with Store(db) as store:
        counts = store.counts()
    rows = fetched_rows(db)
    assert [status for _, _, status in rows] == ["analysed", "analysed"]

    second = run("fetch", *urls, "--config", config, "--db", str(db))
    assert second.code == 0, second.err
    assert second.out == "" and skip_lines(second.err) == []  # "already stored" is quiet
    assert "2 skipped (already stored: 2)" in second.err
    assert site.hits("/news/russia.html") == 1 and site.hits("/news/budget.html") == 1
    with Store(db) as store:
        assert store.counts() == counts
    assert fetched_rows(db) == rows

    refreshed = run("fetch", *urls, "--config", config, "--db", str(db), "--refresh", "-q")
    assert refreshed.code == 0 and len(refreshed.lines()) == 2
    assert site.hits("/news/budget.html") == 2
    with Store(db) as store:
        assert store.counts() == counts


def test_same_body_at_two_urls_is_analysed_once(
    run: Any, site: Site, config: str, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    urls = [site.url("/news/budget.html"), site.url("/news/budget.html?utm_source=feed")]
    result = run("fetch", *urls, "--config", config, "--db", str(db), "-v")
    assert result.code == 0 and len(result.lines()) == 1
    assert f"skipped {urls[1]}: already stored (same content" in result.err  # shown with -v
    statuses = {url: status for url, _, status in fetched_rows(db)}
    assert statuses == {urls[0]: "analysed", urls[1]: "duplicate"}


def test_downloaded_pages_that_are_not_articles_are_recorded(
    run: Any, site: Site, config: str, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    urls = [site.url("/garbage.html"), site.url("/image.png"), site.url("/missing.html")]
    first = run("fetch", *urls, "--config", config, "--db", str(db))
    assert first.code == 2 and len(skip_lines(first.err)) == 3
    statuses = {url: status for url, _, status in fetched_rows(db)}
    # Only HTML pages are recorded; the others are asked for again by the next run.
    assert statuses == {urls[0]: "skipped: binary file"}
    second = run("fetch", *urls, "--config", config, "--db", str(db))
    assert [line.rsplit(": ", 1)[-1] for line in skip_lines(second.err)] == [
        "not HTML (image/png)",
        "HTTP status (404)",
    ]
    assert site.hits("/garbage.html") == 1 and site.hits("/image.png") == 2


def test_nothing_analysed_exits_2(run: Any, site: Site, config: str) -> None:
    result = run("fetch", site.url("/missing.html"), "--config", config, "--no-db")
    assert result.code == 2
    assert skip_lines(result.err) == [
        f"newswatch: skipped {site.url('/missing.html')}: HTTP status (404)"
    ]


def test_unavailable_robots_txt_disallows_the_host(run: Any, config: str) -> None:
    with serve(Site(robots_status=503)) as site:
        result = run("fetch", site.url("/news/budget.html"), "--config", config, "--no-db")
        assert result.code == 2
        assert "robots.txt disallows (robots.txt unavailable (HTTP 503)" in result.err
        assert site.hits("/news/budget.html") == 0
        assert site.hits("/robots.txt") == 2  # retried once, as a 5xx page would be


def test_missing_robots_txt_allows_all(run: Any, config: str) -> None:
    with serve(Site(robots_status=404)) as site:
        result = run("fetch", site.url("/private/budget.html"), "--config", config, "--no-db")
        assert result.code == 0 and len(result.lines()) == 1, result.err


def test_unreachable_host_is_connection_failed(run: Any, config: str) -> None:
    with socket.socket() as sock:  # a port nobody listens on once it is closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news.html"
    result = run("fetch", url, url.replace("news", "other"), "--config", config, "--no-db")
    assert result.code == 2
    lines = skip_lines(result.err)
    assert len(lines) == 2 and all(": connection failed" in line for line in lines)


# --- watch ---------------------------------------------------------------------------------


def test_watch_processes_only_new_items(run: Any, site: Site, config: str, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    args = ("--every", "0s", "--polls", "2", "--config", config, "--db", str(db))
    result = run("watch", site.url("/growing.rss"), *args)
    assert result.code == 0, result.err
    polls = [line for line in result.err.splitlines() if line.startswith("newswatch: poll")]
    assert len(polls) == 2
    assert polls[0].startswith("newswatch: poll 1: 2 articles")
    assert polls[1].startswith("newswatch: poll 2: 1 article,")
    articles = result.lines()
    paths = [a["source"]["path"] for a in articles]
    assert paths == [site.url(p) for p in (FIRST[0], SECOND[0], THIRD[0])]
    assert articles[0]["title"] == "Council approves budget"  # the feed's title
    assert articles[2]["published"] == "2024-04-11"
    assert site.hits("/growing.rss") == 2
    assert all(site.hits(path) == 1 for path, _, _ in (FIRST, SECOND, THIRD))
    assert len(fetched_rows(db)) == 3


def test_watch_reads_atom_and_skips_a_bad_feed(run: Any, site: Site, config: str) -> None:
    feeds = [site.url("/feed.atom"), site.url("/not-a-feed.xml"), site.url("/missing.xml")]
    result = run("watch", *feeds, "--polls", "1", "--config", config, "--no-db", "-q")
    assert result.code == 0, result.err
    assert [a["source"]["path"] for a in result.lines()] == [site.url("/news/election.html")]
    lines = skip_lines(result.err)
    assert len(lines) == 2
    assert lines[0].startswith(f"newswatch: skipped {feeds[1]}: bad feed")
    assert lines[1] == f"newswatch: skipped {feeds[2]}: HTTP status (404)"


def test_watch_rejects_a_bad_interval(run: Any) -> None:
    result = run("watch", "http://127.0.0.1:9/feed.rss", "--every", "soon")
    assert result.code == 1
    assert "E011" in result.err


# --- units ---------------------------------------------------------------------------------


def test_parse_rss_and_atom() -> None:
    entries = parse_feed(rss([FIRST, SECOND]), "http://127.0.0.1:1/feeds/top.rss")
    assert [e.url for e in entries] == [
        "http://127.0.0.1:1/news/budget.html",
        "http://127.0.0.1:1/news/flood.html",
    ]
    assert entries[0].title == "Council approves budget"
    assert entries[0].published == "2024-02-06"
    (atom,) = parse_feed(ATOM, "http://127.0.0.1:1/feed.atom")
    assert atom.url == "http://127.0.0.1:1/news/election.html"
    assert atom.published == "2024-05-02"


@pytest.mark.parametrize("data", [b"", GARBAGE, b"<html><body>Not a feed</body></html>"])
def test_broken_feed_is_bad_feed(data: bytes) -> None:
    with pytest.raises(Skip) as info:
        parse_feed(data, "http://127.0.0.1:1/feed.rss")
    assert info.value.reason == "bad feed"


def test_feedparser_never_opens_a_path(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss([FIRST]))
    with pytest.raises(Skip, match="bad feed"):
        parse_feed(str(secret).encode(), "http://127.0.0.1:1/feed.rss")


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30.0), ("15m", 900.0), ("1h", 3600.0), ("0s", 0.0)]
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "m", "-1m", "1d", "fifteen minutes"])
def test_parse_interval_rejects(text: str) -> None:
    with pytest.raises(NewswatchError, match=r"^E011"):
        parse_interval(text)


@pytest.mark.parametrize("url", ["no-url", "ftp://127.0.0.1/x", "http://", "file:///etc/passwd"])
def test_check_url_rejects(url: str) -> None:
    with pytest.raises(Skip, match="bad URL"):
        check_url(url)


def test_backoff_grows_with_jitter_and_honours_retry_after_up_to_a_cap() -> None:
    options = Options.load(overrides={"fetch.backoff": 1.0, "fetch.max_wait": 10.0})
    fetcher = Fetcher(options.fetch, 1000)
    try:
        assert 1.0 <= fetcher._backoff(0, None) <= 2.0
        assert 4.0 <= fetcher._backoff(2, None) <= 8.0
        assert fetcher._backoff(5, None) == 10.0
        assert fetcher._backoff(0, 3.0) == 3.0
        assert fetcher._backoff(0, 3600.0) == 10.0
    finally:
        fetcher.close()


def test_min_delay_between_requests_to_one_host(site: Site) -> None:
    options = Options.load(overrides={"fetch.min_delay": 5.0})
    waits: list[float] = []
    fetcher = Fetcher(options.fetch, 100_000, sleep=waits.append)
    try:
        fetcher.get(site.url("/news/budget.html"))
        fetcher.get(site.url("/news/flood.html"))
    finally:
        fetcher.close()
    # robots.txt, then the first page (a wait), then the second (a wait).
    assert len(waits) == 2 and all(4.0 < wait <= 5.0 for wait in waits)


def test_is_html() -> None:
    page = STORIES["budget"]
    assert is_html(Response("u", 200, "text/html; charset=utf-8", page))
    assert is_html(Response("u", 200, "application/xhtml+xml", page))
    assert is_html(Response("u", 200, "", page))  # no Content-Type: sniffed
    assert not is_html(Response("u", 200, "application/json", b"{}"))


def test_fetch_options_load(tmp_path: Path) -> None:
    options = Options.load()
    assert options.fetch.max_redirects == 5 and options.fetch.max_bytes == 0
    path = tmp_path / "o.toml"
    path.write_text("[fetch]\nread_timeout = 2\n", "utf-8")
    assert Options.load(path).fetch.read_timeout == 2.0  # an int where a float is expected
    with pytest.raises(NewswatchError, match=r"^E006"):
        Options.load(overrides={"fetch.retries": -1})


def test_store_remembers_fetches(tmp_path: Path) -> None:
    with Store(tmp_path / "news.db") as store:
        assert "m002_fetched" in [m.name for m in MIGRATIONS.applied(store.db)]
        assert not store.seen_url("http://127.0.0.1:1/a") and not store.seen_content("ab")
        store.record_fetch("http://127.0.0.1:1/a", "ab", None, "fetched")
        store.record_fetch("http://127.0.0.1:1/a", "ab", "75974daa6dbb9026", "analysed")
        assert store.seen_url("http://127.0.0.1:1/a") and store.seen_content("ab")
        row = next(store.db.table("fetched").rows)
        assert row["article_id"] == "75974daa6dbb9026" and row["status"] == "analysed"
        assert store.db.table("fetched").count == 1
