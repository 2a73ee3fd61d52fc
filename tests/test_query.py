"""Tests for the store's search tables and the queries over it (newswatch.query)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from explore_data import accuse_article
from newswatch import query
from newswatch.errors import NewswatchError
from newswatch.query import Filters
from newswatch.store import MIGRATIONS, Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store holding two dated copies of the accuse article."""
    with Store(tmp_path / "news.db") as opened:
        opened.save([accuse_article(), accuse_article("2017-05-02", " Later.")])
        yield opened


def test_mentions_rows_follow_the_actors(store: Store) -> None:
    rows = list(store.db.query("SELECT actor_id, text FROM mentions ORDER BY article_id, actor_id"))
    assert {r["text"] for r in rows} == {
        "Mattis",
        "Sir Michael Fallon",
        "Russia",
        "Moscow",
        "London",
    }
    store.save([accuse_article()])
    assert store.db.table("mentions").count == len(rows)


def test_fts_stays_in_step_after_replacing(store: Store) -> None:
    store.save([accuse_article()])
    store.db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
    store.db.execute("INSERT INTO quotes_fts(quotes_fts) VALUES('integrity-check')")
    assert len(query.search(store, "interference")) == 4  # 2 articles + 2 quotes


def test_migration_m003_backfills_mentions(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as fresh:
        fresh.save([accuse_article()])
        fresh.db.execute("DROP TABLE mentions")
        fresh.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_search'")
        for table in ("articles_fts", "quotes_fts"):
            fresh.db.table(table).drop()
        for trigger in fresh.db.triggers:
            fresh.db.execute(f"DROP TRIGGER [{trigger.name}]")
        for index in ("events_cameo", "actors_name", "articles_publisher"):
            fresh.db.execute(f"DROP INDEX idx_{index}")
    with Store(path) as again:
        assert MIGRATIONS.pending(again.db) == []
        assert again.db.table("mentions").count == 5
        assert [h.kind for h in query.search(again, "NATO")] == ["article", "quote"]


def test_events_filter_by_actor_type_and_dates(store: Store) -> None:
    rows = query.events(store, Filters(actor="RUS", type="accuse", since="2017-04-01"))
    assert [(r.date, r.id) for r in rows] == [("2017-05-02", "E1"), ("2017-05-02", "E2")]
    assert rows[0].evidence == "Mattis accused Russia of interference in elections."
    assert [a.code for a in rows[0].source] == ["USAGOV"]
    assert [a.name for a in rows[1].source] == ["Michael Fallon"]
    assert query.events(store, Filters(actor="fallon", until="2017-03-31"))[0].id == "E2"
    assert query.events(store, Filters(actor="CHN")) == []


def test_events_paging(store: Store) -> None:
    every = query.events(store)
    assert len(every) == 6
    assert query.events(store, Filters(limit=2, offset=4)) == every[4:]


def test_filters_are_parameters_not_sql(store: Store) -> None:
    assert query.events(store, Filters(actor="x' OR 1=1 --")) == []
    assert store.db.table("events").count == 6


def test_quotes_by_speaker(store: Store) -> None:
    rows = query.quotes(store, speaker="mattis")
    assert {(r.speaker_name, r.text) for r in rows} == {
        ("James Mattis", "interference in elections")
    }
    assert query.quotes(store, speaker="GBR")[0].speaker_name == "Michael Fallon"


def test_actors_by_country_are_grouped(store: Store) -> None:
    rows = query.actors(store, country="gbr")
    assert [(r.name, r.articles, r.mentions) for r in rows] == [
        ("Michael Fallon", 2, 2),
        ("United Kingdom", 2, 2),
    ]
    assert rows[0].roles == ["Defence Secretary"]


def test_search_stems_and_marks(store: Store) -> None:
    hits = query.search(store, "accuse")  # porter stemming: accused, accuse
    assert {h.kind for h in hits} == {"article"}
    assert "[" in hits[0].snippet


def test_bad_search_query_is_e031(store: Store) -> None:
    with pytest.raises(NewswatchError, match="E031"):
        query.search(store, '"unbalanced')
    with pytest.raises(NewswatchError, match="E031"):
        query.search(store, "  ")


def test_graph_edges_by_code_and_type(store: Store) -> None:
    graph = query.graph(store)
    edges = {(e.source, e.target, e.type): e.count for e in graph.edges}
    assert edges == {("USAGOV", "RUS", "ACCUSE"): 2, ("GBRGOV", "RUS", "ACCUSE"): 2,
                     ("RUS", "GBR", "CONSULT"): 2}  # fmt: skip
    names = {n.id: n.names for n in graph.nodes}
    assert names["USAGOV"] == ["James Mattis"]


def test_timeline_counts_per_day_and_type(store: Store) -> None:
    days = [(d.date, d.type, d.count) for d in query.timeline(store)]
    assert days[:2] == [("2017-03-31", "ACCUSE", 2), ("2017-03-31", "CONSULT", 1)]
    assert len(days) == 4


def test_articles_have_counts(store: Store) -> None:
    rows = query.articles(store)
    assert [r.published for r in rows] == ["2017-05-02", "2017-03-31"]
    assert (rows[0].actors, rows[0].quotes, rows[0].events) == (4, 2, 3)


def _cli(run: Any, tmp_path: Path, *args: str) -> Any:
    db = tmp_path / "q.db"
    if not db.exists():
        with Store(db) as opened:
            opened.save([accuse_article()])
    return run(*args, "--db", str(db))


def test_cli_events_csv(run: Any, tmp_path: Path) -> None:
    result = _cli(run, tmp_path, "events", "--actor", "RUS", "--type", "ACCUSE", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["source_name"], r["target"]) for r in rows] == [
        ("James Mattis", "RUS"),
        ("Michael Fallon", "RUS"),
    ]


def test_cli_quotes_actors_search_json_and_table(run: Any, tmp_path: Path) -> None:
    quotes = _cli(run, tmp_path, "quotes", "--speaker", "Mattis", "--format", "json")
    assert [q["speaker_name"] for q in json.loads(quotes.out)] == ["James Mattis"]
    actors = _cli(run, tmp_path, "actors", "--country", "GBR")
    assert "Michael Fallon" in actors.out and "Mattis" not in actors.out
    found = _cli(run, tmp_path, "search", "interference", "--format", "json")
    assert {h["kind"] for h in json.loads(found.out)} == {"article", "quote"}


def test_cli_without_store_is_one_line_error(run: Any) -> None:
    result = run("events", "--db", "missing.db")
    assert result.code == 1
    assert result.err.strip().startswith("newswatch: error: E030")
    assert not Path("missing.db").exists()


def test_cli_bad_date_and_bad_query(run: Any, tmp_path: Path) -> None:
    assert _cli(run, tmp_path, "events", "--since", "31/03/2017").code == 1
    bad = _cli(run, tmp_path, "search", "NEAR(")
    assert bad.code == 1 and "E031" in bad.err


def test_cli_path_form_analyses_into_memory(run: Any) -> None:
    from conftest import EXAMPLE

    result = run("quotes", str(EXAMPLE), "--speaker", "Fallon", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows and {r["speaker_name"] for r in rows} == {"Michael Fallon"}
    actors = run("actors", str(EXAMPLE), "--country", "RUS", "--format", "json")
    assert "Vladimir Putin" in {a["name"] for a in json.loads(actors.out)}
    assert not Path("newswatch.db").exists()  # the PATH form stores nothing
    assert run("events", "missing.txt").code == 2
