"""Events stage: PLOVER events with source, target, trigger and evidence sentence.

Only the stage's place in the pipeline exists so far: event coding is issue 6, and until it
lands the stage adds an empty list.
"""

from __future__ import annotations

from newswatch.pipeline import Work, register_extractor
from newswatch.schema import Event


def find(work: Work) -> list[Event]:
    """Return the article's events (none until event coding lands)."""
    return []


register_extractor(
    "newswatch.events.v1", requires={"doc", "actors", "quotes"}, field_name="events", extract=find
)
