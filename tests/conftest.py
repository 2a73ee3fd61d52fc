"""Shared test helpers: paths, the contract checker, and an in-process CLI runner."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from spacy.language import Language

from newswatch.cli import main
from newswatch.nlp import load
from newswatch.schema import (
    Actor,
    Article,
    Event,
    Quantity,
    Quote,
    Removed,
    Section,
    Source,
    article_id,
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "independent-2017-03-31-russia.txt"
SHARED = REPO.parent / "shared"

_SCHEMA = json.loads(
    resources.files("newswatch").joinpath("data/newswatch-1.schema.json").read_text("utf-8")
)
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)


TEXT = "Russia “is interfering”, Mattis said. Spending rose by 2 per cent."

ACTOR = Actor(
    id="A1",
    name="Jim Mattis",
    kind="person",
    country="USA",
    sector="GOV",
    code="USAGOV",
    roles=["Defence Secretary"],
    mentions=[(25, 31), (0, 6)],
)
QUOTE = Quote(
    id="Q1",
    kind="direct",
    text="is interfering",
    start=8,
    end=22,
    speaker="A1",
    speaker_span=(25, 31),
    cue="said",
)
EVENT = Event(
    id="E1",
    type="ACCUSE",
    sentence=(0, 37),
    trigger="interfering",
    source=["A1"],
    target=[],
    mode="allege",
    negated=True,
    hypothetical=False,
    quote="Q1",
    date="2017-03-31",
    cameo="112",
    confidence=0.75,
)
QUANTITY = Quantity(
    text="2 per cent",
    value=2.0,
    unit="percent",
    span=(55, 65),
    kind="percent",
    measure="Spending rose",
    high=2.5,
    approximate=True,
    qualifier="about",
)


def full_article(text: str = TEXT) -> Article:
    """An article with every record type, spans, None values, booleans, floats and unicode.

    Pass a longer `text` (TEXT plus a suffix) for articles with other ids.
    """
    return Article(
        text=text,
        id=article_id(text),
        source=Source(path="in/a.txt", url=None, publisher="The Independent"),
        title=None,
        standfirst="Stand",
        authors=["Kim Sengupta", "Zoë Ünal"],
        published="2017-03-31",
        sections=[Section("body", 0, len(text)), Section("analysis", 38, 66, author="Kim")],
        removed=[Removed("Donate now", "donation appeal")],
        actors=[ACTOR, Actor(id="A2", name="Russia", kind="country")],
        quotes=[QUOTE, Quote(id="Q2", kind="indirect", text="Russia", start=0, end=6)],
        events=[EVENT],
        quantities=[QUANTITY, Quantity(text="two", value=2, unit=None, span=(0, 0))],
    )


def code_at(article: Article, words: str) -> str | None:
    """The code of the actor with a mention at the first occurrence of `words`."""
    start = article.text.index(words)
    for actor in article.actors:
        if any(s <= start < e for s, e in actor.mentions):
            return actor.code
    raise AssertionError(f"no actor at {words!r}")


def assert_contract(article: dict[str, Any]) -> None:
    """Fail unless `article` is valid newswatch/1 JSON, offsets and references included."""
    _VALIDATOR.validate(article)
    n = len(article["text"])
    spans = [(s["start"], s["end"]) for s in article["sections"]]
    spans += [tuple(m) for a in article["actors"] for m in a["mentions"]]
    spans += [(q["start"], q["end"]) for q in article["quotes"]]
    spans += [tuple(e["sentence"]) for e in article["events"]]
    spans += [tuple(q["span"]) for q in article["quantities"]]
    for start, end in spans:
        assert 0 <= start <= end <= n, f"span {(start, end)} outside text of {n} chars"
    for quote in article["quotes"]:
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    actors = {a["id"] for a in article["actors"]}
    quotes = {q["id"] for q in article["quotes"]}
    assert all(q["speaker"] in actors for q in article["quotes"] if q["speaker"])
    for event in article["events"]:
        assert set(event["source"]) | set(event["target"]) <= actors
        assert event["quote"] is None or event["quote"] in quotes


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy pipeline, loaded once for the whole session."""
    return load()


@dataclass
class Result:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Stdout parsed as one JSON document."""
        return json.loads(self.out)

    def lines(self) -> list[dict[str, Any]]:
        """Stdout parsed as JSON Lines."""
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Run `newswatch ARGS...` in-process (the model stays loaded) from an empty directory."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, stdin: bytes = b"") -> Result:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        return Result(int(exit_info.value.code or 0), captured.out, captured.err)

    return invoke


def small_corpus(path: Path, count: int) -> Path:
    """A JSON Lines corpus of `count` short real articles: a headline and three paragraphs
    of the example each, a different three each time (parsed quickly, none alike)."""
    lines = EXAMPLE.read_text("utf-8").splitlines()
    paragraphs = [p for p in lines[9:33] if len(p) > 80]  # the body, as benchmarks/actors.py
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            body = [paragraphs[(n + i) % len(paragraphs)] for i in range(3)]
            text = f"Russia story number {n + 1}\n\n" + "\n\n".join(body) + "\n"
            out.write(json.dumps({"text": text, "published": "2017-03-31"}) + "\n")
    return path
