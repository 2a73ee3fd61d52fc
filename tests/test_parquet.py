"""Tests of the Parquet shards that workers write (`analyze --out DIR --format parquet`)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from conftest import full_article, small_corpus
from newswatch.export import EVENT_SCHEMA
from newswatch.parquet import article_schema, read_articles, shard_name, stored_keys, write_shard
from newswatch.schema import Article, Outcome


def test_schema_is_the_contract() -> None:
    assert article_schema().names == ["key", *Article().as_dict()]


def test_shard_round_trips_articles(tmp_path: Path) -> None:
    article = full_article()
    write_shard(str(tmp_path), [Outcome("k1", "a", article), Outcome("k2", "b", reason="empty")])
    assert list(read_articles(tmp_path)) == [article]
    keys = stored_keys(tmp_path)
    assert "k1" in keys and "k2" not in keys and len(keys) == 1
    assert [p.name for p in (tmp_path / "articles").iterdir()] == [shard_name(["k1"])]
    events = pq.read_table(tmp_path / "events" / shard_name(["k1"]))
    assert events.num_rows == len(article.events)
    assert events.schema.names == [name for name, _, _ in EVENT_SCHEMA]


def test_stored_keys_take_16_bytes_each(tmp_path: Path) -> None:
    keys = [hashlib.sha256(str(n).encode()).hexdigest()[:32] for n in range(20_000)]
    for start in range(0, len(keys), 5_000):  # four shards, one key in two of them
        part = keys[start : start + 5_000] + keys[:1]
        write_shard(str(tmp_path), [Outcome(k, "p", full_article()) for k in part])
    found = stored_keys(tmp_path)
    assert len(found) == 20_000 and found.nbytes == 16 * 20_000
    assert all(k in found for k in keys[::97])
    assert keys[0][:31] + "x" not in found and "0" * 32 not in found and 7 not in found


def test_workers_write_the_records_of_one_process(run: Any, tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus.jsonl", 4)
    config = tmp_path / "small.toml"
    config.write_text("[scale]\ntask_size = 2\n")
    one = run("analyze", str(corpus), "--no-db", "-q")
    out = tmp_path / "shards"
    args = ["analyze", str(corpus), "--out", str(out), "--format", "parquet"]
    args += ["--config", str(config)]
    written = run(*args, "--workers", "2")
    assert written.code == 0 and written.out == ""
    assert "newswatch: 4 articles" in written.err
    records = sorted(json.dumps(a.as_dict(), ensure_ascii=False) for a in read_articles(out))
    assert records == sorted(one.out.splitlines())
    assert len(list((out / "articles").iterdir())) == 2  # one shard per task
    again = run(*args)
    assert again.code == 0 and "4 skipped (already stored: 4)" in again.err
    assert len(list(read_articles(out))) == 4
