"""Printing quote tables for `newswatch quotes`: a readable table or JSON, one per article.

The table shows each quote's speaker name, cue, kind and text; `--speaker` keeps the quotes
whose speaker's name contains the given words (case-insensitive). JSON gives the contract's
quote objects with the speaker's name added. Skipped inputs go to stderr in one line each.
"""

from __future__ import annotations

import json
import sys
from types import TracebackType
from typing import IO, Any, Self

from rich.console import Console
from rich.table import Table

from newswatch.ingest import Skipped
from newswatch.render import say, source_name
from newswatch.schema import Article, Quote


def speaker_name(article: Article, quote: Quote) -> str | None:
    """The name of a quote's speaker, or None when unknown."""
    return next((a.name for a in article.actors if a.id == quote.speaker), None)


def selected(article: Article, speaker: str | None) -> list[Quote]:
    """The article's quotes, only those of speakers whose name contains `speaker` if given."""
    if not speaker:
        return list(article.quotes)
    wanted = speaker.casefold()
    return [q for q in article.quotes if wanted in (speaker_name(article, q) or "").casefold()]


def quote_table(article: Article, speaker: str | None = None) -> Table:
    """A rich table of an article's quotes."""
    title = article.title or article.source.path or "(no headline)"
    table = Table(title=f"{title} ({article.published or 'undated'})", title_justify="left")
    for name in ("id", "speaker", "cue", "kind", "quote"):
        table.add_column(name, overflow="fold")
    for quote in selected(article, speaker):
        table.add_row(
            quote.id,
            speaker_name(article, quote) or "?",
            quote.cue or "",
            quote.kind,
            " ".join(quote.text.split()),
        )
    return table


def quotes_json(article: Article, speaker: str | None = None) -> dict[str, Any]:
    """One article's quotes as JSON: the contract's fields plus the speaker's name."""
    found = [
        {**quote.as_dict(), "speaker_name": speaker_name(article, quote)}
        for quote in selected(article, speaker)
    ]
    source = article.source.path or article.source.url
    return {"source": source, "published": article.published, "quotes": found}


class QuoteReport:
    """Where `newswatch quotes` writes: tables or JSON to stdout, skips to stderr."""

    def __init__(
        self, fmt: str, *, single: bool, speaker: str | None = None, out: IO[str] | None = None
    ) -> None:
        self.fmt, self.single, self.speaker = fmt, single, speaker
        self.stream = out or sys.stdout
        # Piped output gets a wide table rather than rich's 80 columns.
        width = None if self.stream.isatty() else 160
        self.out = Console(file=self.stream, soft_wrap=False, width=width)
        self.err = Console(stderr=True)
        self.found: list[dict[str, Any]] = []

    def article(self, article: Article) -> None:
        """Print (or keep, for JSON) one article's quotes."""
        if self.fmt == "table":
            self.out.print(quote_table(article, self.speaker))
        else:
            self.found.append(quotes_json(article, self.speaker))

    def skipped(self, item: Skipped) -> None:
        """One line on stderr; quiet skips (WARC request records) are not worth one."""
        if not item.quiet:
            say(self.err, f"newswatch: skipped {source_name(item.path)}: {item.skip}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.fmt != "json":
            return
        data: Any = self.found[0] if self.single and len(self.found) == 1 else self.found
        self.stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
