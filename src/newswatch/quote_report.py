"""Printing quote tables for `newswatch quotes`: a readable table or JSON, one per article.

The table shows each quote's speaker name, cue, kind and text; `--speaker` keeps the quotes
whose speaker's name contains the given words (case-insensitive). JSON gives the contract's
quote objects with the speaker's name added. Skipped inputs go to stderr in one line each.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table

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
