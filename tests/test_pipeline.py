"""Tests for the stage registry, order checks and the batch runner (no spaCy model needed)."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, cast

import pytest

import newswatch.pipeline as pipeline_module
from newswatch.errors import E, NewswatchError, Skip
from newswatch.options import Options, PipelineOptions
from newswatch.pipeline import (
    BatchStage,
    Pipeline,
    Stage,
    Work,
    check_order,
    register,
    registered,
)
from newswatch.runner import Summary
from newswatch.schema import Actor, Article, Event, Quote, Source

if TYPE_CHECKING:
    from spacy.tokens import Doc

CLEAN = "newswatch.clean.v1"
PARSE = "newswatch.parse.v1"
ACTORS = "newswatch.actors.v1"
QUOTES = "newswatch.quotes.v1"
EVENTS = "newswatch.events.v1"
QUANTITIES = "newswatch.quantities.v1"
BUILTINS = (CLEAN, PARSE, ACTORS, QUOTES, EVENTS, QUANTITIES)

# Stands in for a spaCy doc, so that these tests never load a model.
FAKE_DOC = cast("Doc", object())

_counter = itertools.count()


class Recorder:
    """A test stage: notes each article it sees, and fails or skips on chosen markers."""

    def __init__(
        self,
        name: str,
        requires: Iterable[str] = ("text",),
        assigns: Iterable[str] = (),
        *,
        fail_on: str | None = None,
        skip_on: str | None = None,
    ) -> None:
        self.name = name
        self.requires = frozenset(requires)
        self.assigns = frozenset(assigns)
        self.fail_on = fail_on
        self.skip_on = skip_on
        self.calls: list[str] = []
        self.had_doc: list[bool] = []

    def __call__(self, work: Work) -> None:
        self.calls.append(work.raw)
        self.had_doc.append(work.doc is not None)
        if self.fail_on and self.fail_on in work.raw:
            raise ValueError("boom")
        if self.skip_on and self.skip_on in work.raw:
            raise Skip("x", "test skip")
        work.notes[self.name] = len(self.calls)
        if "doc" in self.assigns:
            work.doc = FAKE_DOC


class BatchRecorder(Recorder):
    """A test stage with `pipe`, which fails on a batch holding a marked article, or always."""

    def __init__(
        self,
        name: str,
        requires: Iterable[str] = ("text",),
        assigns: Iterable[str] = (),
        *,
        fail_on: str | None = None,
        pipe_fails: bool = False,
    ) -> None:
        super().__init__(name, requires, assigns, fail_on=fail_on)
        self.pipe_fails = pipe_fails
        self.batches: list[list[str]] = []

    def pipe(self, works: list[Work]) -> None:
        self.batches.append([w.raw for w in works])
        if self.pipe_fails or any(self.fail_on and self.fail_on in w.raw for w in works):
            raise RuntimeError("batch failed")
        for work in works:
            work.notes[self.name] = "batch"
            if "doc" in self.assigns:
                work.doc = FAKE_DOC


Add = Callable[[Recorder], str]


@pytest.fixture
def add_stage() -> Iterator[Add]:
    """Register test stages under unique names, and remove them from the registry after."""
    names: list[str] = []

    def add(stage: Recorder) -> str:
        register(stage.name, requires=stage.requires, assigns=stage.assigns)(lambda _o: stage)
        names.append(stage.name)
        return stage.name

    yield add
    for name in names:
        pipeline_module._REGISTRY.pop(name, None)


def unique(label: str) -> str:
    return f"tests.{label}{next(_counter)}.v1"


def options_with(*names: str, batch_size: int = 16) -> Options:
    """Options whose pipeline is the cleaner and then the named stages."""
    base = Options.load(overrides={"store.db": ""})
    return dataclasses.replace(
        base,
        pipeline=PipelineOptions((CLEAN, *names)),
        nlp=dataclasses.replace(base.nlp, batch_size=batch_size),
    )


def raw_text(label: str) -> str:
    return f"Headline {label}\n\nStandfirst {label}.\n\nBody of article {label}, long enough."


def works(*labels: str) -> list[Work]:
    return [Work(raw_text(x), Article(source=Source(path=f"{x}.txt"))) for x in labels]


def run(options: Options, items: Iterable[Work]) -> list[Work]:
    return list(Pipeline(options).run(items))


# Registry and order checks


def test_registered_includes_builtins() -> None:
    known = registered()
    assert set(BUILTINS) <= set(known)
    assert known[QUOTES].requires == {"doc", "actors"}
    assert known[QUOTES].assigns == {"quotes"}
    assert known[PARSE].assigns == {"doc"}
    assert known[CLEAN].requires <= pipeline_module.INITIAL_FIELDS


def test_registered_returns_a_copy() -> None:
    registered().pop(CLEAN)
    assert CLEAN in registered()


def test_default_order_is_valid() -> None:
    infos = check_order(Options.load().pipeline.stages)
    assert [info.name for info in infos] == list(BUILTINS)


@pytest.mark.parametrize(
    "names",
    [
        ["newswatch.nosuch.v1"],
        [CLEAN, "newswatch.clean.v2"],
        [CLEAN, PARSE, "quotes"],
    ],
)
def test_unknown_stage_is_e002(names: list[str]) -> None:
    with pytest.raises(NewswatchError, match=r"^E002 ") as info:
        check_order(names)
    assert info.value.code is E.E002
    message = str(info.value)
    assert f"Unknown stage '{names[-1]}'" in message
    available = message.split("Available: ", 1)[1]
    for name in BUILTINS:
        assert name in available


@pytest.mark.parametrize(
    ("names", "stage", "missing"),
    [
        ([CLEAN, PARSE, QUOTES, ACTORS], QUOTES, "actors"),
        ([PARSE, CLEAN], PARSE, "text"),
        ([CLEAN, ACTORS], ACTORS, "doc"),
        ([CLEAN, PARSE, EVENTS], EVENTS, "actors, quotes"),
    ],
)
def test_misordered_stages_are_e003(names: list[str], stage: str, missing: str) -> None:
    with pytest.raises(NewswatchError, match=r"^E003 ") as info:
        check_order(names)
    message = str(info.value)
    assert f"Stage '{stage}' needs {missing}," in message
    assert " -> ".join(names) in message


def test_misordered_pipeline_fails_before_reading_input() -> None:
    def never() -> Iterator[Work]:
        pytest.fail("input was read")
        yield from ()

    options = dataclasses.replace(Options.load(), pipeline=PipelineOptions((PARSE, CLEAN)))
    with pytest.raises(NewswatchError, match=r"^E003 "):
        Pipeline(options).run(never())


# Running stages


def test_custom_stage_runs(add_stage: Add) -> None:
    stage = Recorder(unique("custom"), requires={"text", "title"}, assigns={"custom"})
    name = add_stage(stage)
    assert name in registered()
    done = run(options_with(name), works("a", "b"))
    assert [w.skip for w in done] == [None, None]
    assert [w.notes[name] for w in done] == [1, 2]
    assert stage.calls == [raw_text("a"), raw_text("b")]
    assert done[0].article.title == "Headline a"


def test_custom_stage_is_order_checked(add_stage: Add) -> None:
    name = add_stage(Recorder(unique("needs_text"), requires={"text"}))
    with pytest.raises(NewswatchError, match=rf"^E003 Stage '{name}' needs text"):
        check_order([name, CLEAN])
    second = add_stage(Recorder(unique("needs_custom"), requires={"custom"}))
    with pytest.raises(NewswatchError, match=r"^E003 .* needs custom"):
        check_order([CLEAN, second])


def test_registered_module_is_cleaned_up_between_tests() -> None:
    assert not any(name.startswith("tests.") for name in registered())


@pytest.mark.parametrize("batch", [False, True], ids=["plain", "batch"])
def test_failing_stage_skips_only_that_article(add_stage: Add, batch: bool) -> None:
    cls = BatchRecorder if batch else Recorder
    failing = cls(unique("failing"), fail_on="article b")
    after = Recorder(unique("after"))
    options = options_with(add_stage(failing), add_stage(after))
    done = run(options, works("a", "b", "c"))
    assert [w.article.source.path for w in done] == ["a.txt", "b.txt", "c.txt"]
    assert done[0].skip is None and done[2].skip is None
    skip = done[1].skip
    assert skip is not None
    assert skip.reason == "internal error"
    assert failing.name in skip.detail and "ValueError: boom" in skip.detail
    if batch:
        assert isinstance(failing, BatchRecorder) and len(failing.batches) == 1
    # Later stages never see the skipped article; the others finish.
    assert after.calls == [raw_text("a"), raw_text("c")]
    assert after.name in done[0].notes and after.name in done[2].notes
    assert after.name not in done[1].notes


def test_batch_stage_uses_pipe(add_stage: Add) -> None:
    stage = BatchRecorder(unique("batch"))
    assert isinstance(stage, BatchStage)
    assert not isinstance(Recorder("plain"), BatchStage)
    assert isinstance(Recorder("plain"), Stage)
    done = run(options_with(add_stage(stage)), works("a", "b", "c"))
    assert stage.batches == [[raw_text(x) for x in "abc"]]
    assert stage.calls == []
    assert [w.notes[stage.name] for w in done] == ["batch"] * 3


def test_failing_pipe_falls_back_to_one_by_one(add_stage: Add) -> None:
    stage = BatchRecorder(unique("flaky"), pipe_fails=True)
    done = run(options_with(add_stage(stage)), works("a", "b", "c"))
    assert len(stage.batches) == 1
    assert stage.calls == [raw_text(x) for x in "abc"]
    assert [w.skip for w in done] == [None, None, None]
    assert [w.notes[stage.name] for w in done] == [1, 2, 3]


def test_failing_pipe_then_failing_article(add_stage: Add) -> None:
    stage = BatchRecorder(unique("flaky"), pipe_fails=True, fail_on="article b")
    done = run(options_with(add_stage(stage)), works("a", "b", "c"))
    assert [w.skip.reason if w.skip else None for w in done] == [None, "internal error", None]


def test_skip_raised_by_stage_skips_only_that_article(add_stage: Add) -> None:
    skipping = Recorder(unique("skipping"), skip_on="article b")
    after = Recorder(unique("after"))
    done = run(options_with(add_stage(skipping), add_stage(after)), works("a", "b", "c"))
    reasons = [w.skip.reason if w.skip else None for w in done]
    assert reasons == [None, "x", None]
    assert done[1].skip is not None and done[1].skip.detail == "test skip"
    assert after.calls == [raw_text("a"), raw_text("c")]


def test_clean_skip_does_not_stop_the_batch(add_stage: Add) -> None:
    after = Recorder(unique("after"))
    items = works("a", "c")
    items.insert(1, Work("", Article(source=Source(path="empty.txt"))))
    done = run(options_with(add_stage(after)), items)
    assert [w.skip.reason if w.skip else None for w in done] == [None, "no article text", None]
    assert len(after.calls) == 2


@pytest.mark.parametrize(("count", "batch_size"), [(5, 2), (4, 2), (3, 1), (2, 16), (0, 3)])
def test_run_keeps_input_order_across_batches(add_stage: Add, count: int, batch_size: int) -> None:
    parse = BatchRecorder(unique("fakeparse"), requires={"text"}, assigns={"doc"})
    reader = Recorder(unique("reader"), requires={"doc"})
    options = options_with(add_stage(parse), add_stage(reader), batch_size=batch_size)
    labels = [f"n{i}" for i in range(count)]
    done = run(options, works(*labels))
    assert [w.article.source.path for w in done] == [f"{x}.txt" for x in labels]
    assert [w.article.title for w in done] == [f"Headline {x}" for x in labels]
    # Batches of more than one article go through `pipe`, a batch of one through `__call__`.
    sizes = [len(b) for b in parse.batches] + [1] * len(parse.calls)
    expected = [min(batch_size, count - i) for i in range(0, count, batch_size)]
    assert sorted(sizes) == sorted(expected)
    # The doc is there for later stages of the same batch, and dropped once it is done.
    assert reader.had_doc == [True] * count
    assert all(w.doc is None for w in done)


def test_run_reads_input_one_batch_at_a_time(add_stage: Add) -> None:
    read: list[int] = []

    def source() -> Iterator[Work]:
        for i in range(7):
            read.append(i)
            yield works(f"n{i}")[0]

    stage = Recorder(unique("doc"), assigns={"doc"})
    results = Pipeline(options_with(add_stage(stage), batch_size=3)).run(source())
    first = next(results)
    assert len(read) == 3
    assert first.doc is None
    assert first.article.source.path == "n0.txt"
    rest = list(results)
    assert len(read) == 7
    assert [w.article.source.path for w in rest] == [f"n{i}.txt" for i in range(1, 7)]


# Summary line


@pytest.mark.parametrize(
    ("summary", "line"),
    [
        (Summary(), "0 articles, 0 actors, 0 quotes, 0 events, 0 skipped, 0.00 s"),
        (Summary(articles=1), "1 article, 0 actors, 0 quotes, 0 events, 0 skipped, 0.00 s"),
        (
            Summary(articles=1, actors=1, quotes=1, events=1, seconds=1.5),
            "1 article, 1 actor, 1 quote, 1 event, 0 skipped, 1.50 s",
        ),
        (
            Summary(articles=3, actors=5, quotes=2, events=7, seconds=0.254),
            "3 articles, 5 actors, 2 quotes, 7 events, 0 skipped, 0.25 s",
        ),
        (
            Summary(skipped=Counter({"empty": 1})),
            "0 articles, 0 actors, 0 quotes, 0 events, 1 skipped (empty: 1), 0.00 s",
        ),
        (
            Summary(articles=2, skipped=Counter({"empty": 1, "binary file": 1})),
            "2 articles, 0 actors, 0 quotes, 0 events, 2 skipped (empty: 1, binary file: 1), "
            "0.00 s",
        ),
        (
            Summary(skipped=Counter({"empty": 1, "too large": 3})),
            "0 articles, 0 actors, 0 quotes, 0 events, 4 skipped (too large: 3, empty: 1), 0.00 s",
        ),
    ],
)
def test_summary_line(summary: Summary, line: str) -> None:
    assert summary.line() == line


def test_summary_add_counts_records() -> None:
    summary = Summary()
    article = Article(
        actors=[Actor(id="A1", name="Russia", kind="country")] * 2,
        quotes=[Quote(id="Q1", kind="direct", text="x", start=0, end=1)],
        events=[Event(id="E1", type="ACCUSE", sentence=(0, 1), trigger="t")] * 3,
    )
    summary.add(article)
    summary.add(Article())
    assert summary.line() == "2 articles, 2 actors, 1 quote, 3 events, 0 skipped, 0.00 s"
