"""Numbers as news writes them: digits ("1,200", "4.2"), words ("twenty-eight") and scales.

The words live in `data/numbers.toml` (number words, scale words and abbreviations, vague
counts such as "thousands"); a user file in the same format extends them. Used by the
quantities stage and by the date-expression resolver ("two weeks ago").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from newswatch.options import read_toml

# A number in digits: "5", "1,200", "4.2", ".5"; thousands separators only in groups of three.
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_DIGITS = re.compile(rf"(?:{DIGITS})")


@dataclass(slots=True)
class Numbers:
    """Number words, scales and vague counts, read once from the data files."""

    words: dict[str, float] = field(default_factory=dict)  # "twenty" -> 20
    scales: dict[str, float] = field(default_factory=dict)  # "billion" -> 1e9, "bn" -> 1e9
    vague: dict[str, float] = field(default_factory=dict)  # "thousands" -> 1000

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Numbers:
        """The packaged words, extended by each user file in turn."""
        if not extra_files:
            return _packaged()
        numbers = Numbers()
        numbers.add(_packaged_data())
        for path in extra_files:
            numbers.add(read_toml(Path(path)))
        return numbers

    def add(self, data: dict[str, object]) -> None:
        """Add the tables of one data file."""
        for name, table in (("words", self.words), ("scales", self.scales), ("vague", self.vague)):
            for key, value in dict(data.get(name, {})).items():  # type: ignore[call-overload]
                table[str(key).lower()] = float(value)

    def word_pattern(self) -> str:
        """A regex alternation of the number words, longest first (no scales)."""
        return _alternation(self.words)

    def scale_pattern(self, *, abbreviations: bool) -> str:
        """A regex alternation of scale words (with the short forms such as `bn` if asked)."""
        # Short forms are at most three letters: bn, m, tn, mln.
        return _alternation(w for w in self.scales if abbreviations or len(w) > 3)

    def value(self, text: str) -> float | None:
        """The value of a number written in digits or words, scale words included.

        "1,200" is 1200, "twenty-eight" 28, "two hundred and fifty" 250, "4.2 million"
        4200000, "a dozen" 12; None when `text` is not a number.
        """
        words = re.findall(rf"{DIGITS}|[a-z]+", text.lower().replace("-", " "))
        total, current, seen = 0.0, 0.0, False
        for word in words:
            if (word == "and" or word in ("a", "an")) and seen:
                continue  # "two hundred and ten", "half a million"
            number = _digits(word)
            if number is None:
                number = self.words.get(word)
            if number is not None:
                current += number
            elif word in self.scales and seen:
                current = (current or 1.0) * self.scales[word]
                if self.scales[word] >= 1000:
                    total, current = total + current, 0.0
            else:
                return None
            seen = True
        # 12 significant digits: 65.4 x 1e9 is 65400000000, not 65400000000.00001.
        return float(f"{total + current:.12g}") if seen else None


def _digits(word: str) -> float | None:
    if _DIGITS.fullmatch(word):
        return float(word.replace(",", ""))
    return None


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) for w in ordered)


def _packaged_data() -> dict[str, object]:
    text = resources.files("newswatch").joinpath("data/numbers.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _packaged() -> Numbers:
    numbers = Numbers()
    numbers.add(_packaged_data())
    return numbers
