"""Analysing on a Dask cluster (`newswatch analyze CORPUS --dask local[:N] | tcp://HOST:PORT`).

The driver (the `newswatch` process) reads the inputs and submits tasks of documents to the
cluster's workers; a worker plugin loads the pipeline once per worker process as it joins,
and each task returns its outcomes, which the driver reports and writes (or, with Parquet
output, the worker writes its shard). At most `scale.in_flight` tasks per worker thread
are submitted at a time, so the driver's memory stays flat. A worker that dies mid-task
loses nothing: the scheduler runs its tasks again elsewhere, and the driver takes each
task's result once. `local` starts a `LocalCluster` of worker processes on 127.0.0.1.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import dask
from distributed import Client, LocalCluster, WorkerPlugin

from newswatch.batches import Future, Task, ordered, pipeline_for, work
from newswatch.errors import E, NewswatchError
from newswatch.schema import Outcome

if TYPE_CHECKING:
    from distributed import Worker

    from newswatch.options import Options

_LOCAL = re.compile(r"local(?::(\d+))?")
_REMOTE = re.compile(r"(tcp|tls|ws|wss|inproc|ucx)://\S+")
# How often the driver asks the scheduler how many worker threads there are.
_RECOUNT_SECONDS = 5.0
# Seconds to wait for a scheduler to answer before giving up with a clear error.
_CONNECT_TIMEOUT = "30s"
# glibc's mallopt parameters, and the values glibc's own dynamic thresholds grow to at most
# on 64-bit systems (an mmap threshold of 32 MiB, a trim threshold of twice that).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_MAX_BYTES = 32 * 2**20


def parse_address(address: str) -> tuple[str | None, int]:
    """(scheduler address or None for a local cluster, local worker count) of a --dask value."""
    if match := _LOCAL.fullmatch(address):
        workers = int(match.group(1)) if match.group(1) else os.cpu_count() or 1
        if workers < 1:
            raise NewswatchError(E.E040, address=address)
        return None, workers
    if _REMOTE.fullmatch(address):
        return address, 0
    raise NewswatchError(E.E040, address=address)


class LoadPipeline(WorkerPlugin):
    """Loads the pipeline in each worker process as it starts (and in any that joins later)."""

    name = "newswatch-pipeline"

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker: Worker) -> None:
        """Build the pipeline once; tasks find it in the per-process cache."""
        restore_malloc_thresholds()
        pipeline_for(self.options)


def restore_malloc_thresholds() -> bool:
    """Undo the malloc setting Dask starts its workers with; whether it was undone.

    Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536 so that freed memory
    goes back to the OS sooner. Setting any threshold switches off glibc's dynamic ones, so
    the mmap threshold stays at 128 KiB and every one of spaCy's mid-size arrays is mapped,
    faulted in and unmapped again: a task took 20 to 25 % more CPU time than in a plain
    process. Raising both thresholds to the highest values glibc's dynamic rule would reach
    restores the plain speed. Only where that variable is set, and only with glibc.
    """
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc: the variable meant nothing anyway
        return False
    mmap_set = mallopt(_M_MMAP_THRESHOLD, _MMAP_MAX_BYTES)
    trim_set = mallopt(_M_TRIM_THRESHOLD, 2 * _MMAP_MAX_BYTES)
    return bool(mmap_set and trim_set)


def local_cluster(workers: int, quiet: bool) -> LocalCluster:
    """A cluster of single-threaded worker processes on 127.0.0.1, without the profiler.

    Dask's statistical profiler samples every worker thread's stack 100 times a second,
    which cost about 4 % of the CPU of a newswatch task; nobody reads it in a batch run.
    """
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.ERROR if quiet else logging.DEBUG,
        )  # fmt: skip


class DaskExecutor:
    """Runs tasks on a Dask cluster: a scheduler's address, or a local cluster it starts."""

    def __init__(self, address: str, options: Options) -> None:
        self.options = options
        scheduler, workers = parse_address(address)
        quiet = not logging.getLogger().isEnabledFor(logging.DEBUG)
        if quiet:  # Dask narrates every connection; -v shows it
            logging.getLogger("distributed").setLevel(logging.ERROR)
        self.cluster: LocalCluster | None = None
        try:
            if scheduler is None:
                self.cluster = local_cluster(workers, quiet)
            self.client = Client(self.cluster or scheduler, timeout=_CONNECT_TIMEOUT)
        except OSError as exc:
            self._close_cluster()
            raise NewswatchError(E.E041, address=address, reason=exc) from exc
        self.client.register_plugin(LoadPipeline(options))
        self._slots, self._counted = 1, 0.0

    def slots(self) -> int:
        """How many tasks to keep in flight: `scale.in_flight` per worker thread."""
        if time.monotonic() - self._counted > _RECOUNT_SECONDS:
            self._slots = max(sum(self.client.nthreads().values()), 1)
            self._counted = time.monotonic()
        return self._slots * self.options.scale.in_flight

    @property
    def task_size(self) -> int:
        """Articles per task: `scale.task_size`, small so that workers end together."""
        return self.options.scale.task_size

    def map(self, tasks: Iterable[Task]) -> Iterator[list[Outcome]]:
        """The outcomes of each task, in task order."""
        yield from ordered(self._submit, tasks, self.slots)

    def _submit(self, task: Task) -> Future:
        # pure=False: two equal tasks (a corpus with repeats) are still two results.
        future: Future = self.client.submit(work, task, self.options, pure=False)
        return future

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this run started one."""
        self.client.close()
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
