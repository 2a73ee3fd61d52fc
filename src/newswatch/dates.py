"""Calendar dates in the forms news uses: datelines, ISO dates, dates in file names and URLs."""

from __future__ import annotations

import re
from datetime import date

from newswatch.errors import E, NewswatchError

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_FORMS = [
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,?\s+{_YEAR}\b", re.I),
    # Not \b at the end: "2017-03-31T10:00:00Z" is a date followed by a time.
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{2})[-/.](?P<day>\d{2})(?!\d)"),
]
# What else a dateline line may hold besides the date itself.
_DATELINE_NOISE = re.compile(
    r"(?i)\b(?:published|updated|posted|last|first|modified|on|at|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}[:.]\d{2}\s*(?:am|pm)?|"
    r"[a-z]{2,4}t|gmt|utc|bst|cet|et|pt|am|pm)\b|[\s,.:;|()\-–—]"
)
_DATELINE_MAX_CHARS = 80
_DATELINE_MAX_RESIDUE = 4


def iso_day(year: str, month: str, day: str) -> str | None:
    """The ISO date of a day given as written ("2017", "03" or "Mar.", "31"); None if invalid."""
    m = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    try:
        return date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """Return the first valid calendar date in `text` as ISO, with its match."""
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            iso = iso_day(match["year"], match["month"], match["day"])
            if iso:
                return iso, match
    return None


def dateline(paragraph: str) -> str | None:
    """Return the ISO date when a paragraph is only a dateline ("Friday 31 March 2017")."""
    if len(paragraph) > _DATELINE_MAX_CHARS:
        return None
    found = find_date(paragraph)
    if found is None:
        return None
    iso, match = found
    residue = _DATELINE_NOISE.sub("", paragraph[: match.start()] + paragraph[match.end() :])
    return iso if len(residue) <= _DATELINE_MAX_RESIDUE else None


_PATH_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_/.]?(\d{2})[-_/.]?(\d{2})(?!\d)")


def date_in_path(path: str) -> str | None:
    """Return a date written in a file name or URL (2017-03-31, 2017/03/31, 20170331)."""
    for match in _PATH_DATE.finditer(path):
        iso = iso_day(*match.groups())
        if iso:
            return iso
    return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def check_iso(value: str) -> str:
    """Validate a YYYY-MM-DD option value, or fail with E007.

    `date.fromisoformat` alone also takes "20170331" and "2017-W13-5" since Python 3.11.
    """
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise NewswatchError(E.E007, value=value) from exc
