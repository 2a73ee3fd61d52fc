"""HTML page -> main text and metadata (title, standfirst, authors, date, URL, publisher).

The body text comes from trafilatura, tuned for precision. The metadata comes from what the
page says about itself, best evidence first: JSON-LD article objects, then OpenGraph, Twitter,
Dublin Core and vendor `<meta>` tags, then the visible page (`<h1>`, by-line elements). The
publication date combines the page's own machine-readable date with htmldate's search.

Everything runs offline: nothing here fetches a URL, even when a page links to one.

The modules, in the order `extract` uses them: `page` (parsing, `<meta>` tags, JSON-LD, text
helpers), `body` (main text), `site` (site names, canonical URL, publisher, language), `title`
(headline, standfirst), `authors`, `published`.
"""

from __future__ import annotations

from dataclasses import dataclass

from newswatch.errors import Skip
from newswatch.extract.authors import find_authors
from newswatch.extract.body import drop_title, main_text
from newswatch.extract.page import Page, parse
from newswatch.extract.published import publication_day
from newswatch.extract.site import Site, canonical, language, publisher
from newswatch.extract.title import headline, standfirst

__all__ = ["Extracted", "extract"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one HTML page says: its main text and its metadata."""

    text: str
    title: str | None
    standfirst: str | None
    authors: tuple[str, ...]
    published: str | None
    url: str | None
    publisher: str | None
    language: str | None


def extract(html: str, *, url: str | None = None) -> Extracted:
    """Read an article page; raise `Skip("no article text")` when it has no main text."""
    tree = parse(html)
    if tree is None:
        raise Skip("no article text", "not an HTML document")
    text = main_text(tree, url)
    page = Page.read(tree)
    page_url = canonical(page, url)
    site = Site.of(page, page_url)
    title = headline(page, site)
    return Extracted(
        text=drop_title(text, title),
        title=title,
        standfirst=standfirst(page, text, title),
        authors=find_authors(page, site),
        published=publication_day(page, page_url),
        url=page_url,
        publisher=publisher(page, page_url),
        language=language(page),
    )
