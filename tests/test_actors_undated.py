"""Actors rules for undated text and international bodies (hand-written sentences)."""

from __future__ import annotations

import pytest

from conftest import code_at
from newswatch.evaluate.actors import GoldRecord, pipeline_articles
from newswatch.options import Options
from newswatch.schema import Article


def _articles(*texts: str) -> list[Article]:
    records = [
        GoldRecord(id=f"T{i}", text=t, date=None, actors=(), skipped=0) for i, t in enumerate(texts)
    ]
    return [a for a in pipeline_articles(records, Options.load()) if a is not None]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return _articles(
        "President Kagame opened a new hospital on the outskirts of the city on Monday.",
        "The European Community agreed to send food aid to the region.",
        "NATO peacekeeping troops arrived in the town early on Sunday.",
        "The International Labour Office published its annual report.",
    )


def test_undated_title_and_surname_find_a_past_office_holder(articles: list[Article]) -> None:
    code = code_at(articles[0], "Kagame")
    assert code is not None and code.startswith("RWA")


def test_european_community_is_the_eu(articles: list[Article]) -> None:
    assert code_at(articles[1], "European Community") == "IGOEUREEC"


def test_igo_premodifier_gives_itscode_at(articles: list[Article]) -> None:
    assert code_at(articles[2], "troops") == "IGOWSTNAT"


def test_international_labour_office_is_the_ilo(articles: list[Article]) -> None:
    assert code_at(articles[3], "International Labour Office") == "IGOUNOLABILO"
