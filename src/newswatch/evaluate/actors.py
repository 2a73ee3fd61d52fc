"""Actor scorer: the actors stage against the PLOVER gold standard records (CAMEO manual).

Each record is one sentence with its `source` and `target` actors, each `{actorText, code,
sector}`. The sentence goes through the real pipeline, every stage up to the one that adds the
actors, and each gold actor is looked up among the system's actors:

- found: a system mention overlaps an occurrence of `actorText` in the text (whole words,
  case-insensitive, any run of spaces matches any other; an `actorText` with "..." marks a
  split mention and each of its pieces counts), or else a system actor's name equals
  `actorText`. Of several overlapping actors the one with the most characters in common
  wins, the first on a tie;
- country right: when the gold code is an ISO 3166 alpha-3 country, the first three letters
  of the system's code (its country when it has no code) must equal it; other codes (IGO, NGO,
  IMG...) must start the system's code whole, since the gold stops at "IGO" where the
  knowledge base goes on to the organisation ("IGOUNO").

Recall = found / gold actors; precision = found with the right country / found. Gold actors
without a code ("", "---") are left out and counted in `extra["skipped_gold"]`. A record's
date goes to the stage (for who held which office) unless it is the file's placeholder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pycountry

from newswatch.evaluate import Score, f1
from newswatch.options import Options
from newswatch.pipeline import Pipeline, Work, stages_through
from newswatch.schema import Actor, Article, Source, Span

GOLD_FILE = "PLOVER_GSR_CAMEO.json"
GOLD_FOLDER = "plover"

# Old CAMEO spellings the gold still uses for some countries, read as their ISO codes.
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}

# Every record carries this date: the CAMEO manual's examples are undated, so it says nothing
# about who held which office, and the stage is better off with no date than a wrong one.
PLACEHOLDER_DATES = frozenset({"2000-01-01"})

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ELLIPSIS = re.compile(r"\s*\.{2,}\s*")  # "U.S. ... negotiators": one actor, two pieces


@dataclass(frozen=True, slots=True)
class GoldActor:
    """One gold source or target actor."""

    text: str
    code: str


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold sentence with its coded actors."""

    id: str
    text: str
    date: str | None
    actors: tuple[GoldActor, ...]
    skipped: int  # gold actors without a usable code


class Sentence(Protocol):
    """What running a gold sentence through the pipeline needs of its record."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def date(self) -> str | None: ...


# The system under test: an article (clean text and actors) per record, None when skipped.
Extract = Callable[[Sequence[GoldRecord]], Iterable[Article | None]]


@dataclass(slots=True)
class Tally:
    """Counts over all records."""

    gold: int = 0
    found: int = 0
    country_right: int = 0
    skipped_gold: int = 0

    def score(self, items: int) -> Score:
        precision = self.country_right / self.found if self.found else 0.0
        recall = self.found / self.gold if self.gold else 0.0
        extra = {
            "found": float(self.found),
            "gold": float(self.gold),
            "country_right": float(self.country_right),
            "skipped_gold": float(self.skipped_gold),
        }
        return Score("plover actors", precision, recall, f1(precision, recall), items, extra)


def find_gold(path: Path) -> Path | None:
    """The gold file: `path` itself, in `path`, or in `path/plover`; None when absent."""
    for candidate in (path, path / GOLD_FILE, path / GOLD_FOLDER / GOLD_FILE):
        if candidate.is_file():
            return candidate
    return None


def score_actors(path: Path, options: Options, extract: Extract | None = None) -> Score:
    """Recall of gold actors and precision of their countries over the records in `path`.

    `path` is the gold file or a folder holding it (see `find_gold`); `extract` replaces the
    pipeline, for tests.
    """
    gold = find_gold(path)
    if gold is None:
        raise FileNotFoundError(f"no {GOLD_FILE} in {path}")
    records = read_records(gold)
    run = extract or (lambda recs: pipeline_articles(recs, options))
    tally = Tally()
    for record, article in zip(records, run(records), strict=True):
        score_record(record, article, tally)
    return tally.score(len(records))


def read_records(path: Path) -> list[GoldRecord]:
    """The gold sentences of a PLOVER file, without the DOCUMENT header and text-less records."""
    data = json.loads(path.read_text("utf-8"))
    return [_record(item) for item in data if item.get("text") and item.get("event") != "DOCUMENT"]


def _record(item: dict[str, Any]) -> GoldRecord:
    coded = [a for key in ("source", "target") for a in _actor_list(item.get(key))]
    actors = tuple(GoldActor(a["actorText"], a["code"]) for a in coded if usable_code(a["code"]))
    return GoldRecord(
        id=str(item.get("id", "")),
        text=item["text"],
        date=real_date(item.get("date")),
        actors=actors,
        skipped=len(coded) - len(actors),
    )


def _actor_list(value: object) -> list[dict[str, str]]:
    """The actors of a source or target field, which some records leave "" or as a word."""
    if not isinstance(value, list):
        return []
    return [a for a in value if isinstance(a, dict) and a.get("actorText")]


def usable_code(code: object) -> bool:
    """Whether a gold code says anything: not empty, not "---" (unknown)."""
    return isinstance(code, str) and bool(code.strip().strip("-*"))


def real_date(value: object) -> str | None:
    """An ISO date the knowledge base can use, or None for a missing, bad or placeholder one."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return None if value in PLACEHOLDER_DATES else value


# --- running the pipeline -----------------------------------------------------------------------


def pipeline_articles(
    records: Sequence[Sentence], options: Options, through: str = "actors"
) -> Iterator[Article | None]:
    """Run the configured stages up to the one adding `through` on each record's sentence,
    in batches."""
    stages = replace(options.pipeline, stages=stages_through(options.pipeline.stages, through))
    pipeline = Pipeline(replace(options, pipeline=stages))  # one model load for all records
    works = (_work(record, options) for record in records)
    for work in pipeline.run(works):
        yield work.article if work.skip is None else None


def actor_stages(options: Options) -> tuple[str, ...]:
    """The configured stages up to the last one that adds actors."""
    return stages_through(options.pipeline.stages, "actors")


def _work(record: Sentence, options: Options) -> Work:
    # The record id as title keeps the sentence from being taken for a headline: it stays body.
    published = options.analyze.date or record.date
    article = Article(source=Source(path=record.id), title=record.id, published=published)
    return Work(record.text, article, kind="text")


# --- matching -----------------------------------------------------------------------------------


def score_record(record: GoldRecord, article: Article | None, tally: Tally) -> None:
    """Add one record's gold actors to the tally; a skipped article finds none of them."""
    tally.gold += len(record.actors)
    tally.skipped_gold += record.skipped
    if article is None:
        return
    start = body_start(article)
    for gold in record.actors:
        actor = match(gold, article, start)
        if actor is not None:
            tally.found += 1
            tally.country_right += country_right(gold.code, actor)


def body_start(article: Article) -> int:
    """Where the text after the title starts: gold actors are looked for there only."""
    after = [s.start for s in article.sections if s.kind != "title"]
    return min(after) if after else 0


def gold_spans(text: str, actor_text: str, start: int = 0) -> list[Span]:
    """Every occurrence in `text[start:]` of `actor_text`, or of each piece of a split one."""
    spans: list[Span] = []
    for piece in _ELLIPSIS.split(actor_text.strip()):
        words = piece.split()
        if words:
            # Whole words only: "US" is no part of "Russian".
            body = r"\s+".join(map(re.escape, words))
            pattern = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
            spans += [m.span() for m in pattern.finditer(text, start)]
    return spans


def match(gold: GoldActor, article: Article, start: int = 0) -> Actor | None:
    """The system actor that stands for a gold actor, or None: see the module docstring."""
    spans = gold_spans(article.text, gold.text, start)
    best, most = None, 0
    for actor in article.actors:
        common = sum(_overlap(m, s) for m in actor.mentions for s in spans)
        if common > most:
            best, most = actor, common
    if best is not None:
        return best
    name = _name_key(gold.text)
    return next((a for a in article.actors if _name_key(a.name) == name), None)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def country_right(gold_code: str, actor: Actor) -> bool:
    """Whether the system actor's country (or non-country code) agrees with the gold code."""
    code = gold_code.strip().upper()
    head = OLD_CODES.get(code[:3], code[:3])
    if pycountry.countries.get(alpha_3=head) is not None:
        system = actor.code[:3] if actor.code else actor.country
        return system is not None and system.upper() == head
    return actor.code is not None and actor.code.upper().startswith(head + code[3:])
