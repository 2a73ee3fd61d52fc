"""Actors rules for groups and bodies named before a role noun, and peoples as demonyms
(hand-written sentences, undated)."""

from __future__ import annotations

import pytest

from conftest import code_at
from newswatch.countries import country, demonym
from newswatch.evaluate.actors import GoldRecord, pipeline_articles
from newswatch.options import Options
from newswatch.schema import Article

# (sentence, words of the actor, the start its code must have)
CASES = [
    ("European Community foreign ministers condemned the attack.", "ministers", "IGOEUREEC"),
    ("Hezbollah guerrillas fired rockets at the town.", "guerrillas", "LBNREB"),
    ("At least eight top al-Qaeda leaders were killed in the raid.", "leaders", "IMGMUSALQ"),
    ("Yoruba leaders met the governor on Monday.", "leaders", "NGA"),
    # A national office or body without a country is of the one country the text names.
    ("President Tomas Varela-Nunes said Angola would hold elections.", "Varela", "AGOGOV"),
    ("The police arrested two men after the riots in Malawi.", "police", "MWICOP"),
    ("The rebels attacked a village in the north of Chad.", "rebels", "TCDREB"),
]

# Two countries named: whose the office or body is, the text does not say.
NO_HOME = [
    ("The police arrested two men after the talks between Malawi and Zambia.", "police"),
    ("A journalist was arrested after the riots in Malawi.", "journalist"),
]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    records = [
        GoldRecord(id=f"T{i}", text=text, date=None, actors=(), skipped=0)
        for i, (text, _, _) in enumerate(CASES)
    ]
    found = [a for a in pipeline_articles(records, Options.load()) if a is not None]
    assert len(found) == len(CASES)
    return found


@pytest.fixture(scope="module")
def homeless() -> list[Article]:
    records = [
        GoldRecord(id=f"H{i}", text=text, date=None, actors=(), skipped=0)
        for i, (text, _) in enumerate(NO_HOME)
    ]
    return [a for a in pipeline_articles(records, Options.load()) if a is not None]


@pytest.mark.parametrize(("n", "case"), list(enumerate(CASES)))
def testcode_at(articles: list[Article], n: int, case: tuple[str, str, str]) -> None:
    _, words, code = case
    found = code_at(articles[n], words)
    assert found is not None and found.startswith(code), found


@pytest.mark.parametrize(
    ("text", "code"),
    [("Yoruba", "NGA"), ("Hausa", "NGA"), ("Chechens", "RUS"), ("Zulu", "ZAF"), ("Uighurs", "CHN")],
)
def test_people_is_a_demonym(text: str, code: str) -> None:
    assert demonym(text) == code


@pytest.mark.parametrize("text", ["Kurd", "Kurds", "Hutu", "Tamil"])
def test_split_people_is_no_demonym(text: str) -> None:
    assert demonym(text) is None


@pytest.mark.parametrize(("n", "case"), list(enumerate(NO_HOME)))
def test_no_home_country(homeless: list[Article], n: int, case: tuple[str, str]) -> None:
    assert code_at(homeless[n], case[1]) is None


@pytest.mark.parametrize("text", ["Kathmandu", "Katmandu", "Khatmandu"])
def test_capital_spellings(text: str) -> None:
    assert country(text) == "NPL"
