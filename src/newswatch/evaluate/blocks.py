"""Score the plain-text cleaner on labelled page blocks (L3S-GN1 as `blocks.jsonl`).

Each page is one JSON object `{id, url, blocks: [{label, text}]}`, blocks in reading order.
The blocks are joined with blank lines, so each becomes one paragraph for the cleaner, and
the page is cleaned exactly as the `newswatch.clean.v1` stage does. A block's words are kept when
it (or its glued pieces) ends up in the title, standfirst or a section; content is the
`headline` and `fulltext` labels. Precision, recall and F1 are over words (`text.split()`),
summed over all pages; the page-averaged F1 is `extra["macro_f1"]`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newswatch import dates
from newswatch.boilerplate import Rule, classify, load_rules
from newswatch.clean import byline, clean, heading, normalise, paragraphs, split_glued
from newswatch.evaluate import Score, f1

if TYPE_CHECKING:
    from newswatch.options import CleanOptions, Options

CONTENT_LABELS = frozenset({"headline", "fulltext"})
# Blocks are joined with a blank line, so each stays one paragraph even where the cleaner
# would take a few long lines for hard-wrapped text and join them.
BLOCK_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Tally:
    """Word counts of one page, or of many pages added up."""

    kept: float = 0.0
    content: float = 0.0
    kept_content: float = 0.0

    def add(self, other: Tally) -> None:
        self.kept += other.kept
        self.content += other.content
        self.kept_content += other.kept_content

    def precision(self) -> float:
        return self.kept_content / self.kept if self.kept else 0.0

    def recall(self) -> float:
        return self.kept_content / self.content if self.content else 0.0

    def f1(self) -> float:
        return f1(self.precision(), self.recall())


def score_blocks(path: Path, options: Options) -> Score:
    """Content-word precision, recall and F1 of the cleaner over every page in `path`."""
    rules = load_rules(options.clean.rule_files)
    total, page_f1s = Tally(), []
    for page in read_pages(path):
        tally = score_page(page["blocks"], rules, options.clean, str(page.get("id")))
        total.add(tally)
        if tally.content:  # a page without content has no recall to average
            page_f1s.append(tally.f1())
    macro = sum(page_f1s) / len(page_f1s) if page_f1s else 0.0
    return Score(
        "l3s-gn1 blocks",
        total.precision(),
        total.recall(),
        total.f1(),
        len(page_f1s),
        {"macro_f1": macro},
    )


def read_pages(path: Path) -> Iterator[dict[str, Any]]:
    """The pages of a `blocks.jsonl` file, one JSON object per non-empty line."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def score_page(
    blocks: Sequence[dict[str, str]], rules: Sequence[Rule], options: CleanOptions, page: str
) -> Tally:
    """Count kept, content and kept content words of one page."""
    texts = [b["text"].replace("\n", " ") for b in blocks]  # one block, one paragraph
    kept = kept_fractions(texts, rules, options, page)
    tally = Tally()
    for block, share in zip(blocks, kept, strict=True):
        words = len(block["text"].split())
        is_content = block["label"] in CONTENT_LABELS
        tally.kept += share * words
        tally.content += words if is_content else 0
        tally.kept_content += share * words if is_content else 0
    return tally


def kept_fractions(
    texts: Sequence[str], rules: Sequence[Rule], options: CleanOptions, page: str = ""
) -> list[float]:
    """Which share of each text's words the cleaner keeps, checked against `clean()` itself.

    The cleaner's output does not say which input paragraph each kept piece came from, so the
    decisions are derived again from the same public functions it uses (`classify`, then
    bylines, datelines and section headings), and must remove exactly what `clean()` removed.
    """
    pieces = _pieces(texts, page)
    reasons = classify([s for _, s in pieces], rules)
    removed = [r is not None or _metadata(s) for (_, s), r in zip(pieces, reasons, strict=True)]
    found = clean(
        BLOCK_SEPARATOR.join(texts),
        rules=rules,
        title_max_chars=options.title_max_chars,
        standfirst_max_chars=options.standfirst_max_chars,
    )
    gone = [s for (_, s), out in zip(pieces, removed, strict=True) if out]
    if [r.text for r in found.removed] != gone:
        raise ValueError(f"page {page}: derived decisions differ from clean()")
    return _shares(len(texts), pieces, removed)


def _pieces(texts: Sequence[str], page: str) -> list[tuple[int, str]]:
    """(text index, segment) in the cleaner's order: its paragraphs split where glued."""
    paras = [(i, p) for i, t in enumerate(texts) if (p := normalise(t))]
    if paragraphs(BLOCK_SEPARATOR.join(texts)) != [p for _, p in paras]:
        raise ValueError(f"page {page}: its blocks do not map one-to-one to paragraphs")
    return [(i, s) for i, p in paras for s in split_glued(p)]


def _metadata(text: str) -> bool:
    """What the cleaner takes out as a byline, dateline or section heading."""
    return byline(text) is not None or dates.dateline(text) is not None or heading(text) is not None


def _shares(count: int, pieces: Sequence[tuple[int, str]], removed: Sequence[bool]) -> list[float]:
    """Kept share of each text's words; pieces of a glued text count by their own words."""
    kept, total = [0] * count, [0] * count
    for (index, text), gone in zip(pieces, removed, strict=True):
        words = len(text.split())
        total[index] += words
        kept[index] += 0 if gone else words
    return [k / t if t else 0.0 for k, t in zip(kept, total, strict=True)]
