"""Bodies of the query commands (`events`, `quotes`, `actors`, `search`) over a store.

A command given no PATH reads the store (`--db`, else the configured one) and fails with E030
when there is none; given paths, it analyses them into a store in memory first, so both forms
share one set of filters and one output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from newswatch import ingest, query
from newswatch.errors import E, NewswatchError
from newswatch.options import Options
from newswatch.query_report import write_rows
from newswatch.runner import analyze
from newswatch.schema import Article, Record
from newswatch.store import Store

Query = Callable[[Store], Sequence[Record]]


def open_store(db: str | None, options: Options) -> Store:
    """Open an existing store: `db`, else the configured one (E030 when the file is missing)."""
    path = Path(db or options.store.db or "newswatch.db")
    if not path.is_file():
        raise NewswatchError(E.E030, path=path)
    return Store(path)


def analysed_store(paths: Sequence[str], options: Options) -> tuple[Store, int]:
    """Analyse `paths` into a new store in memory; return it and the number of articles."""
    store = Store(":memory:")
    stored = replace(options, store=replace(options.store, db=""))
    inputs = list(ingest.expand(paths, suffixes=options.ingest.suffixes))

    def keep(article: Article) -> None:
        store.save([article])

    summary = analyze(inputs, stored, on_article=keep, on_skip=_say_skip)
    return store, summary.articles


def _say_skip(item: ingest.Skipped) -> None:
    """One line on stderr for each input that could not be analysed (not the quiet ones)."""
    if not item.skip.reason.startswith(("WARC", "non-HTML", "HTTP status")):
        print(f"newswatch: skipped {item.path}: {item.skip}", file=sys.stderr)


def run(
    run_query: Query,
    *,
    paths: Sequence[str],
    db: str | None,
    options: Options,
    fmt: str,
    title: str,
) -> int:
    """Query the store or the analysed paths and print the rows; return the exit status."""
    if paths:
        store, count = analysed_store(paths, options)
        if not count:
            store.close()
            return 2
    else:
        store = open_store(db, options)
    with store:
        rows = run_query(store)
    write_rows(rows, fmt, sys.stdout, title=title)
    return 0


def events_query(filters: query.Filters) -> Query:
    """The `events` command's query."""
    return lambda store: query.events(store, filters)


def quotes_query(filters: query.Filters, speaker: str | None) -> Query:
    """The `quotes` command's query."""
    return lambda store: query.quotes(store, filters, speaker=speaker)


def actors_query(filters: query.Filters, country: str | None) -> Query:
    """The `actors` command's query."""
    return lambda store: query.actors(store, filters, country=country)


def search_query(text: str, filters: query.Filters) -> Query:
    """The `search` command's query."""
    return lambda store: query.search(store, text, filters)
