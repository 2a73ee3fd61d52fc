"""Per-article time limits: a stage that runs too long is stopped, the batch goes on."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable

import pytest

from newswatch import deadline, ingest
from newswatch.deadline import TimeLimit
from newswatch.options import Options
from newswatch.pipeline import Work, register
from newswatch.runner import Summary, analyze_documents
from newswatch.schema import Article

GOOD = (
    "Ministers meet in Brussels\n\nTalks resumed on Monday\n\n"
    "The British trade secretary met her French counterpart in Brussels on Monday."
)
SLOW_WORD = "STALL"


class _Stall:
    """A test stage that never ends on articles holding SLOW_WORD, in the way `how` says."""

    requires = frozenset({"text"})
    assigns: frozenset[str] = frozenset()

    def __init__(self, name: str, how: str) -> None:
        self.name, self.how = name, how

    def __call__(self, work: Work) -> None:
        if SLOW_WORD not in work.article.text:
            return
        if self.how == "spin":
            while True:
                pass
        elif self.how == "swallow":
            # A library that catches every Exception and carries on.
            for _ in range(1000):
                with contextlib.suppress(Exception):
                    time.sleep(0.05)
        else:
            time.sleep(1.5)  # a stage that ends, but after the limit


def _stall_factory(how: str) -> Callable[[Options], _Stall]:
    return lambda _options: _Stall(f"test.{how}.v1", how)


for _how in ("spin", "swallow", "sleep"):
    register(f"test.{_how}.v1", requires={"text"}, assigns=())(_stall_factory(_how))


def _options(stage: str, limit: float, **more: object) -> Options:
    stages = ["newswatch.clean.v1", stage] if stage else None
    overrides: dict[str, object] = {"store.db": "", "analyze.time_limit": limit, **more}
    if stages:
        overrides["pipeline.stages"] = stages
    return Options.load(None, overrides)


def _run(options: Options, texts: list[str]) -> tuple[Summary, list[Article], list[str]]:
    docs = [ingest.Document(f"doc{i}.txt", t) for i, t in enumerate(texts)]
    articles: list[Article] = []
    skips: list[str] = []
    summary = analyze_documents(
        docs,
        options,
        on_article=articles.append,
        on_skip=lambda s: skips.append(f"{s.path}: {s.skip.reason}"),
    )
    return summary, articles, skips


@pytest.mark.parametrize("how", ["spin", "swallow"])
def test_a_stage_that_never_ends_is_stopped_and_the_batch_goes_on(how: str) -> None:
    options = _options(f"test.{how}.v1", 0.3)
    started = time.monotonic()
    summary, articles, skips = _run(options, [GOOD, f"{GOOD} {SLOW_WORD}.", GOOD + " Again."])
    assert time.monotonic() - started < 5
    assert skips == ["doc1.txt: time limit"]
    assert [a.source.path for a in articles] == ["doc0.txt", "doc2.txt"]
    assert summary.skipped == {"time limit": 1}


def test_without_signals_a_slow_article_is_skipped_afterwards() -> None:
    """In a worker thread nothing can interrupt a stage: it is failed once it ends."""
    options = _options("test.sleep.v1", 0.2)
    result: list[list[str]] = []
    worker = threading.Thread(
        target=lambda: result.append(_run(options, [f"{GOOD} {SLOW_WORD}"])[2])
    )
    worker.start()
    worker.join(timeout=30)
    assert result == [["doc0.txt: time limit"]]


def test_the_real_parser_is_interrupted_on_a_long_text() -> None:
    """The spaCy parse of ~90,000 characters takes seconds; a 1 s limit stops it there."""
    paragraphs = [f"The minister met envoy number {i} in Brussels on Monday." for i in range(1600)]
    long_text = "Ministers meet\n\nTalks resumed\n\n" + "\n\n".join(paragraphs)
    _run(_options("", 0.0), [GOOD])  # load the model and knowledge base outside the limit
    options = _options("", 1.0, **{"analyze.max_chars": 200_000})
    started = time.monotonic()
    _, articles, skips = _run(options, [long_text, GOOD])
    # Parsing and the stages after it would take several seconds without the limit.
    assert skips == ["doc0.txt: time limit"]
    assert [a.source.path for a in articles] == ["doc1.txt"]
    assert time.monotonic() - started < 20


def test_limit_zero_means_no_limit() -> None:
    options = _options("test.sleep.v1", 0.0)
    _, articles, skips = _run(options, [f"{GOOD} {SLOW_WORD}"])
    assert skips == [] and len(articles) == 1


def test_an_enclosing_timer_keeps_running() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with deadline.limit(5):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0.3
        time.sleep(0.7)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_limit_raises_inside_the_block() -> None:
    with pytest.raises(TimeLimit), deadline.limit(0.1):
        time.sleep(2)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_negative_limit_is_refused() -> None:
    from newswatch.errors import NewswatchError

    with pytest.raises(NewswatchError, match=r"analyze\.time_limit"):
        Options.load(None, {"analyze.time_limit": -1.0})
