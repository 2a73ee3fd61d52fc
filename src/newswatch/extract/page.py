"""The page itself: parsing HTML, the metadata it declares (`<meta>` tags, JSON-LD), text helpers.

Every other part of extraction reads the page through `Page` and compares text through `key`.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

# lxml ships no type stubs here; its elements are `Any` to mypy.
Tree = Any
JsonObject = dict[str, Any]


# --- parsing ---------------------------------------------------------------------------------

_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True
)


_CONTROLS = dict.fromkeys(c for c in range(0x20) if chr(c) not in "\t\n\r")


def parse(html: str) -> Tree | None:
    """Parse a page into an lxml tree; None for text that holds no element at all."""
    if not html.strip():
        return None
    # Bytes with a fixed encoding: lxml refuses `str` pages that declare their own encoding.
    # C0 controls (NUL from a bad decode) are dropped: libxml2 turns them into U+FFFD text.
    data = html.translate(_CONTROLS).encode("utf-8", "replace")
    try:
        tree = lxml.html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree if tree is not None and len(tree) else None


# --- the page's own metadata -----------------------------------------------------------------

_ARTICLE_TYPE = re.compile(r"(?i)(article|posting|report)$")


@dataclass(frozen=True, slots=True)
class Page:
    """The metadata a page declares: `<meta>` tags and JSON-LD objects."""

    tree: Tree
    meta: dict[str, list[str]]
    articles: list[JsonObject]
    pages: list[JsonObject]  # WebPage objects: older Yoast pages name the author only there
    nodes: dict[str, JsonObject]

    @classmethod
    def read(cls, tree: Tree) -> Page:
        objects = list(_json_ld(tree))
        articles = [o for o in objects if any(_ARTICLE_TYPE.search(t) for t in ld_types(o))]
        pages = [o for o in objects if "WebPage" in ld_types(o)]
        nodes = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
        return cls(tree, _meta_tags(tree), articles, pages, nodes)

    def all(self, *keys: str) -> list[str]:
        """Every non-empty `<meta>` value under `keys`, in the order given."""
        return [v for name in keys for v in self.meta.get(name, []) if v]

    def resolve(self, value: Any) -> Any:
        """Follow a JSON-LD `{"@id": ...}` reference to the object it names."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.nodes.get(value["@id"], value)
        return value


def _meta_tags(tree: Tree) -> dict[str, list[str]]:
    """`<meta>` contents by lower-cased name / property / itemprop, in document order."""
    meta: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        name = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if name and content:
            meta.setdefault(name.strip().lower(), []).append(squash(htmllib.unescape(content)))
    return meta


def _json_ld(tree: Tree) -> Iterator[JsonObject]:
    """Every JSON-LD object on the page, flattening lists and `@graph`s."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            # Broken JSON-LD is common, and [[[[...]]]] exhausts the decoder's recursion;
            # the other sources still count.
            continue
        yield from _flatten(data)


# Real JSON-LD nests lists and graphs a few levels deep; deeper is noise or an attack.
_LD_DEPTH = 16


def _flatten(data: Any, depth: int = 0) -> Iterator[JsonObject]:
    if depth > _LD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph"), depth + 1)


def ld_types(obj: JsonObject) -> list[str]:
    """The `@type` names of a JSON-LD object."""
    kind = obj.get("@type")
    return [t for t in (kind if isinstance(kind, list) else [kind]) if isinstance(t, str)]


def ld_values(page: Page, key: str) -> Iterator[Any]:
    """Values of `key` in the page's JSON-LD article objects, lists flattened."""
    for article in page.articles:
        value = article.get(key)
        for item in value if isinstance(value, list) else [value]:
            if item not in (None, "", {}):
                yield page.resolve(item)


def ld_strings(page: Page, key: str) -> list[str]:
    """The string values of `key` in the page's JSON-LD article objects, unescaped and squashed."""
    return [squash(htmllib.unescape(v)) for v in ld_values(page, key) if isinstance(v, str)]


# --- text helpers -----------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
WORD = re.compile(r"\w+")


def squash(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space."""
    return _SPACE.sub(" ", text).strip()


def key(text: str) -> str:
    """A comparison key: case, accents, curly quotes and spacing ignored."""
    plain = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return squash(plain).casefold()


def compact(text: str) -> str:
    """The comparison key without spaces or punctuation ("Jane  O'Doe" -> "janeodoe")."""
    return re.sub(r"[\W_]+", "", key(text))


def element_text(el: Tree) -> str:
    """The text of an element and its descendants, squashed."""
    return squash(" ".join(el.itertext()))


@lru_cache(maxsize=1)
def word_lists() -> dict[str, Any]:
    """The word lists of `data/extract.toml`."""
    text = resources.files("newswatch").joinpath("data/extract.toml").read_text("utf-8")
    return tomllib.loads(text)
