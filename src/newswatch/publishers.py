"""Naming an article's publisher from its URL, its own boilerplate, or its file name.

Publishers are listed in `data/publishers.toml`. A scraped text often names its publisher in
the very boilerplate the cleaner removes ("The Independent is trusted by ..."), which is
better evidence than a file name, and a URL's domain is better still.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Publisher:
    """A news publisher and the ways it shows up."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


@lru_cache(maxsize=1)
def known() -> tuple[Publisher, ...]:
    """The packaged publishers."""
    text = resources.files("newswatch").joinpath("data/publishers.toml").read_text("utf-8")
    return tuple(
        Publisher(p["name"], tuple(p.get("aliases", ())), tuple(p.get("domains", ())))
        for p in tomllib.loads(text)["publisher"]
    )


def from_url(url: str, publishers: Iterable[Publisher]) -> str | None:
    """The publisher whose domain the URL's host is, or is under."""
    host = (urlsplit(url).hostname or "").lower()
    for p in publishers:
        if any(host == d or host.endswith("." + d) for d in p.domains):
            return p.name
    return None


def from_text(paragraphs: Iterable[str], publishers: Iterable[Publisher]) -> str | None:
    """The publisher named most often in the given (boilerplate) paragraphs."""
    text = " ".join(paragraphs)
    counts = {p.name: len(re.findall(rf"\b{re.escape(_bare(p.name))}\b", text)) for p in publishers}
    best = max(counts, key=lambda name: counts[name], default=None)
    return best if best is not None and counts[best] else None


def _bare(name: str) -> str:
    """'The Independent' is also written 'Independent' ("other Independent readers")."""
    return name[4:] if name.startswith("The ") else name


def from_path(path: str, publishers: Iterable[Publisher]) -> str | None:
    """The publisher whose alias the file name starts with ("independent-2017-03-31-...")."""
    stem = PurePath(path).name.lower()
    for p in publishers:
        if any(re.match(rf"{re.escape(a)}(?:[-_.\s]|\d|$)", stem) for a in p.aliases):
            return p.name
    return None


def identify(url: str | None, path: str | None, boilerplate: Iterable[str]) -> str | None:
    """Best evidence first: the URL, then the publisher's own boilerplate, then the file name."""
    publishers = known()
    return (
        (from_url(url, publishers) if url else None)
        or from_text(boilerplate, publishers)
        or (from_path(path, publishers) if path else None)
    )
