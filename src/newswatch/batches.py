"""Analysing a stream of inputs in batches, here or in worker processes, with one writer.

The driver reads the inputs, skips those processed by an earlier run (resume), groups the
rest into tasks of `nlp.batch_size` documents and hands them to an executor: this process,
a pool of worker processes (`newswatch.cluster`) or a Dask cluster (`newswatch.distributed`).
A worker loads the pipeline once, runs it over each task and returns one `Outcome` per input
as contract JSON (`as_dict`); the driver turns them back into records (`from_dict`), reports
them in input order and writes them, since SQLite has one writer. With Parquet output
(`store.out`) each worker writes its shards itself and returns only the counts.

Everything streams: the driver holds at most `scale.in_flight` tasks per worker, so memory
stays flat however large the corpus is.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol

from newswatch import ingest
from newswatch.errors import Skip
from newswatch.pipeline import Pipeline
from newswatch.runner import OnArticle, OnSkip, Summary, work_for
from newswatch.schema import Outcome

if TYPE_CHECKING:
    from newswatch.options import Options
    from newswatch.store import Store

OnWritten = Callable[[Outcome], None]
# Skips worth trying again next run: a failure of newswatch, not a fact about the input.
RETRIED = frozenset({"internal error"})
ALREADY = Skip("already stored", "processed by an earlier run; --refresh analyses it again")


@dataclass(frozen=True, slots=True)
class Task:
    """A batch of documents for one worker, with each one's content hash."""

    documents: tuple[ingest.Document, ...]
    keys: tuple[str, ...]


def input_key(doc: ingest.Document) -> str:
    """The content hash a resumed run knows an input by: 32 hex digits of the SHA-256 of
    where it was read (path, or record of a container) and what the pipeline reads of it
    (its kind, the metadata its container gave, its content).

    The input's hash, not the clean text's (`Article.id`): it is known before the costly
    steps, so a done input is never cleaned or parsed again, and skipped inputs have one too.
    The path is part of it so that the same text in two files is two inputs, as it always was.
    """
    digest = hashlib.sha256()
    meta = (doc.path, doc.kind, doc.url or "", doc.title or "", doc.published or "")
    for part in (*meta, doc.content):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@lru_cache(maxsize=2)
def pipeline_for(options: Options) -> Pipeline:
    """The pipeline of these options, built once per process (it loads the spaCy model)."""
    return Pipeline(options)


def outcomes(task: Task, options: Options) -> list[Outcome]:
    """Run the pipeline over a task: one outcome per document, in order."""
    works = [work_for(doc, options) for doc in task.documents]
    found = []
    for key, work in zip(task.keys, pipeline_for(options).run(works), strict=True):
        path = work.article.source.path or "-"
        if work.skip is not None:
            found.append(Outcome(key, path, reason=work.skip.reason, detail=work.skip.detail))
            continue
        article = work.article
        counts = len(article.actors), len(article.quotes), len(article.events)
        found.append(Outcome(key, path, article, None, "", *counts))
    return found


def work(task: Task, options: Options) -> list[dict[str, Any]]:
    """A worker's entry point: the task's outcomes as contract JSON, or with Parquet output
    (`store.out`) the articles written to a shard and only the counts returned."""
    found = outcomes(task, options)
    if options.store.out:
        from newswatch.parquet import write_shard

        write_shard(options.store.out, found)
        for outcome in found:
            outcome.article = None
    return [outcome.as_dict() for outcome in found]


def decode(rows: list[dict[str, Any]]) -> list[Outcome]:
    """Outcomes from a worker's contract JSON."""
    return [Outcome.from_dict(row) for row in rows]


class Future(Protocol):
    """What `ordered` needs of a concurrent.futures or Dask future."""

    def result(self) -> Any: ...

    def done(self) -> bool: ...

    def add_done_callback(self, fn: Callable[[Any], object]) -> None: ...


# How long the driver sleeps at most between looks at its futures, should a callback be lost.
_POLL_SECONDS = 1.0


def ordered(
    submit: Callable[[Task], Future], tasks: Iterable[Task], window: Callable[[], int]
) -> Iterator[list[Outcome]]:
    """Keep `window()` tasks running; yield their outcomes in task order.

    A new task goes out as soon as any task finishes, not only the oldest: tasks differ in
    length (articles of 100 and 1,500 words), and waiting on the oldest left workers idle
    behind a long one. Finished outcomes wait here for their turn, at most `window()` of
    them, so the driver's memory stays bounded by twice the window.
    """
    pending: deque[Future] = deque()  # in task order: running, or finished and not yet yielded
    finished = threading.Event()
    source = iter(tasks)
    more = True
    while True:
        finished.clear()  # before looking: a task that finishes after the look sets it again
        while more and _room(pending, max(window(), 1)):
            task = next(source, None)
            if task is None:
                more = False
                break
            future = submit(task)
            future.add_done_callback(lambda _: finished.set())
            pending.append(future)
        if not pending:
            return
        if pending[0].done():
            yield decode(pending.popleft().result())
            continue  # one out: there may be room for one more
        finished.wait(_POLL_SECONDS)


def _room(pending: deque[Future], window: int) -> bool:
    """Whether another task may go out: fewer than `window` running, at most 2 x in all."""
    running = sum(not future.done() for future in pending)
    return running < window and len(pending) < 2 * window


class Executor(Protocol):
    """Somewhere tasks run: this process, a process pool, a Dask cluster."""

    @property
    def task_size(self) -> int: ...

    def map(self, tasks: Iterable[Task]) -> Iterator[list[Outcome]]: ...

    def close(self) -> None: ...


class InProcess:
    """Runs tasks here, one after another (`--workers 1`, the default)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        pipeline_for(options)  # a missing model fails now, before any input is read

    @property
    def task_size(self) -> int:
        """Here a task is one `nlp.pipe` batch: nothing to balance between workers."""
        return self.options.nlp.batch_size

    def map(self, tasks: Iterable[Task]) -> Iterator[list[Outcome]]:
        """The outcomes of each task, as it is run."""
        for task in tasks:
            yield (
                decode(work(task, self.options))
                if self.options.store.out
                else outcomes(task, self.options)
            )

    def close(self) -> None:
        """Nothing to release."""


def executor_for(options: Options) -> Executor:
    """Where the options say to run: a Dask cluster, worker processes, or this process."""
    if options.scale.dask:
        from newswatch.distributed import DaskExecutor

        return DaskExecutor(options.scale.dask, options)
    if options.scale.workers > 1:
        from newswatch.cluster import PoolExecutor

        return PoolExecutor(options.scale.workers, options)
    return InProcess(options)


class Sink:
    """Where the driver keeps what the workers return: the SQLite store, or nothing.

    With Parquet output the workers wrote the articles; the sink only knows which inputs the
    shards already hold.
    """

    def __init__(self, options: Options, store: Store | None) -> None:
        self.store, self.size = store, options.nlp.batch_size
        self.resume = options.store.resume
        self.pending: list[Outcome] = []
        self.done_keys: Container[str] = frozenset()
        if options.store.out and self.resume:
            from newswatch.parquet import stored_keys

            self.done_keys = stored_keys(options.store.out)

    def done(self, key: str) -> bool:
        """Whether an earlier run processed the input with this content hash."""
        if not self.resume:
            return False
        return key in self.done_keys or (self.store is not None and self.store.processed(key))

    def add(self, outcome: Outcome) -> None:
        """Queue one outcome; save the batch when it is full."""
        if self.store is not None and outcome.reason not in RETRIED:
            self.pending.append(outcome)
            if len(self.pending) >= self.size:
                self.flush()

    def flush(self) -> None:
        """Save the queued articles, then record their inputs as processed."""
        if self.store is None or not self.pending:
            return
        # Articles first: a crash in between only means an input analysed again next time.
        self.store.save([o.article for o in self.pending if o.article is not None])
        self.store.record_inputs(self.pending)
        self.pending.clear()


@dataclass(slots=True)
class Callbacks:
    """What the driver reports to: articles, skips, and articles a worker wrote itself."""

    on_article: OnArticle
    on_skip: OnSkip
    on_written: OnWritten | None = None


def run(
    items: Iterable[ingest.Document | ingest.Skipped], options: Options, report: Callbacks
) -> Summary:
    """Analyse documents where the options say, store them, and summarise the run.

    Args:
        items: Documents to analyse and inputs already skipped, read lazily.
        options: The run's options (`scale` says where, `store` where to keep the records).
        report: Called with each article (in input order), skip and shard-written article.

    Returns:
        The run's summary.
    """
    from newswatch.store import Store

    summary = Summary()
    with ExitStack() as stack:
        db = options.store.db if not options.store.out else None
        store = stack.enter_context(Store(db)) if db else None
        sink = Sink(options, store)
        executor = executor_for(options)
        stack.callback(executor.close)
        driver = _Driver(summary, sink, report)
        try:
            for found in executor.map(driver.tasks(items, executor.task_size)):
                driver.take(found)
        finally:
            # Also when interrupted: what is done is kept, and the next run resumes after it.
            sink.flush()
    return summary


class _Driver:
    """The driver's side of a run: tasks out, outcomes in, counted, reported and kept."""

    def __init__(self, summary: Summary, sink: Sink, report: Callbacks) -> None:
        self.summary, self.sink, self.report = summary, sink, report

    def skip(self, item: ingest.Skipped) -> None:
        """Count and report one skipped input."""
        self.summary.skipped[item.skip.reason] += 1
        self.report.on_skip(item)

    def tasks(self, items: Iterable[ingest.Document | ingest.Skipped], size: int) -> Iterator[Task]:
        """The documents not processed before, in tasks of `size`; skips reported on the way."""
        fresh = self._fresh(items)
        while batch := list(islice(fresh, size)):
            yield Task(tuple(doc for doc, _ in batch), tuple(key for _, key in batch))

    def _fresh(
        self, items: Iterable[ingest.Document | ingest.Skipped]
    ) -> Iterator[tuple[ingest.Document, str]]:
        for item in items:
            if isinstance(item, ingest.Skipped):
                self.skip(item)
                continue
            key = input_key(item)
            if self.sink.done(key):
                self.skip(ingest.Skipped(item.path, ALREADY, quiet=True))
            else:
                yield item, key

    def take(self, found: list[Outcome]) -> None:
        """Count, report and keep one task's outcomes."""
        for outcome in found:
            if outcome.reason is not None:
                self.skip(ingest.Skipped(outcome.path, Skip(outcome.reason, outcome.detail)))
            else:
                self.summary.count(outcome.actors, outcome.quotes, outcome.events)
                if outcome.article is not None:
                    self.report.on_article(outcome.article)
                elif self.report.on_written is not None:
                    self.report.on_written(outcome)
            # After reporting: a stored article has always been printed (tests/test_crash.py).
            self.sink.add(outcome)
