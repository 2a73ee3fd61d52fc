"""Hostile requests to the API: malformed JSON, wrong types, huge bodies, path traversal, SQL
and FTS metacharacters in every filter, writes without the token. Every answer is a 4xx JSON
error or data from the store, never a 500, never a file or a row from outside the store."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from explore_data import accuse_article
from newswatch.options import Options
from newswatch.store import Store
from newswatch.web import Settings, create_app

READS = ("articles", "events", "quotes", "actors", "search", "graph", "timeline")
FILTERS = (
    "article", "actor", "type", "speaker", "country", "q", "since", "until", "limit", "offset",
)  # fmt: skip
PAYLOADS = (
    "' OR '1'='1", "' OR 1=1 --", '" OR ""="', "'; DROP TABLE articles; --",
    "1; DELETE FROM events", "' UNION SELECT name, sql FROM sqlite_master --",
    "%", "_", "%' --", "\\", "\\'", "*", "NULL", "\x00", "💥", "\u202e", " ", "",
    '"open', "NEAR(a b", "a AND OR NOT b", "*:*", "title:x", "^x", "{a b}: c", "-1", "1e999",
    "9" * 40, "0x10", "2017-13-45", "2017-03-31' --", "../../etc/passwd", "%2e%2e%2f",
    "x" * 300,
)  # fmt: skip
SECRET = "root:x:0:0"  # a line of /etc/passwd; no answer may hold it


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("api") / "api.db"
    with Store(db) as store:
        store.save([accuse_article(), accuse_article("2017-05-02", " Later.")])
    return db


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(db=store_path, options=Options.load()))
    with TestClient(app, raise_server_exceptions=False) as opened:
        yield opened


def _stored_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


def _ids_in(value: Any) -> Iterator[str]:
    """Every article id a response names, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("article_id", "article") and isinstance(item, str):
                yield item
            yield from _ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids_in(item)


def _assert_safe(response: Any, stored: set[str]) -> None:
    assert response.status_code < 500, response.text[:500]
    assert SECRET not in response.text and "CREATE TABLE" not in response.text
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}
    elif response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        named = set(_ids_in(body))
        if response.url.path.endswith("/articles"):  # the article list names them "id"
            named |= {item["id"] for item in body["items"]}
        assert named <= stored


@pytest.mark.parametrize("endpoint", READS)
def test_metacharacters_in_every_filter_are_only_data(
    client: TestClient, store_path: Path, endpoint: str
) -> None:
    stored = _stored_ids(store_path)
    for name, payload in itertools.product(FILTERS, PAYLOADS):
        params = {name: payload, **({"q": "NATO"} if endpoint == "search" and name != "q" else {})}
        _assert_safe(client.get(f"/api/v1/{endpoint}", params=params), stored)
    # The check above sees the ids when there are some, and nothing was dropped on the way.
    if endpoint in ("articles", "events", "quotes", "search"):
        params = {"q": "NATO"} if endpoint == "search" else {}
        everything = client.get(f"/api/v1/{endpoint}", params=params).json()
        found = set(_ids_in(everything)) | {i.get("id") for i in everything["items"]}
        assert stored <= found
    assert _stored_ids(store_path) == stored
    assert len(client.get("/api/v1/events").json()["items"]) == 6


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/../../../../etc/passwd",
        "/api/v1/articles/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/v1/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/api/v1/articles/' OR '1'='1",
        "/api/v1/articles/%00",
        "/api/v1/articles/" + "a" * 5000,
        "/static/../../../../etc/passwd",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/....//....//etc/passwd",
        "/static/../../pyproject.toml",
        "/static/..%5c..%5cpyproject.toml",
        "/static//etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/api/v1/../../etc/passwd",
    ],
)
def test_path_traversal_reaches_nothing_outside(
    client: TestClient, store_path: Path, path: str
) -> None:
    response = client.get(path)
    _assert_safe(response, _stored_ids(store_path))
    assert response.status_code in (404, 400, 422) or "newswatch" in response.text
    assert "[project]" not in response.text  # pyproject.toml


def _deep(n: int) -> bytes:
    return b'{"text": ' + b"[" * n + b"]" * n + b"}"


@pytest.mark.parametrize(
    "body",
    [
        b"", b"{", b"null", b"[]", b"42", b'"text"', b'{"text": 5}', b'{"text": null}',
        b'{"text": ["a", "b"]}', b'{"text": {"a": 1}}', b'{"text": true}', b'{"text": 1e999}',
        b'{"text": "x", "date": 20170331}', b'{"text": "x", "date": "2017-02-30"}',
        b'{"text": "x", "title": ["t"]}', b'{"text": "x", "url": 7}', b'{"text": "\\ud800"}',
        b'{"text": "a", "text": 3}', b"\xff\xfe{\x00}\x00", b"\xef\xbb\xbf{}", _deep(100_000),
        b'{"text": "' + b"\\" * 10_001 + b'"}',
    ],
)  # fmt: skip
def test_malformed_json_bodies_are_4xx(client: TestClient, store_path: Path, body: bytes) -> None:
    response = client.post(
        "/api/v1/analyze", content=body, headers={"content-type": "application/json"}
    )
    _assert_safe(response, _stored_ids(store_path))
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"content-type": "application/x-www-form-urlencoded"},
        {"content-type": "multipart/form-data"},  # no boundary
        {"content-type": "multipart/form-data; boundary=x"},
        {"content-type": "application/json; charset=utf-16"},
        {"content-type": "\x00"},
    ],
)
def test_wrong_content_types_are_4xx(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/v1/analyze", content=b"text=hello", headers=headers)
    assert 400 <= response.status_code < 500, response.text


def test_huge_bodies_are_413_however_they_come(client: TestClient) -> None:
    big = json.dumps({"text": "word " * 2_200_000}).encode()  # 11 MB
    declared = client.post(
        "/api/v1/analyze", content=big, headers={"content-type": "application/json"}
    )
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the size shows only while reading
        yield b'{"text": "'
        for _ in range(1100):
            yield b"word " * 2000
        yield b'"}'

    streamed = client.post(
        "/api/v1/analyze", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    files = {"file": ("big.txt", b"word " * 2_200_000)}
    assert client.post("/api/v1/analyze", files=files).status_code == 413


@pytest.mark.parametrize(
    "name",
    ["../../../../tmp/newswatch-evil.txt", "/tmp/newswatch-evil.txt", "..\\..\\evil.txt",
     "evil.txt\x00.html", "a/" * 200 + "x.txt", ".", "", "💥.html"],
)  # fmt: skip
def test_upload_names_are_never_paths(client: TestClient, name: str) -> None:
    Path("/tmp/newswatch-evil.txt").unlink(missing_ok=True)
    files = {"file": (name, b"Talks\n\nIn brief\n\nThe minister said the talks would go on.")}
    response = client.post("/api/v1/analyze", files=files)
    assert response.status_code < 500, response.text
    assert not Path("/tmp/newswatch-evil.txt").exists()


def test_writes_need_the_token_off_loopback(store_path: Path) -> None:
    post = {"json": {"text": "Talks\n\nIn brief\n\nThe minister said the talks would go on."}}
    for token in (None, "s3cret"):
        settings = Settings(db=store_path, options=Options.load(), host="0.0.0.0", token=token)
        with TestClient(create_app(settings), raise_server_exceptions=False) as public:
            for headers in (
                {}, {"Authorization": "Bearer"}, {"Authorization": "Bearer "},
                {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"},
                {"Authorization": "s3cret"}, {"Authorization": "Bearer s3cret "},
                {"Authorization": "Bearer S3CRET"}, {"X-Token": "s3cret"},
            ):  # fmt: skip
                response = public.post("/api/v1/analyze", headers=headers, **post)
                assert response.status_code == 401, (token, headers)
            assert public.get("/api/v1/events").status_code == 200  # reads stay open
