"""Regression tests for the bugs the hostile corpus and the fuzzers found, one each."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newswatch import ingest
from newswatch.attribution import _bare_relative
from newswatch.extract import extract
from newswatch.ingest import jsonl
from newswatch.options import Options
from newswatch.schema import article_id

STORY = "Talks go on\n\nIn brief\n\nThe minister said the talks in Paris would go on."


def test_deeply_nested_json_line_is_one_skip_not_a_crash() -> None:
    # Was: RecursionError out of json.loads, which ended the whole batch.
    dump = b"[" * 100_000 + b"]" * 100_000 + b"\n" + json.dumps({"text": STORY}).encode() + b"\n"
    items = list(jsonl.records(io.BytesIO(dump), "dump.jsonl", 10_000_000))
    assert isinstance(items[0], ingest.Skipped)
    assert items[0].skip.reason == "invalid JSON line"
    assert isinstance(items[1], ingest.Document)


def test_a_lone_surrogate_in_a_json_line_becomes_a_replacement_character() -> None:
    # Was: UnicodeEncodeError when hashing the clean text, an "internal error" skip.
    line = b'{"text": "The talks in Par\\ud800is would go on."}\n'
    (document,) = jsonl.records(io.BytesIO(line), "dump.jsonl", 1000)
    assert isinstance(document, ingest.Document)
    assert "Par\ufffdis" in document.content
    article_id(document.content)  # encodable


def test_deeply_nested_json_ld_does_not_stop_extraction() -> None:
    # Was: RecursionError in the page's JSON-LD reader: an "internal error" skip.
    deep = "[" * 100_000 + "]" * 100_000
    html = (
        f'<html><head><title>Talks</title><script type="application/ld+json">{deep}</script>'
        "</head><body><article><p>"
        + "The minister said the talks would go on. " * 20
        + "</p></article></body></html>"
    )
    assert "talks would go on" in extract(html).text


def test_a_reader_bug_costs_one_input_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> Iterator[ingest.Document]:
        raise ValueError("a reader bug")
        yield  # pragma: no cover

    monkeypatch.setattr(jsonl, "records", broken)
    bad, good = tmp_path / "dump.jsonl", tmp_path / "story.txt"
    bad.write_text("{}\n", "utf-8")
    good.write_text(STORY, "utf-8")
    options = Options.load().ingest
    items = [item for path in (bad, good) for item in ingest.documents(str(path), options)]
    assert isinstance(items[0], ingest.Skipped) and items[0].skip.reason == "internal error"
    assert isinstance(items[1], ingest.Document)


@dataclass
class _Token:
    """Just enough of a spaCy token for `_bare_relative`, with an endless subtree."""

    lower_: str = "which"

    @property
    def subtree(self) -> Iterator[_Token]:
        return (_Token() for _ in itertools.count())


def test_the_relative_pronoun_check_reads_three_words_at_most() -> None:
    # Was: the whole subtree read for each reporting verb, quadratic on a run-on parse (500
    # unclosed quotes took 21 s in the quotes stage; 1.4 s now).
    assert _bare_relative(_Token()) is False  # type: ignore[arg-type]
