"""The publication day: the page's own machine-readable date, else htmldate's search."""

from __future__ import annotations

import re
from datetime import date, timedelta

from htmldate import find_date

from newswatch.dates import find_date as find_day
from newswatch.dates import iso_day
from newswatch.extract.authors import BYLINE_XPATH
from newswatch.extract.page import Page, element_text, ld_strings

_DATE_KEYS = ("article:published_time", "og:article:published_time", "parsely-pub-date",
              "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
              "datepublished", "publish-date", "publishdate", "pubdate", "published_at",
              "iso-8601-publish-date", "cxenseparse:publishtime", "story:published_time",
              "publicationdate", "date")  # fmt: skip
_ISO_DAY = re.compile(r"((?:19|20)\d{2})-?(\d{2})-?(\d{2})")


def publication_day(page: Page, url: str | None) -> str | None:
    """The publication day: the page's declared date, else htmldate's best guess."""
    declared = ld_strings(page, "datePublished") + page.all(*_DATE_KEYS)
    for value in declared:
        day = _day(value)
        if day:
            return _local_day(value, day, page)
    # htmldate copies a tree it is given before pruning it, so the page stays intact. Its
    # extensive search scored no better on NAEB and turns a bare "Copyright 2023" into 1 January.
    return find_date(page.tree, extensive_search=False, original_date=True, url=url)


_SMALL_HOURS_UTC = re.compile(r"T0[0-5]:\d\d(?::[\d.]+)?(?:Z|[+-]00:?00)$")
_MAX_VISIBLE_DATES = 10


def _local_day(value: str, day: str, page: Page) -> str:
    """The day before a UTC timestamp in the small hours, when the page shows that day.

    "2023-12-23T03:00Z" is the evening of 22 December where most of the news is written
    (the Americas); the by-line a reader sees says which.
    """
    if not _SMALL_HOURS_UTC.search(value.strip()):
        return day
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    return before if before in _visible_days(page) else day


def _visible_days(page: Page) -> list[str]:
    """Dates written in the page's `<time>` and by-line elements."""
    elements = [*page.tree.iter("time"), *page.tree.xpath(BYLINE_XPATH)][:_MAX_VISIBLE_DATES]
    found = (find_day(element_text(el)) for el in elements)
    return [f[0] for f in found if f]


def _day(value: str) -> str | None:
    """The calendar day a date string names, as written (no time-zone shift)."""
    match = _ISO_DAY.match(value.strip())
    if match:
        return iso_day(*match.groups())
    found = find_day(value)
    return found[0] if found else None
