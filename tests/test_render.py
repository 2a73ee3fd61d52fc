"""The writers: JSON Lines, JSON object or array, and the rich table."""

from __future__ import annotations

import io
import json

from rich.console import Console

from newswatch.render import JsonWriter, render_table
from newswatch.schema import Actor, Article, Event, Quote, Removed, Section


def article(n: int = 0) -> Article:
    text = f"Headline {n}\n\nSir Michael said “we are watchful”."
    return Article(
        text=text,
        id=f"{n:016x}",
        title=f"Headline {n}",
        sections=[Section("title", 0, 10), Section("body", 12, len(text))],
        removed=[Removed("Comments", "comment forum")],
        actors=[
            Actor(
                "A1",
                "Michael Fallon",
                "person",
                "GBR",
                "GOV",
                "GBRGOV",
                ["Defence Secretary"],
                [(12, 23)],
            ),
            Actor("A2", "Russia", "country", "RUS", None, "RUS", [], []),
        ],
        quotes=[Quote("Q1", "direct", "we are watchful", 30, 45, "A1", (12, 23), "said")],
        events=[Event("E1", "ACCUSE", (12, len(text)), "said", ["A1"], ["A2"], negated=True)],
    )


def write_all(articles: list[Article], *, lines: bool, single: bool = False) -> str:
    out = io.StringIO()
    writer = JsonWriter(out, lines=lines, single=single)
    for a in articles:
        writer.write(a)
    writer.close()
    return out.getvalue()


def test_jsonl_is_one_object_per_line() -> None:
    text = write_all([article(1), article(2)], lines=True)
    assert [json.loads(line)["id"] for line in text.splitlines()] == [
        f"{1:016x}",
        f"{2:016x}",
    ]


def test_json_array_is_valid_for_zero_one_and_many() -> None:
    assert json.loads(write_all([], lines=False)) == []
    assert len(json.loads(write_all([article(1)], lines=False))) == 1
    assert len(json.loads(write_all([article(1), article(2)], lines=False))) == 2


def test_single_json_is_an_object() -> None:
    assert json.loads(write_all([article(3)], lines=False, single=True))["id"] == f"{3:016x}"


def test_json_keeps_unicode_readable() -> None:
    assert "“we are watchful”" in write_all([article()], lines=True)


def test_table_shows_records() -> None:
    console = Console(file=io.StringIO(), width=120)
    render_table(article(), console)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    for expected in ("Headline 0", "Michael Fallon", "GBRGOV", "we are watchful", "ACCUSE (not)",
                     "Russia", "comment forum"):  # fmt: skip
        assert expected in shown, expected
