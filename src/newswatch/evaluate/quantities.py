"""Quantity scorer: the quantities stage against a hand-checked gold file (JSON Lines).

No public gold data for quantities exists in the project's data, so the repository ships a
small one, `tests/data/quantities-gold.jsonl`: sentences written for it, each with every
quantity it holds, and the example article. One object per line:

    {"id": "s01", "text": "The council faces a £2.5m budget gap next year.",
     "published": "2017-03-31",
     "quantities": [{"text": "£2.5m", "value": 2500000, "unit": "GBP",
                     "measure": "budget gap"}]}

`path` (relative to the gold file) may stand for `text`: the file is read as `analyze` reads it.
Each item runs through the configured stages up to the parse, then the quantities stage.

- match: a system quantity and a gold one whose texts contain one another (case and spaces
  ignored), with the same value (relative tolerance 1e-6) and unit; one to one, in order;
- precision = matched / system quantities, recall = matched / gold quantities;
- measure accuracy (`extra["measure"]`), over matched pairs whose gold names a measure: the
  content words of one measure all occur in the other.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newswatch.evaluate import Score, f1
from newswatch.options import Options
from newswatch.pipeline import Pipeline, Work, registered, stages_through
from newswatch.schema import Article, Quantity, Source

# Words that say nothing about what is measured.
_STOP = frozenset(
    {"a", "an", "the", "of", "on", "in", "for", "to", "by", "at", "its", "their", "his", "her"}
    | {"was", "were", "is", "are", "has", "had"}
)


@dataclass(frozen=True, slots=True)
class GoldQuantity:
    """One gold quantity."""

    text: str
    value: float
    unit: str | None
    measure: str | None


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold text (a sentence, or an article file) with all of its quantities."""

    id: str
    raw: str
    published: str | None
    quantities: tuple[GoldQuantity, ...]
    from_file: bool


@dataclass(slots=True)
class Tally:
    """Counts over all items."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    measured: int = 0  # matched pairs whose gold names a measure
    measure_right: int = 0

    def score(self, items: int) -> Score:
        """The scorer's result."""
        precision = self.matched / self.found if self.found else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        extra = {"measure": self.measure_right / self.measured if self.measured else 0.0}
        return Score("quantities", precision, recall, f1(precision, recall), items, extra)


def read_gold(path: Path) -> list[GoldItem]:
    """The gold items of a JSON Lines file; `path` entries are read relative to it."""
    items = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            items.append(_item(json.loads(line), path.parent))
    return items


def _item(data: dict[str, Any], folder: Path) -> GoldItem:
    from_file = "path" in data
    raw = (folder / data["path"]).read_text("utf-8") if from_file else data["text"]
    quantities = tuple(
        GoldQuantity(q["text"], float(q["value"]), q.get("unit"), q.get("measure"))
        for q in data["quantities"]
    )
    return GoldItem(str(data["id"]), raw, data.get("published"), quantities, from_file)


def score_quantities(path: Path, options: Options) -> Score:
    """Score the quantities stage on the gold file at `path`."""
    items = read_gold(path)
    tally = Tally()
    for item, found in zip(items, _articles(items, options), strict=True):
        score_item(item, found, tally)
    return tally.score(len(items))


def _articles(items: list[GoldItem], options: Options) -> Iterator[list[Quantity]]:
    """Each item's system quantities (none when the pipeline skipped it)."""
    stages = replace(options.pipeline, stages=quantity_stages(options))
    pipeline = Pipeline(replace(options, pipeline=stages))
    for work in pipeline.run(_work(item) for item in items):
        yield work.article.quantities if work.skip is None else []


def quantity_stages(options: Options) -> tuple[str, ...]:
    """The configured stages through the parse, then those that add quantities."""
    known = registered()
    parse = stages_through(options.pipeline.stages, "doc")
    adds = [s for s in options.pipeline.stages if "quantities" in known[s].assigns]
    return (*parse, *adds)


def _work(item: GoldItem) -> Work:
    # A sentence's id as its title keeps the sentence from being taken for a headline.
    title = None if item.from_file else item.id
    article = Article(source=Source(path=item.id), title=title, published=item.published)
    return Work(item.raw, article, kind="text")


def score_item(item: GoldItem, found: list[Quantity], tally: Tally) -> None:
    """Add one item's matches to the tally."""
    tally.gold += len(item.quantities)
    tally.found += len(found)
    left = list(found)
    for gold in item.quantities:
        system = next((q for q in left if matches(gold, q)), None)
        if system is None:
            continue
        left.remove(system)
        tally.matched += 1
        if gold.measure:
            tally.measured += 1
            tally.measure_right += measure_right(gold.measure, system.measure)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def matches(gold: GoldQuantity, system: Quantity) -> bool:
    """Same quantity: texts contain one another, same value and unit."""
    a, b = _norm(gold.text), _norm(system.text)
    return (
        (a in b or b in a)
        and math.isclose(gold.value, system.value, rel_tol=1e-6)
        and gold.unit == system.unit
    )


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w']+", _norm(text)) if w not in _STOP}


def measure_right(gold: str, system: str | None) -> bool:
    """The content words of one measure all occur in the other."""
    if not system:
        return False
    a, b = _content(gold), _content(system)
    return bool(a and b) and (a <= b or b <= a)
