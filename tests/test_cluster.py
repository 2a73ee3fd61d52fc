"""Tests of batched runs: `--workers N` processes, resuming, and what crosses to the driver."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, full_article, small_corpus
from newswatch import ingest
from newswatch.batches import Task, input_key, outcomes
from newswatch.options import Options
from newswatch.runner import analyze
from newswatch.schema import Article, Outcome

CONFIG = "[scale]\ntask_size = 2\n"  # small tasks, so that both workers get some


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return small_corpus(tmp_path / "corpus.jsonl", 6)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(CONFIG)
    return path


def stored(db: Path, table: str = "articles") -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall())


def test_outcome_round_trips_with_and_without_article() -> None:
    done = Outcome("k1", "a.txt", full_article(), None, "", 1, 1, 1)
    skipped = Outcome("k2", "b.txt", reason="not English", detail="3% English words")
    for outcome in (done, skipped):
        assert Outcome.from_dict(json.loads(json.dumps(outcome.as_dict()))) == outcome


def test_input_key_is_the_content_and_metadata() -> None:
    doc = ingest.Document("a.txt", "Some text")
    assert input_key(doc) == input_key(ingest.Document("a.txt", "Some text"))
    assert input_key(doc) != input_key(ingest.Document("elsewhere.txt", "Some text"))
    assert input_key(doc) != input_key(ingest.Document("a.txt", "Some text!"))
    assert input_key(doc) != input_key(ingest.Document("a.txt", "Some text", published="2017"))
    assert input_key(doc) != input_key(ingest.Document("a.txt", "Some text", kind="html"))


def test_outcomes_keep_order_and_skips(nlp: Any) -> None:
    options = Options.load(None, {"store.db": ""})
    docs = (ingest.Document("ok.txt", EXAMPLE.read_text("utf-8")), ingest.Document("x.txt", "."))
    found = outcomes(Task(docs, ("k1", "k2")), options)
    assert [(o.key, o.path) for o in found] == [("k1", "ok.txt"), ("k2", "x.txt")]
    assert found[0].article is not None and found[0].actors == len(found[0].article.actors)
    assert found[1].article is None and found[1].reason == "no article text"


def test_two_workers_give_the_records_of_one(
    run: Any, corpus: Path, config: Path, tmp_path: Path
) -> None:
    one = run("analyze", str(corpus), "--db", str(tmp_path / "one.db"), "--config", str(config))
    two = run(
        "analyze", str(corpus), "--db", str(tmp_path / "two.db"),
        "--config", str(config), "--workers", "2",
    )  # fmt: skip
    assert one.code == two.code == 0
    assert len(one.lines()) == 6 and two.out == one.out
    for table in ("articles", "actors", "quotes", "events", "inputs"):
        rows = stored(tmp_path / "one.db", table)
        # Stored times differ by the second at most; the records must not differ at all.
        assert len(rows) == len(stored(tmp_path / "two.db", table))
    assert [r[:-1] for r in stored(tmp_path / "one.db")] == [
        r[:-1] for r in stored(tmp_path / "two.db")
    ]
    assert one.err.splitlines()[-1].split(", ")[:4] == two.err.splitlines()[-1].split(", ")[:4]


def test_rerun_skips_what_is_stored_and_refresh_does_not(
    run: Any, corpus: Path, config: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "news.db")
    assert run("analyze", str(corpus), "--db", db, "--config", str(config)).code == 0
    again = run("analyze", str(corpus), "--db", db, "--config", str(config))
    assert again.code == 0 and again.out == ""
    assert "6 skipped (already stored: 6)" in again.err
    refreshed = run("analyze", str(corpus), "--db", db, "--config", str(config), "--refresh")
    assert len(refreshed.lines()) == 6 and len(stored(Path(db))) == 6


def test_interrupted_run_resumes_after_what_it_finished(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    options = Options.load(None, {"store.db": str(db), "nlp.batch_size": 2})
    seen: list[Article] = []

    def stop_after_three(article: Article) -> None:
        seen.append(article)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyze([str(corpus)], options, on_article=stop_after_three, on_skip=lambda _: None)
    first = {a.id for a in seen[:2]}  # the third was not reported whole, so not kept
    assert {row[0] for row in stored(db)} == first
    rest: list[Article] = []
    skipped: list[ingest.Skipped] = []
    summary = analyze([str(corpus)], options, on_article=rest.append, on_skip=skipped.append)
    assert summary.articles == 4 and summary.skipped == {"already stored": 2}
    assert {a.id for a in rest}.isdisjoint(first)
    assert len(stored(db)) == len(stored(db, "inputs")) == 6
    assert all(s.quiet for s in skipped)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "parquet"], "--format parquet and --out DIR go together"),
        (["--out", "shards"], "--format parquet and --out DIR go together"),
        (["--dask", "local", "--workers", "2"], "--workers and --dask exclude each other"),
        (["--workers", "0"], "--workers"),
    ],
)
def test_scale_usage_errors(run: Any, args: list[str], message: str) -> None:
    result = run("analyze", str(EXAMPLE), *args)
    assert result.code == 1 and message in result.err
