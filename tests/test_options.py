"""Tests for options: packaged defaults, a user file, CLI overrides, and coded failures."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from newswatch.errors import E, NewswatchError
from newswatch.options import NlpOptions, Options


def write(tmp_path: Path, text: str, name: str = "options.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_defaults_load() -> None:
    options = Options.load()
    assert options.ingest.max_bytes == 5_000_000
    assert options.ingest.min_chars == 1
    assert options.ingest.require_english is True
    assert options.ingest.suffixes[:3] == (".txt", ".html", ".htm")
    assert {".warc.gz", ".jsonl"} <= set(options.ingest.suffixes)
    assert options.clean.title_max_chars == 250
    assert options.clean.standfirst_max_chars == 400
    assert options.clean.rule_files == ()
    assert options.nlp.model is None
    assert options.nlp.batch_size == 16
    assert options.pipeline.stages == (
        "newswatch.clean.v1",
        "newswatch.parse.v1",
        "newswatch.actors.v1",
        "newswatch.quotes.v1",
        "newswatch.events.v1",
        "newswatch.quantities.v1",
    )
    assert options.store.db == "newswatch.db"
    assert options.analyze.date is None


def test_defaults_are_fresh_each_load() -> None:
    first = Options.load(overrides={"nlp.batch_size": 3})
    assert first.nlp.batch_size == 3
    assert Options.load().nlp.batch_size == 16
    assert Options.load() == Options.load()


def test_user_file_overrides_one_key_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, "[ingest]\nmax_bytes = 1000\n")
    options = Options.load(path)
    defaults = Options.load()
    assert options.ingest.max_bytes == 1000
    assert options.ingest == dataclasses.replace(defaults.ingest, max_bytes=1000)
    assert dataclasses.replace(options, ingest=defaults.ingest) == defaults


def test_user_file_accepts_str_path(tmp_path: Path) -> None:
    path = write(tmp_path, '[nlp]\nmodel = "my_model"\n')
    assert Options.load(str(path)).nlp.model == "my_model"


def test_user_file_lists_become_tuples(tmp_path: Path) -> None:
    path = write(tmp_path, '[ingest]\nsuffixes = [".txt", ".md"]\n')
    assert Options.load(path).ingest.suffixes == (".txt", ".md")


def test_cli_overrides_beat_user_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[store]\ndb = "from-file.db"\n[nlp]\nbatch_size = 4\n')
    options = Options.load(path, {"store.db": "x.db"})
    assert options.store.db == "x.db"
    assert options.nlp.batch_size == 4  # the file's other keys still apply


def test_cli_overrides_without_user_file() -> None:
    options = Options.load(None, {"analyze.date": "2020-01-02", "nlp.model": "m"})
    assert options.analyze.date == "2020-01-02"
    assert options.nlp.model == "m"


@pytest.mark.parametrize("key", ["store.db", "nlp.model", "analyze.date"])
def test_empty_string_is_none_for_optional_strings(key: str, tmp_path: Path) -> None:
    section, _, name = key.partition(".")
    from_flag = Options.load(overrides={key: ""})
    from_file = Options.load(write(tmp_path, f'[{section}]\n{name} = ""\n'))
    for options in (from_flag, from_file):
        assert getattr(getattr(options, section), name) is None


@pytest.mark.parametrize(
    ("toml", "overrides"),
    [
        ("[nosuch]\nkey = 1\n", None),
        ("[ingest]\nnosuch = 1\n", None),
        ("top_level = 1\n", None),
        ("", {"nosuch.key": 1}),
        ("", {"ingest.nosuch": 1}),
        ("", {"store": "x.db"}),
    ],
)
def test_unknown_option_is_e005(
    toml: str, overrides: dict[str, Any] | None, tmp_path: Path
) -> None:
    with pytest.raises(NewswatchError, match=r"^E005 ") as info:
        Options.load(write(tmp_path, toml), overrides)
    assert info.value.code is E.E005


def test_unknown_option_names_origin_and_known_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "[ingest]\nmax_byte = 1\n")
    with pytest.raises(NewswatchError) as info:
        Options.load(path)
    message = str(info.value)
    assert "'ingest.max_byte'" in message
    assert str(path) in message
    assert "max_bytes" in message and "suffixes" in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ingest.max_bytes", "5000"),
        ("ingest.max_bytes", True),
        ("ingest.max_bytes", 1.5),
        ("ingest.min_chars", False),
        ("nlp.batch_size", None),
        ("ingest.require_english", 1),
        ("ingest.require_english", "yes"),
        ("ingest.suffixes", [1, 2]),
        ("ingest.suffixes", ".txt"),
        ("pipeline.stages", "newswatch.clean.v1"),
        ("clean.rule_files", [None]),
        ("nlp.model", 5),
        ("store.db", ["a.db"]),
        ("ingest.max_bytes", {"a": 1}),
        ("nlp.model", {"name": "x"}),
        ("ingest.suffixes", {"a": ".txt"}),
    ],
)
def test_wrong_type_is_e006(key: str, value: Any) -> None:
    with pytest.raises(NewswatchError, match=r"^E006 ") as info:
        Options.load(overrides={key: value})
    assert info.value.code is E.E006


@pytest.mark.parametrize(
    "toml",
    [
        '[ingest]\nmax_bytes = "5000"\n',
        "[ingest]\nmax_bytes = true\n",
        "[ingest]\nsuffixes = [1, 2]\n",
        "[ingest]\nmax_bytes = { a = 1 }\n",
        "ingest = 1\n",
        "[nlp]\nbatch_size = 0\n",
    ],
)
def test_wrong_type_in_user_file_is_e006(toml: str, tmp_path: Path) -> None:
    with pytest.raises(NewswatchError, match=r"^E006 "):
        Options.load(write(tmp_path, toml))


def test_wrong_type_message_names_key_and_value() -> None:
    with pytest.raises(NewswatchError) as info:
        Options.load(overrides={"ingest.max_bytes": "5000"})
    assert "max_bytes" in str(info.value)
    assert "'5000'" in str(info.value)


@pytest.mark.parametrize("size", [0, -1])
def test_batch_size_must_be_positive(size: int) -> None:
    with pytest.raises(NewswatchError, match=r"^E006 .*batch_size"):
        Options.load(overrides={"nlp.batch_size": size})
    with pytest.raises(NewswatchError, match=r"^E006 "):
        dataclasses.replace(Options.load().nlp, batch_size=size)
    assert NlpOptions(model=None, batch_size=1).batch_size == 1


@pytest.mark.parametrize(
    "content",
    [
        b"[ingest\nmax_bytes = 1\n",
        b"max_bytes = \n",
        b"[ingest]\nmax_bytes = 1\nmax_bytes = 2\n",
        b"\xff\xfe[ingest]\n",
    ],
)
def test_invalid_toml_is_e004(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(NewswatchError, match=r"^E004 ") as info:
        Options.load(path)
    assert info.value.code is E.E004
    assert str(path) in str(info.value)


@pytest.mark.parametrize("name", ["missing.toml", "."])
def test_unreadable_file_is_e004(name: str, tmp_path: Path) -> None:
    with pytest.raises(NewswatchError, match=r"^E004 "):
        Options.load(tmp_path / name)


def test_options_are_frozen() -> None:
    options = Options.load()
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.nlp = options.nlp  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.nlp.batch_size = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.store.db = None  # type: ignore[misc]
    assert isinstance(options.pipeline.stages, tuple)
    assert hash(options) == hash(Options.load())


@pytest.mark.parametrize(
    ("toml", "overrides", "origin"),
    [
        ("[ingest]\nmax_bytes = 'big'\n", {}, "FILE"),
        ("[ingest]\nmax_bytes = 10\n", {"ingest.max_bytes": "big"}, "command-line flags"),
    ],
)
def test_wrong_type_names_key_and_where_it_came_from(
    tmp_path: Path, toml: str, overrides: dict[str, object], origin: str
) -> None:
    path = write(tmp_path, toml)
    with pytest.raises(NewswatchError) as info:
        Options.load(path, overrides)
    expected_origin = str(path) if origin == "FILE" else origin
    assert str(info.value) == (
        f"E006 Option 'ingest.max_bytes' in {expected_origin} must be int, got 'big'."
    )
