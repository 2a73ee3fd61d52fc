"""The SQLite store of analysed articles (`newswatch/1` records), through sqlite-utils.

One row per article in `articles`, keyed by the content hash `Article.id`, and one row per record
in the child tables `sections`, `removed`, `actors`, `quotes`, `events` and `quantities`. Scalar
fields are columns; lists and spans are JSON text. Each actor mention is also a row of
`mentions`, and `articles_fts` and `quotes_fts` are FTS5 indexes over article and quote text,
kept in step by triggers. The schema is built by the migrations below, applied on open, so
every database records which of them it has seen.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlite_utils.db import Database, ForeignKey, Table
from sqlite_utils.migrations import Migrations

from newswatch import faults
from newswatch.errors import E, NewswatchError
from newswatch.schema import Article, Outcome, Record

MIGRATIONS = Migrations("newswatch")

# How long a writer waits for another one's lock (busy_timeout), and how often a transaction
# that still finds the file locked is tried again, with a growing pause between tries.
BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 8

# Child tables in the order of the Article fields they hold (table name == field name).
CHILDREN = ("sections", "removed", "actors", "quotes", "events", "quantities")
TABLES = ("articles", *CHILDREN)
# Every table written per article: the children and the mention rows derived from the actors.
_DERIVED = (*CHILDREN, "mentions")

# Fields kept as JSON text, and integer columns that must come back as bool.
_JSON = {"authors", "roles", "mentions", "source", "target", "sentence", "speaker_span", "span"}
_BOOL = {"negated", "hypothetical", "approximate"}
_SOURCE = ("path", "url", "publisher")

# The first schema as "column[:TYPE]" lists (TEXT when no type) with each child table's own key.
# Frozen: a later change is a new migration, never an edit here, because databases that already
# ran m001 will not run it again.
_M001_ARTICLES = "id schema path url publisher title standfirst published text authors stored_at"
_M001_CHILDREN = {
    "sections": ("idx", "idx:INTEGER kind start:INTEGER end:INTEGER author"),
    "removed": ("idx", "idx:INTEGER text reason"),
    "actors": ("id", "id idx:INTEGER name kind country sector code roles mentions"),
    "quotes": ("id", "id idx:INTEGER kind text start:INTEGER end:INTEGER speaker speaker_span cue"),
    "events": (
        "id",
        "id idx:INTEGER type sentence trigger source target mode negated:INTEGER"
        " hypothetical:INTEGER quote date cameo confidence:REAL",
    ),
    "quantities": ("idx", "idx:INTEGER text value:REAL unit span"),
}
_M001_INDEXES = (
    ("events", "type"),
    ("events", "date"),
    ("actors", "code"),
    ("actors", "country"),
    ("quotes", "speaker"),
    ("articles", "published"),
)


def _columns(spec: str) -> dict[str, str]:
    """Return {column: SQL type} for a "column[:TYPE] ..." list."""
    pairs = (item.partition(":") for item in spec.split())
    return {name: kind or "TEXT" for name, _, kind in pairs}


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Create the articles table, the child tables and the indexes for the usual filters."""
    # Explicit types, so that empty tables already have their full schema.
    db.table("articles").create(_columns(_M001_ARTICLES), pk="id")
    for name, (key, spec) in _M001_CHILDREN.items():
        columns = {"article_id": "TEXT", **_columns(spec)}
        cascade = ForeignKey(name, "article_id", "articles", "id", on_delete="CASCADE")
        db.table(name).create(
            columns, pk=("article_id", key), foreign_keys=[cascade], not_null=["article_id", key]
        )
    for table, column in _M001_INDEXES:
        db.table(table).create_index([column])


@MIGRATIONS()
def m002_fetched(db: Database) -> None:
    """Create the table of fetched URLs, so that a page is downloaded and analysed once."""
    # No foreign key to articles: a page that is not an article (a skip) is recorded too, and
    # a fetch row is written after its article, in a transaction of its own.
    columns = {"url": "TEXT", "content_hash": "TEXT", "article_id": "TEXT", "status": "TEXT"}
    db.table("fetched").create({**columns, "fetched_at": "TEXT"}, pk="url")
    db.table("fetched").create_index(["content_hash"])


# FTS5 indexes: (table, columns) with external content, so the text is stored once.
_M003_FTS = (("articles", ["title", "standfirst", "text"]), ("quotes", ["text"]))
_M003_INDEXES = (
    ("mentions", ["actor_id"]),
    ("events", ["cameo"]),
    ("actors", ["name"]),
    ("articles", ["publisher"]),
)


@MIGRATIONS()
def m003_search(db: Database) -> None:
    """Add the mentions table, FTS5 over article and quote text, and more filter indexes."""
    columns = {"article_id": "TEXT", "actor_id": "TEXT", "idx": "INTEGER"}
    cascade = ForeignKey("mentions", "article_id", "articles", "id", on_delete="CASCADE")
    db.table("mentions").create(
        {**columns, "start": "INTEGER", "end": "INTEGER", "text": "TEXT"},
        pk=("article_id", "actor_id", "idx"),
        foreign_keys=[cascade],
        not_null=["article_id", "actor_id", "idx"],
    )
    # Articles stored before this migration get their mention rows from the actors' JSON.
    db.execute(
        "INSERT INTO mentions (article_id, actor_id, idx, start, [end], text)"
        " SELECT a.article_id, a.id, m.key, json_extract(m.value, '$[0]'),"
        " json_extract(m.value, '$[1]'), substr(t.text, json_extract(m.value, '$[0]') + 1,"
        " json_extract(m.value, '$[1]') - json_extract(m.value, '$[0]'))"
        " FROM actors a JOIN articles t ON t.id = a.article_id, json_each(a.mentions) m"
    )
    for table, fts_columns in _M003_FTS:
        # Triggers keep the index in step with inserts, updates and deletes of the table.
        db.table(table).enable_fts(
            fts_columns, fts_version="FTS5", create_triggers=True, tokenize="porter unicode61"
        )
    for table, index in _M003_INDEXES:
        db.table(table).create_index(index)


@MIGRATIONS()
def m004_quantity_details(db: Database) -> None:
    """Add what a quantity measures, its kind, currency, scale, range and qualifier."""
    columns = "kind measure currency scale high:REAL approximate:INTEGER qualifier bound"
    for name, kind in _columns(columns).items():
        db.table("quantities").add_column(name, kind)


@MIGRATIONS()
def m005_inputs(db: Database) -> None:
    """Create the table of inputs processed, keyed by content hash, so that a run resumes."""
    # No foreign key either: a skipped input has no article, and its row is what spares the
    # next run from reading it again.
    columns = {"key": "TEXT", "path": "TEXT", "article_id": "TEXT", "status": "TEXT"}
    db.table("inputs").create({**columns, "processed_at": "TEXT"}, pk="key")


def _encode(record: Record, article_id: str, idx: int) -> dict[str, Any]:
    """Return the row of one child record: JSON text for lists and spans, keyed to its article."""
    row = {k: _dumps(v) if k in _JSON else v for k, v in record.as_dict().items()}
    return {"article_id": article_id, "idx": idx, **row}


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    """Return the contract JSON of one stored row (the inverse of `_encode`, keys dropped)."""
    data = {k: v for k, v in row.items() if k not in ("article_id", "idx", "stored_at")}
    for key in _JSON.intersection(data):
        data[key] = None if data[key] is None else json.loads(data[key])
    for key in _BOOL.intersection(data):
        data[key] = bool(data[key])
    return data


def _dumps(value: Any) -> str | None:
    """Return JSON text for a list or span; None stays SQL NULL so it can be filtered on."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _rows(article: Article) -> dict[str, list[dict[str, Any]]]:
    """Return the rows of every table for one article, child rows in contract order."""
    data = article.as_dict()
    head = {k: v for k, v in data.items() if k not in CHILDREN and k != "source"}
    head = {**head, **data["source"], "authors": _dumps(data["authors"])}
    head["stored_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    rows = {"articles": [head]}
    for name in CHILDREN:
        records: list[Record] = getattr(article, name)
        rows[name] = [_encode(r, article.id, i) for i, r in enumerate(records)]
    rows["mentions"] = [
        {"article_id": article.id, "actor_id": actor.id, "idx": i, "start": start, "end": end,
         "text": article.text[start:end]}
        for actor in article.actors
        for i, (start, end) in enumerate(actor.mentions)
    ]  # fmt: skip
    return rows


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether an error means another connection holds the lock (worth trying again)."""
    return "locked" in str(exc) or "busy" in str(exc)


def _retrying(write: Callable[[], None]) -> None:
    """Run a write transaction, trying again while another process holds the database."""
    # busy_timeout already waits for a writer's lock; this covers the locks it does not wait
    # for and writers slower than the timeout. The busy handler does not cover every lock
    # taken while the journal mode changes, so two processes opening a new file at once can
    # get "database is locked" from enable_wal despite the timeout.
    for attempt in range(WRITE_ATTEMPTS):
        try:
            write()
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(min(0.1 * 2**attempt, 5.0))


@contextmanager
def _immediate(db: Database) -> Iterator[Database]:
    """Run the block in one write transaction, rolled back on any error."""
    # IMMEDIATE takes the write lock up front so a concurrent writer waits on busy_timeout;
    # a deferred transaction that reads first can fail with SQLITE_BUSY when it upgrades.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db  # sqlite-utils nests its own writes in savepoints inside this transaction
        faults.point("store.commit")
        db.commit()
        faults.point("store.committed")
    except BaseException:
        # Also after a failed COMMIT, so the connection is never left inside a dead transaction.
        db.rollback()
        raise


class Store:
    """Analysed articles in one SQLite file: save, load and count them."""

    def __init__(self, path: str | Path) -> None:
        """Open or create the database at `path` and bring its schema up to date (E009 if not)."""
        self.path = Path(path)
        self._db: Database | None = None
        try:
            # Plugins are not loaded: the store's behaviour must not depend on what is installed.
            self._db = Database(self.path, execute_plugins=False)
            self._prepare(self._db)
        except (sqlite3.Error, OSError) as exc:
            self.close()
            raise NewswatchError(E.E009, path=self.path, reason=exc) from exc

    @staticmethod
    def _prepare(db: Database) -> None:
        """Set the connection pragmas and apply pending migrations."""
        # Later stages write from several processes: WAL lets readers run beside a writer and
        # busy_timeout makes a second writer wait instead of failing at once.
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _retrying(db.enable_wal)
        db.execute("PRAGMA foreign_keys=ON")

        # Two processes opening a new file at once would both create the tables; the write
        # lock makes the second wait, then find the migrations applied.
        def migrate() -> None:
            with _immediate(db):
                MIGRATIONS.apply(db)

        _retrying(migrate)

    @property
    def db(self) -> Database:
        """The open sqlite-utils database (for queries the API does not cover)."""
        if self._db is None:
            raise NewswatchError(E.E009, path=self.path, reason="the store is closed")
        return self._db

    def save(self, articles: Sequence[Article]) -> None:
        """Store a batch in one transaction, replacing articles already stored with the same id."""
        if missing := [a for a in articles if not a.id]:
            raise ValueError(f"{len(missing)} article(s) have no id; set Article.id first")
        # The last copy wins when a batch holds the same id twice, as a second save would.
        unique = {a.id: a for a in articles}

        def write() -> None:
            with _immediate(self.db) as db:
                for article in unique.values():
                    self._write(db, article)

        _retrying(write)

    @staticmethod
    def _write(db: Database, article: Article) -> None:
        """Replace one article and all of its child rows (inside the caller's transaction)."""
        rows = _rows(article)
        for name in _DERIVED:
            # Explicit deletes rather than relying on the cascade, which an upsert never fires.
            db.execute(f"DELETE FROM [{name}] WHERE article_id = ?", [article.id])
        db.table("articles").upsert_all(rows["articles"], pk="id")
        faults.point("store.article")
        for name in _DERIVED:
            if rows[name]:
                db.table(name).insert_all(rows[name])

    def load(self, article_id: str) -> Article | None:
        """Return the stored article with this id, or None."""
        table: Table = self.db.table("articles")
        head = next(table.rows_where("id = ?", [article_id]), None)
        if head is None:
            return None
        data = _decode(head)
        data["source"] = {key: data.pop(key) for key in _SOURCE}
        for name in CHILDREN:
            rows = self.db.table(name).rows_where("article_id = ?", [article_id], order_by="idx")
            data[name] = [_decode(row) for row in rows]
        return Article.from_dict(data)

    def has(self, article_id: str) -> bool:
        """Return whether an article with this id is stored."""
        cursor = self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id])
        return cursor.fetchone() is not None

    def seen_url(self, url: str) -> bool:
        """Return whether this URL was fetched before (in any run on this database)."""
        cursor = self.db.execute("SELECT 1 FROM fetched WHERE url = ?", [url])
        return cursor.fetchone() is not None

    def seen_content(self, content_hash: str) -> bool:
        """Return whether a response body with this sha256 hex digest was fetched before."""
        cursor = self.db.execute("SELECT 1 FROM fetched WHERE content_hash = ?", [content_hash])
        return cursor.fetchone() is not None

    def record_fetch(
        self, url: str, content_hash: str, article_id: str | None, status: str
    ) -> None:
        """Record one fetched URL, replacing an earlier record of the same URL."""
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")

        def write() -> None:
            with _immediate(self.db) as db:
                db.execute(
                    "INSERT OR REPLACE INTO fetched"
                    " (url, content_hash, article_id, status, fetched_at) VALUES (?, ?, ?, ?, ?)",
                    [url, content_hash, article_id, status, fetched_at],
                )

        _retrying(write)

    def processed(self, key: str) -> bool:
        """Return whether the input with this content hash was processed by an earlier run."""
        cursor = self.db.execute("SELECT 1 FROM inputs WHERE key = ?", [key])
        return cursor.fetchone() is not None

    def record_inputs(self, outcomes: Sequence[Outcome]) -> None:
        """Record processed inputs (after their articles are saved), in one transaction."""
        at = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [
            [o.key, o.path, o.article.id if o.article else None, o.reason or "analysed", at]
            for o in outcomes
        ]
        with _immediate(self.db) as db:
            db.conn.executemany(
                "INSERT OR REPLACE INTO inputs (key, path, article_id, status, processed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    def counts(self) -> dict[str, int]:
        """Return the number of rows in each table, articles first."""
        return {name: self.db.table(name).count for name in TABLES}

    def close(self) -> None:
        """Close the connection; closing twice is harmless."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Self:
        """Return the open store."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store, whether or not the block raised."""
        self.close()
