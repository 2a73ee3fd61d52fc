"""Tests of `newswatch analyze --dask`: real Dask clusters on 127.0.0.1, bounded in time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster

from conftest import small_corpus
from newswatch.distributed import local_cluster, parse_address, restore_malloc_thresholds
from newswatch.errors import NewswatchError
from newswatch.options import Options
from newswatch.runner import analyze
from newswatch.schema import Article

COUNT = 6
START_SECONDS = 120  # workers load the model as they start; a loaded machine is slow


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two worker processes on loopback, shared by the tests of this module."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=50,
    ) as local:  # fmt: skip
        yield local


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return small_corpus(tmp_path / "corpus.jsonl", COUNT)


def single(run: Any, corpus: Path, tmp_path: Path) -> str:
    """The JSON Lines of the corpus analysed in this process."""
    result = run("analyze", str(corpus), "--no-db", "-q")
    assert result.code == 0 and len(result.lines()) == COUNT
    out: str = result.out
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize(
    ("address", "expected"),
    [("local", (None, os.cpu_count() or 1)), ("local:3", (None, 3)),
     ("tcp://10.0.0.5:8786", ("tcp://10.0.0.5:8786", 0))],
)  # fmt: skip
def test_addresses(address: str, expected: tuple[str | None, int]) -> None:
    assert parse_address(address) == expected


@pytest.mark.parametrize("address", ["localhost", "local:0", "10.0.0.5:8786", "tcp://"])
def test_bad_addresses_are_coded_errors(address: str) -> None:
    with pytest.raises(NewswatchError, match="E040"):
        parse_address(address)


def _malloc_env() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _profiling() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_workers_get_glibc_thresholds_back(cluster: LocalCluster) -> None:
    with Client(cluster) as client:
        # The premise: Dask starts its workers with the setting that slows spaCy down.
        assert set(client.run(_malloc_env).values()) == {"65536"}
        assert set(client.run(restore_malloc_thresholds).values()) == {True}
    assert restore_malloc_thresholds() is ("MALLOC_TRIM_THRESHOLD_" in os.environ)


def test_the_local_cluster_runs_without_the_profiler() -> None:
    with local_cluster(1, quiet=True) as local, Client(local) as client:
        assert set(client.run(_profiling).values()) == {False}
        assert set(client.run(_malloc_env).values()) == {"65536"}


def test_local_cluster_gives_the_records_of_one_process(
    run: Any, cluster: LocalCluster, corpus: Path, tmp_path: Path
) -> None:
    address = cluster.scheduler_address
    result = run("analyze", str(corpus), "--dask", address, "--db", str(tmp_path / "d.db"))
    assert result.code == 0
    assert result.out == single(run, corpus, tmp_path)
    assert f"newswatch: {COUNT} articles" in result.err.splitlines()[-1]


def test_separate_scheduler_and_worker_processes(run: Any, corpus: Path, tmp_path: Path) -> None:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    scheduler = subprocess.Popen(
        [bin_dir / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = subprocess.Popen(
        [bin_dir / "dask", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
         "--nworkers", "2", "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with Client(address, timeout=START_SECONDS) as client:
            client.wait_for_workers(2, timeout=START_SECONDS)
        result = run("analyze", str(corpus), "--dask", address, "--no-db")
        assert result.code == 0
        assert result.out == single(run, corpus, tmp_path)
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_killed_worker_loses_nothing(cluster: LocalCluster, tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus.jsonl", 8)
    db = tmp_path / "news.db"
    overrides = {"store.db": str(db), "scale.task_size": 1, "scale.dask": cluster.scheduler_address}
    options = Options.load(None, overrides)
    with Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    seen: list[Article] = []

    def kill_once(article: Article) -> None:
        if not seen:  # the others are still in flight on both workers
            os.kill(next(iter(pids.values())), signal.SIGKILL)
        seen.append(article)

    summary = analyze([str(corpus)], options, on_article=kill_once, on_skip=lambda _: None)
    paths = [a.source.path for a in seen]
    assert summary.articles == 8 and len(paths) == len(set(paths)) == 8
    assert paths == [f"{corpus}:{n}" for n in range(1, 9)]  # once each, in input order
    with Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=START_SECONDS)  # the nanny restarted it
        assert set(client.run(os.getpid).values()) != set(pids.values())
