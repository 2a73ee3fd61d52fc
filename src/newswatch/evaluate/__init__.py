"""Scorers that measure newswatch against public gold data (`newswatch eval ...`).

Each scorer module exposes a function that takes the gold folder and the run's options and
returns a `Score`. Scorers never download anything and never need the gold data at run time
of the product: they are for development, CI gates and the README's Quality table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newswatch.options import Options


@dataclass(slots=True)
class Score:
    """Precision, recall and F1 of one scorer, plus named extra figures."""

    name: str
    precision: float
    recall: float
    f1: float
    items: int
    extra: dict[str, float] = field(default_factory=dict)

    def report(self) -> str:
        """A readable line with the extra figures, for people."""
        extra = "  ".join(f"{k}={v:.3f}" for k, v in self.extra.items())
        return f"{self.name} ({self.items} items): {self.line()}" + (f"  {extra}" if extra else "")

    def line(self) -> str:
        """The contract's closing line: `P=0.812 R=0.744 F1=0.776`."""
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# How each clean scorer recognises its gold folder, and the folder's usual name in shared data.
_CLEAN_SETS = (
    ("metadata", "articles.json", "naeb"),
    ("blocks", "blocks.jsonl", "l3s-gn1"),
    ("body", "ground-truth.json", "article-benchmark"),
)


def clean_sets(gold: Path) -> list[tuple[str, Path]]:
    """The clean scorers that apply to `gold`: a dataset folder, or a folder holding several."""
    found = []
    for name, marker, folder in _CLEAN_SETS:
        for candidate in (gold, gold / folder):
            if (candidate / marker).is_file():
                found.append((name, candidate))
                break
    return found


def score_clean(name: str, folder: Path, options: Options) -> Score:
    """Run one clean scorer ("body", "metadata" or "blocks") on its gold folder."""
    if name == "body":
        from newswatch.evaluate.body import score_body

        return score_body(folder, options)
    if name == "metadata":
        from newswatch.evaluate.metadata import score_metadata

        return score_metadata(folder, options)
    from newswatch.evaluate.blocks import score_blocks

    return score_blocks(folder / "blocks.jsonl", options)
