"""The article's main text: trafilatura, tuned for precision, one paragraph a line."""

from __future__ import annotations

import logging

import trafilatura

from newswatch.errors import Skip
from newswatch.extract.page import Tree, key, squash

_MAX_KICKER_CHARS = 20

# trafilatura warns "discarding data: None" on stderr for each page it finds no text in, after
# newswatch has already reported that page as a skip with its reason: one line is enough.
logging.getLogger("trafilatura.core").setLevel(logging.ERROR)


def main_text(tree: Tree, url: str | None) -> str:
    """Main text through trafilatura, paragraphs one per line; Skip when there is none."""
    # Measured on the article benchmark: precision mode gains more than it loses, and tables
    # hold article content (results, schedules) more often than page furniture.
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
    )
    text = getattr(doc, "text", None) or ""
    lines = [squash(line) for line in text.splitlines()]
    body = "\n".join(line for line in lines if line)
    if not body:
        raise Skip("no article text", "no main text found in the page")
    return body


def drop_title(text: str, title: str | None) -> str:
    """Remove the headline (kicker included) when the extractor kept it as the first line."""
    first, _, rest = text.partition("\n")
    if not (title and rest) or len(first) > len(title) + _MAX_KICKER_CHARS:
        return text
    return rest if key(title) in key(first) else text
