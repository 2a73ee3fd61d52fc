"""Tests for the output contract records: dict and JSON round trips, key order, content ids."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ACTOR, EVENT, QUANTITY, QUOTE, TEXT, assert_contract, full_article
from newswatch.schema import (
    SCHEMA,
    Actor,
    Article,
    Event,
    Quantity,
    Quote,
    Record,
    Removed,
    Section,
    Source,
    article_id,
)

RECORDS: list[Record] = [
    Source(),
    Source(path="a.txt", url="https://example.com/a", publisher="P"),
    Section("title", 0, 5),
    Section("analysis", 7, 20, author="Kim Sengupta"),
    Removed("Sign up", "newsletter"),
    ACTOR,
    Actor(id="A2", name="Russia", kind="country"),
    QUOTE,
    Quote(id="Q2", kind="indirect", text="x", start=0, end=1),
    EVENT,
    Event(id="E2", type="CONSULT", sentence=(0, 1), trigger="met"),
    QUANTITY,
    Quantity(text="none", value=0.0, unit=None, span=(1, 5)),
    Article(),
    full_article(),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_dict_round_trip(record: Record) -> None:
    assert type(record).from_dict(record.as_dict()) == record


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_json_round_trip(record: Record) -> None:
    data = json.loads(json.dumps(record.as_dict()))
    assert data == record.as_dict()
    assert type(record).from_dict(data) == record


def test_spans_are_lists_in_json_and_tuples_in_python() -> None:
    article = full_article()
    data = json.loads(json.dumps(article.as_dict()))
    assert data["actors"][0]["mentions"] == [[25, 31], [0, 6]]
    assert data["quotes"][0]["speaker_span"] == [25, 31]
    assert data["quotes"][1]["speaker_span"] is None
    assert data["events"][0]["sentence"] == [0, 37]
    assert data["quantities"][0]["span"] == [55, 65]
    back = Article.from_dict(data)
    assert back.actors[0].mentions == [(25, 31), (0, 6)]
    assert all(type(m) is tuple for m in back.actors[0].mentions)
    assert type(back.quotes[0].speaker_span) is tuple
    assert type(back.events[0].sentence) is tuple
    assert type(back.quantities[0].span) is tuple


def test_nested_records_come_back_typed() -> None:
    back = Article.from_dict(json.loads(json.dumps(full_article().as_dict())))
    assert type(back.source) is Source
    assert [type(x) for x in back.sections] == [Section, Section]
    assert type(back.removed[0]) is Removed
    assert type(back.actors[0]) is Actor
    assert type(back.quotes[0]) is Quote
    assert type(back.events[0]) is Event
    assert type(back.quantities[0]) is Quantity


def test_full_article_meets_the_contract() -> None:
    assert_contract(json.loads(json.dumps(full_article().as_dict())))


def test_article_key_order() -> None:
    keys = list(full_article().as_dict())
    assert keys[:8] == [
        "schema",
        "id",
        "source",
        "title",
        "standfirst",
        "authors",
        "published",
        "text",
    ]
    assert sorted(keys[8:]) == sorted(
        ["sections", "removed", "actors", "quotes", "events", "quantities"]
    )
    assert list(json.loads(json.dumps(full_article().as_dict())))[:2] == ["schema", "id"]


def test_article_defaults() -> None:
    data = Article().as_dict()
    assert data["schema"] == SCHEMA == "newswatch/1"
    assert data["source"] == {"path": None, "url": None, "publisher": None}
    for key in ("authors", "sections", "removed", "actors", "quotes", "events", "quantities"):
        assert data[key] == []


def test_as_dict_copies_lists() -> None:
    article = full_article()
    data = article.as_dict()
    data["authors"].append("Someone")
    data["actors"][0]["mentions"].append([1, 2])
    assert article.authors == ["Kim Sengupta", "Zoë Ünal"]
    assert article.actors[0].mentions == [(25, 31), (0, 6)]


@pytest.mark.parametrize(
    ("cls", "data", "expected"),
    [
        (Source, {"path": "a", "future": 1}, Source(path="a")),
        (Section, {"kind": "body", "start": 0, "end": 3, "x": [1]}, Section("body", 0, 3)),
        (
            Quantity,
            {"text": "2", "value": 2.0, "unit": None, "span": [0, 1], "approx": True},
            Quantity("2", 2.0, None, (0, 1)),
        ),
        (
            Article,
            {"text": "t", "id": "i", "new_field": {"a": 1}, "source": {"path": "p", "z": 0}},
            Article(text="t", id="i", source=Source(path="p")),
        ),
    ],
)
def test_unknown_keys_are_ignored(cls: type[Record], data: dict[str, Any], expected: Any) -> None:
    assert cls.from_dict(data) == expected


def test_article_id_is_sha256_prefix() -> None:
    expected = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()[:16]
    assert article_id(TEXT) == expected
    assert len(expected) == 16
    assert all(c in "0123456789abcdef" for c in expected)


@pytest.mark.parametrize(
    ("a", "b"), [("a", "b"), ("text", "text "), ("Londön", "London"), ("", " ")]
)
def test_article_id_differs_for_different_texts(a: str, b: str) -> None:
    assert article_id(a) != article_id(b)
    assert article_id(a) == article_id(a)


SECTIONS = st.builds(
    Section,
    kind=st.sampled_from(["title", "standfirst", "body", "analysis"]),
    start=st.integers(min_value=0, max_value=10_000),
    end=st.integers(min_value=0, max_value=10_000),
    author=st.none() | st.text(max_size=20),
)


@given(
    text=st.text(),
    sections=st.lists(SECTIONS, max_size=5),
    title=st.none() | st.text(max_size=30),
    authors=st.lists(st.text(max_size=10), max_size=3),
)
def test_any_article_round_trips(
    text: str, sections: list[Section], title: str | None, authors: list[str]
) -> None:
    article = Article(
        text=text, id=article_id(text), title=title, authors=authors, sections=sections
    )
    assert Article.from_dict(article.as_dict()) == article
    assert Article.from_dict(json.loads(json.dumps(article.as_dict()))) == article
    assert Article.from_dict(json.loads(json.dumps(article.as_dict(), ensure_ascii=False))) == (
        article
    )
    assert len(article.id) == 16
