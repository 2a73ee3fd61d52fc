"""Concurrency: two `newswatch analyze` processes writing one SQLite file at once both finish,
and nothing is lost or stored twice; a writer that finds the file locked waits and retries."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import newswatch.store as store_module
from conftest import full_article
from newswatch.store import Store
from synthetic import check_complete, printed, write_jsonl

NEWSWATCH = Path(sys.executable).with_name("newswatch")
RUN_SECONDS = 600


def test_two_analyze_processes_share_one_database(tmp_path: Path) -> None:
    # Overlapping halves: articles 60-139 are written by both processes, in any order.
    first = write_jsonl(tmp_path / "first.jsonl", range(140))
    second = write_jsonl(tmp_path / "second.jsonl", range(60, 200))
    db = tmp_path / "shared.db"
    # One article per transaction, so the two writers take turns on the lock hundreds of times.
    config = tmp_path / "options.toml"
    config.write_text("[nlp]\nbatch_size = 1\n", "utf-8")
    procs = [
        subprocess.Popen(
            [str(NEWSWATCH), "analyze", str(path), "--db", str(db), "-q", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in (first, second)
    ]
    outputs = [proc.communicate(timeout=RUN_SECONDS) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()[-2000:]
    seen = {}
    for out, _ in outputs:
        seen.update(printed(out.decode("utf-8")))
    assert len(seen) == 200
    assert check_complete(db, seen) == 200


def test_a_save_waits_out_a_lock_longer_than_the_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "locked.db"
    Store(db).close()  # create the schema
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write transaction

    def release() -> None:
        time.sleep(1.0)
        holder.execute("COMMIT")

    releaser = threading.Thread(target=release)
    releaser.start()
    with Store(db) as store:
        store.save([full_article()])  # ten busy timeouts later, it gets the lock
        assert store.counts()["articles"] == 1
    releaser.join()
    holder.close()


def test_a_lock_that_never_ends_fails_after_the_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 10)
    monkeypatch.setattr(store_module, "WRITE_ATTEMPTS", 3)
    with Store(tmp_path / "stuck.db") as store:
        holder = sqlite3.connect(store.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                store.save([full_article()])
        finally:
            holder.close()
        store.save([full_article()])  # the lock is gone: the store still works
        assert store.counts()["articles"] == 1
