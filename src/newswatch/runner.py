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
from newswatch.errors import Skip
from newswatch.options import Options
from newswatch.pipeline import Pipeline, Work
from newswatch.schema import Article, Source
from newswatch.store import Store

OnArticle = Callable[[Article], None]
OnSkip = Callable[[str, Skip], None]


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
        self.articles += 1
        self.actors += len(article.actors)
        self.quotes += len(article.quotes)
        self.events += len(article.events)

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


def source_name(path: str) -> str:
    """How an input is named in messages."""
    return "<stdin>" if path == "-" else path


def read_works(
    paths: Iterable[str], options: Options, on_skip: OnSkip, stdin: BinaryIO | None = None
) -> Iterator[Work]:
    """Read each input into a Work item; report unreadable ones through `on_skip`."""
    for path in paths:
        try:
            raw = ingest.read(path, options.ingest, stdin=stdin)
        except Skip as skip:
            on_skip(path, skip)
            continue
        source = Source(path=None if path == "-" else path)
        yield Work(raw.text, Article(source=source, published=options.analyze.date))


def analyze(
    paths: Sequence[str],
    options: Options,
    *,
    on_article: OnArticle,
    on_skip: OnSkip,
    stdin: BinaryIO | None = None,
) -> Summary:
    """Analyse every input, store the articles when a database is set, and summarise.

    Args:
        paths: Inputs already expanded to files (and "-" for stdin).
        options: The run's options.
        on_article: Called with each analysed article, in input order.
        on_skip: Called with the path and reason of each skipped input.
        stdin: Where "-" reads from (tests pass a buffer).

    Returns:
        The run's summary.
    """
    started = time.perf_counter()
    summary = Summary()

    def skip(path: str, reason: Skip) -> None:
        summary.skipped[reason.reason] += 1
        on_skip(path, reason)

    pipeline = Pipeline(options)
    with Store(options.store.db) if options.store.db else nullcontext() as store:
        pending: list[Article] = []
        for work in pipeline.run(read_works(paths, options, skip, stdin)):
            if work.skip is not None:
                skip(work.article.source.path or "-", work.skip)
                continue
            summary.add(work.article)
            on_article(work.article)
            pending.append(work.article)
            if store is not None and len(pending) >= options.nlp.batch_size:
                store.save(pending)
                pending.clear()
        if store is not None and pending:
            store.save(pending)
    summary.seconds = time.perf_counter() - started
    return summary
