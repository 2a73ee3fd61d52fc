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

from newswatch.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "independent-2017-03-31-russia.txt"
SHARED = REPO.parent / "shared"

_SCHEMA = json.loads(
    resources.files("newswatch").joinpath("data/newswatch-1.schema.json").read_text("utf-8")
)
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)


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
