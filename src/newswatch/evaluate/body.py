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
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import mean

from newswatch.clean import Clean
from newswatch.errors import Skip
from newswatch.evaluate import Score, f1
from newswatch.ingest.html import decode_html
from newswatch.options import Options
from newswatch.pipeline import Work
from newswatch.schema import Article, Source

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
    """Score the body text newswatch outputs on the benchmark in `folder` (or its parent)."""
    folder = _benchmark(folder)
    gold = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    matches, skipped = [], 0
    # The benchmark is multilingual on purpose; it scores extraction, as `--lang any` runs it.
    ingest = replace(options.ingest, require_english=False)
    stage = Clean(replace(options, ingest=ingest))
    for key, item in sorted(gold.items()):
        text = _predict(folder / "html" / f"{key}.html.gz", item.get("url"), stage, options)
        skipped += text is None
        matches.append(match(text or "", item.get("articleBody") or ""))
    return _score(matches, skipped)


def _benchmark(folder: Path) -> Path:
    nested = folder / "article-benchmark"
    return nested if not (folder / "ground-truth.json").exists() and nested.is_dir() else folder


def _predict(path: Path, url: str | None, stage: Clean, options: Options) -> str | None:
    """The body newswatch outputs for one page (the clean stage, as in `analyze`)."""
    data = gzip.decompress(path.read_bytes())
    if len(data) > options.ingest.max_bytes:
        return None  # The product would skip it too ("too large").
    work = Work(decode_html(data), Article(source=Source(url=url)), kind="html")
    try:
        stage(work)
    except Skip:
        return None
    article = work.article
    # The benchmark's body excludes the headline and standfirst, which lead the clean text.
    body = [s for s in article.sections if s.kind not in ("title", "standfirst")]
    return "\n\n".join(article.text[s.start : s.end] for s in body)


def _score(matches: list[Match], skipped: int) -> Score:
    """Macro precision and recall over pages, as the benchmark averages them."""
    precisions = [m.precision for m in matches if m.tp + m.fp > 0]
    recalls = [m.recall for m in matches if m.tp + m.fn > 0]
    p = mean(precisions) if precisions else 0.0
    r = mean(recalls) if recalls else 0.0
    page_f1 = mean(f1(m.precision, m.recall) for m in matches) if matches else 0.0
    extra = {"skipped": float(skipped), "mean_page_f1": page_f1}
    return Score("body", p, r, f1(p, r), len(matches), extra)
