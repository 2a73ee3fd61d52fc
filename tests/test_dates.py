"""Tests for newswatch.dates: dates in text, datelines, file names and options."""

from __future__ import annotations

import pytest

from newswatch.dates import MONTHS, check_iso, date_in_path, dateline, find_date
from newswatch.errors import E, NewswatchError


def test_months() -> None:
    assert MONTHS["january"] == 1
    assert MONTHS["sept"] == MONTHS["sep"] == MONTHS["september"] == 9
    assert MONTHS["may"] == 5
    assert MONTHS["dec"] == 12
    assert sorted(set(MONTHS.values())) == list(range(1, 13))


@pytest.mark.parametrize(
    ("text", "expected", "matched"),
    [
        ("Friday 31 March 2017", "2017-03-31", "31 March 2017"),
        ("on 31st March 2017 he said", "2017-03-31", "31st March 2017"),
        ("2nd Feb 2016", "2016-02-02", "2nd Feb 2016"),
        ("3rd Sept. 2019", "2019-09-03", "3rd Sept. 2019"),
        ("31 Mar, 2017", "2017-03-31", "31 Mar, 2017"),
        ("March 31, 2017", "2017-03-31", "March 31, 2017"),
        ("march 31 2017", "2017-03-31", "march 31 2017"),
        ("Dec 1st, 1999", "1999-12-01", "Dec 1st, 1999"),
        ("It was 2017-03-31.", "2017-03-31", "2017-03-31"),
        ("2017/03/31", "2017-03-31", "2017/03/31"),
        ("2017.03.31", "2017-03-31", "2017.03.31"),
        ("29 February 2016", "2016-02-29", "29 February 2016"),
        # An invalid date is passed over for the next valid one.
        ("31 February 2017 or 1 March 2017", "2017-03-01", "1 March 2017"),
        # Day-month forms are tried before month-day and numeric forms.
        ("2017-01-01 and 5 May 2018", "2018-05-05", "5 May 2018"),
    ],
)
def test_find_date(text: str, expected: str, matched: str) -> None:
    found = find_date(text)
    assert found is not None
    iso, match = found
    assert iso == expected
    assert match.group(0) == matched


@pytest.mark.parametrize(
    "text",
    [
        "",
        "31 February 2017",
        "29 February 2017",
        "0 March 2017",
        "32 March 2017",
        "31 Smarch 2017",
        "31 March 1850",
        "31 March 2117",
        "2017-13-45",
        "2017-3-31",
        "31/03/2017",
        "20170331",
        "March 2017",
        "the 31st",
        "in 2017",
    ],
)
def test_find_date_none(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday 31 March 2017 13:12 BST", "2017-03-31"),
        ("Fri 31 Mar 2017 13.12 BST", "2017-03-31"),
        ("Updated: March 31, 2017", "2017-03-31"),
        ("2017-03-31", "2017-03-31"),
        ("31 Mar 2017 at 9.30am", "2017-03-31"),
        ("Published on 31st March 2017", "2017-03-31"),
        ("Last modified on Fri 31 Mar 2017 14.00 BST", "2017-03-31"),
        ("March 31, 2017 10:30 ET", "2017-03-31"),
        ("Posted: Thursday 30 March 2017 (GMT)", "2017-03-30"),
        ("31 March 2017 | 13:12 UTC", "2017-03-31"),
        ("  31 March 2017  ", "2017-03-31"),
    ],
)
def test_dateline(text: str, expected: str) -> None:
    assert dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31 March 2017 was a turning point for the party",
        "The vote on 31 March 2017 was close.",
        "31 February 2017",
        "Friday 30 February 2017 13:12 BST",
        "Friday",
        "13:12 BST",
        "",
        "Updated: " + "x" * 80 + " 31 March 2017",
    ],
)
def test_not_dateline(text: str) -> None:
    assert dateline(text) is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("independent-2017-03-31-russia.txt", "2017-03-31"),
        ("examples/independent-2017-03-31-russia.txt", "2017-03-31"),
        ("x/guardian-2019-05-02.txt", "2019-05-02"),
        ("2017/03/31/story", "2017-03-31"),
        ("https://www.example.com/news/2017/03/31/russia-mattis", "2017-03-31"),
        ("20170331", "2017-03-31"),
        ("story_20170331.txt", "2017-03-31"),
        ("2017_03_31", "2017-03-31"),
        ("2017.03.31.txt", "2017-03-31"),
        ("2017-02-30-and-2017-03-01.txt", "2017-03-01"),
    ],
)
def test_date_in_path(path: str, expected: str) -> None:
    assert date_in_path(path) == expected


@pytest.mark.parametrize(
    "path",
    [
        "2017-13-45",
        "2017-02-30.txt",
        "story.txt",
        "120170331",
        "201703311",
        "1850-03-31.txt",
        "2017-3-31.txt",
        "",
    ],
)
def test_date_in_path_none(path: str) -> None:
    assert date_in_path(path) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-03-31", "2017-03-31"),
        ("2016-02-29", "2016-02-29"),
        ("0001-01-01", "0001-01-01"),
    ],
)
def test_check_iso(value: str, expected: str) -> None:
    assert check_iso(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "31/03/2017",
        "2017-3-1",
        "2017-03-1",
        "20170331",
        "2017-W13-5",
        "2017-03-31T00:00",
        " 2017-03-31",
        "2017-03-31 ",
        "2017-02-29",
        "2017-13-01",
        "2017-00-10",
        "31 March 2017",
        "２０１７-０３-３１",
        "",
    ],
)
def test_check_iso_rejects(value: str) -> None:
    with pytest.raises(NewswatchError) as info:
        check_iso(value)
    assert info.value.code is E.E007
    assert value in str(info.value)
