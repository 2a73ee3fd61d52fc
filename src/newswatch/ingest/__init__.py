"""Ingestion: inputs of every kind to `Document`s, and bad ones to `Skipped` with a reason.

Plain text (`.txt`), HTML pages (`.html`, `.htm`, gzipped too), WARC archives (`.warc`,
`.warc.gz`) and JSON Lines dumps (`.jsonl`, `.jsonl.gz`, `.ndjson`) are read here; stdin
(`-`) takes plain text or HTML. Turning HTML into clean text is the clean stage's work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from newswatch.errors import Skip
from newswatch.ingest import jsonl, warc
from newswatch.ingest.base import Document, Kind, Skipped
from newswatch.ingest.html import decode_html, looks_html
from newswatch.ingest.text import (
    MAGIC_NUMBERS,
    RawText,
    check_text,
    decode,
    expand,
    looks_english,
    open_input,
    read,
    read_bytes,
    text_of,
)
from newswatch.options import IngestOptions

__all__ = [
    "MAGIC_NUMBERS",
    "Document",
    "Kind",
    "RawText",
    "Skipped",
    "check_text",
    "decode",
    "documents",
    "expand",
    "is_container",
    "looks_english",
    "read",
]

log = logging.getLogger(__name__)

_HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")


def is_container(path: str) -> bool:
    """Whether an input holds many documents (a WARC archive or a JSON Lines dump)."""
    return path != "-" and (warc.is_warc(path) or jsonl.is_jsonl(path))


def documents(
    path: str, options: IngestOptions, *, stdin: BinaryIO | None = None
) -> Iterator[Document | Skipped]:
    """Yield the documents of one input, and a `Skipped` for each part that cannot be used."""
    try:
        yield from _documents(path, options, stdin)
    except Skip as skip:
        yield Skipped(path, skip)
    except Exception as exc:
        # A reader's bug must cost this input (what it had not yet yielded), not the batch.
        log.debug("reading %s failed", path, exc_info=True)
        yield Skipped(path, Skip("internal error", f"ingest: {type(exc).__name__}: {exc}"))


def _documents(
    path: str, options: IngestOptions, stdin: BinaryIO | None
) -> Iterator[Document | Skipped]:
    if path != "-" and warc.is_warc(path):
        yield from warc.records(path, options)
    elif path != "-" and jsonl.is_jsonl(path):
        with open_input(path, gunzip=path.lower().endswith(".gz")) as stream:
            yield from jsonl.records(stream, path, options.max_bytes)
    else:
        data = read_bytes(path, options.max_bytes, stdin=stdin)
        if path.lower().endswith(_HTML_SUFFIXES) or (path == "-" and looks_html(data)):
            yield Document(path, decode_html(data), kind="html")
        else:
            yield Document(path, text_of(data, path, options).text)
