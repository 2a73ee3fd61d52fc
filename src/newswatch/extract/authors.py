"""The article's authors: declared (JSON-LD, `<meta>`), else read from by-lines and author links.

Every candidate is cleaned into personal names with the word lists of `data/extract.toml`.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newswatch.extract.page import (
    WORD,
    Page,
    compact,
    element_text,
    key,
    ld_types,
    squash,
    word_lists,
)
from newswatch.extract.site import Site

_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "byl", "cxenseparse:author", "authors", "dcsext.author",
                "citation_author", "sailthru.byline_name")  # fmt: skip
BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' author ')"
    " or contains(@class, 'Byline') or contains(@class, 'author-name')"
    " or contains(@class, 'authorName') or contains(@class, 'AuthorName')"
    " or contains(@data-testid, 'byline') or contains(@data-component, 'byline')]"
)
_MAX_BYLINES = 30
# Paths of author pages: "/author/emma-baty/", "/by/charlie-savage", "/people/colbert-i-king/".
_AUTHOR_PATH = re.compile(
    r"/(?:authors?|by|people|staff|profiles?|contributors?|writers?|journalists?|columnists?"
    r"|reporters?|bios?|team)/(?:[^/]*/)?([^/?#]+)/?(?:$|[?#])",
    re.I,
)


def find_authors(page: Page, site: Site) -> tuple[str, ...]:
    """The people who wrote the article, from the best source that names any."""
    declared = [g for g in (*_ld_authors(page), *_meta_authors(page)) if g]
    # A one-word name ("AJLabs") is trusted only where the page declares its author.
    groups = [_people(g, site, 1) for g in declared]
    groups += [_people(g, site, 2) for g in _byline_authors(page)]
    if not declared:
        # A link to an author page is weak evidence: only for pages that declare no author.
        groups += [_people(g, site, 2) for g in _link_authors(page)]
    first = next((g for g in groups if g), ())
    return _complete(first, groups[: len(declared)])


def _complete(names: tuple[str, ...], declared: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Add co-authors from declared lists that include a name already found."""
    found = {compact(n): n for n in names}
    for group in declared:
        if any(compact(n) in found for n in group):
            for name in group:
                found.setdefault(compact(name), name)
    return tuple(found.values())


# --- where names come from -------------------------------------------------------------------


def _ld_authors(page: Page) -> Iterator[list[str]]:
    """Person names of each JSON-LD article's authors, then of its creators."""
    for field in ("author", "creator"):
        for article in (*page.articles, *page.pages):
            value = article.get(field)
            items = value if isinstance(value, list) else [value]
            yield [n for item in items for n in _person_names(page.resolve(item))]


def _person_names(item: Any) -> list[str]:
    if isinstance(item, str):
        return [item]
    if not isinstance(item, dict) or any("organization" in t.lower() for t in ld_types(item)):
        return []
    name = item.get("name")
    if isinstance(name, list):
        return [n for n in name if isinstance(n, str)]
    if isinstance(name, str):
        return [name]
    parts = (item.get(k) for k in ("givenName", "additionalName", "familyName"))
    return [" ".join(p for p in parts if isinstance(p, str))]


def _meta_authors(page: Page) -> Iterator[list[str]]:
    """The values of each author `<meta>` tag, best-kept tags first."""
    for name in _AUTHOR_KEYS:
        yield page.all(name)


def _byline_authors(page: Page) -> Iterator[list[str]]:
    """The text of each by-line element, in page order."""
    for el in page.tree.xpath(BYLINE_XPATH)[:_MAX_BYLINES]:
        yield [element_text(el)]


def _link_authors(page: Page) -> Iterator[list[str]]:
    """The first link to its own author page ("/author/emma-baty/" reading "Emma Baty")."""
    for el in page.tree.iter("a"):
        match = _AUTHOR_PATH.search(el.get("href") or "")
        text = element_text(el)
        if match and "-".join(WORD.findall(key(text))) == match.group(1).lower():
            yield [text]
            return


# --- cleaning names --------------------------------------------------------------------------

# By-line text after a name that is not part of it: dates, times, "Updated ...".
_BYLINE_TAIL = re.compile(
    r"(?i)\b(?:updated|published|posted|last updated|date published|first published)\b.*"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d.*"
    r"|\d.*"
)
_URLISH = re.compile(r"\S*(?:https?://|www\.|@)\S*|\S+\.(?:com|net|org|co\.uk)\b\S*", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:[|•·;/,&+\n]|\s[-–—]\s|\band\b|\bwith\b)\s*", re.I)
_AFFILIATION = re.compile(r"(?i)\s+(?:for|at|of|from|in|on|via)\s+.*")
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_MAX_NAME_WORDS = 5
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")


def _people(raw: Iterable[str], site: Site, min_words: int) -> tuple[str, ...]:
    """Clean author strings into distinct personal names."""
    names: dict[str, str] = {}
    for text in raw:
        for part in _name_parts(text, site):
            if _is_name(part, site, min_words):
                names.setdefault(compact(part), _fix_case(part))
    return tuple(names.values())


def _name_parts(text: str, site: Site) -> list[str]:
    """Split a by-line into candidate names, stripped of "By", titles and affiliations."""
    text = site.remove(_URLISH.sub(" ", squash(htmllib.unescape(text))))
    text = _BYLINE_TAIL.sub("", text)
    parts: list[str] = []
    for raw in _NAME_SPLIT.split(text):
        piece = _trim_name(_AFFILIATION.sub("", _strip_prefix(raw)))
        if piece.lower() in _lists().suffixes and parts:
            parts[-1] = f"{parts[-1]} {piece}"  # "King, Jr." stays one name
        elif piece:
            parts.append(piece)
    return parts


def _strip_prefix(text: str) -> str:
    """Remove leading "By", "Written by", "View all posts by" (repeatedly)."""
    return _lists().prefix.sub("", text.strip())


def _trim_name(text: str) -> str:
    """Drop trailing job titles ("Jon Talton Columnist"), a repeated name, edge punctuation."""
    words = text.strip(" ,:;-–—()[]'\"").split()
    while words and words[-1].lower().strip(".,") in _lists().roles:
        words.pop()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]  # "Courtney Carr Courtney Carr": a name shown twice
    if words and len(words[-1]) > 3 and words[-1].lower() not in _lists().suffixes:
        words[-1] = words[-1].rstrip(".")  # a full stop ends the sentence, not "Jr." or "T."
    return " ".join(words).strip(" ,:;-–—")


def _is_name(text: str, site: Site, min_words: int) -> bool:
    """Whether a cleaned by-line part reads as one person's name."""
    lists = _lists()
    core = [w for w in text.split() if w.lower() not in lists.suffixes]
    if not min_words <= len(core) <= _MAX_NAME_WORDS or len(text) < 3:
        return False
    if len(core) == 1 and not _CAMEL.search(text):
        return False  # One word is a name only as a handle ("AJLabs"), never "Political".
    if key(text) in lists.rejected or site.named(text):
        return False
    if any(w.lower().strip(".,") in lists.roles | lists.not_names for w in core):
        return False
    return all(
        _NAME_WORD.fullmatch(w) and (w[0].isupper() or w in lists.particles or text.islower())
        for w in core
    )


def _fix_case(name: str) -> str:
    """Title-case names written all upper or all lower case ("RALPH D. RUSSO")."""
    if not (name.isupper() or name.islower()):
        return name
    return " ".join(_cap(w) for w in name.split())


def _cap(word: str) -> str:
    """Capitalise each hyphen/apostrophe segment: "o'neil-smith" -> "O'Neil-Smith"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), word.lower())


@dataclass(frozen=True, slots=True)
class _NameLists:
    """The author word lists of `data/extract.toml`, ready to match."""

    rejected: frozenset[str]  # whole strings: agencies and placeholders
    roles: frozenset[str]  # job-title words, trimmed from a name's end
    not_names: frozenset[str]  # words no personal name contains
    particles: frozenset[str]
    suffixes: frozenset[str]
    prefix: re.Pattern[str]


@lru_cache(maxsize=1)
def _lists() -> _NameLists:
    data = word_lists()["authors"]
    prefixes = sorted(data["prefixes"], key=len, reverse=True)
    pattern = "|".join(re.escape(p) for p in prefixes)
    return _NameLists(
        rejected=frozenset(data["agencies"]) | frozenset(data["noise"]),
        roles=frozenset(data["roles"]),
        not_names=frozenset(data["not_names"]),
        particles=frozenset(data["particles"]),
        suffixes=frozenset(data["suffixes"]),
        prefix=re.compile(rf"(?i)^(?:(?:{pattern})\b[\s:.-]*)+"),
    )
