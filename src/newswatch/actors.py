"""Actors stage: canonical actors with their mentions, roles, country and CAMEO-style code.

Only the stage's place in the pipeline exists so far: actor resolution is issue 4, and until
it lands the stage adds an empty list, so the output contract already has its final shape.
"""

from __future__ import annotations

from newswatch.pipeline import Work, register_extractor
from newswatch.schema import Actor


def find(work: Work) -> list[Actor]:
    """Return the article's actors (none until the actor resolver lands)."""
    return []


register_extractor("newswatch.actors.v1", requires={"doc"}, field_name="actors", extract=find)
