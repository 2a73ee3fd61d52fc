"""Writing analysed articles: JSON Lines, JSON, or a readable terminal summary (rich)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any, Self

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newswatch.ingest import Skipped
from newswatch.schema import Article

_SNIPPET = 90


def to_json(article: Article, *, indent: int | None = None) -> str:
    """The contract JSON of one article."""
    return json.dumps(article.as_dict(), ensure_ascii=False, indent=indent)


class JsonWriter:
    """Writes articles as JSON Lines, one JSON object, or a JSON array.

    With `single=True` the one article is written as an object; otherwise the articles are
    streamed as an array, so output stays valid JSON however many inputs there are.
    """

    def __init__(self, out: IO[str], *, lines: bool, single: bool = False) -> None:
        self.out, self.lines, self.single = out, lines, single
        self.count = 0

    def write(self, article: Article) -> None:
        """Write one article."""
        if self.lines:
            self.out.write(to_json(article) + "\n")
        else:
            prefix = "" if self.single else ("[\n" if self.count == 0 else ",\n")
            self.out.write(prefix + to_json(article, indent=2))
        self.count += 1
        self.out.flush()

    def close(self) -> None:
        """Finish the document."""
        if self.lines:
            return
        if self.single:
            self.out.write("\n" if self.count else "")
        else:
            self.out.write("\n]\n" if self.count else "[]\n")


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _facts(article: Article) -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    rows = [
        ("standfirst", article.standfirst or "—"),
        ("published", article.published or "—"),
        ("authors", ", ".join(article.authors) or "—"),
        ("source", article.source.path or article.source.url or "<stdin>"),
        ("id", article.id),
        ("records", f"{len(article.actors)} actors, {len(article.quotes)} quotes, "
                    f"{len(article.events)} events, {len(article.quantities)} quantities"),
    ]  # fmt: skip
    for key, value in rows:
        facts.add_row(key, value)
    return facts


def _sections(article: Article) -> Table:
    table = Table(title="Sections", title_justify="left", expand=True)
    for name in ("kind", "author", "chars", "starts"):
        table.add_column(name, overflow="fold")
    for s in article.sections:
        text = article.text[s.start : s.end]
        table.add_row(s.kind, s.author or "", str(len(text)), _snippet(text))
    return table


def _removed(article: Article) -> Table:
    table = Table(title="Removed", title_justify="left", expand=True)
    table.add_column("reason", no_wrap=True)
    table.add_column("text", overflow="fold")
    for r in article.removed:
        table.add_row(r.reason, _snippet(r.text))
    return table


def _records(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _record_tables(article: Article) -> list[Table]:
    """Tables of actors, quotes, events and quantities, for those the article has."""
    names = {a.id: a.name for a in article.actors}

    def who(ids: list[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    tables = []
    if article.actors:
        rows = [[a.id, a.name, a.code or "", ", ".join(a.roles), str(len(a.mentions))]
                for a in article.actors]  # fmt: skip
        tables.append(_records("Actors", ["id", "name", "code", "roles", "mentions"], rows))
    if article.quotes:
        rows = [[q.id, who([q.speaker]) if q.speaker else "?", q.cue or "", _snippet(q.text)]
                for q in article.quotes]  # fmt: skip
        tables.append(_records("Quotes", ["id", "speaker", "cue", "quote"], rows))
    if article.events:
        rows = [[e.id, who(e.source), e.type + (" (not)" if e.negated else ""), who(e.target),
                 e.trigger] for e in article.events]  # fmt: skip
        tables.append(_records("Events", ["id", "source", "type", "target", "trigger"], rows))
    if article.quantities:
        rows = [[q.text, _number(q.value, q.high), q.unit or "", q.kind, q.measure or ""]
                for q in article.quantities]  # fmt: skip
        tables.append(_records("Quantities", ["text", "value", "unit", "kind", "measure"], rows))
    return tables


def _number(value: float, high: float | None) -> str:
    """1e10 as "10,000,000,000", 2.5 as "2.5"; a range as "3 – 4"."""

    def one(x: float) -> str:
        return f"{x:,.0f}" if x == int(x) else f"{x:,.6g}"

    return one(value) if high is None else f"{one(value)} – {one(high)}"


def render_table(article: Article, console: Console) -> None:
    """Print a readable summary of one article."""
    parts: list[Table] = [_facts(article), _sections(article), *_record_tables(article)]
    if article.removed:
        parts.append(_removed(article))
    title = Text(article.title or "(no headline)", style="bold")
    console.print(Panel(Group(*parts), title=title, title_align="left"))


def say(console: Console, message: str) -> None:
    """One unwrapped, uncoloured line: messages are for people and for grep alike."""
    console.print(message, highlight=False, soft_wrap=True, markup=False)


def source_name(path: str) -> str:
    """How an input is named in messages."""
    return "<stdin>" if path == "-" else path


class Reporter:
    """Where a run's output goes: articles to stdout; progress and skips to stderr."""

    def __init__(
        self, fmt: str, *, single: bool, verbose: bool, progress: bool, total: int | None
    ) -> None:
        self.fmt, self.verbose = fmt, verbose
        self.err = Console(stderr=True)
        self.out = Console(soft_wrap=False)
        self.writer = JsonWriter(sys.stdout, lines=fmt == "jsonl", single=single)
        self.progress = _progress(self.err, total) if progress else None

    def article(self, article: Article) -> None:
        """Write one analysed article."""
        if self.fmt == "table":
            render_table(article, self.out)
        elif self.fmt != "parquet":  # workers wrote Parquet shards; nothing goes to stdout
            self.writer.write(article)
        self._advance()

    def advance(self) -> None:
        """Count one article on the progress bar that went elsewhere (a Parquet shard)."""
        self._advance()

    def skipped(self, item: Skipped) -> None:
        """Report a skip in one line; quiet ones (WARC request records...) only with -v."""
        if not item.quiet or self.verbose:
            console = self.progress.console if self.progress else self.err
            say(console, f"newswatch: skipped {source_name(item.path)}: {item.skip}")
        self._advance()

    def _advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.progress.task_ids[0])

    def __enter__(self) -> Self:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.progress is not None:
            self.progress.stop()
        if self.fmt not in ("table", "parquet"):
            self.writer.close()


def _progress(console: Console, total: int | None) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress("analysing", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True)  # fmt: skip
    progress.add_task("analyse", total=total)
    return progress


class RecordReport:
    """Where `newswatch actors` and `newswatch quotes` write: a table or JSON per article.

    Skips go to stderr in one line each, as for `analyze`; JSON is one object for a single
    input and an array otherwise.
    """

    def __init__(
        self,
        fmt: str,
        *,
        single: bool,
        table: Callable[[Article], Table],
        to_json: Callable[[Article], dict[str, Any]],
        out: IO[str] | None = None,
    ) -> None:
        self.fmt, self.single, self.table, self.to_json = fmt, single, table, to_json
        self.stream = out or sys.stdout
        # Piped output gets a wide table rather than rich's 80 columns.
        width = None if self.stream.isatty() else 160
        self.out = Console(file=self.stream, soft_wrap=False, width=width)
        self.err = Console(stderr=True)
        self.found: list[dict[str, Any]] = []

    def article(self, article: Article) -> None:
        """Print (or keep, for JSON) one article's records."""
        if self.fmt == "table":
            self.out.print(self.table(article))
        else:
            self.found.append(self.to_json(article))

    def skipped(self, item: Skipped) -> None:
        """One line on stderr; quiet skips (WARC request records) are not worth one."""
        if not item.quiet:
            say(self.err, f"newswatch: skipped {source_name(item.path)}: {item.skip}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.fmt != "json":
            return
        data: Any = self.found[0] if self.single and len(self.found) == 1 else self.found
        self.stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
