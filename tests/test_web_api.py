"""Tests for the REST API with FastAPI's test client: reads, filters, paging, analyze, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLE
from explore_data import accuse_article
from newswatch.options import Options
from newswatch.store import Store
from newswatch.web import Settings, create_app
from newswatch.web.app import banner


def _client(tmp_path: Path, **settings: Any) -> TestClient:
    db = tmp_path / "api.db"
    with Store(db) as store:
        store.save([accuse_article(), accuse_article("2017-05-02", " Later.")])
    app = create_app(Settings(db=db, options=Options.load(), **settings))
    # A bug must show as a 500 here, not as an exception inside the test.
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with _client(tmp_path) as opened:
        yield opened


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    return str(body["error"]["code"])


def test_articles_newest_first_with_counts(client: TestClient) -> None:
    body = client.get("/api/v1/articles").json()
    assert [a["published"] for a in body["items"]] == ["2017-05-02", "2017-03-31"]
    assert body["items"][0]["events"] == 3 and body["limit"] == 100
    one = client.get(f"/api/v1/articles/{body['items'][1]['id']}").json()
    assert one["schema"] == "newswatch/1" and len(one["quotes"]) == 2


def test_events_filters_and_paging(client: TestClient) -> None:
    items = client.get("/api/v1/events", params={"actor": "RUS", "type": "ACCUSE"}).json()["items"]
    assert len(items) == 4
    assert {e["source"][0]["name"] for e in items} == {"James Mattis", "Michael Fallon"}
    assert items[0]["evidence"].startswith("Mattis accused Russia")
    page = client.get("/api/v1/events", params={"limit": 2, "offset": 2}).json()
    assert [e["id"] for e in page["items"]] == ["E3", "E1"] and page["offset"] == 2
    dated = client.get("/api/v1/events", params={"since": "2017-05-01"}).json()["items"]
    assert {e["date"] for e in dated} == {"2017-05-02"}


def test_quotes_actors_search(client: TestClient) -> None:
    quotes = client.get("/api/v1/quotes", params={"speaker": "mattis"}).json()["items"]
    assert {q["text"] for q in quotes} == {"interference in elections"}
    actors = client.get("/api/v1/actors", params={"country": "GBR"}).json()["items"]
    assert {a["name"] for a in actors} == {"Michael Fallon", "United Kingdom"}
    hits = client.get("/api/v1/search", params={"q": "NATO"}).json()["items"]
    assert {h["kind"] for h in hits} == {"article", "quote"}


def test_graph_and_timeline(client: TestClient) -> None:
    graph = client.get("/api/v1/graph").json()
    edges = {(e["source"], e["target"], e["type"]): e["count"] for e in graph["edges"]}
    assert edges[("USAGOV", "RUS", "ACCUSE")] == 2 and edges[("GBRGOV", "RUS", "ACCUSE")] == 2
    only = client.get("/api/v1/graph", params={"type": "CONSULT"}).json()
    assert [e["type"] for e in only["edges"]] == ["CONSULT"]
    days = client.get("/api/v1/timeline").json()["items"]
    assert {"date": "2017-03-31", "type": "ACCUSE", "count": 2} in days


def test_openapi_lists_the_versioned_endpoints(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for name in ("articles", "events", "quotes", "actors", "search", "graph", "analyze"):
        assert f"/api/v1/{name}" in paths
    assert client.get("/api/docs").status_code == 200


def test_dashboard_and_assets_are_local(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "newswatch" in page.text
    for asset in ("/static/app.js", "/static/style.css"):
        assert client.get(asset).status_code == 200
    assert "http" not in page.text.replace("http-equiv", "")  # no CDN or remote asset


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/events", {"limit": "0"}),
        ("/api/v1/events", {"limit": "abc"}),
        ("/api/v1/events", {"offset": "-1"}),
        ("/api/v1/events", {"since": "31/03/2017"}),
        ("/api/v1/events", {"actor": "x" * 500}),
        ("/api/v1/actors", {"country": "GB'R"}),
        ("/api/v1/search", {}),
    ],
)
def test_malformed_queries_are_422_json(client: TestClient, path: str, params: Any) -> None:
    assert _error(client.get(path, params=params), 422) == "invalid"


def test_bad_search_syntax_is_400_json(client: TestClient) -> None:
    assert _error(client.get("/api/v1/search", params={"q": '"open'}), 400) == "E031"


def test_unknown_article_and_path_are_404_json(client: TestClient) -> None:
    _error(client.get("/api/v1/articles/nope"), 404)
    _error(client.get("/api/v2/events"), 404)


def test_undecodable_query_bytes_are_data(client: TestClient) -> None:
    assert client.get("/api/v1/quotes?speaker=%ff").json()["items"] == []
    assert client.get("/api/v1/search?q=%ff%fe").json()["items"] == []


def test_sql_in_filters_is_only_data(client: TestClient) -> None:
    items = client.get("/api/v1/events", params={"actor": "' OR '1'='1"}).json()["items"]
    assert items == []
    assert len(client.get("/api/v1/events").json()["items"]) == 6


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
        ({"json": {"text": ""}}, 422),
        ({"json": {"text": "x", "date": "yesterday"}}, 422),
        ({"json": ["a list"]}, 422),
        ({"content": b"text", "headers": {"content-type": "text/plain"}}, 415),
        ({"files": {"other": ("a.txt", b"x")}}, 422),
        ({"files": {"file": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(300))}}, 422),
        ({"json": {"text": "x", "date": "2017-13-45"}}, 422),
        ({"files": {"file": ("a.txt", b"text")}, "data": {"date": "2017-02-30"}}, 422),
        ({"content": b"abc", "headers": {"content-type": "multipart/form-data"}}, 400),
        ({"content": b"\xff\xfe{}", "headers": {"content-type": "application/json"}}, 422),
        ({"json": {"text": "\u0000\u0000"}}, 422),
        ({"files": {"file": ("x.warc.gz", b"\x1f\x8b garbage")}}, 422),
        ({"files": {"file": ("x.jsonl", b"{bad\n")}}, 422),
        ({"files": {"file": ("x.txt", b"")}}, 422),
    ],
)
def test_malformed_analyze_input_is_4xx_json(client: TestClient, kwargs: Any, status: int) -> None:
    _error(client.post("/api/v1/analyze", **kwargs), status)


def test_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    with _client(tmp_path, max_upload=1000) as small:
        files = {"file": ("big.txt", b"word " * 400)}
        _error(small.post("/api/v1/analyze", files=files), 413)
        _error(small.post("/api/v1/analyze", json={"text": "word " * 400}), 413)


def test_the_default_limit_is_ten_megabytes(client: TestClient) -> None:
    assert client.app.state.settings.max_upload == 10 * 1024 * 1024  # type: ignore[attr-defined]


def test_analyze_pasted_text_stores_it(client: TestClient) -> None:
    text = EXAMPLE.read_text("utf-8")
    body = client.post("/api/v1/analyze", json={"text": text, "date": "2017-03-31"}).json()
    article = body["articles"][0]
    assert article["published"] == "2017-03-31" and article["quotes"]
    speakers = {a["id"]: a["name"] for a in article["actors"]}
    assert "James Mattis" in {speakers.get(q["speaker"]) for q in article["quotes"]}
    stored = client.get(f"/api/v1/articles/{article['id']}")
    assert stored.status_code == 200
    assert len(client.get("/api/v1/articles").json()["items"]) == 3


def test_analyze_uploaded_html(client: TestClient) -> None:
    page = (
        b"<html><head><title>Talks</title></head><body><article><h1>Talks</h1>"
        + (
            b"<p>Sir Michael Fallon said Britain would keep talking to Russia about Ukraine.</p>"
            * 3
        )
        + b"</article></body></html>"
    )
    body = client.post("/api/v1/analyze", files={"file": ("page.html", page, "text/html")}).json()
    assert body["articles"][0]["source"]["path"] == "upload:page.html"


def test_public_host_without_token_is_read_only(tmp_path: Path) -> None:
    with _client(tmp_path, host="0.0.0.0") as public:
        assert public.get("/api/v1/events").status_code == 200
        response = public.post("/api/v1/analyze", json={"text": "x"})
        assert _error(response, 401) == "http_401"
        assert response.json()["error"]["message"].startswith("E034")


def test_token_is_needed_and_checked(tmp_path: Path) -> None:
    with _client(tmp_path, host="0.0.0.0", token="s3cret") as public:
        wrong = {"Authorization": "Bearer nope"}
        _error(public.post("/api/v1/analyze", json={"text": "x"}, headers=wrong), 401)
        right = {"Authorization": "Bearer s3cret"}
        response = public.post("/api/v1/analyze", json={"text": "Hello there.\n\nA short one."},
                               headers=right)  # fmt: skip
        assert response.status_code != 401


def test_banner_says_who_may_write(tmp_path: Path) -> None:
    options = Options.load()
    local = banner(Settings(db=tmp_path / "a.db", options=options), 8000)
    assert local == [f"newswatch: serving {tmp_path / 'a.db'} on http://127.0.0.1:8000/"]
    public = banner(Settings(db=tmp_path / "a.db", options=options, host="0.0.0.0"), 80)
    assert "read-only" in public[1]
    tokened = banner(Settings(db=tmp_path / "a.db", options=options, host="::", token="t"), 80)
    assert "http://[::]:80/" in tokened[0] and "Bearer" in tokened[1]
