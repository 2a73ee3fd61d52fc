"""Worker processes on this machine (`newswatch analyze --workers N`).

Each worker is a fresh process (spawned, not forked: the driver may hold threads and open
files) that loads the pipeline once, when it starts, then analyses task after task. The
driver reads the inputs, writes the store and reports; see `newswatch.batches`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from newswatch.batches import Task, ordered, pipeline_for, work
from newswatch.errors import NewswatchError
from newswatch.schema import Outcome

if TYPE_CHECKING:
    from newswatch.options import Options


def _warm(options: Options) -> None:
    """Load the pipeline as the worker starts, so that no task waits for the model."""
    # A failure here comes back from the first task, which the driver shows as one line.
    with contextlib.suppress(NewswatchError):
        pipeline_for(options)


class PoolExecutor:
    """Runs tasks on `workers` processes, at most `scale.in_flight` tasks each at a time."""

    def __init__(self, workers: int, options: Options) -> None:
        self.options, self.workers = options, workers
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(options,),
        )

    @property
    def task_size(self) -> int:
        """Articles per task: `scale.task_size`, small so that workers end together."""
        return self.options.scale.task_size

    def map(self, tasks: Iterable[Task]) -> Iterator[list[Outcome]]:
        """The outcomes of each task, in task order."""
        window = self.workers * self.options.scale.in_flight
        yield from ordered(
            lambda task: self.pool.submit(work, task, self.options), tasks, lambda: window
        )

    def close(self) -> None:
        """Stop the workers; tasks not started yet are dropped (on an error or Ctrl-C)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
