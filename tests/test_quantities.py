"""The quantities stage: money, percentages and counts with what they measure."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from conftest import EXAMPLE, assert_contract
from newswatch.options import Options
from newswatch.pipeline import Pipeline, Work
from newswatch.quantities import Lexicon, quantities
from newswatch.schema import Article, Quantity, Source

PUBLISHED = "2017-03-31"

# (text, value, unit, measure) of each quantity expected, in text order.
Expected = list[tuple[str, float, str | None, str | None]]


def found(nlp: Language, text: str, lexicon: Lexicon | None = None) -> list[Quantity]:
    return list(quantities(nlp(text), published=PUBLISHED, lexicon=lexicon))


def simple(records: list[Quantity]) -> Expected:
    return [(q.text, q.value, q.unit, q.measure) for q in records]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cuts follow a £10bn funding shortfall faced by the Ministry of Defence.",
         [("£10bn", 1e10, "GBP", "funding shortfall")]),
        ("The company raised $4.2 million from investors.",
         [("$4.2 million", 4.2e6, "USD", "company raised from investors")]),
        ("The EU pledged 3 billion euros in aid.", [("3 billion euros", 3e9, "EUR", "aid")]),
        ("The government spent US$5m on roads.",
         [("US$5m", 5e6, "USD", "government spent on roads")]),
        ("The fine of 2.4 billion euros was the largest ever.",
         [("2.4 billion euros", 2.4e9, "EUR", "fine")]),
        ("Ministers agreed a €500m rescue package for farmers.",
         [("€500m", 5e8, "EUR", "rescue package for farmers")]),
        ("A target of spending 2 per cent of GDP on defence.",
         [("2 per cent", 2.0, "percent", "GDP on defence")]),
        ("Spending rose by 2% last year.", [("2%", 2.0, "percent", "Spending rose")]),
        ("Unemployment fell 1.5 percentage points.",
         [("1.5 percentage points", 1.5, "percentage point", "Unemployment fell")]),
        ("The UK and US are among just five of the alliance's 28 members.",
         [("five", 5.0, None, "the alliance's members"),
          ("28", 28.0, None, "the alliance's members")]),
        ("More than 300 people were killed.", [("More than 300", 300.0, None, "people")]),
        ("Thousands of troops were sent.", [("Thousands", 1000.0, None, "troops")]),
        ("Tens of thousands of people have fled.",
         [("Tens of thousands", 10000.0, None, "people")]),
        ("About twenty-eight soldiers died.", [("About twenty-eight", 28.0, None, "soldiers")]),
        ("Two hundred and fifty civilians died.",
         [("Two hundred and fifty", 250.0, None, "civilians")]),
        ("Nearly half a million people fled.",
         [("Nearly half a million", 5e5, None, "people")]),
        ("Hundreds of billions of dollars were lost.",
         [("Hundreds of billions of dollars", 1e11, "USD", "lost")]),
        ("He had two or three drinks.", [("two or three", 2.0, None, "drinks")]),
        ("The plan costs $25,000, the four-year number.",
         [("$25,000", 25000.0, "USD", "plan costs")]),
        ("That surpasses the $846.8million raised.",
         [("$846.8million", 846.8e6, "USD", None)]),
        ("Four people died and 12 were injured.",
         [("Four", 4.0, None, "people"), ("12", 12.0, None, "injured")]),
        ("Sales reached $3.7bn in 2015.", [("$3.7bn", 3.7e9, "USD", "Sales reached")]),
        ("In Syria, 400,000 people have died.", [("400,000", 4e5, None, "people")]),
        ("More than one child was hurt.", [("More than one", 1.0, None, "child")]),
        ("The pipeline runs for 1,200 km under the sea.",
         [("1,200 km", 1200.0, "km", "pipeline runs")]),
        ("Exports fell by £1.2bn to £13.6bn.",
         [("£1.2bn", 1.2e9, "GBP", "Exports fell"), ("£13.6bn", 1.36e10, "GBP", "Exports fell")]),
    ],
)  # fmt: skip
def test_quantities(nlp: Language, text: str, expected: Expected) -> None:
    assert simple(found(nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The talks were held on 12 March in Geneva.",
        "He was born in 1956 and joined the army in 1974.",
        "The 2016 election was close.",
        "For details call 020 7946 0018 or +44 20 7946 0018.",
        "She finished third in the first round, on the 28th.",
        "The meeting starts at 9.30am, not 10 pm.",
        "Listen to BBC Radio 4 and Channel 5.",
        "The minister met his counterpart two weeks ago.",
        "The ceasefire has held for three weeks.",
        "One of the biggest problems is corruption.",
        "In one tweet, he said there is no one single point of failure.",
        "The families of 9/11 victims met on 3/5.",
        "A 4-4 ruling by the court, after an 80-19 vote in the Senate.",
        "The bomb went off in front of 131 West 23rd Street.",
        "She will high-five passersby.",
        "The suicide rate was 10 times the national average.",
        "Only one in five adults has been vaccinated.",
        "Nearly eight of 10 voters, three out of four women, one of every nine.",
        "Crutcher, 40, was shot; the two met later.",
        "About $4 of every $5 of exports; prices start at six figures.",
        "Page 2 of 3",
        "5 min read",
        "A 19-year-old man was arrested.",
        "Almost half of the budget goes on salaries.",
        "They met a few times.",
    ],
)
def test_not_quantities(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


def test_ranges_and_qualifiers(nlp: Language) -> None:
    (between,) = found(nlp, "The bill would cost between £3bn and £4bn a year.")
    assert (between.value, between.high, between.scale, between.kind) == (3e9, 4e9, "bn", "money")
    (shared,) = found(nlp, "The project will cost £3-4bn.")
    assert (shared.text, shared.value, shared.high) == ("£3-4bn", 3e9, 4e9)
    (percent,) = found(nlp, "Inflation may reach 10-15% next year.")
    assert (percent.value, percent.high, percent.unit) == (10.0, 15.0, "percent")
    more, nearly, exact = found(
        nlp, "More than 300 people died, nearly 40 soldiers fled and 12 tanks were lost."
    )
    assert (more.approximate, more.qualifier, more.bound) == (True, "more than", "min")
    assert (nearly.approximate, nearly.qualifier, nearly.bound) == (True, "nearly", "max")
    assert (exact.approximate, exact.qualifier, exact.bound) == (False, None, None)
    (vague,) = found(nlp, "Thousands of troops were sent.")
    assert vague.approximate and vague.qualifier is None


def test_money_fields(nlp: Language) -> None:
    (money,) = found(nlp, "It faces a £10bn funding shortfall.")
    assert (money.kind, money.currency, money.scale, money.span) == ("money", "GBP", "bn", (11, 16))
    (pounds,) = found(nlp, "Millions of pounds were lost.")
    assert (pounds.value, pounds.unit, pounds.approximate) == (1e6, "GBP", True)


def test_user_unit_file(nlp: Language, tmp_path: Path) -> None:
    extra = tmp_path / "units.toml"
    extra.write_text('[currency_signs]\n"R$" = "BRL"\n[units]\nlitres = "l"\n', "utf-8")
    lexicon = Lexicon.load([extra])
    text = "Brazil lent R$2bn and shipped 500 litres."
    assert [(q.value, q.unit) for q in found(nlp, text, lexicon)] == [(2e9, "BRL"), (500.0, "l")]
    assert [(q.value, q.unit) for q in found(nlp, text)] == [(500.0, None)]


def test_example_article() -> None:
    options = Options.load(overrides={"store.db": ""})
    work = Work(EXAMPLE.read_text("utf-8"), Article(source=Source(path=str(EXAMPLE))))
    (done,) = Pipeline(options).run([work])
    article = done.article
    assert article.published == PUBLISHED
    got = {(q.text, q.value, q.unit, q.measure) for q in article.quantities}
    assert ("£10bn", 1e10, "GBP", "funding shortfall") in got
    assert ("2 per cent", 2.0, "percent", "GDP on defence") in got
    assert ("five", 5.0, None, "the alliance’s members") in got
    assert ("28", 28.0, None, "the alliance’s members") in got
    assert len(article.quantities) == 4  # nothing from Radio 4, dates or the boilerplate
    for q in article.quantities:
        assert article.text[q.span[0] : q.span[1]] == q.text
    assert_contract(article.as_dict())
