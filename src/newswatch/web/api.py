"""The REST API, version 1: read endpoints over the store, and POST /analyze.

List endpoints answer `{"items": [...], "limit": N, "offset": N}`; filters are query
parameters with the meanings of the query commands (`newswatch.query.Filters`). Each request
opens its own connection: SQLite connections are not shared between the server's threads.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from newswatch import query
from newswatch.dates import check_iso
from newswatch.errors import NewswatchError
from newswatch.schema import Record
from newswatch.store import Store
from newswatch.web.analysis import Outcome, analyse_text, analyse_upload
from newswatch.web.app import Settings, require_writer

router = APIRouter()

_DATE = r"^\d{4}-\d{2}-\d{2}$"
Since = Annotated[str | None, Query(pattern=_DATE, description="From this date (YYYY-MM-DD).")]
Until = Annotated[str | None, Query(pattern=_DATE, description="Up to this date, inclusive.")]
Limit = Annotated[int, Query(ge=1, le=query.MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Skip this many items first.")]
Text = Annotated[str | None, Query(max_length=200)]


def _store(request: Request) -> Store:
    """A new store connection, opened and closed in the thread that serves the request.

    Not a yield dependency: FastAPI may run its two halves in different threads, and a
    SQLite connection belongs to the thread that opened it.
    """
    settings: Settings = request.app.state.settings
    return Store(settings.db)


def _filters(
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    offset: Offset = 0,
    article: Annotated[str | None, Query(max_length=64, description="Article id.")] = None,
) -> query.Filters:
    return query.Filters(since=since, until=until, limit=limit, offset=offset, article=article)


FiltersDep = Annotated[query.Filters, Depends(_filters)]


def _page(rows: list[Any], filters: query.Filters) -> dict[str, Any]:
    items = [row.as_dict() if isinstance(row, Record) else row for row in rows]
    return {"items": items, "limit": filters.limit, "offset": filters.offset}


@router.get("/articles", summary="Stored articles, newest first, with record counts")
def list_articles(request: Request, filters: FiltersDep) -> dict[str, Any]:
    with _store(request) as store:
        return _page(query.articles(store, filters), filters)


@router.get("/articles/{article_id}", summary="One article's newswatch/1 JSON")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    with _store(request) as store:
        article = store.load(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article.as_dict()


@router.get("/events", summary="Events: who did what to whom, with the evidence")
def list_events(
    request: Request,
    filters: FiltersDep,
    actor: Annotated[
        str | None, Query(max_length=200, description="Code prefix or name part.")
    ] = None,
    type: Annotated[str | None, Query(max_length=40, description="PLOVER event type.")] = None,
) -> dict[str, Any]:
    chosen = replace(filters, actor=actor, type=type)
    with _store(request) as store:
        return _page(query.events(store, chosen), chosen)


@router.get("/quotes", summary="Quotes with their speakers")
def list_quotes(request: Request, filters: FiltersDep, speaker: Text = None) -> dict[str, Any]:
    with _store(request) as store:
        return _page(query.quotes(store, filters, speaker=speaker), filters)


@router.get("/actors", summary="Actors over the store, one per name and code")
def list_actors(
    request: Request,
    filters: FiltersDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    actor: Text = None,
) -> dict[str, Any]:
    chosen = replace(filters, actor=actor)
    with _store(request) as store:
        return _page(query.actors(store, chosen, country=country), chosen)


@router.get("/search", summary="Full-text search of articles and quotes (FTS5 syntax)")
def search(
    request: Request,
    filters: FiltersDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="FTS5 query.")],
) -> dict[str, Any]:
    with _store(request) as store:
        return _page(query.search(store, q, filters), filters)


@router.get("/graph", summary="The actor network: nodes by code, edges by event type")
def get_graph(
    request: Request,
    filters: FiltersDep,
    actor: Text = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    """Every selected event counts (limit and offset do not apply)."""
    chosen = replace(filters, actor=actor, type=type, limit=query.MAX_LIMIT, offset=0)
    with _store(request) as store:
        return query.graph(store, chosen).as_dict()


@router.get("/timeline", summary="Events per day and type")
def get_timeline(
    request: Request,
    since: Since = None,
    until: Until = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    filters = query.Filters(type=type, since=since, until=until)
    with _store(request) as store:
        return {"items": [row.as_dict() for row in query.timeline(store, filters)]}


class AnalyzeText(BaseModel):
    """Pasted text to analyse: the first line is the headline unless `title` is given."""

    text: str = Field(min_length=1, max_length=10 * 1024 * 1024)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    date: str | None = Field(default=None, pattern=_DATE, description="Publication date.")


def _options(request: Request, day: str | None) -> Any:
    """The analysis options: the server's, storing into its database, dated `day`."""
    if day is not None:
        try:
            check_iso(day)
        except NewswatchError as exc:  # "2017-13-45" has the shape but is no date
            raise HTTPException(422, f"date: {exc}") from exc
    settings: Settings = request.app.state.settings
    store = replace(settings.options.store, db=str(settings.db))
    analyze = replace(settings.options.analyze, date=day or settings.options.analyze.date)
    return replace(settings.options, store=store, analyze=analyze)


def _answer(outcome: Outcome) -> dict[str, Any]:
    if not outcome.articles:
        reasons = "; ".join(outcome.skipped) or "nothing to analyse"
        raise HTTPException(422, f"not analysed: {reasons}")
    return {"articles": [a.as_dict() for a in outcome.articles], "skipped": outcome.skipped}


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past `limit` bytes (checked while reading)."""
    too_big = HTTPException(413, f"body over the {limit / (1024 * 1024):g} MB limit")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Starlette reads a cached body again for request.form()
    return body


@router.post(
    "/analyze",
    summary="Analyse pasted text (JSON) or one uploaded file (multipart, field 'file'); store it",
    dependencies=[Depends(require_writer)],
)
async def analyze(request: Request) -> dict[str, Any]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    limit = request.app.state.settings.max_upload
    # Multipart framing (boundaries, part headers) adds a little to the file itself.
    body = await _body(request, limit + (64 * 1024 if kind == "multipart/form-data" else 0))
    if kind == "application/json":
        return await _analyze_json(request, body)
    if kind == "multipart/form-data":
        return await _analyze_form(request)
    raise HTTPException(415, 'send application/json {"text": ...} or multipart/form-data')


async def _analyze_json(request: Request, body: bytes) -> dict[str, Any]:
    try:
        posted = AnalyzeText.model_validate_json(body)
    except ValueError as exc:
        raise HTTPException(422, f"bad JSON body: {_first_error(exc)}") from exc
    options = _options(request, posted.date)
    # The analysis is slow, synchronous work: off the event loop, in a worker thread.
    outcome = await run_in_threadpool(
        analyse_text, posted.text, options, title=posted.title, url=posted.url
    )
    return _answer(outcome)


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(map(str, first.get('loc', ())))}: {first.get('msg', '')}"
    return json.dumps(str(exc))


async def _analyze_form(request: Request) -> dict[str, Any]:
    limit = request.app.state.settings.max_upload
    form = await request.form(max_files=1, max_fields=4)
    upload, day = form.get("file"), form.get("date")
    if not isinstance(upload, UploadFile):
        raise HTTPException(422, "multipart body needs one file in the field 'file'")
    if day is not None and not (isinstance(day, str) and re.fullmatch(_DATE, day)):
        raise HTTPException(422, "date: use YYYY-MM-DD")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"file over the {limit // (1024 * 1024)} MB limit")
    options = _options(request, day if isinstance(day, str) else None)
    outcome = await run_in_threadpool(analyse_upload, upload.filename or "upload", data, options)
    return _answer(outcome)
