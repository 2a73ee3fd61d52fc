"""Running the pipeline over many inputs: read, analyse, store, count.

Each input either becomes an article or a skip with a one-line reason; a batch never dies on
one bad file. The summary counts what was done, skips by reason, and the time taken.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import BinaryIO

from newswatch import ingest
from newswatch.options import Options
from newswatch.pipeline import Pipeline, Work
from newswatch.schema import Article, Outcome, Source
from newswatch.store import Store

OnArticle = Callable[[Article], None]
OnSkip = Callable[[ingest.Skipped], None]


@dataclass(slots=True)
class Summary:
    """What one run did."""

    articles: int = 0
    actors: int = 0
    quotes: int = 0
    events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, article: Article) -> None:
        """Count one analysed article and its records."""
        self.count(len(article.actors), len(article.quotes), len(article.events))

    def count(self, actors: int, quotes: int, events: int) -> None:
        """Count one analysed article with this many records."""
        self.articles += 1
        self.actors += actors
        self.quotes += quotes
        self.events += events

    def line(self) -> str:
        """The final one-line summary."""
        skips = sum(self.skipped.values())
        reasons = ", ".join(f"{r}: {n}" for r, n in self.skipped.most_common())
        return (
            f"{_plural(self.articles, 'article')}, {_plural(self.actors, 'actor')}, "
            f"{_plural(self.quotes, 'quote')}, {_plural(self.events, 'event')}, "
            f"{skips} skipped{f' ({reasons})' if reasons else ''}, {self.seconds:.2f} s"
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def documents(
    paths: Iterable[str], options: Options, stdin: BinaryIO | None = None
) -> Iterator[ingest.Document | ingest.Skipped]:
    """Every document (or skip) of every input path, in order."""
    for path in paths:
        yield from ingest.documents(path, options.ingest, stdin=stdin)


def work_for(doc: ingest.Document, options: Options) -> Work:
    """A Work item for one document, with the metadata its container gave."""
    source = Source(path=None if doc.path == "-" else doc.path, url=doc.url)
    published = options.analyze.date or doc.published
    article = Article(source=source, title=doc.title, published=published)
    return Work(doc.content, article, kind=doc.kind)


def analyze(
    paths: Sequence[str],
    options: Options,
    *,
    on_article: OnArticle,
    on_skip: OnSkip,
    on_written: Callable[[Outcome], None] | None = None,
    stdin: BinaryIO | None = None,
) -> Summary:
    """Analyse every input path here, in worker processes or on a Dask cluster (`scale`),
    skipping inputs processed before (`store.resume`); see `newswatch.batches.run`.

    `stdin` is where "-" reads from; `on_written` is told of each article a worker wrote
    to a Parquet shard itself (`store.out`).
    """
    from newswatch.batches import Callbacks, run

    started = time.perf_counter()
    items = documents(paths, options, stdin)
    summary = run(items, options, Callbacks(on_article, on_skip, on_written))
    summary.seconds = time.perf_counter() - started
    return summary


def analyze_documents(
    items: Iterable[ingest.Document | ingest.Skipped],
    options: Options,
    *,
    on_article: OnArticle,
    on_skip: OnSkip,
) -> Summary:
    """Analyse documents, store the articles when a database is set, and summarise.

    Args:
        items: Documents to analyse and inputs already skipped, from any source.
        options: The run's options.
        on_article: Called with each analysed article, in input order.
        on_skip: Called with each skipped input or record (quiet ones too).

    Returns:
        The run's summary.
    """
    started = time.perf_counter()
    summary = Summary()

    def skip(item: ingest.Skipped) -> None:
        summary.skipped[item.skip.reason] += 1
        on_skip(item)

    def works() -> Iterator[Work]:
        for item in items:
            if isinstance(item, ingest.Skipped):
                skip(item)
            else:
                yield work_for(item, options)

    pipeline = Pipeline(options)
    with Store(options.store.db) if options.store.db else nullcontext() as store:
        writer = _BatchWriter(store, options.nlp.batch_size)
        for work in pipeline.run(works()):
            if work.skip is not None:
                skip(ingest.Skipped(work.article.source.path or "-", work.skip))
                continue
            summary.add(work.article)
            on_article(work.article)
            writer.add(work.article)
        writer.flush()
    summary.seconds = time.perf_counter() - started
    return summary


class _BatchWriter:
    """Saves articles to the store in batches: one transaction per batch."""

    def __init__(self, store: Store | None, size: int) -> None:
        self.store, self.size = store, size
        self.pending: list[Article] = []

    def add(self, article: Article) -> None:
        """Queue one article, saving the batch when it is full."""
        if self.store is not None:
            self.pending.append(article)
            if len(self.pending) >= self.size:
                self.flush()

    def flush(self) -> None:
        """Save what is queued."""
        if self.store is not None and self.pending:
            self.store.save(self.pending)
            self.pending.clear()
