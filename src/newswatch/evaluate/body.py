"""Body-text scorer: `newswatch.extract` against the article extraction benchmark.

The benchmark folder holds `html/ID.html.gz` pages and `ground-truth.json`
(`{ID: {articleBody, url}}`). The metric is the benchmark's own: each text becomes the multiset
of its overlapping 4-word shingles (lower-cased `\\w+` tokens); per page, precision and recall
are the shares of predicted and gold shingles that match; both are averaged over pages (a page
with no prediction counts for recall only, as in the benchmark) and F1 is their harmonic mean.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

from newswatch.errors import Skip
from newswatch.evaluate import Score, f1
from newswatch.extract import extract
from newswatch.ingest.html import decode_html
from newswatch.options import Options

SHINGLE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Match:
    """Shingle counts of one page: matched, predicted only, gold only."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Share of predicted shingles in the gold text (1 when both texts are empty)."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of gold shingles predicted (1 when both texts are empty)."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Overlapping n-word shingles; a text shorter than n words is one short shingle."""
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def match(predicted: str, gold: str) -> Match:
    """Compare two texts shingle by shingle, counting repeats (multiset overlap)."""
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    return Match(tp, sum(pred.values()) - tp, sum(true.values()) - tp)


def score_body(folder: Path, options: Options) -> Score:
    """Score extracted body text on the benchmark in `folder` (or `folder/article-benchmark`)."""
    folder = _benchmark(folder)
    gold = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    matches, skipped = [], 0
    for key, item in sorted(gold.items()):
        text = _predict(folder / "html" / f"{key}.html.gz", item.get("url"), options)
        skipped += text is None
        matches.append(match(text or "", item.get("articleBody") or ""))
    return _score(matches, skipped)


def _benchmark(folder: Path) -> Path:
    nested = folder / "article-benchmark"
    return nested if not (folder / "ground-truth.json").exists() and nested.is_dir() else folder


def _predict(path: Path, url: str | None, options: Options) -> str | None:
    """The extracted body of one page; None when the page is skipped or too large."""
    data = gzip.decompress(path.read_bytes())
    if len(data) > options.ingest.max_bytes:
        return None  # The product would skip it too ("too large").
    try:
        return extract(decode_html(data), url=url).text
    except Skip:
        return None


def _score(matches: list[Match], skipped: int) -> Score:
    """Macro precision and recall over pages, as the benchmark averages them."""
    precisions = [m.precision for m in matches if m.tp + m.fp > 0]
    recalls = [m.recall for m in matches if m.tp + m.fn > 0]
    p = mean(precisions) if precisions else 0.0
    r = mean(recalls) if recalls else 0.0
    page_f1 = mean(f1(m.precision, m.recall) for m in matches) if matches else 0.0
    extra = {"skipped": float(skipped), "mean_page_f1": page_f1}
    return Score("body", p, r, f1(p, r), len(matches), extra)
