"""The site a page comes from: the names it goes by, its canonical URL, publisher and language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from newswatch import publishers
from newswatch.extract.page import Page, Tree, compact, key, ld_strings, ld_values, squash

# --- site names ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    """The names a site goes by: never a headline part, never an author."""

    names: tuple[str, ...]  # as written, longest first, "The " dropped too
    keys: frozenset[str]
    domain: str  # "www.searchenginewatch.com" -> "searchenginewatch"

    @classmethod
    def of(cls, page: Page, url: str | None) -> Site:
        found = page.all("og:site_name", "application-name", "apple-mobile-web-app-title")
        found += [_org_name(p) or "" for p in ld_values(page, "publisher")]
        found += [s.lstrip("@") for s in page.all("twitter:site") if not s.startswith("http")]
        if url:
            found.append(publishers.from_url(url, publishers.known()) or "")
        names = {n for f in found if f for n in (f, re.sub(r"(?i)^the\s+", "", f))}
        ordered = tuple(sorted(names, key=len, reverse=True))
        return cls(ordered, frozenset(key(n) for n in names), _domain_label(url))

    def named(self, text: str) -> bool:
        """Whether `text` is the site's own name ("CBC News" on cbc.ca, "Search Engine Watch")."""
        plain = key(text)
        if plain in self.keys or plain.removeprefix("the ") in self.keys:
            return True
        letters = compact(text)
        domain = self.domain
        return len(domain) >= 3 and letters.startswith(domain) and len(letters) <= len(domain) + 8

    def remove(self, text: str) -> str:
        """`text` without the site's names in it ("Jane Doe Worcester Telegram & Gazette")."""
        for name in self.names:
            text = re.sub(rf"(?i)\b{re.escape(name)}(?!\w)", " ", text)
        return text


def _domain_label(url: str | None) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    parts = [p for p in host.split(".") if p not in ("www", "com", "co", "org", "net", "uk")]
    return max(parts, key=len, default="")


def _org_name(item: Any) -> str | None:
    name = item.get("name") if isinstance(item, dict) else item
    return name if isinstance(name, str) else None


# --- URL, publisher, language ----------------------------------------------------------------


def canonical(page: Page, url: str | None) -> str | None:
    """The page's canonical URL (`link rel=canonical`, `og:url`), absolute; else `url`."""
    links: list[str] = [
        el.get("href") or "" for el in page.tree.iter("link") if _rel(el) == "canonical"
    ]
    for href in [*links, *page.all("og:url")]:
        absolute = urljoin(url or "", href.strip())
        if absolute.startswith(("http://", "https://")):
            return absolute
    return url


def _rel(el: Tree) -> str:
    return (el.get("rel") or "").strip().lower()


def publisher(page: Page, url: str | None) -> str | None:
    """The site's name: JSON-LD publisher, `og:site_name`, else the known publisher of the URL."""
    names = [_org_name(p) for p in ld_values(page, "publisher")]
    names += page.all("og:site_name", "application-name")
    name = next((squash(n) for n in names if n and squash(n)), None)
    if name is None and url:
        name = publishers.from_url(url, publishers.known())
    return name


_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:$|[-_])")


def language(page: Page) -> str | None:
    """The page's language as a lower-case ISO 639 code ("en-GB" -> "en")."""
    root = page.tree
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += page.all("content-language", "language", "dc.language", "og:locale")
    candidates += ld_strings(page, "inLanguage")
    for value in candidates:
        match = _LANGUAGE.match((value or "").strip())
        if match:
            return str(match.group(1)).lower()
    return None
