"""The actors stage on the example article (2017-03-31), the `actors` command, and speed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, assert_contract
from newswatch.options import Options
from newswatch.runner import analyze
from newswatch.schema import Actor, Article

DATE = "2017-03-31"


def analysed(path: Path, date: str = DATE) -> Article:
    """One file through the whole pipeline, nothing stored."""
    options = Options.load(overrides={"store.db": "", "analyze.date": date})
    found: list[Article] = []
    analyze([str(path)], options, on_article=found.append, on_skip=lambda item: None)
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def article() -> Article:
    return analysed(EXAMPLE)


def named(article: Article, name: str, kind: str = "person") -> Actor:
    """The one actor of a kind whose name contains `name`."""
    found = [a for a in article.actors if name in a.name and a.kind == kind]
    assert len(found) == 1, (name, [a.name for a in article.actors])
    return found[0]


def owner(article: Article, context: str, words: str) -> str | None:
    """The name of the actor with a mention exactly at `words` inside `context`."""
    start = article.text.index(context) + context.index(words)
    span = (start, start + len(words))
    return next((a.name for a in article.actors if span in a.mentions), None)


@pytest.mark.parametrize(
    ("name", "kind", "country", "sectors"),
    [
        ("Mattis", "person", "USA", {"GOV", "MIL"}),
        ("Fallon", "person", "GBR", {"GOV"}),
        ("Trump", "person", "USA", {"GOV"}),
        ("Putin", "person", "RUS", {"GOV"}),
        ("Assad", "person", "SYR", {"GOV"}),
        ("Theresa May", "person", "GBR", {"GOV"}),
        ("Merkel", "person", "DEU", {"GOV"}),
        ("Russian embassy", "organization", "RUS", {"GOV"}),
    ],
)
def test_who_is_who(
    article: Article, name: str, kind: str, country: str, sectors: set[str]
) -> None:
    actor = named(article, name, kind)
    assert actor.country == country
    assert actor.sector in sectors
    assert actor.code is not None and actor.code.startswith(country + actor.sector)


def test_mattis_roles(article: Article) -> None:
    roles = named(article, "Mattis").roles
    assert {"Defence Secretary", "Secretary of Defense"} & set(roles)
    assert "General" in roles


def test_flynn_is_american(article: Article) -> None:
    assert named(article, "Flynn").country == "USA"


def test_countries_are_actors(article: Article) -> None:
    codes = {a.code for a in article.actors if a.kind == "country"}
    assert {"RUS", "GBR", "USA", "SYR", "DEU", "FRA"} <= codes


def test_author_is_no_actor(article: Article) -> None:
    assert "Kim Sengupta" in article.authors
    assert not [a for a in article.actors if "Sengupta" in a.name]


@pytest.mark.parametrize(
    ("context", "words", "name"),
    [
        ("wary of what Russia is up to,” he told a press conference", "he", "Fallon"),
        ("we can cooperate,” he said", "he", "Mattis"),
        ("elections,” he added", "he", "Mattis"),
        ("he stressed Britain’s military budget", "he", "Fallon"),
        ("he was “concerned”", "he", "Mattis"),
        ("Sir Michael said Britain", "Sir Michael", "Fallon"),
        ("Gen Mattis was gracious", "Gen Mattis", "Mattis"),
        ("following talks with his British counterpart", "his British counterpart", "Fallon"),
        ("following talks with his British counterpart", "his", "Mattis"),
        ("his British counterpart Sir Michael Fallon tried", "his British counterpart", "Fallon"),
        (
            "Donald Trump’s Defence Secretary has accused",
            "Donald Trump’s Defence Secretary",
            "Mattis",
        ),
        ("previous allegations by Sir Fallon", "Sir Fallon", "Fallon"),
        ("former Lieutenant General Michael Flynn", "Lieutenant General Michael Flynn", "Flynn"),
        ("Lt Gen Flynn himself", "himself", "Flynn"),
        ("the Russian embassy in London dismissed his remarks", "his", "Fallon"),
        ("One wonders how long the Defence Secretary", "the Defence Secretary", "Mattis"),
    ],
)
def test_mentions_resolve(article: Article, context: str, words: str, name: str) -> None:
    found = owner(article, context, words)
    assert found is not None and name in found


def test_every_mention_indexes_the_text(article: Article) -> None:
    for actor in article.actors:
        assert actor.mentions == sorted(set(actor.mentions))
        for start, end in actor.mentions:
            assert article.text[start:end].strip() == article.text[start:end] != ""


def test_ids_in_order_of_first_mention(article: Article) -> None:
    assert [a.id for a in article.actors] == [f"A{n}" for n in range(1, len(article.actors) + 1)]
    firsts = [a.mentions[0][0] for a in article.actors]
    assert firsts == sorted(firsts)


def test_contract(article: Article) -> None:
    assert_contract(article.as_dict())


def test_long_article_is_analysed(tmp_path: Path) -> None:
    """200 paragraphs: every actor and span still valid (speed: benchmarks/actors.py)."""
    paragraphs = [p for p in EXAMPLE.read_text("utf-8").splitlines()[9:33] if len(p) > 80]
    body = [paragraphs[i % len(paragraphs)] for i in range(200)]
    path = tmp_path / "long.txt"
    path.write_text("A long article about Russia\n\n" + "\n\n".join(body) + "\n", "utf-8")
    long = analysed(path)
    assert len(long.actors) > 10
    assert_contract(long.as_dict())


def test_command_table(run: Any) -> None:
    result = run("actors", str(EXAMPLE), "--date", DATE)
    assert result.code == 0, result.err
    assert "Michael Fallon" in result.out and "GBRGOV" in result.out


def test_command_json(run: Any) -> None:
    result = run("actors", str(EXAMPLE), "--date", DATE, "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["published"] == DATE
    fallon = next(a for a in data["actors"] if a["name"] == "Michael Fallon")
    assert "Sir Michael" in fallon["texts"] and fallon["code"] == "GBRGOV"
    assert not list(Path().glob("*.db")), "the actors command stores nothing"


def test_command_nothing_to_read(run: Any, tmp_path: Path) -> None:
    assert run("actors", str(tmp_path / "missing.txt")).code == 2
