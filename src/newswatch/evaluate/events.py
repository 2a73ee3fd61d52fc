"""Event scorer: the events stage against the PLOVER gold standard records (CAMEO manual).

Each record is one sentence with one gold event: its type, and its source and target actors
(`{actorText, code}`). The file uses PLOVER 0.5 labels, read as today's: DEMAND is REQUEST,
DISAPPROVE and INVESTIGATE are ACCUSE (modes disapprove, investigate), FIGHT is ASSAULT. The
sentence runs through the real pipeline up to the events (as the actors scorer runs it, with
the record id as headline, so events from the headline are left out).

How system events meet the gold, per record:

- the system's events of one type are one system event, with the union of their sources and
  targets: newswatch writes one event per source-target pair ("Hungarian and Romanian
  officials agreed": two events), the gold one event with two sources;
- event type: each distinct system type is one prediction; the gold type among them is a
  true positive, every other type a false positive (a sentence coded with three types pays
  for two), no match a false negative. P = right types / system types, R = right / records;
- full event: the gold type's system event is right when its sources and the gold's share a
  country, and so do its targets; a gold side with no actors needs a system side with none,
  a gold side whose actors are all uncoded ("---") accepts any. Countries are compared as
  the actors scorer does (first three letters of the code; IGO and other codes whole). The
  other types' events are false positives here too.

The last line is the event-type `P=... R=... F1=...`; the full-event figures are on the line
before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newswatch.evaluate import Score, f1
from newswatch.evaluate.actors import (
    GOLD_FILE,
    GoldActor,
    body_start,
    country_right,
    find_gold,
    pipeline_articles,
    real_date,
    usable_code,
)
from newswatch.options import Options
from newswatch.schema import Actor, Article, Event

# PLOVER 0.5 labels in the gold file, by their PLOVER 0.8 type.
OLD_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold sentence with its event."""

    id: str
    text: str
    date: str | None
    type: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    # Whether each side had actors at all (all uncoded ones make a side unscored).
    has_source: bool
    has_target: bool


Extract = Callable[[Sequence[GoldEvent]], Iterable[Article | None]]


@dataclass(slots=True)
class Tally:
    """Counts over all records."""

    records: int = 0
    types: int = 0  # distinct system types, summed over records
    type_right: int = 0
    full_right: int = 0

    def score(self) -> Score:
        precision = self.type_right / self.types if self.types else 0.0
        recall = self.type_right / self.records if self.records else 0.0
        full_p = self.full_right / self.types if self.types else 0.0
        full_r = self.full_right / self.records if self.records else 0.0
        extra = {
            "full_p": full_p,
            "full_r": full_r,
            "full_f1": f1(full_p, full_r),
            "system_types": float(self.types),
            "type_right": float(self.type_right),
            "full_right": float(self.full_right),
        }
        return Score("plover events", precision, recall, f1(precision, recall), self.records, extra)


def read_events(path: Path) -> list[GoldEvent]:
    """The gold events of a PLOVER file, without the DOCUMENT header and text-less records."""
    data = json.loads(path.read_text("utf-8"))
    return [_event(item) for item in data if item.get("text") and item.get("event") != "DOCUMENT"]


def _event(item: dict[str, Any]) -> GoldEvent:
    sides = {key: _actors(item.get(key)) for key in ("source", "target")}
    label = str(item.get("event", "")).upper()
    return GoldEvent(
        id=str(item.get("id", "")),
        text=item["text"],
        date=real_date(item.get("date")),
        type=OLD_LABELS.get(label, label),
        sources=tuple(a for a in sides["source"] if usable_code(a.code)),
        targets=tuple(a for a in sides["target"] if usable_code(a.code)),
        has_source=bool(sides["source"]),
        has_target=bool(sides["target"]),
    )


def _actors(value: object) -> list[GoldActor]:
    if not isinstance(value, list):
        return []
    return [
        GoldActor(a["actorText"], str(a.get("code", "")))
        for a in value
        if isinstance(a, dict) and a.get("actorText")
    ]


def score_events(path: Path, options: Options, extract: Extract | None = None) -> Score:
    """Event-type and full-event P/R/F1 over the gold records in `path` (file or folder)."""
    gold = find_gold(path)
    if gold is None:
        raise FileNotFoundError(f"no {GOLD_FILE} in {path}")
    records = read_events(gold)
    run = extract or (lambda recs: pipeline_articles(recs, options, through="events"))
    tally = Tally()
    for record, article in zip(records, run(records), strict=True):
        score_record(record, article, tally)
    return tally.score()


def score_record(record: GoldEvent, article: Article | None, tally: Tally) -> None:
    """Add one record to the tally; a skipped article predicts nothing."""
    tally.records += 1
    if article is None:
        return
    start = body_start(article)
    by_type: dict[str, list[Event]] = {}
    for event in article.events:
        if event.sentence[0] >= start:
            by_type.setdefault(event.type, []).append(event)
    tally.types += len(by_type)
    events = by_type.get(record.type)
    if events is None:
        return
    tally.type_right += 1
    actors = {a.id: a for a in article.actors}
    sources = [actors[i] for e in events for i in e.source if i in actors]
    targets = [actors[i] for e in events for i in e.target if i in actors]
    if _side_right(record.sources, record.has_source, sources) and _side_right(
        record.targets, record.has_target, targets
    ):
        tally.full_right += 1


def _side_right(gold: tuple[GoldActor, ...], had: bool, system: list[Actor]) -> bool:
    """Whether one side (sources or targets) agrees with the gold's: see the docstring."""
    if not had:
        return not system
    if not gold:
        return True  # every gold actor on this side is uncoded
    return any(country_right(g.code, a) for g in gold for a in system)
