"""Quantities stage: money, percentages and counts the article claims.

Only the stage's place in the pipeline exists so far: quantity extraction is part of issue 6,
and until it lands the stage adds an empty list.
"""

from __future__ import annotations

from newswatch.pipeline import Work, register_extractor
from newswatch.schema import Quantity


def find(work: Work) -> list[Quantity]:
    """Return the article's quantities (none until quantity extraction lands)."""
    return []


register_extractor(
    "newswatch.quantities.v1", requires={"doc"}, field_name="quantities", extract=find
)
