"""The README stays true: every command and option documented, exactly two quick-start commands."""

from __future__ import annotations

import re

import click
import pytest

from conftest import REPO
from newswatch.cli import cli

README = (REPO / "README.md").read_text("utf-8")


def quick_start() -> str:
    return README.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def test_quick_start_has_exactly_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", quick_start(), re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    assert "examples/independent-2017-03-31-russia.txt" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_commands() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    for marker in ("test-command", "quickstart-command"):
        assert f"<!-- {marker} -->" in quick_start()
        assert f"readme_command {marker}" in ci


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"### `newswatch {name}" in README


@pytest.mark.parametrize(
    "flag",
    [
        opt
        for param in cli.commands["analyze"].params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    ],
)
def test_every_analyze_option_is_documented(flag: str) -> None:
    assert f"`{flag}" in README or f", {flag}`" in README


@pytest.mark.parametrize(
    ("name", "flag"),
    [
        (name, opt)
        for name in ("fetch", "watch")
        for param in cli.commands[name].params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    ],
)
def test_every_fetch_and_watch_option_is_documented_in_its_section(name: str, flag: str) -> None:
    section = README.split(f"### `newswatch {name} ", 1)[1].split("\n### ", 1)[0]
    assert f"`{flag}" in section or f", {flag}`" in section


def test_example_article_is_bundled() -> None:
    assert (REPO / "examples" / "independent-2017-03-31-russia.txt").is_file()
