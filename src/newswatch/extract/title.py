"""The headline and the standfirst (the description under it), from the page and its metadata."""

from __future__ import annotations

import re
from functools import lru_cache

from newswatch.extract.page import (
    WORD,
    Page,
    Tree,
    element_text,
    key,
    ld_strings,
    squash,
    word_lists,
)
from newswatch.extract.site import Site

# --- title -----------------------------------------------------------------------------------

_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title",
               "sailthru.title")  # fmt: skip
# Only parts that are site names or section labels are ever dropped, so splitting generously
# ("Site: Headline") costs nothing.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—•·»~/]\s+|\s*\|\s*|:\s+")
_MIN_AGREEMENT = 0.5
_MAX_KICKER_WORDS = 2


def headline(page: Page, site: Site) -> str | None:
    """The headline: the page's `<h1>` when its metadata agrees, else the metadata's title."""
    h1 = _h1(page.tree)
    declared = ld_strings(page, "headline") + page.all(*_TITLE_KEYS) + _html_title(page.tree)
    if h1 and any(key(d) == key(h1) for d in declared):
        return h1  # The page's heading and its metadata agree word for word.
    titles = [t for t in (_strip_title(d, site, h1) for d in declared) if t]
    if h1 and (not titles or any(_agrees(h1, t) for t in titles)):
        return _unlabelled(h1, titles)
    return titles[0] if titles else h1


def _unlabelled(h1: str, titles: list[str]) -> str:
    """The `<h1>` without a kicker the metadata leaves out ("Opinion", "[Watch]")."""
    heading = key(h1)
    for title in titles:
        plain = key(title)
        if plain and plain != heading and (heading.startswith(plain) or heading.endswith(plain)):
            extra = WORD.findall(heading.replace(plain, " ", 1))
            if len(extra) <= _MAX_KICKER_WORDS and set(extra) <= _labels():
                return title
    return h1


def _h1(tree: Tree) -> str | None:
    """The first non-empty `<h1>` text."""
    for el in tree.iter("h1"):
        # text_content(), not itertext() joined by spaces: "Kotaku<span>'s</span>".
        text = squash(el.text_content())
        if text:
            return text
    return None


def _html_title(tree: Tree) -> list[str]:
    el = next(tree.iter("title"), None)
    return [element_text(el)] if el is not None else []


def _strip_title(title: str, site: Site, h1: str | None) -> str:
    """Drop site names and section labels from a declared title's ends.

    In a three-part title a trailing part equal to the page's `<h1>` goes too: blogs put their
    own name in the `<h1>` and after the headline ("Headline | Blog | Site").
    """
    parts = _TITLE_SEPARATOR.split(title)
    labels = _labels()
    brand = {key(h1)} if h1 and len(parts) > 2 else set()

    def noise(part: str, extra: set[str]) -> bool:
        return site.named(part) or key(part) in labels | extra

    while len(parts) > 1 and noise(parts[-1], brand):
        parts.pop()
    while len(parts) > 1 and noise(parts[0], set()):
        parts.pop(0)
    return title if len(parts) == len(_TITLE_SEPARATOR.split(title)) else _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    """The span of `title` from its first kept part to its last, separators kept as written."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip()


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(word_lists()["titles"]["labels"])


def _agrees(h1: str, title: str) -> bool:
    """Whether two headlines share most of their words."""
    a, b = set(WORD.findall(key(h1))), set(WORD.findall(key(title)))
    return bool(a and b) and len(a & b) / len(a | b) >= _MIN_AGREEMENT


# --- standfirst ------------------------------------------------------------------------------

_MIN_STANDFIRST = 20
_MAX_STANDFIRST = 500


def standfirst(page: Page, text: str, title: str | None) -> str | None:
    """The description, when it is a real standfirst rather than the body's opening repeated."""
    opening = key(" ".join(text.split("\n")[:2]))
    candidates = ld_strings(page, "description") + page.all(
        "og:description", "description", "twitter:description", "dc.description"
    )
    for candidate in candidates:
        plain = key(candidate).rstrip(".… ").removesuffix("...")
        if not _MIN_STANDFIRST <= len(plain) <= _MAX_STANDFIRST or plain == key(title or ""):
            continue
        if plain in opening:
            return None  # Every description of this page repeats its first sentences.
        return candidate
    return None
