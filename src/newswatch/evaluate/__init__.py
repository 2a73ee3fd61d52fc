"""Scorers that measure newswatch against public gold data (`newswatch eval ...`).

Each scorer module exposes a function that takes the gold folder and the run's options and
returns a `Score`. Scorers never download anything and never need the gold data at run time
of the product: they are for development, CI gates and the README's Quality table.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Score:
    """Precision, recall and F1 of one scorer, plus named extra figures."""

    name: str
    precision: float
    recall: float
    f1: float
    items: int
    extra: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        """The contract's closing line: `P=0.812 R=0.744 F1=0.776`."""
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
