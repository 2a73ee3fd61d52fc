"""WARC and WARC.gz archives: every HTML response record becomes a document.

Request, DNS, metadata and non-HTML records are skipped quietly and counted. A malformed or
truncated archive yields the records before the damage, then one skip saying where it broke.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import WARCIterator  # type: ignore[import-untyped]

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


class _QuietWARCIterator(WARCIterator):  # type: ignore[misc]
    """warcio's reader, told the format (so garbage is not guessed to be ARC) and silent.

    warcio writes a warning of its own to stderr for each record whose Content-Length looks
    wrong; newswatch counts them instead (`err_count`) and reports one line in its own form.
    """

    INC_RECORD = ""


def _iterate(stream: IO[bytes], path: str, options: IngestOptions) -> Iterator[Document | Skipped]:
    number = 0
    records = _QuietWARCIterator(stream)
    try:
        for number, record in enumerate(records, start=1):
            yield _record(record, f"{path}#{number}", options)
    except Exception as exc:
        # On damaged input warcio raises its own ArchiveLoadFailed, but also OSError, EOFError,
        # ValueError and even AttributeError (a record cut before its URI): all mean the same
        # thing here. What came before the damage is kept.
        detail = f"after record {number}: {_first_line(exc)}"
        yield Skipped(path, Skip("malformed WARC", detail))
        return
    if records.err_count:
        detail = f"{records.err_count} records with a wrong Content-Length; some may be cut"
        yield Skipped(path, Skip("malformed WARC", detail))
    intact = _gzip_intact if path.lower().endswith(".gz") else _ends_with_blank_line
    if not intact(stream):
        # warcio ends quietly at a cut last record (or gzip member), dropping it.
        detail = f"cut short after record {number}; what followed it is lost"
        yield Skipped(path, Skip("malformed WARC", detail))


def _ends_with_blank_line(stream: IO[bytes]) -> bool:
    """Whether an uncompressed archive ends as every complete WARC record does."""
    stream.seek(0, os.SEEK_END)
    stream.seek(max(0, stream.tell() - 4))
    return stream.read().replace(b"\r", b"").endswith(b"\n\n")


def _gzip_intact(stream: IO[bytes]) -> bool:
    """Whether every gzip member of the stream is complete (only the framing is checked)."""
    stream.seek(0)
    inflater, pending = zlib.decompressobj(wbits=31), False
    try:
        while chunk := stream.read(1 << 20):
            while chunk:
                inflater.decompress(chunk, 1 << 20)  # bounded output, thrown away
                chunk, pending = inflater.unconsumed_tail, True
                if inflater.eof:
                    chunk, pending = inflater.unused_data, False
                    inflater = zlib.decompressobj(wbits=31)
    except zlib.error:
        return False
    return not pending


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else type(exc).__name__


def _record(record: Any, where: str, options: IngestOptions) -> Document | Skipped:
    """Turn one record into a document, or a (usually quiet) skip."""
    if record.rec_type is None:
        return Skipped(where, Skip("malformed WARC", "a record without a WARC-Type"))
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
    if getattr(record.raw_stream, "limit", 0):
        # Fewer bytes than the record's Content-Length: the archive was cut inside it.
        return Skipped(
            where, Skip("truncated WARC record", f"{record.raw_stream.limit} bytes short")
        )
    try:
        html = decode_html(data, charset)
    except Skip as skip:
        return Skipped(where, skip)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return Document(where, html, kind="html", url=url)
