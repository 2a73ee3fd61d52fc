"""Quotes stage: who said what, with content span, cue and speaker.

Only the stage's place in the pipeline exists so far: quote attribution is issue 5, and until
it lands the stage adds an empty list.
"""

from __future__ import annotations

from newswatch.pipeline import Work, register_extractor
from newswatch.schema import Quote


def find(work: Work) -> list[Quote]:
    """Return the article's attributed quotes (none until quote attribution lands)."""
    return []


register_extractor(
    "newswatch.quotes.v1", requires={"doc", "actors"}, field_name="quotes", extract=find
)
