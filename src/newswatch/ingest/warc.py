"""WARC and WARC.gz archives: every HTML response record becomes a document.

Request, DNS, metadata and non-HTML records are skipped quietly and counted. A malformed or
truncated archive yields the records before the damage, then one skip saying where it broke.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from newswatch.errors import Skip
from newswatch.ingest.base import Document, Skipped
from newswatch.ingest.html import charset_of, decode_html
from newswatch.ingest.text import open_input
from newswatch.options import IngestOptions

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: str) -> bool:
    """Whether a file name is a WARC archive's."""
    return path.lower().endswith((".warc", ".warc.gz"))


def records(path: str, options: IngestOptions) -> Iterator[Document | Skipped]:
    """Yield a document per HTML response record of the archive at `path`."""
    with open_input(path) as stream:  # warcio gunzips .warc.gz itself, record by record
        yield from _iterate(stream, path, options)


def _iterate(stream: IO[bytes], path: str, options: IngestOptions) -> Iterator[Document | Skipped]:
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            yield _record(record, f"{path}#{number}", options)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        # warcio reports damage as any of these; what came before it is kept.
        detail = f"after record {number}: {_first_line(exc)}"
        yield Skipped(path, Skip("malformed WARC", detail))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else type(exc).__name__


def _record(record: Any, where: str, options: IngestOptions) -> Document | Skipped:
    """Turn one record into a document, or a (usually quiet) skip."""
    if record.rec_type != "response":
        return Skipped(where, Skip(f"WARC {record.rec_type} record"), quiet=True)
    headers = record.http_headers
    content_type = headers.get_header("Content-Type") if headers else None
    if not content_type or not content_type.lower().startswith(_HTML_TYPES):
        return Skipped(where, Skip("non-HTML response", content_type or "no type"), quiet=True)
    status = headers.get_statuscode()
    if status != "200":
        return Skipped(where, Skip("HTTP status", status), quiet=True)
    return _document(record, where, charset_of(content_type), options)


def _document(
    record: Any, where: str, charset: str | None, options: IngestOptions
) -> Document | Skipped:
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return Skipped(where, Skip("too large", f"record over {options.max_bytes} bytes"))
    try:
        html = decode_html(data, charset)
    except Skip as skip:
        return Skipped(where, skip)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return Document(where, html, kind="html", url=url)
