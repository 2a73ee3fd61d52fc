"""Quantities stage: money, percentages and counts the article claims, with what they measure.

`quantities(doc, published=...)` finds each number (digits, words, scales: "£10bn",
"$4.2 million", "3 billion euros", "2 per cent", "twenty-eight", "thousands of"), widens it
to its currency sign or word, range, unit and qualifier ("more than", "nearly"), and reads
what it measures from the dependency parse (`newswatch.measures`). Dates, times, years,
ordinals, phone numbers, reading times and numbers inside names ("BBC Radio 4") are not
quantities; a bare count must count a noun ("28 members"). The words are in
`data/quantities.toml` and `data/numbers.toml`; `[quantities] unit_files` adds user files.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newswatch.measures import counts_something, measure
from newswatch.numwords import DIGITS, Numbers
from newswatch.options import read_toml
from newswatch.pipeline import Work, register
from newswatch.schema import Quantity
from newswatch.timex import timexes

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from newswatch.options import Options

_TABLES = ("currency_signs", "currency_words", "percent", "units", "qualifiers")
# Entity types whose numbers are not claims: names ("Radio 4", "G20"), dates, times, ranks.
_NAMES = frozenset({"ORG", "PRODUCT", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PERSON", "GPE"})
_NOT_COUNTS = frozenset({"DATE", "TIME", "ORDINAL"})
# Phone numbers and times of day, masked before numbers are read.
_MASKS = re.compile(
    r"\+\d[\d\s().-]{6,}\d|(?<!\d)0\d{2,4}[\s.-]\d{3,4}[\s.-]?\d{3,4}(?!\d)"
    r"|\(\d{3}\)\s?\d{3}-\d{4}|(?<!\d)\d{3}-\d{3}-\d{4}(?!\d)"
    r"|(?<!\d)\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?!\d)|(?<![\d.])\d{1,2}\s*[ap]\.?m\b\.?"
    # Dates and fractions written with a slash: "9/11", "3/5", "12/03/2017".
    r"|(?<![\d/])\d{1,4}(?:/\d{1,4})+(?![\d/])",
    re.I,
)


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: compiled patterns are cached
class Lexicon:
    """The word tables of `data/quantities.toml`, with the number words."""

    numbers: Numbers
    tables: dict[str, dict[str, str]]
    not_after: tuple[str, ...]

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Lexicon:
        """The packaged words, extended by each user file in turn."""
        if not extra_files:
            return _packaged()
        files = [_packaged_data(), *(read_toml(Path(p)) for p in extra_files)]
        return _lexicon(files, Numbers.load(extra_files))


@dataclass(frozen=True, slots=True)
class _Found:
    """One quantity as matched in the text, before the parse is consulted."""

    start: int
    end: int
    core_start: int  # without the qualifier: the tokens whose parse says what is measured
    number_start: int  # the number itself (and its range), without sign, qualifier or unit
    number_end: int
    value: float
    high: float | None
    scale: str | None
    kind: str
    unit: str | None
    currency: str | None
    qualifier: str | None
    bound: str | None
    vague: bool
    words: bool  # the number is spelled out


def quantities(
    doc: Doc, *, published: str | None = None, lexicon: Lexicon | None = None
) -> Iterator[Quantity]:
    """Yield the quantities of a parsed text, in text order.

    Args:
        doc: the spaCy doc of the article's clean text.
        published: the publication date, so that dates such as "in 2010" are recognised.
        lexicon: word tables (default: the packaged ones).

    Yields:
        A `Quantity` per money amount, percentage, count or measure.
    """
    lexicon = lexicon or Lexicon.load()
    text = doc.text  # spaCy joins every token at each `doc.text`: once, not per quantity
    taken = [t.span for t in timexes(doc, published)]
    taken += [m.span() for m in _MASKS.finditer(text)]
    # "one in five adults", "eight out of 10", "eight of 10 voters": proportions, not counts.
    taken += [m.span() for m in _patterns(lexicon).ratio.finditer(text)]
    for found in _matches(text, lexicon, taken):
        span = doc.char_span(found.core_start, found.end, alignment_mode="expand")
        number = doc.char_span(found.number_start, found.number_end, alignment_mode="expand")
        if span is None or number is None or not _is_claim(found, number):
            continue
        whole = doc.char_span(found.start, found.end, alignment_mode="expand")
        yield _record(text, found, span, whole or span)


def _record(text: str, found: _Found, span: Span, whole: Span) -> Quantity:
    return Quantity(
        text=text[found.start : found.end],
        value=found.value,
        unit=found.unit,
        span=(found.start, found.end),
        kind=found.kind,
        measure=measure(span, skip=whole),
        currency=found.currency,
        scale=found.scale,
        high=found.high,
        approximate=found.vague or found.qualifier is not None,
        qualifier=found.qualifier,
        bound=found.bound,
    )


def _age(number: Span) -> bool:
    """ "Crutcher, 40, a father": a number set off by commas after a name is an age."""
    doc, start, end = number.doc, number.start, number.end
    after = end < len(doc) and doc[end].is_punct  # not "In Syria, 400,000 people have died"
    return after and start >= 2 and doc[start - 1].text == "," and doc[start - 2].pos_ == "PROPN"


def _is_claim(found: _Found, number: Span) -> bool:
    """Whether the parse agrees that a matched number is a claim of the article."""
    if any(t.ent_type_ in _NAMES for t in number) or _age(number):
        return False
    if found.kind in ("money", "percent"):
        return True
    if any(t.ent_type_ in _NOT_COUNTS for t in number):
        return False
    if found.kind == "count" and not counts_something(number):
        return False
    # A bare "one" ("in one tweet", "no one single point", "one of the biggest") is rarely a
    # claim; "more than one child" is.
    return not (found.words and found.value == 1 and found.qualifier is None)


# --- matching -------------------------------------------------------------------------------


def _matches(text: str, lexicon: Lexicon, taken: list[tuple[int, int]]) -> Iterator[_Found]:
    """Every quantity matched in the text, left to right, none overlapping `taken`."""
    patterns = _patterns(lexicon)
    end = 0
    for match in patterns.number.finditer(text):
        if match.start() < end or _overlaps(match.span(), taken):
            continue
        found = _widen(text, match, lexicon)
        if found is None or _overlaps((found.start, found.number_end), taken):
            continue
        end = found.end
        yield found


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


# The "..._before" patterns end where the number starts (\Z at endpos). Searched from the
# start of the text they would try every position before each number: quadratic in the text
# (a minute for 5,000 "&#0;"). None of them spans more than this many characters.
_LOOKBACK = 100


def _before(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """A match of `pattern` ending at `end`, looking back a bounded distance only."""
    return pattern.search(text, max(0, end - _LOOKBACK), end)


def _widen(text: str, match: re.Match[str], lexicon: Lexicon) -> _Found | None:
    """The whole quantity around one number: sign, qualifier, range, unit."""
    patterns = _patterns(lexicon)
    numeral = _trim_and(match.group(), lexicon)
    if match["vague"]:
        value: float | None = lexicon.numbers.vague[_key(numeral)]
    else:
        value = lexicon.numbers.value(numeral)
    words = match["digits"] is None
    if value is None or numeral.lower() in ("a", "an") or (words and value < 1):
        return None  # "a", and fractions written alone ("half of them"), are not quantities
    start, number_end = match.start(), match.start() + len(numeral)
    if _year_like(numeral) or _compound_modifier(text, number_end):
        return None
    sign = _before(patterns.sign_before, text, start)
    currency = lexicon.tables["currency_signs"][sign["sign"]] if sign else None
    start = sign.start() if sign else start
    between = bool(_before(patterns.between_before, text, start))
    change = bool(_before(patterns.change_before, text, start))
    high, scale, number_end, value = _range(
        text, number_end, (numeral, value), lexicon, between=between, change=change
    )
    if high is None and re.match(r"[-–]\d", text[number_end : number_end + 2]):
        return None  # a score or a tally: "a 4-4 ruling", "the 80-19 vote"
    kind, unit, end, currency = _unit(text, number_end, lexicon, currency, match["vague"])
    if patterns.not_after.match(text, end):
        return None
    core_start = start
    qualifier = _before(patterns.qualifier_before, text, start)
    if qualifier:
        start = qualifier.start()
    q = qualifier["qualifier"].lower() if qualifier else None
    bound = lexicon.tables["qualifiers"].get(q or "")
    bound = None if bound == "about" else bound
    spans = (start, end, core_start, match.start(), number_end)
    return _Found(
        *spans, value, high, scale, kind, unit, currency, q, bound, bool(match["vague"]), words
    )


def _trim_and(numeral: str, lexicon: Lexicon) -> str:
    """Cut "five and six" to "five": "and" joins numbers only after a scale (hundred and ten)."""
    for found in re.finditer(r"\s+and\s+", numeral):
        before = numeral[: found.start()].rsplit(maxsplit=1)[-1].lower()
        if before not in lexicon.numbers.scales:
            return numeral[: found.start()]
    return numeral


def _compound_modifier(text: str, end: int) -> bool:
    """ "28-member alliance", "19-year-old", "ten-point lead": part of an adjective."""
    return bool(re.match(r"-[^\W\d]", text[end : end + 2]))


def _year_like(numeral: str) -> bool:
    """A bare four-digit number from 1800 to 2099 is a year, not a count ("the 2016 race")."""
    return bool(re.fullmatch(r"(?:18|19|20)\d\d", numeral))


def _scale_of(numeral: str, lexicon: Lexicon) -> str | None:
    words = re.findall(r"[a-z]+", numeral.lower())
    # "two hundred" and "a dozen" are numbers; "bn" and "million" are scales.
    scales = [w for w in words if lexicon.numbers.scales.get(w, 0) >= 1000]
    return scales[-1] if scales else None


def _range(
    text: str, end: int, number: tuple[str, float], lexicon: Lexicon, *, between: bool, change: bool
) -> tuple[float | None, str | None, int, float]:
    """The upper end of a range after the number ("-15", "to £4bn"), sharing its scale.

    "and" makes a range only after "between"; "to" not after "by" or "from", where the two
    numbers are a change and where it ends ("fell by £1.2bn to £13.6bn").
    """
    numeral, value = number
    scale = _scale_of(numeral, lexicon)
    match = _patterns(lexicon).range_after.match(text, end)
    joiner = match["joiner"].strip().lower() if match else ""
    if match is None or (joiner == "and" and not between) or (joiner == "to" and change):
        return None, scale, end, value
    second = _trim_and(match["second"], lexicon)
    high = lexicon.numbers.value(second)
    if high is None:
        return None, scale, end, value
    second_scale = _scale_of(second, lexicon)
    if scale is None and second_scale is not None:
        # "£3-4bn": the scale written once belongs to both ends.
        value = float(f"{value * lexicon.numbers.scales[second_scale]:.12g}")
        scale = second_scale
    if high <= value:
        return None, scale, end, value
    return high, scale, match.start("second") + len(second), value


def _unit(
    text: str, end: int, lexicon: Lexicon, currency: str | None, vague: str | None
) -> tuple[str, str | None, int, str | None]:
    """The kind, unit and end of a quantity from the words after its number."""
    patterns = _patterns(lexicon)
    if currency is not None:
        return "money", currency, end, currency
    if percent := patterns.percent_after.match(text, end):
        return "percent", lexicon.tables["percent"][_key(percent["unit"])], percent.end(), None
    money = (patterns.vague_money_after if vague else patterns.money_after).match(text, end)
    if money:
        code = lexicon.tables["currency_words"][_key(money["unit"])]
        return "money", code, money.end(), code
    if unit := patterns.unit_after.match(text, end):
        return "measure", lexicon.tables["units"][_key(unit["unit"])], unit.end(), None
    return "count", None, end, None


def _key(words: str) -> str:
    return " ".join(words.lower().split())


@dataclass(frozen=True, slots=True)
class _Patterns:
    number: re.Pattern[str]
    sign_before: re.Pattern[str]
    between_before: re.Pattern[str]
    change_before: re.Pattern[str]
    qualifier_before: re.Pattern[str]
    range_after: re.Pattern[str]
    percent_after: re.Pattern[str]
    money_after: re.Pattern[str]
    vague_money_after: re.Pattern[str]
    unit_after: re.Pattern[str]
    not_after: re.Pattern[str]
    ratio: re.Pattern[str]


def _alternation(words: Sequence[str] | dict[str, Any]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _numeral(lexicon: Lexicon, *, lookbehind: bool) -> str:
    """A number in digits or words, with scale words; optionally not glued to a word."""
    numbers = lexicon.numbers
    abbreviations = _alternation([w for w in numbers.scales if len(w) <= 3])
    long_scales = _alternation([w for w in numbers.scales if len(w) > 3])
    words = _alternation([w for w in numbers.words if w not in ("a", "an")])
    guard = r"(?<![\w.,])(?<!\w-)" if lookbehind else ""
    word_guard = r"(?<!\w-)" if lookbehind else ""  # "high-five" is a verb
    scales = rf"(?:{abbreviations})(?!\w)|\s*(?:{long_scales})\b"  # "$846.8million" too
    digits = rf"{guard}(?:{DIGITS})(?:{scales})*(?![\w])"
    part = rf"(?:(?:a|an)\s+(?:{long_scales})|{words}|{long_scales})"
    word = (
        rf"{word_guard}\b(?:(?:a|an)\s+(?:{long_scales})|{words})(?:(?:\s+and\s+|\s+|-){part})*\b"
    )
    return (
        rf"(?P<digits>{digits})|(?P<words>{word})|(?P<vague>\b(?:{_alternation(numbers.vague)})\b)"
    )


@lru_cache(maxsize=8)
def _patterns(lexicon: Lexicon) -> _Patterns:
    t = lexicon.tables
    second = _numeral(lexicon, lookbehind=False).replace("?P<", "?P<s_")
    # Proportions: "one in five", "three out of four", "eight of 10" (not "five of the 28").
    small = rf"\d{{1,3}}|{lexicon.numbers.word_pattern()}"
    signs = _alternation(t["currency_signs"])
    return _Patterns(
        number=re.compile(_numeral(lexicon, lookbehind=True), re.I),
        sign_before=re.compile(rf"(?<![\w$])(?P<sign>{signs})\s?\Z"),
        between_before=re.compile(r"\bbetween\s+\Z", re.I),
        change_before=re.compile(r"\b(?:by|from)\s+\Z", re.I),
        qualifier_before=re.compile(
            rf"\b(?P<qualifier>{_alternation(t['qualifiers'])})\s+\Z", re.I
        ),
        range_after=re.compile(
            rf"(?P<joiner>\s?[-–—]\s?|\s+to\s+|\s+and\s+|\s+or\s+)(?:{signs})?\s?(?P<second>{second})",
            re.I,
        ),
        percent_after=re.compile(
            rf"\s?(?P<unit>%|(?:{_alternation([k for k in t['percent'] if k != '%'])})\b)", re.I
        ),
        money_after=re.compile(rf"\s+(?P<unit>{_alternation(t['currency_words'])})\b", re.I),
        vague_money_after=re.compile(
            rf"\s+of\s+(?P<unit>{_alternation(t['currency_words'])})\b", re.I
        ),
        unit_after=re.compile(rf"\s?(?P<unit>{_alternation(t['units'])})\b", re.I),
        not_after=re.compile(rf"\s*(?:{_alternation(lexicon.not_after)})(?!\w)", re.I),
        ratio=re.compile(
            rf"(?<![\w.,])(?:{signs})?(?:{small})\s+(?:in|out\s+of|of)\s+(?:every\s+)?"
            rf"(?:{signs})?(?:{small})\b(?!,\d)",
            re.I,
        ),
    )


# --- words and stage ------------------------------------------------------------------------


def _packaged_data() -> dict[str, Any]:
    text = resources.files("newswatch").joinpath("data/quantities.toml").read_text("utf-8")
    return tomllib.loads(text)


def _lexicon(files: list[dict[str, Any]], numbers: Numbers) -> Lexicon:
    tables: dict[str, dict[str, str]] = {name: {} for name in _TABLES}
    not_after: list[str] = []
    for data in files:
        for name in _TABLES:
            for key, value in data.get(name, {}).items():
                # Signs are matched as written ("US$"); words in any case.
                tables[name][key if name == "currency_signs" else _key(key)] = str(value)
        not_after += [str(w).lower() for w in data.get("not_after", {}).get("words", [])]
    return Lexicon(numbers, tables, tuple(dict.fromkeys(not_after)))


@cache
def _packaged() -> Lexicon:
    return _lexicon([_packaged_data()], Numbers.load())


class Quantities:
    """Stage `newswatch.quantities.v1`: the article's quantities from its parsed text."""

    name = "newswatch.quantities.v1"
    requires = frozenset({"doc"})
    assigns = frozenset({"quantities"})

    def __init__(self, options: Options) -> None:
        self.lexicon = Lexicon.load(options.quantities.unit_files)

    def __call__(self, work: Work) -> None:
        if work.doc is None:
            raise ValueError("the quantities stage needs the parsed doc")
        published = work.article.published
        work.article.quantities = list(
            quantities(work.doc, published=published, lexicon=self.lexicon)
        )


@register(Quantities.name, requires=Quantities.requires, assigns=Quantities.assigns)
def _quantities(options: Options) -> Quantities:
    return Quantities(options)
