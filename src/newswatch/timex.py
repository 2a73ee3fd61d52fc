"""Date expressions in a sentence, resolved against the article's publication date.

The event coder asks what day (or week, month, year) an event happened on:

    >>> from datetime import date
    >>> resolve("Talks were held last week.", "2017-03-31").value
    '2017-W12'
    >>> resolve("The proceedings in 2010 found ...", "2017-03-31").first
    datetime.date(2010, 1, 1)

`resolve(sentence, published, *, near=None)` returns the one `Timex` the sentence's event
refers to (the expression nearest `near`, a character offset such as the trigger's, else the
first), or None when the sentence has no date expression or a relative one cannot be resolved
because the publication date is unknown. `timexes(...)` returns every expression. `sentence`
is a spaCy `Span` or `Doc` (offsets are then the doc's) or a string (offsets from `offset`).

Explicit dates ("12 March 2017", "March 12, 2017", "2017-03-12", "March 2017", "in 2010",
"the 1990s") need no publication date; partial and relative ones do: "on 12 March",
"in November", "last November", "on Tuesday", "yesterday", "last week", "earlier this
month", "next year", "two weeks ago". Without a year or a direction word, a date lies
behind the publication date when the sentence speaks of the past, ahead when it speaks of the
future ("will", "due to"), and otherwise wherever it is nearest. Words are in
`data/timex.toml`, numbers in `data/numbers.toml`.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from newswatch.dates import MONTHS
from newswatch.numwords import Numbers
from newswatch.options import read_toml

Granularity = str  # "day" | "week" | "month" | "year" | "decade"


class _TextSpan(Protocol):
    """What `timexes` needs of a spaCy Span or Doc."""

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Timex:
    """A resolved date expression: the days it covers and how precise it is.

    Attributes:
        text: the expression as written ("last November").
        span: its (start, end) character offsets (the doc's, or the string's plus `offset`).
        first: the first day it covers.
        last: the last day it covers (== first for a day).
        granularity: "day", "week", "month", "year" or "decade".
        relative: True when it was resolved against the publication date.
    """

    text: str
    span: tuple[int, int]
    first: date
    last: date
    granularity: Granularity
    relative: bool

    @property
    def value(self) -> str:
        """TIMEX3-style value: "2017-03-12", "2017-W12", "2017-03", "2017" or "199X"."""
        if self.granularity == "day":
            return self.first.isoformat()
        if self.granularity == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.granularity == "month":
            return self.first.isoformat()[:7]
        if self.granularity == "year":
            return str(self.first.year)
        return f"{str(self.first.year)[:3]}X"

    @property
    def day(self) -> str:
        """An ISO day for a record's `date` field: the day itself, else the first day covered."""
        return self.first.isoformat()


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: compiled rules are cached
class Words:
    """The word lists of `data/timex.toml`."""

    weekdays: dict[str, int]
    days: dict[str, int]
    lists: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Words:
        """The packaged words, extended by each user file in turn."""
        if not extra_files:
            return _packaged_words()
        return _words_from([_packaged_data(), *(read_toml(Path(p)) for p in extra_files)])


def timexes(
    sentence: _TextSpan | str,
    published: date | str | None,
    *,
    offset: int = 0,
    words: Words | None = None,
) -> list[Timex]:
    """Every date expression in a sentence that can be resolved, in text order.

    Args:
        sentence: a spaCy Span or Doc, or plain text.
        published: the article's publication date (ISO string or date), or None.
        offset: added to offsets found in a plain string (a Span brings its own).
        words: word lists (default: the packaged `data/timex.toml`).

    Returns:
        The resolved expressions; relative ones are left out when `published` is None.
    """
    words = words or Words.load()
    text = sentence if isinstance(sentence, str) else sentence.text
    base = offset if isinstance(sentence, str) else int(getattr(sentence, "start_char", 0))
    anchor = _anchor(published)
    context = _Context(anchor, _direction(text, words))
    found = []
    for match, rule in _longest_matches(text, words):
        resolved = rule(match, context, words)
        if resolved is not None:
            first, last, granularity, relative = resolved
            start = match.start() + _lead(match.group(), words)
            span = (base + start, base + match.end())
            found.append(Timex(text[start : match.end()], span, first, last, granularity, relative))
    return found


def resolve(
    sentence: _TextSpan | str,
    published: date | str | None,
    *,
    near: int | None = None,
    offset: int = 0,
    words: Words | None = None,
) -> Timex | None:
    """The date an event in `sentence` refers to, or None when it names no date.

    Args:
        sentence: a spaCy Span or Doc, or plain text.
        published: the article's publication date (ISO string or date), or None.
        near: a character offset (the event trigger's, in the same offsets as the result):
            the expression nearest to it wins; without it, the first one does.
        offset: added to offsets found in a plain string.
        words: word lists (default: the packaged `data/timex.toml`).

    Returns:
        The `Timex`, or None.
    """
    found = timexes(sentence, published, offset=offset, words=words)
    if not found:
        return None
    if near is None:
        return found[0]
    return min(found, key=lambda t: max(t.span[0] - near, near - t.span[1], 0))


def _lead(found: str, words: Words) -> int:
    """Length of a leading preposition ("in 2010", "on Tuesday"): not part of the date."""
    first, _, rest = found.partition(" ")
    lead = {
        *words.lists["year_prepositions"],
        *words.lists["month_prepositions"],
        "the",
        "over",
        "at",
    }
    return len(found) - len(rest.lstrip()) if rest and first.lower() in lead else 0


def _anchor(published: date | str | None) -> date | None:
    if not isinstance(published, str):
        return published
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


# --- matching -------------------------------------------------------------------------------

Resolved = tuple[date, date, Granularity, bool]


@dataclass(frozen=True, slots=True)
class _Context:
    anchor: date | None
    direction: int  # -1 past, +1 future, 0 unknown


Rule = Callable[[re.Match[str], _Context, Words], Resolved | None]


def _direction(text: str, words: Words) -> int:
    """Whether the sentence speaks of the future (+1), the past (-1), or neither (0)."""
    lower = text.lower()

    def has(key: str) -> bool:
        return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lower) for w in words.lists[key])

    if has("future_markers"):
        return 1
    if has("past_markers") or re.search(r"\b[a-z]{3,}ed\b", lower):
        return -1
    return 0


def _longest_matches(text: str, words: Words) -> Iterator[tuple[re.Match[str], Rule]]:
    """Matches of every rule, overlaps resolved in favour of the longest (then the earliest)."""
    candidates = [
        (m, rule) for pattern, rule in _rules(words) for m in pattern.finditer(text) if m.group()
    ]
    candidates.sort(key=lambda c: (c[0].start(), -(c[0].end() - c[0].start())))
    end = -1
    for match, rule in candidates:
        if match.start() >= end:
            end = match.end()
            yield match, rule


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def _rules(words: Words) -> tuple[tuple[re.Pattern[str], Rule], ...]:
    month = "|".join(sorted((m for m in MONTHS), key=len, reverse=True))
    full_month = "|".join(m for m in MONTHS if len(m) > 3 or m == "may")
    weekday = _alternation(words.weekdays)
    number = f"\\d+|{Numbers.load().word_pattern()}"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)"
    cap = r"(?=(?-i:[A-Z]))"  # month and weekday names count only capitalised
    ypre = _alternation(words.lists["year_prepositions"])
    mpre = _alternation(words.lists["month_prepositions"])
    part = _alternation(words.lists["parts_of_day"])
    days = _alternation(words.days)
    specs: list[tuple[str, Rule]] = [
        (r"(?<!\d)(?P<year>\d{4})-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)", _explicit_day),
        (rf"\b{day}(?:\s+of)?\s+(?P<month>{cap}(?i:{month}))\.?,?\s+{year}\b", _explicit_day),
        (rf"\b(?P<month>{cap}(?i:{month}))\.?\s+{day},?\s+{year}\b", _explicit_day),
        (rf"\b{day}(?:\s+of)?\s+(?P<month>{cap}(?i:{month}))\b", _partial_day),
        (rf"\b(?P<month>{cap}(?i:{month}))\.?\s+{day}\b(?![.,]\d|\s*%)", _partial_day),
        (rf"\b(?P<month>{cap}(?i:{full_month}))\s+(?:of\s+)?{year}\b", _explicit_month),
        (rf"\b(?P<dir>last|next|this|{mpre})\s+(?:(?:early|late|mid)[\s-]+)?"
         rf"(?P<month>{cap}(?i:{full_month}))\b(?!\s+\d)", _partial_month),
        (rf"\b(?:{ypre})\s+(?:(?:the\s+)?(?:early|late|mid|end\s+of|start\s+of)[\s-]+)?"
         rf"{year}\b(?!\s*(?:%|per\s*cent|[,.]\d))", _explicit_year),
        (r"\b(?:the\s+)?(?P<decade>(?:1[89]|20)\d)0s\b", _decade),
        (rf"\b(?P<days>{days})(?:\s+(?:{part}))?\b", _relative_day),
        (rf"\b(?P<dir>this|last)\s+(?P<part>{part})\b", _part_of_day),
        (rf"\b(?:(?P<dir>last|next|this|on|early\s+on|late\s+on)\s+)?"
         rf"(?P<weekday>{cap}(?i:{weekday}))(?:'s|’s)?(?:\s+(?:{part}))?\b", _weekday),
        (r"\b(?:(?P<edge>earlier|later|early|late)\s+(?:in\s+)?)?(?P<dir>last|this|next|past|"
         r"coming|previous)\s+(?P<unit>week|weekend|month|year)\b", _relative_unit),
        (r"\b(?:over|at|during|on)\s+the\s+weekend\b", _the_weekend),
        (rf"\b(?P<count>{number})\s+(?P<unit>day|week|month|year)s?\s+ago\b", _ago),
    ]  # fmt: skip
    return tuple((re.compile(p, re.I), rule) for p, rule in specs)


# --- resolving ------------------------------------------------------------------------------


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _explicit_day(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    month = int(m["mnum"]) if m.groupdict().get("mnum") else _month_number(m["month"])
    day = _safe_day(int(m["year"]), month, int(m["day"])) if 1 <= month <= 12 else None
    return (day, day, "day", False) if day else None


def _pick(candidates: list[date], anchor: date, direction: int) -> date:
    """The candidate behind (direction -1), ahead (+1) or nearest (0) to the anchor."""
    if direction < 0 and (behind := [c for c in candidates if c <= anchor]):
        return max(behind)
    if direction > 0 and (ahead := [c for c in candidates if c >= anchor]):
        return min(ahead)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def _partial_day(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    if ctx.anchor is None:
        return None
    month, day = _month_number(m["month"]), int(m["day"])
    years = (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)
    candidates = [d for y in years if (d := _safe_day(y, month, day))]
    if not candidates:
        return None
    found = _pick(candidates, ctx.anchor, ctx.direction)
    return found, found, "day", True


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def _explicit_month(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    first, last = _month_range(int(m["year"]), _month_number(m["month"]))
    return first, last, "month", False


def _partial_month(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    if ctx.anchor is None:
        return None
    word, month = m["dir"].lower(), _month_number(m["month"])
    here = ctx.anchor.replace(day=1)
    years = (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)
    candidates = [date(y, month, 1) for y in years]
    if word == "last":
        start = max(c for c in candidates if c < here)
    elif word == "next":
        start = min(c for c in candidates if c > here)
    else:
        start = _pick(candidates, here, ctx.direction)
    first, last = _month_range(start.year, start.month)
    return first, last, "month", True


def _explicit_year(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31), "year", False


def _decade(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    start = int(m["decade"]) * 10
    return date(start, 1, 1), date(start + 9, 12, 31), "decade", False


def _relative_day(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    if ctx.anchor is None or _name_inside_sentence(m):
        return None
    found = ctx.anchor + timedelta(days=words.days[m["days"].lower()])
    return found, found, "day", True


def _name_inside_sentence(m: re.Match[str]) -> bool:
    """A capitalised "Today" inside a sentence names something: BBC Radio 4's Today programme."""
    before = m.string[: m.start()].rstrip()
    return m.group()[0].isupper() and bool(before) and before[-1] not in ".!?\"“‘'(:;"


def _part_of_day(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    if ctx.anchor is None:
        return None
    # "last night" is the evening before; "last morning" is not English, so it is the same.
    found = ctx.anchor - timedelta(days=1 if m["dir"].lower() == "last" else 0)
    return found, found, "day", True


def _weekday(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    if ctx.anchor is None:
        return None
    target = words.weekdays[m["weekday"].lower()]
    word = (m["dir"] or "").lower()
    back = (ctx.anchor.isoweekday() - target) % 7
    if word == "last":
        found = ctx.anchor - timedelta(days=back or 7)
    elif word == "next" or (ctx.direction > 0 and word != "last"):
        ahead = (target - ctx.anchor.isoweekday()) % 7
        found = ctx.anchor + timedelta(days=ahead or (7 if word == "next" else 0))
    else:
        # News reports what happened: a bare weekday is the latest one, today included.
        found = ctx.anchor - timedelta(days=back)
    return found, found, "day", True


_UNIT_STEP = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}


def _relative_unit(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    if ctx.anchor is None:
        return None
    step, unit = _UNIT_STEP[m["dir"].lower()], m["unit"].lower()
    first, last = _unit_range(ctx.anchor, unit, step)
    edge = (m["edge"] or "").lower()
    if step == 0 and edge in ("earlier", "early"):
        last = min(last, ctx.anchor)
    elif step == 0 and edge in ("later", "late"):
        first = max(first, ctx.anchor)
    granularity = "week" if unit == "weekend" else unit
    return first, last, granularity, True


def _the_weekend(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    """ "over the weekend": the latest one (this one on a Saturday or Sunday), or the next."""
    if ctx.anchor is None:
        return None
    weekday = ctx.anchor.isoweekday()
    if weekday >= 6:
        saturday = ctx.anchor - timedelta(days=weekday - 6)
    elif ctx.direction > 0:
        saturday = ctx.anchor + timedelta(days=6 - weekday)
    else:
        saturday = ctx.anchor - timedelta(days=weekday + 1)
    return saturday, saturday + timedelta(days=1), "week", True


def _unit_range(anchor: date, unit: str, step: int) -> tuple[date, date]:
    """The week, weekend, month or year `step` units from the one holding `anchor`."""
    if unit in ("week", "weekend"):
        monday = anchor - timedelta(days=anchor.isoweekday() - 1) + timedelta(weeks=step)
        if unit == "weekend":
            # The weekend before the current week is "last weekend"; its own is "this weekend".
            saturday = monday + timedelta(days=5 if step >= 0 else 12)
            saturday -= timedelta(weeks=1 if step < 0 else 0)
            return saturday, saturday + timedelta(days=1)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + step
        return _month_range(index // 12, index % 12 + 1)
    return date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)


def _ago(m: re.Match[str], ctx: _Context, words: Words) -> Resolved | None:
    count = Numbers.load().value(m["count"])
    if ctx.anchor is None or count is None or count != int(count):
        return None
    n, unit = int(count), m["unit"].lower()
    if unit in ("day", "week"):
        found = ctx.anchor - timedelta(days=n * (7 if unit == "week" else 1))
        return found, found, "day", True
    if unit == "month":
        first, last = _unit_range(ctx.anchor, "month", -n)
        return first, last, "month", True
    return date(ctx.anchor.year - n, 1, 1), date(ctx.anchor.year - n, 12, 31), "year", True


# --- words ----------------------------------------------------------------------------------


def _packaged_data() -> dict[str, Any]:
    import tomllib

    text = resources.files("newswatch").joinpath("data/timex.toml").read_text("utf-8")
    return tomllib.loads(text)


def _words_from(files: list[dict[str, Any]]) -> Words:
    weekdays: dict[str, int] = {}
    days: dict[str, int] = {}
    lists: dict[str, list[str]] = {}
    for data in files:
        weekdays |= {k.lower(): int(v) for k, v in data.get("weekdays", {}).items()}
        days |= {k.lower(): int(v) for k, v in data.get("days", {}).items()}
        for key, values in data.get("words", {}).items():
            lists.setdefault(key, []).extend(str(v).lower() for v in values)
    frozen = {k: tuple(dict.fromkeys(v)) for k, v in lists.items()}
    return Words(weekdays, days, frozen)


@cache
def _packaged_words() -> Words:
    return _words_from([_packaged_data()])
