"""Numbers in digits and words, with scales."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.numwords import Numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5.0),
        ("1,200", 1200.0),
        ("4.2", 4.2),
        ("five", 5.0),
        ("twenty-eight", 28.0),
        ("two hundred and fifty", 250.0),
        ("4.2 million", 4_200_000.0),
        ("a dozen", 12.0),
        ("two dozen", 24.0),
        ("a million", 1_000_000.0),
        ("one million two hundred thousand", 1_200_000.0),
        ("3 billion", 3_000_000_000.0),
        ("10bn", 10_000_000_000.0),
        ("65.4 billion", 65_400_000_000.0),
        ("several", None),
        ("", None),
        ("and", None),
    ],
)
def test_value(text: str, expected: float | None) -> None:
    assert Numbers.load().value(text) == expected


def test_user_file_adds_words(tmp_path: Path) -> None:
    extra = tmp_path / "numbers.toml"
    extra.write_text("[scales]\ngross = 144\n", "utf-8")
    assert Numbers.load([extra]).value("two gross") == 288.0
    assert Numbers.load().value("two gross") is None
