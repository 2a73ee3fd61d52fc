"""JSON Lines dumps: one article per line, with `text` or `html` and optional metadata.

A line may carry `url`, `title` and `published` (an ISO date or date-time). A broken line is
one skip with its line number; the lines around it are read as usual. The dump is streamed,
so its size is not limited, only each line's.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

from newswatch.dates import find_date
from newswatch.errors import Skip
from newswatch.ingest.base import Document, Skipped

# JSON may escape half a surrogate pair ("\\ud800"), which no UTF-8 text can hold.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def is_jsonl(path: str) -> bool:
    """Whether a file name is a JSON Lines dump's."""
    return path.lower().endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def records(stream: IO[bytes], path: str, max_bytes: int) -> Iterator[Document | Skipped]:
    """Yield a document (or a skip) per non-blank line of a JSON Lines stream."""
    number = 0
    try:
        while line := stream.readline(max_bytes + 1):
            number += 1
            if line.strip():
                yield _line(stream, line, f"{path}:{number}", max_bytes)
    except (EOFError, OSError, zlib.error) as exc:
        # A truncated .jsonl.gz: the lines read so far are kept.
        yield Skipped(path, Skip("truncated or unreadable", f"after line {number}: {exc}"))


def _line(stream: IO[bytes], line: bytes, where: str, max_bytes: int) -> Document | Skipped:
    if len(line) > max_bytes and not line.endswith(b"\n"):
        while (rest := stream.readline(max_bytes + 1)) and not rest.endswith(b"\n"):
            pass  # drop the rest of the oversized line, without holding it in memory
        return Skipped(where, Skip("too large", f"line over {max_bytes} bytes"))
    try:
        return _document(_object(line), where)
    except Skip as skip:
        return Skipped(where, skip)


def _object(line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Skip("invalid JSON line", str(exc)) from exc
    except RecursionError as exc:
        # The C decoder recurses once per nested array or object: [[[[...]]]] exhausts it.
        raise Skip("invalid JSON line", "nested too deeply") from exc
    if not isinstance(value, dict):
        raise Skip("invalid JSON line", f"a {type(value).__name__}, not an object")
    return value


def _document(obj: dict[str, Any], where: str) -> Document:
    text, html = _string(obj, "text"), _string(obj, "html")
    if not (text or html):
        raise Skip("no text or html", "the line has neither a 'text' nor an 'html' string")
    return Document(
        where,
        html or text or "",
        kind="html" if html else "text",
        url=_string(obj, "url"),
        title=_string(obj, "title"),
        published=_date(_string(obj, "published")),
    )


def _string(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if not isinstance(value, str):
        return None
    return _LONE_SURROGATE.sub("\ufffd", value).strip() or None


def _date(value: str | None) -> str | None:
    found = find_date(value) if value else None
    return found[0] if found else None
