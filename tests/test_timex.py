"""The date-expression resolver: explicit and relative dates against the publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from newswatch.timex import Words, resolve, timexes

PUBLISHED = "2017-03-31"  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Explicit dates: no publication date needed.
        ("The summit on March 12, 2017 ended badly.", ("March 12, 2017", "2017-03-12", "day")),
        ("They met on 12 March 2016 in Paris.", ("12 March 2016", "2016-03-12", "day")),
        ("They met on the 3rd of May 2015.", ("3rd of May 2015", "2015-05-03", "day")),
        ("The deal was signed 2016-11-08.", ("2016-11-08", "2016-11-08", "day")),
        ("March 2016 was the coldest month.", ("March 2016", "2016-03", "month")),
        ("The proceedings in 2010 found that he had shared it.", ("2010", "2010", "year")),
        ("Troops have been there since early 2014.", ("early 2014", "2014", "year")),
        ("In the 1990s the alliance grew.", ("1990s", "199X", "decade")),
        # A day and month without a year: behind in the past, ahead in the future.
        ("He met her on 12 March.", ("12 March", "2017-03-12", "day")),
        ("He met them on 30 December.", ("30 December", "2016-12-30", "day")),
        ("The vote will be held on 12 April.", ("12 April", "2017-04-12", "day")),
        ("The vote on 12 April is close.", ("12 April", "2017-04-12", "day")),
        # Months without a year.
        ("It was reported last November that he had crossed it out.",
         ("last November", "2016-11", "month")),
        ("The talks were held in February.", ("February", "2017-02", "month")),
        ("The talks will resume in June.", ("June", "2017-06", "month")),
        ("The exercise is planned for next March.", ("next March", "2018-03", "month")),
        # Days.
        ("He spoke yesterday.", ("yesterday", "2017-03-30", "day")),
        ("Today, the minister resigned.", ("Today", "2017-03-31", "day")),
        ("The meeting is tomorrow morning.", ("tomorrow morning", "2017-04-01", "day")),
        ("Shots were fired last night.", ("last night", "2017-03-30", "day")),
        ("They met on Tuesday.", ("Tuesday", "2017-03-28", "day")),
        ("They will meet on Tuesday.", ("Tuesday", "2017-04-04", "day")),
        ("They met last Friday.", ("last Friday", "2017-03-24", "day")),
        ("They meet next Monday.", ("next Monday", "2017-04-03", "day")),
        ("Tuesday's vote was lost.", ("Tuesday's", "2017-03-28", "day")),
        ("He arrived two weeks ago.", ("two weeks ago", "2017-03-17", "day")),
        ("He left three years ago.", ("three years ago", "2014", "year")),
        # Weeks, months and years around the publication date.
        ("Talks were held last week.", ("last week", "2017-W12", "week")),
        ("Protests began earlier this week.", ("earlier this week", "2017-W13", "week")),
        ("Fighting broke out over the weekend.", ("the weekend", "2017-W12", "week")),
        ("They will meet at the weekend.", ("the weekend", "2017-W13", "week")),
        ("Fighting broke out last weekend.", ("last weekend", "2017-W12", "week")),
        ("He met Angela Merkel earlier this month.", ("earlier this month", "2017-03", "month")),
        ("Prices rose last month.", ("last month", "2017-02", "month")),
        ("Elections are due next year.", ("next year", "2018", "year")),
        ("The plan was agreed last year.", ("last year", "2016", "year")),
    ],
)  # fmt: skip
def test_resolves(text: str, expected: tuple[str, str, str]) -> None:
    found = resolve(text, PUBLISHED)
    assert found is not None
    assert (found.text, found.value, found.granularity) == expected
    assert text[found.span[0] : found.span[1]] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "The UK and US are among just five of the alliance's 28 members.",
        "A target of spending 2 per cent of GDP on defence.",
        "Theresa May had not threatened to use security cooperation.",
        "Sir Michael told BBC Radio 4's Today programme that numbers were under review.",
        "The marchers may march on.",
        "Some 2,000 troops and 300 tanks were sent.",
        "Nothing in this sentence names a day.",
    ],
)
def test_no_date(text: str) -> None:
    assert resolve(text, PUBLISHED) is None


def test_ranges_cover_the_days_meant() -> None:
    earlier = resolve("They met earlier this month.", PUBLISHED)
    later = resolve("They meet later this year.", PUBLISHED)
    week = resolve("Talks were held last week.", PUBLISHED)
    assert earlier is not None and later is not None and week is not None
    assert (earlier.first, earlier.last) == (date(2017, 3, 1), date(2017, 3, 31))
    assert (later.first, later.last) == (date(2017, 3, 31), date(2017, 12, 31))
    assert (week.first, week.last) == (date(2017, 3, 20), date(2017, 3, 26))
    assert week.day == "2017-03-20" and week.relative


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve("They met on Tuesday.", None) is None
    assert resolve("They met on 12 March.", None) is None
    explicit = resolve("They met on 12 March 2016.", None)
    assert explicit is not None and explicit.value == "2016-03-12" and not explicit.relative
    assert resolve("They met yesterday.", "not a date") is None


def test_near_picks_the_expression_closest_to_the_trigger() -> None:
    text = "After the talks in 2010, they met last November."
    assert [t.value for t in timexes(text, PUBLISHED)] == ["2010", "2016-11"]
    found = resolve(text, PUBLISHED, near=text.index("met"))
    assert found is not None and found.value == "2016-11"
    first = resolve(text, PUBLISHED, near=text.index("talks"))
    assert first is not None and first.value == "2010"


def test_offset_shifts_plain_text_spans() -> None:
    found = resolve("They met yesterday.", PUBLISHED, offset=100)
    assert found is not None and found.span == (109, 118)


def test_spacy_span_offsets_are_the_docs(nlp: Language) -> None:
    doc = nlp("Russia denied it. Mr Trump met Angela Merkel earlier this month in Berlin.")
    first, second = list(doc.sents)
    found = resolve(second, date(2017, 3, 31))
    assert found is not None
    assert doc.text[found.span[0] : found.span[1]] == "earlier this month"
    assert resolve(first, PUBLISHED) is None


def test_user_word_file_extends_the_lists(tmp_path: Path) -> None:
    extra = tmp_path / "timex.toml"
    extra.write_text('[days]\n"the day before yesterday" = -2\n', "utf-8")
    words = Words.load([extra])
    found = resolve("It happened the day before yesterday.", PUBLISHED, words=words)
    assert found is not None and found.value == "2017-03-29"
    packaged = resolve("It happened the day before yesterday.", PUBLISHED)
    assert packaged is not None and packaged.value == "2017-03-30"
