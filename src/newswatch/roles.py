"""Role words, titles, honorifics, pronouns and first names: what a phrase says about who.

The words live in data files, not in code: `data/roles.toml` (role nouns and titles with the
CAMEO sector they give), `data/mentions.toml` (honorifics, pronouns, cue verbs and other
word lists) and `data/names.toml` (first names by gender). A user file in any of these
formats extends them. Codes are put together here too: a country and the sector of a role.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newswatch.errors import E
from newswatch.options import read_toml

_PACKAGED = ("roles.toml", "mentions.toml", "names.toml")


@dataclass(frozen=True, slots=True)
class Role:
    """An office or a kind of actor named by a noun: "Defence Secretary", "embassy"."""

    name: str
    sector: str | None
    kind: str  # person | organization | group
    title: bool = False  # also stands before a name: "General Mattis"
    rank: bool = False  # a military rank: an office held at the same time decides the sector
    country: str | None = None  # the one country the word belongs to ("Bundestag")
    relational: bool = False  # "counterpart": the possessor's role
    affiliated: bool = False  # "spokesperson": speaks for the organisation named before


@dataclass(frozen=True, slots=True)
class Pronoun:
    """What a third-person pronoun tells about its antecedent."""

    gender: str | None
    plural: bool
    person: bool  # False for "it": organisations and countries


@dataclass(slots=True)
class Lexicon:
    """Every word list the actor stages use, read once from the data files."""

    roles: dict[str, Role] = field(default_factory=dict)  # phrase -> role
    honorifics: dict[str, str | None] = field(default_factory=dict)  # "mr" -> "male"
    pronouns: dict[str, Pronoun] = field(default_factory=dict)
    first_names: dict[str, str] = field(default_factory=dict)  # "james" -> "male"
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # [lexicon] lists
    longest: int = 1  # words in the longest role phrase
    role_words: frozenset[str] = frozenset()  # every word of every role phrase

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Lexicon:
        """The packaged word lists plus user files, cached per list of files."""
        return _load(tuple(str(Path(p)) for p in extra_files))

    def role(self, words: Sequence[str]) -> Role | None:
        """The role a phrase names ("Defence", "Secretary" -> Defence Secretary), or None."""
        phrase = phrase_key(words)
        found = self.roles.get(phrase)
        if found is None and words:
            found = self.roles.get(phrase_key([*words[:-1], singular(words[-1])]))
        return found

    def in_role(self, word: str) -> bool:
        """Whether a token may be part of a role phrase: a cheap test that spares trying
        every window of words around each noun (most nouns name no role)."""
        key = phrase_key([word])
        # A word that cleans to nothing ("." tokens) is left out of phrase keys, so it fits.
        return not key or key in self.role_words or phrase_key([singular(word)]) in self.role_words

    def role_named(self, name: str) -> Role | None:
        """The role an office name stands for: "Secretary of Defense" -> Defence Secretary."""
        return self.role(name.replace("-", " - ").split())

    def listed(self, name: str, word: str) -> bool:
        """Whether `word` (lower case) is in the [lexicon] list `name`."""
        return word in self.words.get(name, frozenset())

    def gender(self, given: str | None) -> str | None:
        """The gender a first name tells, or None when unknown or used for both."""
        return self.first_names.get(given.lower()) if given else None


def phrase_key(words: Iterable[str]) -> str:
    """How phrases are compared: lower case, no dots, one apostrophe."""
    cleaned = (w.lower().replace("’", "'").strip(".") for w in words)
    return " ".join(w for w in cleaned if w)


def singular(word: str) -> str:
    """A plural noun's singular, good enough for role words ("embassies", "rebels")."""
    low = word.lower()
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return low[:-1]
    return low


def code_of(country: str | None, sector: str | None) -> str | None:
    """A CAMEO-style code: country then sector ("GBR" + "GOV"); None without a country."""
    return None if country is None else country + (sector or "")


def main_sector(roles: Iterable[Role]) -> str | None:
    """The sector of the roles held: an office before a rank (a general turned minister)."""
    ranked = sorted((r for r in roles if r.sector), key=lambda r: r.rank)
    return ranked[0].sector if ranked else None


@cache
def _load(extra: tuple[str, ...]) -> Lexicon:
    """The packaged files, then the user's, merged in order."""
    lexicon = Lexicon()
    data = resources.files("newswatch").joinpath("data")
    for name in _PACKAGED:
        _merge(lexicon, tomllib.loads(data.joinpath(name).read_text("utf-8")))
    for path in extra:
        _merge(lexicon, _read(Path(path)))
    lexicon.longest = max((len(p.split()) for p in lexicon.roles), default=1)
    lexicon.role_words = frozenset(w for p in lexicon.roles for w in p.split())
    return lexicon


def _read(path: Path) -> dict[str, Any]:
    """A user word file, or a coded error naming it."""
    return read_toml(path, E.E012)


def _merge(lexicon: Lexicon, data: Mapping[str, Any]) -> None:
    """Add one file's tables; a later file's phrase replaces an earlier one's."""
    for entry in data.get("role", []):
        role = _role(entry)
        for words in entry.get("words", []):
            lexicon.roles[phrase_key(str(words).split())] = role
    for word, gender in data.get("honorifics", {}).items():
        lexicon.honorifics[word.lower()] = gender or None
    for word, spec in data.get("pronouns", {}).items():
        lexicon.pronouns[word.lower()] = Pronoun(
            spec.get("gender") or None, spec.get("number") == "pl", spec.get("person", True)
        )
    for gender in ("male", "female"):
        lexicon.first_names.update((n.lower(), gender) for n in data.get(gender, []))
    for name, words in data.get("lexicon", {}).items():
        lexicon.words[name] = lexicon.words.get(name, frozenset()) | {w.lower() for w in words}


def _role(entry: Mapping[str, Any]) -> Role:
    """One [[role]] table as a Role."""
    return Role(
        name=str(entry["name"]),
        sector=entry.get("sector") or None,
        kind=str(entry.get("kind", "person")),
        title=bool(entry.get("title", False)),
        rank=bool(entry.get("rank", False)),
        country=entry.get("country") or None,
        relational=bool(entry.get("relational", False)),
        affiliated=bool(entry.get("affiliated", False)),
    )
