"""The records ingestion yields: a document to analyse, or an input skipped with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newswatch.errors import Skip

Kind = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article's worth of input, with the metadata its container gave.

    `path` names where it came from: a file, "-" for stdin, "crawl.warc.gz#12" (the 12th
    record), "dump.jsonl:3" (line 3) or a URL. `content` is plain text for kind "text" and a
    decoded HTML page for kind "html"; the clean stage turns either into clean text.
    """

    path: str
    content: str
    kind: Kind = "text"
    url: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input, or one record of it, that cannot be analysed.

    `quiet` skips (a WARC request record, say) are counted in the summary but not reported
    one line each: a crawl holds thousands of them and none is a problem.
    """

    path: str
    skip: Skip
    quiet: bool = False
