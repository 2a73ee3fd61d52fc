"""Crash safety: `newswatch analyze` killed with SIGKILL at six points of a 300-article run
into SQLite, then run again: the file is intact, every article is stored exactly once, and
none is stored with only part of its records.

Two kinds of kill: from outside (the test sends SIGKILL once N articles are printed, wherever
the process then is) and from inside, at crash points the store marks (`newswatch.faults`):
between an article's row and its child rows, before a batch's COMMIT, right after one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from newswatch.faults import ENV
from newswatch.schema import Article
from newswatch.store import Store
from synthetic import check_complete, printed, write_jsonl

NEWSWATCH = Path(sys.executable).with_name("newswatch")
ARTICLES = 300
RUN_SECONDS = 600
# (where, count): "outside" kills after `count` printed articles; a store point kills the
# `count`-th time it is reached (batches hold 16 articles).
KILLS = (
    ("outside", 1),
    ("store.article", 21),
    ("store.commit", 3),
    ("store.committed", 5),
    ("outside", 70),
    ("store.article", 100),
)


def _command(corpus: Path, db: Path) -> list[str]:
    # --refresh: every run analyses the whole corpus again (a plain rerun resumes, skipping
    # what is stored), so that each kill point is reached and the last run prints them all.
    return [str(NEWSWATCH), "analyze", str(corpus), "--db", str(db), "-q", "--refresh"]


def _killed_from_outside(corpus: Path, db: Path, after: int) -> tuple[int, str]:
    """Run, and SIGKILL the process once `after` articles have been printed."""
    proc = subprocess.Popen(_command(corpus, db), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line.decode("utf-8", "replace"))
        if len(lines) >= after:
            proc.send_signal(signal.SIGKILL)
            break
    rest = proc.stdout.read().decode("utf-8", "replace")
    return proc.wait(timeout=RUN_SECONDS), "".join(lines) + rest


def _killed_at_point(corpus: Path, db: Path, point: str, count: int) -> tuple[int, str]:
    """Run with a crash point armed; the process kills itself there."""
    env = {**os.environ, ENV: f"{point}:{count}"}
    done = subprocess.run(
        _command(corpus, db), capture_output=True, env=env, timeout=RUN_SECONDS, check=False
    )
    return done.returncode, done.stdout.decode("utf-8", "replace")


def _same_as_printed(db: Path, seen: dict[str, dict[str, Any]]) -> None:
    with Store(db) as store:
        for article_id, data in seen.items():
            assert store.load(article_id) == Article.from_dict(data), article_id


def test_killed_runs_leave_whole_articles_and_a_rerun_stores_each_once(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", range(ARTICLES))
    db = tmp_path / "news.db"
    seen: dict[str, dict[str, Any]] = {}
    stored_after = []
    for where, count in KILLS:
        if where == "outside":
            code, out = _killed_from_outside(corpus, db, count)
        else:
            code, out = _killed_at_point(corpus, db, where, count)
        assert code == -signal.SIGKILL, f"{where}:{count} did not kill the run ({code})"
        seen.update(printed(out))
        stored_after.append(check_complete(db, seen))
    done = subprocess.run(
        _command(corpus, db), capture_output=True, timeout=RUN_SECONDS, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    final = printed(done.stdout.decode("utf-8"))
    seen.update(final)
    assert len(final) == ARTICLES
    assert check_complete(db, seen) == ARTICLES
    _same_as_printed(db, final)
    print(f"crash test: {len(KILLS)} kill points, stored after each kill: {stored_after}")
    # The kills must have landed at different places, or the test proves little.
    assert len(set(stored_after)) >= 4
