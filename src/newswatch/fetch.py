"""Downloading news pages over HTTP, politely, into `ingest.Document`s.

A `Fetcher` is one run's HTTP client: it sends a clear User-Agent, respects robots.txt (read
once per host and cached for the run), waits `fetch.min_delay` between two requests to one
host, follows at most `fetch.max_redirects` redirects, streams bodies and stops past the size
limit, and retries connection errors, timeouts, 429 and 5xx with exponential back-off plus
jitter. A `Session` adds the store's memory of what was fetched, so that a URL is downloaded
once and a body analysed once, and runs the documents through the same pipeline as `analyze`.

Every URL ends as a `Document` or a `Skipped` with a short, stable reason: "bad URL",
"robots.txt disallows", "connection failed", "timeout", "too many redirects", "HTTP status",
"too large", "not HTML", "already stored" (quiet), or a reason of `decode_html` ("binary file").
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Self
from urllib.parse import urljoin
from urllib.robotparser import RobotFileParser

import httpx

from newswatch import __version__
from newswatch.errors import Skip
from newswatch.ingest import Document, Skipped
from newswatch.ingest.html import charset_of, decode_html, looks_html
from newswatch.options import FetchOptions, Options
from newswatch.runner import OnArticle, OnSkip, Summary, analyze_documents
from newswatch.schema import Article
from newswatch.store import Store

log = logging.getLogger(__name__)

# The token robots.txt groups are matched against ("User-agent: newswatch").
ROBOTS_TOKEN = "newswatch"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
Sleep = Callable[[float], None]


def user_agent(options: FetchOptions) -> str:
    """The User-Agent header: who we are, and that we follow robots.txt."""
    base = f"{ROBOTS_TOKEN}/{__version__} (+news analysis; respects robots.txt)"
    return f"{base} {options.user_agent_suffix}" if options.user_agent_suffix else base


def check_url(url: str) -> None:
    """Raise Skip("bad URL") unless `url` is an absolute http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise Skip("bad URL", str(exc)) from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise Skip("bad URL", "not an absolute http(s) URL")


@dataclass(frozen=True, slots=True)
class Response:
    """One HTTP response, its body read (bodies of errors and redirects are not)."""

    url: str
    status: int
    content_type: str = ""
    body: bytes = b""
    retry_after: float | None = None
    location: str | None = None  # an absolute URL, for a redirect


@dataclass(frozen=True, slots=True)
class _Retry:
    """A failed attempt worth trying again, and how long the server asked us to wait."""

    skip: Skip
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class _Robots:
    """One host's robots.txt rules, or the skip every URL of the host gets this run."""

    parser: RobotFileParser | None = None
    denial: Skip | None = None

    def check(self, url: str) -> None:
        """Raise the host's skip, or Skip("robots.txt disallows") for a disallowed path."""
        if self.denial is not None:
            raise Skip(self.denial.reason, self.denial.detail)
        if self.parser is not None and not self.parser.can_fetch(ROBOTS_TOKEN, url):
            raise Skip("robots.txt disallows", httpx.URL(url).raw_path.decode("ascii"))


class Fetcher:
    """One run's HTTP client: robots.txt cache, per-host politeness delay, retries, limits."""

    def __init__(self, options: FetchOptions, max_bytes: int, *, sleep: Sleep = time.sleep) -> None:
        self.options, self.sleep = options, sleep
        self.max_bytes = options.max_bytes or max_bytes
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        # Redirects are followed by hand, so that each hop is checked against robots.txt.
        self.client = httpx.Client(
            headers={"User-Agent": user_agent(options)}, timeout=timeout, follow_redirects=False
        )
        self.robots: dict[str, _Robots] = {}
        self.last_request: dict[str, float] = {}  # host -> time.monotonic() of its last request

    def get(self, url: str, *, robots: bool = True, html_only: bool = False) -> Response:
        """Fetch `url`, following redirects; the response's url is the final one. Raises Skip.

        With `html_only`, the body of a response whose Content-Type is not HTML is not read.
        """
        for _ in range(self.options.max_redirects + 1):
            check_url(url)
            if robots:
                self._robots_for(url).check(url)
            response = self._retrying(url, html_only)
            if response.location is None:
                return response
            url = response.location
        raise Skip("too many redirects", f"more than {self.options.max_redirects}")

    def _robots_for(self, url: str) -> _Robots:
        origin = _origin(url)
        if origin not in self.robots:
            self.robots[origin] = self._read_robots(origin)
        return self.robots[origin]

    def _read_robots(self, origin: str) -> _Robots:
        """Rules of one host, read as Google does: 4xx allows all, 5xx disallows all."""
        try:
            response = self.get(f"{origin}/robots.txt", robots=False)
        except Skip as skip:
            log.info("robots.txt of %s: %s", origin, skip)
            if skip.reason == "HTTP status":  # 429 or 5xx, after the retries
                detail = f"robots.txt unavailable (HTTP {skip.detail}); host skipped this run"
                return _Robots(denial=Skip("robots.txt disallows", detail))
            # An unreachable host: its pages get the same skip without being requested.
            return _Robots() if skip.reason == "too many redirects" else _Robots(denial=skip)
        if not 200 <= response.status < 300:
            return _Robots()  # no robots.txt: everything is allowed
        parser = RobotFileParser()
        parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return _Robots(parser=parser)

    def _retrying(self, url: str, html_only: bool) -> Response:
        """One request, tried again on connection errors, timeouts, 429 and 5xx."""
        attempt = 0
        while True:
            outcome = self._attempt(url, html_only)
            if isinstance(outcome, Response):
                return outcome
            if attempt >= self.options.retries:
                raise outcome.skip
            wait = self._backoff(attempt, outcome.retry_after)
            log.info("retrying %s in %.2f s: %s", url, wait, outcome.skip)
            self.sleep(wait)
            attempt += 1

    def _attempt(self, url: str, html_only: bool) -> Response | _Retry:
        try:
            response = self._once(url, html_only)
        except httpx.TimeoutException as exc:
            return _Retry(Skip("timeout", _describe(exc)))
        except httpx.TransportError as exc:  # refused, reset, closed mid-body...
            return _Retry(Skip("connection failed", _describe(exc)))
        except httpx.HTTPError as exc:  # a bad Content-Encoding: trying again will not help
            raise Skip("connection failed", _describe(exc)) from exc
        if response.status == 429 or response.status >= 500:
            return _Retry(Skip("HTTP status", str(response.status)), response.retry_after)
        return response

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retry `attempt` (from 0), never more than `max_wait`."""
        if retry_after is not None:
            return min(retry_after, self.options.max_wait)
        delay = self.options.backoff * 2.0**attempt
        # Jitter spreads the retries of many clients, so a recovering server is not hit at once.
        return min(delay + random.uniform(0, delay), self.options.max_wait)

    def _once(self, url: str, html_only: bool) -> Response:
        """One GET, without retries or redirects; the body is read only for a 2xx answer."""
        self._wait_turn(url)
        started = time.monotonic()
        with self.client.stream("GET", url) as answer:
            status, headers = answer.status_code, answer.headers
            if status in _REDIRECTS and "location" in headers:
                return Response(url, status, location=urljoin(url, headers["location"]))
            content_type = headers.get("content-type", "")
            # An image or a video is not downloaded just to be skipped as "not HTML"; without
            # a Content-Type the body is read, to look at its first bytes.
            declared = html_only and content_type
            wanted = not declared or is_html(Response(url, status, content_type))
            body = self._read(answer, started) if 200 <= status < 300 and wanted else b""
            retry_after = _retry_after(headers.get("retry-after"))
            return Response(url, status, content_type, body, retry_after)

    def _read(self, answer: httpx.Response, started: float) -> bytes:
        """The body, streamed: stop past `max_bytes` (decompressed) or `total_timeout`."""
        too_large = Skip("too large", f"more than {self.max_bytes} bytes; raise fetch.max_bytes")
        length = answer.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise too_large
        chunks, size = [], 0
        for chunk in answer.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise too_large
            if time.monotonic() - started > self.options.total_timeout:
                raise Skip("timeout", f"body took more than {self.options.total_timeout} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, url: str) -> None:
        """Sleep until `min_delay` has passed since the last request to this host."""
        host = httpx.URL(url).netloc.decode("ascii")
        last = self.last_request.get(host)
        if last is not None:
            wait = self.options.min_delay - (time.monotonic() - last)
            if wait > 0:
                self.sleep(wait)
        self.last_request[host] = time.monotonic()

    def close(self) -> None:
        """Close the connections."""
        self.client.close()


def _origin(url: str) -> str:
    parsed = httpx.URL(url)
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delay-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def is_html(response: Response) -> bool:
    """Whether a response is an HTML page (by Content-Type, else by its first bytes)."""
    media_type = response.content_type.split(";", 1)[0].strip().lower()
    return media_type in _HTML_TYPES if media_type else looks_html(response.body)


def document(
    response: Response, path: str, *, title: str | None = None, published: str | None = None
) -> Document:
    """The Document of a successful HTML response; raises Skip for anything else."""
    if not 200 <= response.status < 300:
        raise Skip("HTTP status", str(response.status))
    if not is_html(response):
        raise Skip("not HTML", response.content_type or "no Content-Type")
    content = decode_html(response.body, charset_of(response.content_type))
    return Document(path, content, kind="html", url=response.url, title=title, published=published)


@dataclass(slots=True)
class _Row:
    content_hash: str
    status: str
    article_id: str | None = None


@dataclass(slots=True)
class Ledger:
    """What was fetched: the store's `fetched` table, plus this run's rows not yet written.

    Only successful downloads count: a URL that failed (timeout, 404...) is tried again by the
    next run or poll. Rows are written after the run's articles, so a row never claims an
    article that a crash kept out of the store. `refresh` ignores the store (not this run).
    """

    store: Store | None
    refresh: bool = False
    urls: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    pending: dict[str, _Row] = field(default_factory=dict)

    def seen_url(self, url: str) -> bool:
        """Whether `url` was downloaded before."""
        stored = self.store is not None and not self.refresh and self.store.seen_url(url)
        return url in self.urls or stored

    def seen_content(self, content_hash: str) -> bool:
        """Whether a body with this hash was downloaded before."""
        if content_hash in self.hashes:
            return True
        return self.store is not None and not self.refresh and self.store.seen_content(content_hash)

    def fetched(self, url: str, content_hash: str, status: str) -> None:
        """Note one download; `analysed` and `skipped` settle its status."""
        self.urls.add(url)
        self.hashes.add(content_hash)
        self.pending[url] = _Row(content_hash, status)

    def analysed(self, article: Article) -> None:
        """Link a fetched page to its article (an `on_article` hook)."""
        row = self.pending.get(article.source.path or "")
        if row is not None:
            row.status, row.article_id = "analysed", article.id

    def skipped(self, item: Skipped) -> None:
        """Note why a fetched page was not analysed (an `on_skip` hook)."""
        row = self.pending.get(item.path)
        if row is not None and row.status == "fetched":
            row.status = f"skipped: {item.skip.reason}"

    def flush(self) -> None:
        """Write the pending rows to the store."""
        if self.store is not None:
            for url, row in self.pending.items():
                self.store.record_fetch(url, row.content_hash, row.article_id, row.status)
        self.pending.clear()


class Session:
    """One run of `fetch` or `watch`: a Fetcher, the store's memory, and the pipeline."""

    def __init__(self, options: Options, *, refresh: bool = False, sleep: Sleep = time.sleep):
        self.options = options
        self.fetcher = Fetcher(options.fetch, options.ingest.max_bytes, sleep=sleep)
        try:
            store = Store(options.store.db) if options.store.db else None
        except BaseException:
            self.fetcher.close()
            raise
        self.ledger = Ledger(store, refresh)

    def page(
        self, url: str, *, title: str | None = None, published: str | None = None
    ) -> Document | Skipped:
        """Download one page unless already stored; its Document, or why it was skipped."""
        if self.ledger.seen_url(url):
            skip = Skip("already stored", "fetched before; --refresh downloads it again")
            return Skipped(url, skip, quiet=True)
        try:
            response = self._html(url)
            digest = hashlib.sha256(response.body).hexdigest()
            if self.ledger.seen_content(digest):
                self.ledger.fetched(url, digest, "duplicate")
                skip = Skip("already stored", "same content as a page fetched before")
                return Skipped(url, skip, quiet=True)
            self.ledger.fetched(url, digest, "fetched")
            return document(response, url, title=title, published=published)
        except Skip as skip:
            return Skipped(url, skip)

    def _html(self, url: str) -> Response:
        """A successful response with an HTML page; raises Skip for anything else."""
        response = self.fetcher.get(url, html_only=True)
        if not 200 <= response.status < 300:
            raise Skip("HTTP status", str(response.status))
        if not is_html(response):
            raise Skip("not HTML", response.content_type or "no Content-Type")
        return response

    def analyse(
        self, items: Iterable[Document | Skipped], *, on_article: OnArticle, on_skip: OnSkip
    ) -> Summary:
        """Run fetched documents through the pipeline and store; then record the fetches."""

        def article(item: Article) -> None:
            self.ledger.analysed(item)
            on_article(item)

        def skip(item: Skipped) -> None:
            self.ledger.skipped(item)
            on_skip(item)

        summary = analyze_documents(items, self.options, on_article=article, on_skip=skip)
        self.ledger.flush()
        return summary

    def close(self) -> None:
        """Close the HTTP client and the store."""
        self.fetcher.close()
        if self.ledger.store is not None:
            self.ledger.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def fetch(
    urls: Iterable[str],
    options: Options,
    *,
    on_article: OnArticle,
    on_skip: OnSkip,
    refresh: bool = False,
) -> Summary:
    """Download and analyse pages; see `Session`. `refresh` downloads stored URLs again."""
    with Session(options, refresh=refresh) as session:
        items = (session.page(url) for url in urls)
        return session.analyse(items, on_article=on_article, on_skip=on_skip)
