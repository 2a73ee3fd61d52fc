"""Exports of the store in the field's formats: JSON Lines, CSV, Parquet, PLOVER JSON, GDELT TSV.

Every writer reads the stored `Article` records (`newswatch.schema`) and writes one file.
`jsonl` is the newswatch/1 contract, one article a line; `csv` and `parquet` one row per event
(columns in `EVENT_SCHEMA`); `plover` one PLOVER JSON record per event and source-target pair;
`gdelt` GDELT 2.0's event table (61 tab-separated columns in `GDELT_COLUMNS`, no header), one
row per distinct day, actor pair and CAMEO code, with its mention, source and article counts.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import IO, Any

from newswatch import __version__
from newswatch.errors import E, NewswatchError
from newswatch.options import Options, read_toml
from newswatch.schema import Actor, Article, Event
from newswatch.store import Store

FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")

# The event table of `csv` and `parquet`: (column, Arrow type, meaning). Documented in README.
EVENT_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("article_id", "string", "the article's content hash (newswatch/1 id)"),
    ("event_id", "string", "the event's id within its article (E1, E2...)"),
    ("date", "date32", "the event's date, else the article's publication date"),
    ("type", "string", "PLOVER event type"),
    ("mode", "string", "PLOVER mode, or null"),
    ("cameo", "string", "CAMEO code (the event's, else the type's default)"),
    ("root_code", "string", "CAMEO root code (first two digits)"),
    ("quad_class", "int8", "1 verbal / 2 material cooperation, 3 verbal / 4 material conflict"),
    ("goldstein", "float64", "Goldstein scale value of the CAMEO code, or null"),
    ("source_codes", "list<string>", "source actors' CAMEO-style codes"),
    ("source_names", "list<string>", "source actors' names"),
    ("target_codes", "list<string>", "target actors' codes"),
    ("target_names", "list<string>", "target actors' names"),
    ("trigger", "string", "the words that carry the event"),
    ("negated", "bool", "the text says it did not happen"),
    ("hypothetical", "bool", "the text says it may or would happen"),
    ("confidence", "float64", "the coder's confidence, 0 to 1"),
    ("quote", "string", "id of the quote the event is stated in, or null"),
    ("sentence_start", "int32", "evidence span start in the article's clean text"),
    ("sentence_end", "int32", "evidence span end"),
    ("evidence", "string", "the evidence sentence"),
    ("title", "string", "the article's title"),
    ("url", "string", "the article's URL, else its path"),
    ("publisher", "string", "the article's publisher"),
)

# GDELT 2.0 event table columns, in GDELT's order (GDELT Event Codebook V2.0).
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Cameo:
    """CAMEO facts for the exports: Goldstein values, quad classes, default codes per type."""

    goldstein: dict[str, float]
    quad_class: dict[str, int]
    default: dict[str, str]

    @classmethod
    def load(cls, user_files: tuple[str, ...] = ()) -> Cameo:
        """Read the packaged data/cameo.toml, then each user file over it."""
        text = resources.files("newswatch").joinpath("data/cameo.toml").read_text("utf-8")
        tables = [tomllib.loads(text), *(read_toml(Path(f)) for f in user_files)]
        merged: dict[str, dict[str, Any]] = {"goldstein": {}, "quad_class": {}, "default_cameo": {}}
        for table in tables:
            for key, values in merged.items():
                values.update(table.get(key, {}))
        return cls(merged["goldstein"], merged["quad_class"], merged["default_cameo"])

    def code(self, event: Event) -> str | None:
        """The event's CAMEO code, else its type's default."""
        return event.cameo or self.default.get(event.type.upper())

    def scale(self, code: str | None) -> float | None:
        """The Goldstein value of a code, else of its base code, else of its root."""
        if not code:
            return None
        for key in (code, code[:3], code[:2]):
            if key in self.goldstein:
                return float(self.goldstein[key])
        return None

    def quad(self, code: str | None) -> int | None:
        """The quad class of a code's root."""
        return self.quad_class.get(code[:2]) if code else None


def stored_articles(store: Store) -> Iterator[Article]:
    """Every stored article, by publication date then id."""
    ids = [row[0] for row in store.db.execute("SELECT id FROM articles ORDER BY published, id")]
    for article_id in ids:
        article = store.load(article_id)
        if article is not None:
            yield article


def _actors(article: Article, ids: list[str]) -> list[Actor]:
    by_id = {actor.id: actor for actor in article.actors}
    return [by_id[i] for i in ids if i in by_id]


def event_rows(articles: Iterator[Article], cameo: Cameo) -> Iterator[dict[str, Any]]:
    """One flat row per event, with the columns of `EVENT_SCHEMA`."""
    for article in articles:
        for event in article.events:
            code = cameo.code(event)
            sources, targets = _actors(article, event.source), _actors(article, event.target)
            start, end = event.sentence
            yield {
                "article_id": article.id, "event_id": event.id,
                "date": event.date or article.published, "type": event.type,
                "mode": event.mode, "cameo": code, "root_code": code[:2] if code else None,
                "quad_class": cameo.quad(code), "goldstein": cameo.scale(code),
                "source_codes": [a.code or "" for a in sources],
                "source_names": [a.name for a in sources],
                "target_codes": [a.code or "" for a in targets],
                "target_names": [a.name for a in targets],
                "trigger": event.trigger, "negated": event.negated,
                "hypothetical": event.hypothetical, "confidence": event.confidence,
                "quote": event.quote, "sentence_start": start, "sentence_end": end,
                "evidence": article.text[start:end], "title": article.title,
                "url": article.source.url or article.source.path,
                "publisher": article.source.publisher,
            }  # fmt: skip


@contextmanager
def _open_text(path: str) -> Iterator[IO[str]]:
    """The output file (or stdout for "-"), with E032 when it cannot be written."""
    if path == "-":
        yield sys.stdout
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            yield out
    except OSError as exc:
        raise NewswatchError(E.E032, path=path, reason=exc.strerror or exc) from exc


def write_jsonl(articles: Iterator[Article], out: IO[str], cameo: Cameo) -> int:
    """Write the newswatch/1 JSON of each article, one a line; return how many."""
    return _write_lines((json.dumps(a.as_dict(), ensure_ascii=False) for a in articles), out)


def _write_lines(lines: Iterable[str], out: IO[str]) -> int:
    """Write each line and a newline; return how many."""
    count = 0
    for line in lines:
        out.write(line + "\n")
        count += 1
    return count


def write_csv(articles: Iterator[Article], out: IO[str], cameo: Cameo) -> int:
    """Write the event table as CSV with a header, lists joined by "; "; return the rows."""
    writer = csv.DictWriter(out, fieldnames=[c for c, _, _ in EVENT_SCHEMA], lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in event_rows(articles, cameo):
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
        count += 1
    return count


def _entity(actor: Actor) -> dict[str, Any]:
    """A PLOVER entity object."""
    country = (actor.code or "")[:3] or actor.country
    office = actor.roles[0] if actor.roles else None
    return {"code": country, "sector": actor.sector, "entity_text": actor.name,
            "office": office, "actor_code": actor.code}  # fmt: skip


def plover_records(articles: Iterator[Article], cameo: Cameo) -> Iterator[dict[str, Any]]:
    """PLOVER JSON records (PLOVER manual, Data Fields): one per event."""
    coded = datetime.now(UTC).date().isoformat()
    for article in articles:
        for event in article.events:
            code = cameo.code(event)
            start, end = event.sentence
            yield {
                "id": f"newswatch-{article.id}-{event.id}", "has_event": True,
                "date": event.date or article.published,
                "actor": [_entity(a) for a in _actors(article, event.source)],
                "recipient": [_entity(a) for a in _actors(article, event.target)],
                "event": [event.type], "event_text": [event.trigger],
                "quad_code": cameo.quad(code), "event_scale": cameo.scale(code),
                "mode": [event.mode] if event.mode else [], "context": [],
                "text": article.text[start:end],
                "text_info": {"start": start, "end": end},
                "cite_info": {"url": article.source.url or article.source.path,
                              "publisher": article.source.publisher, "title": article.title,
                              "article_id": article.id},
                "coder": f"newswatch {__version__}", "coded_date": coded,
                "cameo": code, "negated": event.negated, "hypothetical": event.hypothetical,
                "confidence": event.confidence, "quote": event.quote,
            }  # fmt: skip


def write_plover(articles: Iterator[Article], out: IO[str], cameo: Cameo) -> int:
    """Write PLOVER JSON Lines; return the number of records."""
    records = plover_records(articles, cameo)
    return _write_lines((json.dumps(r, ensure_ascii=False) for r in records), out)


def write_gdelt(articles: Iterator[Article], out: IO[str], cameo: Cameo) -> int:
    """Write the GDELT 2.0 event table (TSV, no header); return the number of rows."""
    from newswatch.gdelt import gdelt_rows

    rows = gdelt_rows(articles, cameo)
    return _write_lines(("\t".join(_cell(row.get(c)) for c in GDELT_COLUMNS) for row in rows), out)


def _cell(value: Any) -> str:
    """A TSV cell: empty for None, tabs and newlines replaced by spaces."""
    return "" if value is None else " ".join(str(value).split())


def event_table(articles: Iterable[Article], cameo: Cameo) -> Any:
    """The event table as a `pyarrow.Table` with the types of `EVENT_SCHEMA` (also the
    `events/` shards of `analyze --out DIR --format parquet`)."""
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise NewswatchError(E.E033, fmt="parquet", extra="parquet") from exc
    types = {"string": pa.string(), "date32": pa.date32(), "int8": pa.int8(),
             "int32": pa.int32(), "float64": pa.float64(), "bool": pa.bool_(),
             "list<string>": pa.list_(pa.string())}  # fmt: skip
    schema = pa.schema([pa.field(c, types[t]) for c, t, _ in EVENT_SCHEMA])
    rows = list(event_rows(iter(articles), cameo))
    for row in rows:
        row["date"] = _as_date(row["date"])
    return pa.Table.from_pylist(rows, schema=schema)


def write_parquet(articles: Iterator[Article], path: str, cameo: Cameo) -> int:
    """Write the event table as Parquet with the types of `EVENT_SCHEMA`; return the rows."""
    table = event_table(articles, cameo)
    import pyarrow.parquet as pq

    try:
        pq.write_table(table, path)
    except OSError as exc:
        raise NewswatchError(E.E032, path=path, reason=exc) from exc
    return int(table.num_rows)


def _as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


_TEXT_WRITERS: dict[str, Callable[[Iterator[Article], IO[str], Cameo], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "plover": write_plover,
    "gdelt": write_gdelt,
}


def export(store: Store, fmt: str, out: str, options: Options) -> int:
    """Write the whole store in one format to `out` ("-" for stdout); return the records written.

    Args:
        store: The open store to read.
        fmt: One of `FORMATS`.
        out: The file to write; "-" writes text formats to stdout.
        options: The run's options (`[export] cameo_files`).

    Returns:
        The number of articles (jsonl), events (csv, parquet, plover) or GDELT rows written.
    """
    cameo = Cameo.load(options.export.cameo_files)
    articles = stored_articles(store)
    if fmt == "parquet":
        if out == "-":
            raise NewswatchError(E.E032, path=out, reason="Parquet needs a file, not stdout")
        return write_parquet(articles, out, cameo)
    with _open_text(out) as stream:
        return _TEXT_WRITERS[fmt](articles, stream, cameo)


def event_key(article_id: str, event_id: str) -> int:
    """A stable 60-bit integer id for one event (GDELT's GlobalEventID is an integer)."""
    return int(hashlib.sha256(f"{article_id}/{event_id}".encode()).hexdigest()[:15], 16)
