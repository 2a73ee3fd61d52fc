"""Analysing text posted to the API: pasted text or one uploaded file, stored like `analyze`.

An upload is written to a temporary file named with the upload's suffix, so that ingestion
reads it exactly as `newswatch analyze` reads a file (HTML, text, WARC, JSON Lines; binary and
undecodable input skipped with a reason). One analysis runs at a time: the spaCy pipeline and
the store's single writer are shared.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from newswatch import ingest
from newswatch.options import Options
from newswatch.runner import analyze_documents
from newswatch.schema import Article

_LOCK = threading.Lock()
# Suffixes kept from an upload's name (the rest of the name is never used as a path).
_SUFFIX = re.compile(r"(\.(?:html?|xhtml|txt|jsonl|ndjson|warc)(?:\.gz)?)$", re.I)


@dataclass(slots=True)
class Outcome:
    """What one analysis produced: articles, and the reasons inputs were skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _run(items: list[ingest.Document | ingest.Skipped], options: Options) -> Outcome:
    outcome = Outcome()
    with _LOCK:
        analyze_documents(
            items,
            options,
            on_article=outcome.articles.append,
            on_skip=lambda s: outcome.skipped.append(str(s.skip)),
        )
    return outcome


def analyse_text(
    text: str, options: Options, *, title: str | None = None, url: str | None = None
) -> Outcome:
    """Analyse pasted plain text (the first line is the headline unless `title` is given)."""
    doc = ingest.Document("pasted", text, kind="text", url=url, title=title)
    return _run([doc], options)


def analyse_upload(name: str, data: bytes, options: Options) -> Outcome:
    """Analyse one uploaded file, read by the ingest rules for its suffix."""
    match = _SUFFIX.search(name or "")
    suffix = match.group(1).lower() if match else ".txt"
    label = f"upload:{Path(name or 'file').name}"
    with tempfile.TemporaryDirectory(prefix="newswatch-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        items = [
            replace(item, path=label) if isinstance(item, ingest.Document) else item
            for item in ingest.documents(str(path), options.ingest)
        ]
    return _run(items, options)
