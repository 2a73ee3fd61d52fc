"""Queries over the store: events, quotes, actors, articles, full-text search, graph, timeline.

Every function takes an open `Store` and keyword-only filters and returns typed rows (records
with `as_dict`), shared by the query commands, the exports and the web API. SQL is written
here only, and every value reaches it as a parameter.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newswatch.errors import E, NewswatchError
from newswatch.schema import Record
from newswatch.store import Store

MAX_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Filters:
    """What to select: every field is optional and they combine with AND."""

    actor: str | None = None  # code prefix (RUS matches RUSGOV) or part of a name, any case
    type: str | None = None  # PLOVER event type
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    article: str | None = None  # article id
    limit: int = 100
    offset: int = 0


@dataclass(slots=True)
class ActorRef(Record):
    """An actor as an event names it."""

    id: str
    name: str
    code: str | None


@dataclass(slots=True)
class EventRow(Record):
    """One stored event with its actors, evidence sentence and article."""

    article_id: str
    id: str
    type: str
    mode: str | None
    cameo: str | None
    date: str | None
    trigger: str
    evidence: str
    sentence: tuple[int, int]
    negated: bool
    hypothetical: bool
    quote: str | None
    confidence: float
    source: list[ActorRef] = field(default_factory=list)
    target: list[ActorRef] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(slots=True)
class QuoteRow(Record):
    """One stored quote with its speaker and article."""

    article_id: str
    id: str
    kind: str
    text: str
    start: int
    end: int
    cue: str | None
    speaker: str | None
    speaker_name: str | None
    speaker_code: str | None
    published: str | None
    title: str | None


@dataclass(slots=True)
class ActorRow(Record):
    """An actor over the whole store: one row per name and code."""

    name: str
    kind: str
    code: str | None
    country: str | None
    roles: list[str]
    articles: int
    mentions: int


@dataclass(slots=True)
class ArticleRow(Record):
    """An article's metadata and record counts."""

    id: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None
    path: str | None
    actors: int
    quotes: int
    events: int


@dataclass(slots=True)
class SearchHit(Record):
    """A full-text match: an article (title and text) or a quote, with a marked snippet."""

    kind: str  # article | quote
    article_id: str
    quote_id: str | None
    title: str | None
    published: str | None
    snippet: str
    rank: float


@dataclass(slots=True)
class GraphNode(Record):
    """An actor code in the event network, with the names seen under it."""

    id: str
    names: list[str]
    events: int


@dataclass(slots=True)
class GraphEdge(Record):
    """Events of one type from one actor code to another, weighted by their count."""

    source: str
    target: str
    type: str
    count: int
    events: list[str]  # "ARTICLE_ID/EVENT_ID" of each event, for evidence links


@dataclass(slots=True)
class Graph(Record):
    """The directed actor network of the selected events."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]


@dataclass(slots=True)
class DayCount(Record):
    """How many events of one type happened on one day."""

    date: str
    type: str
    count: int


_EVENT_SQL = """
SELECT e.*, a.title, a.url, a.publisher, coalesce(e.date, a.published) AS day,
  substr(a.text, json_extract(e.sentence, '$[0]') + 1,
         json_extract(e.sentence, '$[1]') - json_extract(e.sentence, '$[0]')) AS evidence
FROM events e JOIN articles a ON a.id = e.article_id
WHERE (:type IS NULL OR e.type = upper(:type))
  AND (:since IS NULL OR coalesce(e.date, a.published) >= :since)
  AND (:until IS NULL OR coalesce(e.date, a.published) <= :until)
  AND (:article IS NULL OR e.article_id = :article)
  AND (:actor IS NULL OR EXISTS (
    SELECT 1 FROM actors x
    WHERE x.article_id = e.article_id
      AND x.id IN (SELECT value FROM json_each(e.source)
                   UNION SELECT value FROM json_each(e.target))
      AND (x.code LIKE :actor || '%' OR x.name LIKE '%' || :actor || '%')))
ORDER BY day, e.article_id, e.idx
LIMIT :limit OFFSET :offset
"""


def _params(filters: Filters) -> dict[str, Any]:
    """The filters as named SQL parameters, the limit clamped to MAX_LIMIT."""
    return {
        "type": filters.type,
        "since": filters.since,
        "until": filters.until,
        "article": filters.article,
        "actor": filters.actor,
        "limit": max(0, min(filters.limit, MAX_LIMIT)),
        "offset": max(0, filters.offset),
    }


def _select(store: Store, sql: str, params: dict[str, Any] | Sequence[Any]) -> list[dict[str, Any]]:
    """Run one parameterised query and return its rows as dicts."""
    cursor = store.db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _actor_refs(store: Store, article_ids: Iterable[str]) -> dict[tuple[str, str], ActorRef]:
    """Every actor of these articles, keyed by (article id, actor id)."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = _select(
        store, f"SELECT article_id, id, name, code FROM actors WHERE article_id IN ({marks})", ids
    )
    return {(r["article_id"], r["id"]): ActorRef(r["id"], r["name"], r["code"]) for r in rows}


def events(store: Store, filters: Filters = Filters()) -> list[EventRow]:
    """Return the stored events that match `filters`, by date then article order."""
    rows = _select(store, _EVENT_SQL, _params(filters))
    refs = _actor_refs(store, (r["article_id"] for r in rows))
    return [_event_row(row, refs) for row in rows]


def _event_row(row: dict[str, Any], refs: dict[tuple[str, str], ActorRef]) -> EventRow:
    """Build one EventRow from its SQL row and the actors of its article."""
    aid = row["article_id"]

    def actors(column: str) -> list[ActorRef]:
        ids = json.loads(row[column] or "[]")
        return [refs[(aid, i)] for i in ids if (aid, i) in refs]

    start, end = json.loads(row["sentence"])
    return EventRow(
        article_id=aid, id=row["id"], type=row["type"], mode=row["mode"], cameo=row["cameo"],
        date=row["day"], trigger=row["trigger"], evidence=row["evidence"] or "",
        sentence=(start, end), negated=bool(row["negated"]),
        hypothetical=bool(row["hypothetical"]), quote=row["quote"],
        confidence=row["confidence"] or 0.0, source=actors("source"), target=actors("target"),
        title=row["title"], url=row["url"], publisher=row["publisher"],
    )  # fmt: skip


_QUOTE_SQL = """
SELECT q.*, x.name AS speaker_name, x.code AS speaker_code, a.published, a.title
FROM quotes q JOIN articles a ON a.id = q.article_id
LEFT JOIN actors x ON x.article_id = q.article_id AND x.id = q.speaker
WHERE (:speaker IS NULL OR x.name LIKE '%' || :speaker || '%' OR x.code LIKE :speaker || '%')
  AND (:since IS NULL OR a.published >= :since)
  AND (:until IS NULL OR a.published <= :until)
  AND (:article IS NULL OR q.article_id = :article)
ORDER BY a.published, q.article_id, q.idx
LIMIT :limit OFFSET :offset
"""


def quotes(
    store: Store, filters: Filters = Filters(), *, speaker: str | None = None
) -> list[QuoteRow]:
    """Return stored quotes, optionally only those whose speaker's name or code matches."""
    params = {**_params(filters), "speaker": speaker}
    rows = _select(store, _QUOTE_SQL, params)
    keys = QuoteRow.__dataclass_fields__
    return [QuoteRow(**{k: r[k] for k in keys}) for r in rows]


_ACTOR_SQL = """
SELECT name, kind, code, country, json_group_array(roles) AS roles,
  count(DISTINCT article_id) AS articles, sum(json_array_length(mentions)) AS mentions
FROM actors
WHERE (:country IS NULL OR country = upper(:country))
  AND (:actor IS NULL OR code LIKE :actor || '%' OR name LIKE '%' || :actor || '%')
  AND (:article IS NULL OR article_id = :article)
GROUP BY name, kind, code, country
ORDER BY articles DESC, mentions DESC, name
LIMIT :limit OFFSET :offset
"""


def actors(
    store: Store, filters: Filters = Filters(), *, country: str | None = None
) -> list[ActorRow]:
    """Return stored actors grouped by name and code, optionally of one country (ISO alpha-3)."""
    rows = _select(store, _ACTOR_SQL, {**_params(filters), "country": country})
    return [_actor_row(row) for row in rows]


def _actor_row(row: dict[str, Any]) -> ActorRow:
    """Merge the role lists of one actor's rows, keeping first-seen order."""
    roles: dict[str, None] = {}
    for text in json.loads(row["roles"]):
        roles.update(dict.fromkeys(json.loads(text or "[]")))
    return ActorRow(
        name=row["name"], kind=row["kind"], code=row["code"], country=row["country"],
        roles=list(roles), articles=row["articles"], mentions=row["mentions"] or 0,
    )  # fmt: skip


_ARTICLE_SQL = """
SELECT a.id, a.title, a.published, a.publisher, a.url, a.path,
  (SELECT count(*) FROM actors WHERE article_id = a.id) AS actors,
  (SELECT count(*) FROM quotes WHERE article_id = a.id) AS quotes,
  (SELECT count(*) FROM events WHERE article_id = a.id) AS events
FROM articles a
WHERE (:since IS NULL OR a.published >= :since)
  AND (:until IS NULL OR a.published <= :until)
  AND (:article IS NULL OR a.id = :article)
ORDER BY a.published DESC, a.stored_at DESC, a.id
LIMIT :limit OFFSET :offset
"""


def articles(store: Store, filters: Filters = Filters()) -> list[ArticleRow]:
    """Return stored articles, newest first, with how many actors, quotes and events each has."""
    rows = _select(store, _ARTICLE_SQL, _params(filters))
    return [ArticleRow(**row) for row in rows]


_SEARCH_SQL = """
SELECT * FROM (
  SELECT 'article' AS kind, a.id AS article_id, NULL AS quote_id, a.title, a.published,
    snippet(articles_fts, -1, '[', ']', '…', 12) AS snippet, articles_fts.rank AS rank
  FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
  WHERE articles_fts MATCH :query
  UNION ALL
  SELECT 'quote', q.article_id, q.id, a.title, a.published,
    snippet(quotes_fts, -1, '[', ']', '…', 12), quotes_fts.rank
  FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid
  JOIN articles a ON a.id = q.article_id
  WHERE quotes_fts MATCH :query
) ORDER BY rank, article_id, quote_id
LIMIT :limit OFFSET :offset
"""


def search(store: Store, query: str, filters: Filters = Filters()) -> list[SearchHit]:
    """Full-text search (FTS5 syntax) over article titles, standfirsts, text and quotes."""
    if not query.strip():
        raise NewswatchError(E.E031, query=query, reason="it is empty")
    try:
        rows = _select(store, _SEARCH_SQL, {**_params(filters), "query": query})
    except sqlite3.OperationalError as exc:
        raise NewswatchError(E.E031, query=query, reason=exc) from exc
    return [SearchHit(**row) for row in rows]


def _node_id(ref: ActorRef) -> str:
    """Actors are drawn by code; one with no code by its name."""
    return ref.code or ref.name


def graph(store: Store, filters: Filters = Filters(limit=MAX_LIMIT)) -> Graph:
    """Return the directed network of the selected events: actor codes and typed, counted edges."""
    edges: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    degree: Counter[str] = Counter()
    for event in events(store, filters):
        for ref in (*event.source, *event.target):
            names[_node_id(ref)][ref.name] += 1
        for src in event.source:
            for tgt in event.target:
                key = (_node_id(src), _node_id(tgt), event.type)
                edges[key].append(f"{event.article_id}/{event.id}")
                degree.update({key[0]: 1, key[1]: 1})
    # The names seen most often under a code come first: they label the node.
    nodes = [
        GraphNode(code, [name for name, _ in seen.most_common()], degree[code])
        for code, seen in sorted(names.items())
    ]
    links = [GraphEdge(s, t, kind, len(ids), ids) for (s, t, kind), ids in sorted(edges.items())]
    return Graph(nodes, links)


_TIMELINE_SQL = """
SELECT coalesce(e.date, a.published) AS date, e.type, count(*) AS count
FROM events e JOIN articles a ON a.id = e.article_id
WHERE coalesce(e.date, a.published) IS NOT NULL
  AND (:type IS NULL OR e.type = upper(:type))
  AND (:since IS NULL OR coalesce(e.date, a.published) >= :since)
  AND (:until IS NULL OR coalesce(e.date, a.published) <= :until)
GROUP BY 1, 2 ORDER BY 1, 2
"""


def timeline(store: Store, filters: Filters = Filters()) -> list[DayCount]:
    """Return the number of events per day and type (dated events only)."""
    rows = _select(store, _TIMELINE_SQL, _params(filters))
    return [DayCount(**row) for row in rows]
