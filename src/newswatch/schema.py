"""The output contract (`newswatch/1`) as dataclasses, shared by every stage, store and export.

`as_dict()` produces exactly the JSON of `CONTRACT.md`; `from_dict()` reads it back (unknown
keys are ignored so that newer files still load). Spans are `(start, end)` tuples in Python
and two-element lists in JSON; every offset indexes `Article.text`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Self

SCHEMA = "newswatch/1"

Span = tuple[int, int]


def article_id(text: str) -> str:
    """Content key of an article: the first 16 hex digits of the SHA-256 of its clean text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _to_json(value: Any) -> Any:
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    return value


def _span(value: Any) -> Span | None:
    if value is None:
        return None
    start, end = value
    return (int(start), int(end))


class Record:
    """Mixin for contract records: JSON conversion driven by the dataclass fields."""

    # Fields holding nested records (a record type) or spans ("span" / "spans").
    _nested: ClassVar[dict[str, Any]] = {}

    def as_dict(self) -> dict[str, Any]:
        """Return the contract JSON object for this record."""
        return {f.name: _to_json(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build a record from contract JSON, converting nested records and spans."""
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs = {k: cls._convert(k, v) for k, v in data.items() if k in known}
        return cls(**kwargs)

    @classmethod
    def _convert(cls, name: str, value: Any) -> Any:
        kind = cls._nested.get(name)
        if value is None:
            return None
        if kind is None:
            return list(value) if isinstance(value, list) else value
        if kind == "span":
            return _span(value)
        if kind == "spans":
            return [_span(v) for v in value]
        if isinstance(value, list):
            return [kind.from_dict(v) for v in value]
        return kind.from_dict(value)


@dataclass(slots=True)
class Source(Record):
    """Where an article came from."""

    path: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(slots=True)
class Section(Record):
    """A part of the clean text: title, standfirst, body, or an embedded piece such as analysis."""

    kind: str
    start: int
    end: int
    author: str | None = None


@dataclass(slots=True)
class Removed(Record):
    """A paragraph dropped by the cleaner, kept so that nothing is lost silently."""

    text: str
    reason: str


@dataclass(slots=True)
class Actor(Record):
    """A canonical actor with every mention of it in the text."""

    _nested: ClassVar[dict[str, Any]] = {"mentions": "spans"}

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    roles: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Quote(Record):
    """An attributed quotation: content span, cue and speaker."""

    _nested: ClassVar[dict[str, Any]] = {"speaker_span": "span"}

    id: str
    kind: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_span: Span | None = None
    cue: str | None = None


@dataclass(slots=True)
class Event(Record):
    """A PLOVER event: who did what to whom, with its evidence sentence and trigger."""

    _nested: ClassVar[dict[str, Any]] = {"sentence": "span"}

    id: str
    type: str
    sentence: Span
    trigger: str
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    mode: str | None = None
    negated: bool = False
    hypothetical: bool = False
    quote: str | None = None
    date: str | None = None
    cameo: str | None = None
    confidence: float = 0.0


@dataclass(slots=True)
class Quantity(Record):
    """A number the article claims, with its unit and what it measures.

    `value` is the number with its scale applied (£10bn is 1e10); a range ("£3bn-£4bn") has
    its upper end in `high`. `unit` is "percent", "percentage point", a currency code, a unit
    of measure, or None for a count. `bound` is "min" ("more than 300") or "max" ("nearly",
    "up to") when the qualifier gives one.
    """

    _nested: ClassVar[dict[str, Any]] = {"span": "span"}

    text: str
    value: float
    unit: str | None
    span: Span
    kind: str = "count"  # money | percent | count | measure
    measure: str | None = None  # "funding shortfall", "GDP on defence", "the alliance's members"
    currency: str | None = None  # ISO 4217 code for money
    scale: str | None = None  # the scale word as written: "bn", "million"
    high: float | None = None
    approximate: bool = False  # "about", "nearly", "more than", "thousands of"
    qualifier: str | None = None  # the qualifier as written, lower case
    bound: str | None = None


@dataclass(slots=True)
class Article(Record):
    """One analysed article: the record every pipeline stage reads and extends."""

    _nested: ClassVar[dict[str, Any]] = {
        "source": Source,
        "sections": Section,
        "removed": Removed,
        "actors": Actor,
        "quotes": Quote,
        "events": Event,
        "quantities": Quantity,
    }

    text: str = ""
    id: str = ""
    schema: str = SCHEMA
    source: Source = field(default_factory=Source)
    title: str | None = None
    standfirst: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    sections: list[Section] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the contract JSON, keys in the contract's order."""
        data = Record.as_dict(self)
        order = ["schema", "id", "source", "title", "standfirst", "authors", "published", "text"]
        return {k: data[k] for k in order} | {k: v for k, v in data.items() if k not in order}


@dataclass(slots=True)
class Outcome(Record):
    """What analysing one input gave, as a worker process returns it to the driver.

    `key` is the input's content hash (`newswatch.batches.input_key`), which a resumed run
    skips. `article` is the record, or None when the input was skipped (`reason`, `detail`)
    or when the worker wrote it to a Parquet shard itself; the counts are filled either way.
    """

    _nested: ClassVar[dict[str, Any]] = {"article": Article}

    key: str
    path: str
    article: Article | None = None
    reason: str | None = None
    detail: str = ""
    actors: int = 0
    quotes: int = 0
    events: int = 0
