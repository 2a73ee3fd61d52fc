"""Rows of GDELT 2.0's event table from stored articles (used by `newswatch export --format gdelt`).

GDELT codes one row per event that its coder saw in one or more articles: here the events
with the same day, actor codes (or names, for actors without a code) and CAMEO code are one
row, and NumMentions, NumSources and NumArticles count the event records, publishers and
articles behind it. Negated and hypothetical events are left out (GDELT codes what happened).
Actors are coded as in the store: Actor1 is the event's source, Actor2 its target (one row
per pair); locations and tone are not extracted and stay empty (geo types 0).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from newswatch.export import Cameo, event_key
from newswatch.schema import Actor, Article, Event


@dataclass(slots=True)
class _Group:
    """Event records that make one GDELT row."""

    first: dict[str, Any]
    mentions: int = 0
    root: bool = False
    articles: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


def _actor_columns(prefix: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {}
    return {
        f"{prefix}Code": actor.code,
        f"{prefix}Name": actor.name.upper(),
        f"{prefix}CountryCode": actor.country,
        f"{prefix}Type1Code": actor.sector,
    }


def _lead_end(article: Article) -> int:
    """End of the lead paragraph: the first paragraph of the body section (or of the text)."""
    body = next((s for s in article.sections if s.kind == "body"), None)
    start = body.start if body else 0
    end = article.text.find("\n\n", start)
    return len(article.text) if end < 0 else end


def _day_columns(day: date) -> dict[str, Any]:
    fraction = day.year + (day.month * 30 + day.day) / 365  # GDELT's FractionDate formula
    return {"Day": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"),
            "Year": day.year, "FractionDate": f"{fraction:.4f}"}  # fmt: skip


def _event_day(article: Article, event: Event) -> date | None:
    try:
        text = event.date or article.published
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _pairs(article: Article, event: Event) -> Iterator[tuple[Actor | None, Actor | None]]:
    by_id = {actor.id: actor for actor in article.actors}
    sources: list[Actor | None] = [by_id[i] for i in event.source if i in by_id] or [None]
    targets: list[Actor | None] = [by_id[i] for i in event.target if i in by_id] or [None]
    for source in sources:
        for target in targets:
            yield source, target


def _key(actor: Actor | None) -> str:
    return "" if actor is None else actor.code or actor.name


def gdelt_rows(articles: Iterator[Article], cameo: Cameo) -> Iterator[dict[str, Any]]:
    """One dict per GDELT row, keyed by GDELT column names (missing keys are empty cells)."""
    groups: dict[tuple[Any, ...], _Group] = {}
    for article in articles:
        lead = _lead_end(article)
        for event in article.events:
            day, code = _event_day(article, event), cameo.code(event)
            if event.negated or event.hypothetical or day is None or code is None:
                continue
            for source, target in _pairs(article, event):
                key = (day, _key(source), _key(target), code)
                if key not in groups:
                    groups[key] = _Group(
                        _first_row(
                            article,
                            event,
                            day=day,
                            code=code,
                            cameo=cameo,
                            source=source,
                            target=target,
                        )
                    )
                group = groups[key]
                group.mentions += 1
                group.root = group.root or event.sentence[0] < lead
                group.articles.add(article.id)
                group.sources.add(article.source.publisher or article.source.url or article.id)
    added = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    for group in groups.values():
        yield {**group.first, "IsRootEvent": int(group.root), "NumMentions": group.mentions,
               "NumSources": len(group.sources), "NumArticles": len(group.articles),
               "DATEADDED": added}  # fmt: skip


def _first_row(
    article: Article,
    event: Event,
    *,
    day: date,
    code: str,
    cameo: Cameo,
    source: Actor | None,
    target: Actor | None,
) -> dict[str, Any]:
    """The columns a row takes from the first event record of its group."""
    scale = cameo.scale(code)
    return {
        "GlobalEventID": event_key(article.id, event.id),
        **_day_columns(day),
        **_actor_columns("Actor1", source),
        **_actor_columns("Actor2", target),
        "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
        "QuadClass": cameo.quad(code), "GoldsteinScale": None if scale is None else f"{scale:.1f}",
        "Actor1Geo_Type": 0, "Actor2Geo_Type": 0, "ActionGeo_Type": 0,
        "SOURCEURL": article.source.url or article.source.path,
    }  # fmt: skip
