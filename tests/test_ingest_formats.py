"""Reading HTML pages, WARC archives and JSON Lines dumps into documents, bad parts skipped."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from newswatch.ingest import Document, Skipped, documents, expand
from newswatch.ingest.html import charset_of, decode_html, looks_html
from newswatch.options import IngestOptions, Options

PAGE = (
    "<html><head><title>Café talks</title></head><body><p>Ministers met in Paris.</p></body></html>"
)


def options(**changes: object) -> IngestOptions:
    import dataclasses

    return dataclasses.replace(Options.load().ingest, **changes)  # type: ignore[arg-type]


def items(path: Path | str, **changes: object) -> list[Document | Skipped]:
    return list(documents(str(path), options(**changes)))


# --- HTML decoding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/html; charset=ISO-8859-1", "ISO-8859-1"),
        ('text/html; charset="utf-8"', "utf-8"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_of(content_type: str | None, expected: str | None) -> None:
    assert charset_of(content_type) == expected


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (PAGE.encode("utf-8"), None),
        (PAGE.encode("cp1252"), "windows-1252"),
        (PAGE.encode("cp1252"), "iso-8859-1"),  # pages declaring latin-1 mean cp1252
        (PAGE.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252"), None),
        (
            PAGE.replace(
                "<head>",
                '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
            ).encode("cp1252"),
            None,
        ),
        (PAGE.encode("cp1252"), None),  # no declaration: sniffed
        (PAGE.encode("utf-8"), "iso-8859-1"),  # the header lies; the BOM-less UTF-8 still reads
        (b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "iso-8859-1"),  # a BOM beats the header
    ],
)
def test_decode_html_finds_the_right_codec(data: bytes, declared: str | None) -> None:
    assert "Café talks" in decode_html(data, declared)


def test_decode_html_of_nothing_is_empty() -> None:
    from newswatch.errors import Skip

    with pytest.raises(Skip, match="empty"):
        decode_html(b"  \n ")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html>", True),
        (b"  \n<html lang='en'>", True),
        (b"<!-- saved page --><html>", True),
        (b"<p>A fragment</p>", False),
        (b"UK and US accuse Russia", False),
    ],
)
def test_looks_html(data: bytes, expected: bool) -> None:
    assert looks_html(data) is expected


def test_html_files_and_gzipped_html_are_html_documents(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    for name in ("a.html", "b.htm.gz"):
        [doc] = items(tmp_path / name)
        assert isinstance(doc, Document) and doc.kind == "html" and "Café talks" in doc.content


def test_truncated_gzip_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode("utf-8") * 50)[:60])
    [item] = items(path)
    assert isinstance(item, Skipped) and item.skip.reason == "truncated gzip"


def test_gzip_bomb_stops_at_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<html>" + b" " * 2_000_000))
    [item] = items(path, max_bytes=100_000)
    assert isinstance(item, Skipped) and item.skip.reason == "too large"


def test_stdin_html_is_sniffed() -> None:
    [doc] = list(documents("-", options(), stdin=io.BytesIO(PAGE.encode("utf-8"))))
    assert isinstance(doc, Document) and doc.kind == "html"


# --- WARC ----------------------------------------------------------------------------------


def http(status: str, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path: Path, *, gz: bool = True) -> None:
    """A small crawl: two pages, a request, a DNS record, an image, a 404 and a redirect."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        records = [
            ("http://a.test/1", "response", PAGE.encode(), http("200 OK", "text/html")),
            ("http://a.test/1", "request", b"GET /1 HTTP/1.1\r\n\r\n", None),
            ("dns:a.test", "resource", b"a.test 1.2.3.4", None),
            ("http://a.test/i.png", "response", b"\x89PNG", http("200 OK", "image/png")),
            ("http://a.test/404", "response", b"gone", http("404 Not Found", "text/html")),
            ("http://a.test/2", "response",
             PAGE.replace("Paris", "Berlin").encode("cp1252"),
             http("200 OK", "text/html; charset=windows-1252")),
        ]  # fmt: skip
        for uri, kind, payload, headers in records:
            content_type = "application/http; msgtype=request" if kind == "request" else ""
            record = writer.create_warc_record(
                uri, kind, payload=io.BytesIO(payload), http_headers=headers,
                warc_content_type=content_type or ("text/dns" if kind == "resource" else ""),
            )  # fmt: skip
            writer.write_record(record)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz=gz)
    found = items(path)
    docs = [i for i in found if isinstance(i, Document)]
    assert [d.url for d in docs] == ["http://a.test/1", "http://a.test/2"]
    assert all(d.kind == "html" for d in docs)
    assert "Berlin" in docs[1].content and "Café" in docs[1].content
    assert docs[0].path == f"{path}#1" and docs[1].path == f"{path}#6"
    skipped = [i for i in found if isinstance(i, Skipped)]
    assert all(s.quiet for s in skipped)
    assert sorted(s.skip.reason for s in skipped) == [
        "HTTP status", "WARC request record", "WARC resource record", "non-HTML response",
    ]  # fmt: skip


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("cut", [40, 120, 300, 500])
def test_cut_warc_keeps_records_before_the_damage_and_says_so(
    tmp_path: Path, gz: bool, cut: int
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz=gz)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - cut])
    found = items(path)
    assert isinstance(found[0], Document)
    last = found[-1]
    assert isinstance(last, Skipped) and not last.quiet
    assert last.skip.reason == "malformed WARC"


def test_garbage_warc_is_one_skip(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a WARC file\n" * 10)
    [item] = items(path)
    assert isinstance(item, Skipped) and item.skip.reason == "malformed WARC"


def test_empty_and_missing_warc(tmp_path: Path) -> None:
    (tmp_path / "empty.warc").write_bytes(b"")
    assert [i.skip.reason for i in items(tmp_path / "empty.warc")] == ["empty"]  # type: ignore[union-attr]
    assert [i.skip.reason for i in items(tmp_path / "no.warc.gz")] == ["missing path"]  # type: ignore[union-attr]


# --- JSON Lines ----------------------------------------------------------------------------


def jsonl_lines() -> list[str]:
    return [
        json.dumps({"text": "Ministers met.\nThey talked.", "url": "http://b.test/1",
                    "title": "Talks", "published": "2017-03-31T10:00:00Z"}),
        json.dumps({"html": PAGE, "url": "http://b.test/2"}),
        "{broken json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        "",
        json.dumps({"text": "Last one."}),
    ]  # fmt: skip


def reasons(found: list[Document | Skipped]) -> list[str]:
    return [i.skip.reason if isinstance(i, Skipped) else i.kind for i in found]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".ndjson"])
def test_jsonl_lines_become_documents(tmp_path: Path, suffix: str) -> None:
    data = "\n".join(jsonl_lines()).encode("utf-8")
    path = tmp_path / f"dump{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    found = items(path)
    assert reasons(found) == [
        "text", "html", "invalid JSON line", "invalid JSON line", "no text or html", "text",
    ]  # fmt: skip
    first = found[0]
    assert isinstance(first, Document)
    assert (first.title, first.url, first.published) == ("Talks", "http://b.test/1", "2017-03-31")
    assert found[2].path == f"{path}:3" and found[-1].path == f"{path}:7"


def test_oversized_jsonl_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = json.dumps({"text": "x" * 5000})
    path.write_text(big + "\n" + json.dumps({"text": "small"}) + "\n", "utf-8")
    assert reasons(items(path, max_bytes=1000)) == ["too large", "text"]


def test_truncated_jsonl_gz_keeps_lines_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    lines = [json.dumps({"text": f"Article {i} " + "word " * 200}) for i in range(50)]
    data = gzip.compress("\n".join(lines).encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    found = items(path)
    assert isinstance(found[0], Document)
    assert reasons(found)[-1] == "truncated or unreadable"


def test_directory_walk_finds_every_format(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.warc.gz", "d.jsonl", "e.png", "f.json"):
        (tmp_path / name).write_bytes(b"x")
    found = [Path(p).name for p in expand([str(tmp_path)], suffixes=options().suffixes)]
    assert found == ["a.txt", "b.html", "c.warc.gz", "d.jsonl"]
