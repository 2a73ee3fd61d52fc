"""RSS and Atom feeds: their entries, and watching feeds for new articles.

Feeds are parsed with feedparser from bytes the `Fetcher` downloaded, so robots.txt, timeouts
and size limits apply to them too; feedparser itself never opens a URL or a file. `watch`
polls feeds at an interval and sends only entries not fetched before through the pipeline.
"""

from __future__ import annotations

import io
import itertools
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser  # type: ignore[import-untyped]

from newswatch.errors import E, NewswatchError, Skip
from newswatch.fetch import Fetcher, Session, Sleep
from newswatch.ingest import Document, Skipped
from newswatch.options import Options
from newswatch.runner import OnArticle, OnSkip, Summary

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh])\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}

OnPoll = Callable[[int, Summary], None]


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed item: the article's absolute URL, its title and its publication date."""

    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD


def parse_interval(text: str) -> float:
    """Seconds in "30s", "15m" or "1h" (E011 otherwise)."""
    match = _INTERVAL.match(text)
    if match is None:
        raise NewswatchError(E.E011, value=text)
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def parse_feed(data: bytes, url: str) -> list[Entry]:
    """The entries of an RSS or Atom document; Skip("bad feed") when it is neither."""
    # A stream, never bytes or str: feedparser would open a str URL, or bytes as a file name.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url})
    # A feed with a syntax error still counts when the lenient parser recovered its entries.
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception") or "not an RSS or Atom document"
        raise Skip("bad feed", str(problem).splitlines()[0] if str(problem) else "empty")
    entries = (_entry(raw, url) for raw in parsed.entries)
    return [entry for entry in entries if entry is not None]


def _entry(raw: Any, base: str) -> Entry | None:
    """An Entry, or None for an item without a link (nothing to fetch)."""
    link = (raw.get("link") or "").strip()
    if not link:
        return None
    title = " ".join((raw.get("title") or "").split()) or None
    when = raw.get("published_parsed") or raw.get("updated_parsed")
    published = time.strftime("%Y-%m-%d", when) if when else None
    return Entry(urljoin(base, link), title, published)


def read_feed(fetcher: Fetcher, url: str) -> list[Entry]:
    """Download and parse one feed; raises Skip (fetch reasons, or "bad feed")."""
    response = fetcher.get(url)
    if not 200 <= response.status < 300:
        raise Skip("HTTP status", str(response.status))
    return parse_feed(response.body, response.url)


def poll(session: Session, feed_urls: Iterable[str]) -> Iterator[Document | Skipped]:
    """The new entries' documents (or skips) of every feed; a feed that fails is one skip."""
    for feed_url in feed_urls:
        try:
            entries = read_feed(session.fetcher, feed_url)
        except Skip as skip:
            yield Skipped(feed_url, skip)
            continue
        for entry in entries:
            # Entries seen before are left out silently: a poll reports only what is new.
            if not session.ledger.seen_url(entry.url):
                yield session.page(entry.url, title=entry.title, published=entry.published)


def watch(
    feed_urls: Sequence[str],
    options: Options,
    *,
    every: float,
    polls: int | None,
    on_article: OnArticle,
    on_skip: OnSkip,
    on_poll: OnPoll,
    refresh: bool = False,
    sleep: Sleep = time.sleep,
) -> Summary:
    """Poll feeds every `every` seconds, `polls` times (None: until interrupted).

    Each poll analyses only entries not fetched before (in this run or, with a store and
    without `refresh`, any earlier one) and calls `on_poll(number, summary)`. Returns the
    totals of all polls.
    """
    total = Summary()
    numbers = itertools.count(1) if polls is None else range(1, polls + 1)
    with Session(options, refresh=refresh, sleep=sleep) as session:
        for number in numbers:
            started = time.monotonic()
            items = poll(session, feed_urls)
            summary = session.analyse(items, on_article=on_article, on_skip=on_skip)
            on_poll(number, summary)
            _add(total, summary)
            if polls is None or number < polls:
                # Polls start `every` apart, however long each took (but never overlap).
                sleep(max(0.0, every - (time.monotonic() - started)))
    return total


def _add(total: Summary, summary: Summary) -> None:
    total.articles += summary.articles
    total.actors += summary.actors
    total.quotes += summary.quotes
    total.events += summary.events
    total.skipped.update(summary.skipped)
    total.seconds += summary.seconds
