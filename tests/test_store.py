"""Tests for the SQLite store: round trips, replacement, atomic batches, pragmas, migrations."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import newswatch.store as store_module
from conftest import TEXT, full_article
from newswatch.errors import NewswatchError
from newswatch.schema import (
    Article,
    article_id,
)
from newswatch.store import MIGRATIONS, Store


def batch(n: int) -> list[Article]:
    """Return `n` distinct fully populated articles."""
    return [full_article(f"{TEXT} Article {i}.") for i in range(n)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in a temporary directory, closed after the test."""
    with Store(tmp_path / "news.db") as opened:
        yield opened


def test_round_trip_is_equal(store: Store) -> None:
    article = full_article()
    store.save([article])
    loaded = store.load(article.id)
    assert loaded == article
    assert loaded is not None
    assert loaded.events[0].negated is True
    assert loaded.quotes[0].speaker_span == (25, 31)
    assert loaded.quotes[1].speaker_span is None


def test_child_order_is_kept(store: Store) -> None:
    article = full_article()
    article.actors = list(reversed(article.actors))
    store.save([article])
    loaded = store.load(article.id)
    assert loaded is not None
    assert [a.id for a in loaded.actors] == ["A2", "A1"]


def test_saving_twice_keeps_counts(store: Store) -> None:
    article = full_article()
    store.save([article])
    first = store.counts()
    store.save([article])
    assert store.counts() == first
    assert first == {
        "articles": 1,
        "sections": 2,
        "removed": 1,
        "actors": 2,
        "quotes": 2,
        "events": 1,
        "quantities": 2,
    }


def test_saving_a_batch_twice_keeps_counts(store: Store) -> None:
    articles = batch(3)
    store.save(articles)
    first = store.counts()
    store.save(articles)
    assert store.counts() == first
    assert first["articles"] == 3
    assert first["actors"] == 6


def test_duplicate_ids_in_one_batch_keep_the_last(store: Store) -> None:
    article = full_article()
    changed = dataclasses.replace(article, title="Changed")
    store.save([article, changed])
    assert store.counts()["articles"] == 1
    assert store.load(article.id) == changed


def test_replacing_with_fewer_records_leaves_no_orphans(store: Store) -> None:
    article = full_article()
    store.save([article])
    shrunk = dataclasses.replace(article, actors=article.actors[:1], events=[], sections=[])
    store.save([shrunk])
    counts = store.counts()
    assert counts["actors"] == 1
    assert counts["events"] == 0
    assert counts["sections"] == 0
    assert store.load(article.id) == shrunk


def test_has(store: Store) -> None:
    article = full_article()
    assert not store.has(article.id)
    store.save([article])
    assert store.has(article.id)
    assert store.load("0000000000000000") is None


def test_article_without_children(store: Store) -> None:
    article = Article(text="Just text.", id=article_id("Just text."))
    store.save([article])
    assert store.load(article.id) == article
    assert store.counts() == {name: int(name == "articles") for name in store_module.TABLES}


def test_article_without_id_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="no id"):
        store.save([Article(text="x")])
    assert store.counts()["articles"] == 0


def test_schema_version_is_queryable(store: Store) -> None:
    store.save([full_article()])
    rows = store.db.execute("SELECT schema, stored_at FROM articles").fetchall()
    assert rows[0][0] == "newswatch/1"
    assert rows[0][1].endswith("+00:00")


def test_pragmas(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == store_module.BUSY_TIMEOUT_MS


def test_cascade_deletes_children(store: Store) -> None:
    article = full_article()
    store.save([article])
    store.db.execute("DELETE FROM articles WHERE id = ?", [article.id])
    assert set(store.counts().values()) == {0}


def test_empty_tables_have_full_schemas(store: Store) -> None:
    columns = store.db.table("events").columns_dict
    assert columns["confidence"] is float
    assert columns["negated"] is int
    assert columns["source"] is str
    indexed = {tuple(i.columns) for i in store.db.table("events").indexes}
    assert {("type",), ("date",)} <= indexed


def test_migrations_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with Store(path) as store:
        applied = MIGRATIONS.applied(store.db)
        store.save([full_article()])
        assert MIGRATIONS.pending(store.db) == []
    assert [m.name for m in applied][:2] == ["m001_initial", "m002_fetched"]
    with Store(path) as again:
        assert MIGRATIONS.applied(again.db) == applied
        assert MIGRATIONS.pending(again.db) == []
        assert again.counts()["articles"] == 1


def test_directory_path_raises_e009(tmp_path: Path) -> None:
    with pytest.raises(NewswatchError) as info:
        Store(tmp_path)
    assert str(info.value).startswith("E009")


def test_non_database_file_raises_e009(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are some notes, not a database at all.\n" * 50)
    with pytest.raises(NewswatchError) as info:
        Store(path)
    assert str(info.value).startswith("E009")
    assert str(path) in str(info.value)


def test_missing_parent_directory_raises_e009(tmp_path: Path) -> None:
    with pytest.raises(NewswatchError, match=r"^E009"):
        Store(tmp_path / "missing" / "news.db")


def test_closed_store_raises_e009(tmp_path: Path) -> None:
    store = Store(tmp_path / "news.db")
    store.close()
    store.close()
    with pytest.raises(NewswatchError, match=r"^E009"):
        store.has("x")


def test_failure_mid_batch_stores_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = full_article("An article stored before the failing batch.")
    store.save([kept])
    before = store.counts()
    articles = [dataclasses.replace(kept, title="Changed"), *batch(2)]
    real_rows = store_module._rows

    def failing_rows(article: Article) -> dict[str, list[dict[str, object]]]:
        if article.id == articles[1].id:
            raise RuntimeError("disk on fire")
        return real_rows(article)

    monkeypatch.setattr(store_module, "_rows", failing_rows)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(articles)
    assert store.counts() == before
    assert store.load(kept.id) == kept
    assert not store.has(articles[1].id)
    assert not store.has(articles[2].id)
    # The connection is usable again after the rollback.
    monkeypatch.undo()
    store.save(articles)
    assert store.counts()["articles"] == 3


def test_concurrent_writers_on_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"

    def write(i: int) -> None:
        with Store(path) as store:
            for j in range(10):
                store.save([full_article(f"{TEXT} Writer {i}, article {j}.")])

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(write, range(6)))
    with Store(path) as store:
        assert store.counts()["articles"] == 60
        assert MIGRATIONS.pending(store.db) == []
