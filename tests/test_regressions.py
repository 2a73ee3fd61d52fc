"""Regression tests for the bugs the hostile corpus and the fuzzers found, one each."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass
class _Child:
    """A right child of a trigger whose subtree never ends."""

    dep_: str = "dobj"

    @property
    def subtree(self) -> Iterator[_Word]:
        return (_Word(i) for i in itertools.count(1))


@dataclass
class _Word:
    i: int
    is_punct: bool = False
    ent_type_: str = ""


@dataclass
class _Trigger:
    i: int = 0

    @property
    def rights(self) -> Iterator[_Child]:
        return iter([_Child("ccomp"), _Child()])


def test_a_trigger_reads_only_the_words_its_patterns_can_reach() -> None:
    # Was: the trigger's whole subtree read for each trigger, quadratic on a run-on parse (the
    # events stage took 52 s on 500 unclosed quotes; 1.7 s now).
    from newswatch.triggers import _reach

    found = _reach(_Trigger(), 8)  # type: ignore[arg-type]
    assert [w.i for w in found] == list(range(1, 9))


class _Recording:
    """A pattern that records where it was asked to search."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def search(self, text: str, pos: int, endpos: int) -> None:
        self.calls.append((pos, endpos))


def test_quantity_prefixes_are_looked_for_near_the_number_only() -> None:
    # Was: each "..._before" pattern searched from the start of the text for each number,
    # quadratic (151 s on 5,000 "&#0;"; 1.9 s now).
    from newswatch.quantities import _LOOKBACK, _before

    pattern = _Recording()
    _before(pattern, "x" * 10_000, 9_000)  # type: ignore[arg-type]
    assert pattern.calls == [(9_000 - _LOOKBACK, 9_000)]


class _Sentence:
    """A sentence whose doc must not be read whole."""

    start_char, end_char = 100, 127
    text = "first line\nsecond part, end"

    @property
    def doc(self) -> object:
        raise AssertionError("the whole doc's text was built for one event")


@dataclass
class _At:
    idx: int


def test_an_event_sentence_is_cut_from_its_own_text() -> None:
    # Was: `doc.text` (spaCy joins every token) once per event, quadratic on a long article
    # (the events stage took 16.5 s of its 18 s on 400 paragraphs in it).
    from newswatch.events import _span

    assert _span(_Sentence(), _At(115)) == (111, 127)  # type: ignore[arg-type]
    assert _span(_Sentence(), _At(103)) == (100, 110)  # type: ignore[arg-type]


def test_each_token_knows_its_innermost_quote() -> None:
    # Was: every quote looked through for each trigger, quadratic in a long article's length.
    import spacy

    from newswatch.events import _innermost_quotes
    from newswatch.schema import Quote

    doc = spacy.blank("en")("He said : a b c d e f .")
    outer = Quote(id="Q1", kind="direct", text="", start=10, end=21)  # "a b c d e f"
    inner = Quote(id="Q2", kind="direct", text="", start=12, end=15)  # "b c"
    twin = Quote(id="Q3", kind="direct", text="", start=12, end=15)
    found = _innermost_quotes(doc, [outer, inner, twin])
    assert {i: q.id for i, q in found.items()} == {3: "Q1", 4: "Q2", 5: "Q2", 6: "Q1", 7: "Q1",
                                                   8: "Q1"}  # fmt: skip


def test_quantities_build_the_doc_text_once() -> None:
    # Was: `doc.text` once per quantity found, quadratic on a long article.
    import spacy

    from newswatch.quantities import quantities

    class Counting:
        def __init__(self, doc: Any) -> None:
            self.doc, self.reads = doc, 0

        def __getattr__(self, name: str) -> object:
            return getattr(self.doc, name)

        def __iter__(self) -> Iterator[object]:
            return iter(self.doc)

        @property
        def text(self) -> str:
            self.reads += 1
            return str(self.doc.text)

    counting = Counting(spacy.blank("en")(" ".join(["It cost £10bn and 5 per cent."] * 20)))
    found = list(quantities(counting))  # type: ignore[arg-type]
    assert len(found) >= 20 and counting.reads <= 2
