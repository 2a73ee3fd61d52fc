"""Metadata scorer: title, publication date and authors from `newswatch.extract` against NAEB.

The folder holds `html/ID.html` pages and `articles.json` (`{ID: {title, authors, date, ...}}`).

- title: right when equal after case folding, dropping accents, collapsing whitespace and
  writing curly quotes as straight ones: a site's `<h1>` and its metadata often differ in quote
  style only, and pages and gold in accents ("Solcyre" / "Solcyré");
- date: right when the same calendar day;
- authors: right when the predicted set of names equals the gold set (gold is a comma-separated
  string, "" for none; no prediction for "" is right). Names are compared like titles, and
  full stops are ignored too ("George T Conway III" = "George T. Conway III").

`Score.extra` holds the three page accuracies; the main precision, recall and F1 are for author
names, counted over all pages together (micro).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from newswatch.errors import Skip
from newswatch.evaluate import Score, f1
from newswatch.extract import Extracted, extract
from newswatch.ingest.html import decode_html
from newswatch.options import Options

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The comparison form of a title: case-folded, no accents, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def name_key(name: str) -> str:
    """The comparison form of an author's name: as a title, and without full stops."""
    return normalise(name.replace(".", " "))


def gold_names(authors: str) -> set[str]:
    """The gold author set from its comma-separated string."""
    return {name_key(a) for a in authors.split(",") if name_key(a)}


@dataclass(slots=True)
class _Tally:
    """Running counts over pages."""

    pages: int = 0
    titles: int = 0
    dates: int = 0
    authors: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: Extracted | None, gold: dict[str, str]) -> None:
        """Count one page; `got` is None when extraction skipped it."""
        self.pages += 1
        title, day = (got.title, got.published) if got else (None, None)
        self.titles += title is not None and normalise(title) == normalise(gold["title"] or "")
        self.dates += day is not None and day == (gold.get("date") or "")[:10]
        predicted = {name_key(a) for a in got.authors} if got else set()
        expected = gold_names(gold.get("authors") or "")
        self.authors += predicted == expected
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    def score(self) -> Score:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        n = self.pages or 1
        extra = {"title": self.titles / n, "date": self.dates / n, "authors": self.authors / n}
        return Score("metadata", p, r, f1(p, r), self.pages, extra)


def score_metadata(folder: Path, options: Options) -> Score:
    """Score title, date and authors on the NAEB pages in `folder` (or `folder/naeb`)."""
    folder = _naeb(folder)
    gold = json.loads((folder / "articles.json").read_text("utf-8"))
    tally = _Tally()
    for key, item in sorted(gold.items()):
        tally.add(_predict(folder / "html" / f"{key}.html", item.get("url"), options), item)
    return tally.score()


def _naeb(folder: Path) -> Path:
    nested = folder / "naeb"
    return nested if not (folder / "articles.json").exists() and nested.is_dir() else folder


def _predict(path: Path, url: str | None, options: Options) -> Extracted | None:
    """What extraction finds in one page; None when the page is missing, skipped or too large."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data or len(data) > options.ingest.max_bytes:
        return None
    try:
        return extract(decode_html(data), url=url)
    except Skip:
        return None
