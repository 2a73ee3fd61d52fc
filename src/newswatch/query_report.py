"""Printing query rows (`newswatch.query`) as a table, JSON or CSV.

JSON keeps each row's full record; the table and CSV show flat columns, chosen per row type,
with lists joined by "; " and an event's actors as their codes and names.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newswatch.query import ActorRef, ActorRow, ArticleRow, EventRow, QuoteRow, SearchHit
from newswatch.schema import Record

FORMATS = ("table", "json", "csv")


def _refs(refs: list[ActorRef], attr: str) -> str:
    return "; ".join(str(getattr(ref, attr) or "") for ref in refs)


def _event_columns(row: EventRow) -> dict[str, Any]:
    return {
        "date": row.date, "type": row.type, "mode": row.mode, "cameo": row.cameo,
        "source": _refs(row.source, "code"), "source_name": _refs(row.source, "name"),
        "target": _refs(row.target, "code"), "target_name": _refs(row.target, "name"),
        "trigger": row.trigger, "negated": row.negated, "hypothetical": row.hypothetical,
        "evidence": row.evidence, "article_id": row.article_id, "event_id": row.id,
        "url": row.url,
    }  # fmt: skip


def _quote_columns(row: QuoteRow) -> dict[str, Any]:
    return {
        "published": row.published, "speaker_name": row.speaker_name or "?",
        "speaker_code": row.speaker_code, "cue": row.cue, "kind": row.kind, "text": row.text,
        "article_id": row.article_id, "quote_id": row.id,
    }  # fmt: skip


def _flat(row: Record) -> dict[str, Any]:
    data = row.as_dict()
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in data.items()}


# Which columns each row type shows; anything else shows every field, lists joined.
_COLUMNS: dict[type, Callable[[Any], dict[str, Any]]] = {
    EventRow: _event_columns,
    QuoteRow: _quote_columns,
    ActorRow: _flat,
    ArticleRow: _flat,
    SearchHit: _flat,
}
# Columns that the terminal table leaves out (they stay in CSV and JSON).
_TABLE_HIDDEN = {"url", "hypothetical", "mode", "path", "rank", "quote_id", "event_id"}


def columns(row: Record) -> dict[str, Any]:
    """The flat columns of one row."""
    flatten: Callable[[Any], dict[str, Any]] = _COLUMNS.get(type(row), _flat)
    return flatten(row)


def write_rows(rows: Sequence[Record], fmt: str, out: IO[str], *, title: str = "") -> None:
    """Print rows to `out` as a table, a JSON array or CSV with a header line."""
    if fmt == "json":
        json.dump([row.as_dict() for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        _write_csv(rows, out)
    else:
        _write_table(rows, out, title)


def _write_csv(rows: Sequence[Record], out: IO[str]) -> None:
    flat = [columns(row) for row in rows]
    if not flat:
        return
    writer = csv.DictWriter(out, fieldnames=list(flat[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)


def _write_table(rows: Sequence[Record], out: IO[str], title: str) -> None:
    console = Console(file=out, width=160 if not out.isatty() else None)
    flat = [columns(row) for row in rows]
    table = Table(title=f"{title} ({len(rows)})" if title else None, show_lines=False)
    names = [name for name in (flat[0] if flat else {}) if name not in _TABLE_HIDDEN]
    for name in names:
        table.add_column(name, overflow="fold")
    for row in flat:
        # Text, not str: stored text such as "[interference]" is not rich markup.
        table.add_row(*(Text("" if row[n] is None else str(row[n])) for n in names))
    console.print(table if flat else f"no {title or 'rows'}")
