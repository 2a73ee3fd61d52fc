"""The actor knowledge base: who someone or something is, and their CAMEO code on a given date.

Sources are read in order, later ones overriding earlier ones for the same normalised name:
the Phoenix/PETRARCH dictionaries (`data/actors/phoenix/`), every packaged
`data/actors/*.toml` file (sorted by name), then the user's files (options `[actors] kb_files`).
The TOML format and the interfaces are fixed in `docs/actors-design.md`.

An entry is "as of a date" a `Match`: the tenures covering the date (start inclusive, end
exclusive) give the code, the latest start winning; otherwise the entry's own `code`;
otherwise, for someone whose last office has ended, the country of that office, with CAMEO's
ELI ("elite": a former leader) for persons whose last office was GOV, MIL, LEG (or ELI).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as _date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pycountry

from newswatch.errors import E, NewswatchError

if TYPE_CHECKING:
    from newswatch.phoenix import Record

KINDS = ("person", "organization", "country", "group")
# A CAMEO actor code: a three-letter root (country, IGO, NGO...) and up to five 3-char parts.
CAMEO_CODE = re.compile(r"[A-Z]{3}(?:[A-Z0-9]{3}){0,5}")
# Country-like CAMEO roots that ISO 3166-1 lacks: historic states, Kosovo's CAMEO code.
_EXTRA_COUNTRIES = frozenset({"CSK", "DDR", "KSV", "SCG", "SUN", "TMP", "USR", "YUG"})
# Offices whose holders CAMEO codes as ELI once they have left them (and elites stay elites).
_ELITE_AFTER = frozenset({"GOV", "MIL", "LEG", "ELI"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PHOENIX_FILES = (
    ("Phoenix.Countries.actors.txt", "organization"),
    ("Phoenix.International.actors.txt", "organization"),
    ("Phoenix.MilNonState.actors.txt", "group"),
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Tenure:
    """An office held: its CAMEO code from `start` (inclusive) to `end` (exclusive)."""

    role: str | None
    code: str
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One actor as the knowledge base knows it, whatever the date."""

    name: str
    kind: str
    country: str | None
    gender: str | None
    aliases: tuple[str, ...]
    code: str | None
    tenures: tuple[Tenure, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Match:
    """An entry as of a date."""

    entry: Entry
    code: str | None
    country: str | None
    sector: str | None
    roles: tuple[str, ...]


# Apostrophes and dots vanish ("U.S." -> "us"); other punctuation separates words. The ASCII
# part runs as bytes.translate over UTF-8, which never touches the bytes of other characters.
_DELETE = b"'.`"
_SPACE = b'_-,;:!?"()[]{}/\\&+*#@|<>=~^\x00\x1a\t'
_TABLE = bytes.maketrans(_SPACE, b" " * len(_SPACE))
# Other punctuation, and (lower-case) letters that NFKD does not split into letter and accent.
_UNICODE_FOLD = {
    **dict.fromkeys("’‘´", ""),
    **dict.fromkeys("‐‑–—“”«»", " "),
    **{"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"},
}
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Casefold, drop accents, punctuation to spaces; keeps newlines, so it folds many names."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        for char, replacement in _UNICODE_FOLD.items():
            if char in text:
                text = text.replace(char, replacement)
    return text.encode().translate(_TABLE, _DELETE).decode()


def normalise(name: str) -> str:
    """Casefold, drop accents and punctuation, "_" -> " ", collapse spaces."""
    return " ".join(_fold(name).split())


def _key(name: str) -> str:
    """Index key of a name: normalised, and "the" in front is optional ("the EU", "EU")."""
    key = normalise(name)
    return key[4:] if key.startswith("the ") else key


_LEADING_THE = re.compile(r"^\s*the\s+", re.M)


def _keys_of_all(names: Sequence[str]) -> list[str]:
    """`_key` of each name, folding them as one text: 60,000 calls would be slow."""
    folded = _LEADING_THE.sub("", _fold("\n".join(names)))
    return [" ".join(n.split()) for n in folded.split("\n")]


@cache
def _countries() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | _EXTRA_COUNTRIES


def is_country(code: str) -> bool:
    """Whether a three-letter CAMEO root is a country (ISO 3166 alpha-3 or a historic state)."""
    return code in _countries()


def _split(code: str | None) -> tuple[str | None, str | None]:
    """(country, sector) of a code such as "RUSGOV"; None where the root is no country."""
    if code is None or not is_country(code[:3]):
        return None, None
    return code[:3], (code[3:6] or None)


def _day(value: str | None) -> str:
    """The ISO date a lookup is for; None means today."""
    if value is None:
        return _date.today().isoformat()
    if not _ISO_DATE.match(value):
        raise NewswatchError(E.E007, value=value)
    return value[:10]


def _covers(tenure: Tenure, day: str) -> bool:
    return (tenure.start is None or tenure.start <= day) and (
        tenure.end is None or day < tenure.end
    )


def match(entry: Entry, date: str | None) -> Match:
    """The entry as of `date` (ISO, None for today: open tenures first)."""
    return _match(entry, date)[0]


def _match(entry: Entry, date: str | None) -> tuple[Match, bool]:
    """The match, and whether a tenure covers the date (in office)."""
    day = _day(date)
    covering = [t for t in entry.tenures if _covers(t, day)]
    if covering:
        # Most recent start wins; for "today" an open tenure beats one that is about to end.
        best = max(covering, key=lambda t: (date is None and t.end is None, t.start or ""))
        code: str | None = best.code
    else:
        code = entry.code or _former(entry, day)
    country, sector = _split(code)
    if code is None:
        country = entry.country
    roles = tuple(dict.fromkeys(t.role for t in covering if t.role))
    found = Match(entry=entry, code=code, country=country, sector=sector, roles=roles)
    return found, bool(covering)


def _former(entry: Entry, day: str) -> str | None:
    """Code for someone whose offices have all ended: the last one's country, ELI for leaders."""
    past = [t for t in entry.tenures if t.end is not None and t.end <= day]
    if not past:
        return None
    last = max(past, key=lambda t: t.end or "")
    country, sector = _split(last.code)
    if country is None:
        return None
    return country + "ELI" if entry.kind == "person" and sector in _ELITE_AFTER else country


def _surname(key: str) -> str:
    """The last token of a normalised name, skipping "jr", "iii"...; "" for none."""
    tokens = [t for t in key.split() if t not in _SUFFIXES]
    return tokens[-1] if tokens else ""


class KnowledgeBase:
    """Entries indexed by normalised name and alias, and persons by surname."""

    _cache: ClassVar[dict[tuple[str, ...], KnowledgeBase]] = {}

    def __init__(self, entries: Iterable[Entry | Record]) -> None:
        """Merge `entries` in order; a later entry overrides an earlier one of the same name.

        Phoenix records are kept as read and become entries when first looked up.
        """
        items = list(entries)
        all_keys = _keys_of_items(items)
        self._items: list[Entry | Record] = []
        self._item_keys: list[list[str]] = []  # normalised name first, then aliases
        self._rank: list[int] = []  # when an item was last set: later sources sort first
        names: dict[str, list[int]] = {}
        for rank, (item, keys) in enumerate(zip(items, all_keys, strict=True)):
            self._add(item, keys, rank, names)
        self._keys: dict[str, list[int]] = {}
        for i, item_keys in enumerate(self._item_keys):
            for key in dict.fromkeys(item_keys):
                self._keys.setdefault(key, []).append(i)
        self._keys.pop("", None)
        self._surnames: dict[str, list[int]] | None = None  # built on first use

    def _add(
        self, item: Entry | Record, keys: list[str], rank: int, names: dict[str, list[int]]
    ) -> None:
        slots = names.setdefault(keys[0], [])
        for i in slots:
            old = self._items[i]
            # Namesakes in different countries stay apart; otherwise the later entry wins.
            if item.country is None or old.country is None or old.country == item.country:
                self._items[i] = _merge(old, item)
                self._item_keys[i] = [keys[0], *self._item_keys[i], *keys[1:]]
                self._rank[i] = rank
                return
        slots.append(len(self._items))
        self._items.append(item)
        self._item_keys.append(keys)
        self._rank.append(rank)

    def _surname_index(self) -> dict[str, list[int]]:
        if self._surnames is None:
            self._surnames = {}
            for i, keys in enumerate(self._item_keys):
                if self._items[i].kind == "person":
                    for surname in {_surname(key) for key in keys}:
                        self._surnames.setdefault(surname, []).append(i)
            self._surnames.pop("", None)
        return self._surnames

    def _entry(self, i: int) -> Entry:
        item = self._items[i]
        if not isinstance(item, Entry):
            item = self._items[i] = _as_entry(item)
        return item

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> KnowledgeBase:
        """The packaged knowledge base plus user files, cached per list of files."""
        key = tuple(str(Path(p).resolve()) for p in extra_files)
        if key not in cls._cache:
            user = [e for path in key for e in read_toml(Path(path))]
            cls._cache[key] = cls([*_packaged(), *user])
        return cls._cache[key]

    @classmethod
    def clear_cache(cls) -> None:
        """Forget loaded knowledge bases and read packaged files (tests, edited files)."""
        cls._cache.clear()
        _packaged.cache_clear()

    def lookup(self, name: str, date: str | None) -> list[Match]:
        """Entries whose name or an alias is `name` once normalised; in office first."""
        return self._matches(self._keys.get(_key(name), ()), date)

    def by_surname(self, surname: str, date: str | None) -> list[Match]:
        """Persons whose name or an alias ends with `surname`; in office first."""
        key = _surname(normalise(surname))
        return self._matches(self._surname_index().get(key, ()) if key else (), date)

    def _matches(self, indexes: Iterable[int], date: str | None) -> list[Match]:
        found = [(*_match(self._entry(i), date), -self._rank[i]) for i in indexes]
        found.sort(key=lambda item: (not item[1], item[2]))  # in office, then later sources
        return [m for m, _, _ in found]

    def __len__(self) -> int:
        return len(self._items)


def _keys_of_items(items: Sequence[Entry | Record]) -> list[list[str]]:
    """The keys of each item's names, its own name first."""
    names = [(i.name, *i.aliases) if isinstance(i, Entry) else i.names for i in items]
    flat = _keys_of_all([n for group in names for n in group])
    keys, at = [], 0
    for group in names:
        keys.append(flat[at : at + len(group)])
        at += len(group)
    return keys


def _as_entry(item: Entry | Record) -> Entry:
    if isinstance(item, Entry):
        return item
    from newswatch import phoenix

    return phoenix.entry(item)


def _merge(old: Entry | Record, new: Entry | Record) -> Entry | Record:
    """Two Phoenix records merge as records (no need to read their dates yet); else entries."""
    if isinstance(old, Entry) or isinstance(new, Entry):
        return _merge_entries(_as_entry(old), _as_entry(new))
    from newswatch import phoenix

    return phoenix.merge(old, new)


def _merge_entries(old: Entry, new: Entry) -> Entry:
    """`new` replaces the scalar fields it sets and extends aliases and tenures.

    A new tenure with the same code as an older, overlapping one replaces it: the later
    source has the better dates (Phoenix, from 2014, leaves many offices open).
    """
    aliases = [a for a in (old.name, *old.aliases, *new.aliases) if a != new.name]
    kept = tuple(t for t in old.tenures if not any(_overlap(t, n) for n in new.tenures))
    return Entry(
        name=new.name,
        kind=new.kind,
        country=new.country or old.country,
        gender=new.gender or old.gender,
        aliases=tuple(dict.fromkeys(aliases)),
        code=new.code or old.code,
        tenures=kept + tuple(t for t in new.tenures if t not in kept),
        source=new.source,
    )


def _overlap(a: Tenure, b: Tenure) -> bool:
    """Same code and overlapping dates (None start or end: open on that side)."""
    return (
        a.code == b.code and (a.start or "") < (b.end or "~") and (b.start or "") < (a.end or "~")
    )


@cache
def _packaged() -> tuple[Entry | Record, ...]:
    """Phoenix dictionaries, then every packaged TOML file, in override order."""
    from newswatch import phoenix

    folder = resources.files("newswatch").joinpath("data/actors")
    items: list[Entry | Record] = []
    for filename, kind in PHOENIX_FILES:
        data = folder.joinpath("phoenix", filename).read_bytes()
        items += phoenix.scan(phoenix.decode(data), kind)
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".toml"):
            items += parse_toml(item.read_text("utf-8"), f"newswatch/data/actors/{item.name}")
    return tuple(items)


def read_toml(path: Path) -> list[Entry]:
    """Entries of a knowledge base file in the TOML format of `docs/actors-design.md`."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NewswatchError(E.E012, path=path, reason=exc) from exc
    return parse_toml(text, str(path))


def parse_toml(text: str, origin: str) -> list[Entry]:
    """Entries of TOML text; `origin` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NewswatchError(E.E012, path=origin, reason=exc) from exc
    _check_keys(data, {"actor"}, origin, "the file")
    tables = data.get("actor", [])
    if not isinstance(tables, list):
        raise NewswatchError(E.E012, path=origin, reason="`actor` must be [[actor]] tables")
    return [_toml_entry(table, origin) for table in tables]


_ENTRY_KEYS = {"name", "kind", "country", "gender", "aliases", "code", "source", "tenure"}
_TENURE_KEYS = {"role", "code", "start", "end"}


def _toml_entry(table: dict[str, Any], origin: str) -> Entry:
    _check_keys(table, _ENTRY_KEYS, origin, "[[actor]]")
    name = _text(table, "name", origin, required=True) or ""
    where = f"{origin} ({name})"
    kind = _text(table, "kind", where, required=True)
    if kind not in KINDS:
        raise NewswatchError(E.E012, path=where, reason=f"kind must be one of {', '.join(KINDS)}")
    country = _text(table, "country", where)
    if country is not None and not re.fullmatch(r"[A-Z]{3}", country):
        raise NewswatchError(E.E012, path=where, reason=f"country {country!r} is no ISO3 code")
    gender = _text(table, "gender", where)
    if gender not in (None, "male", "female"):
        raise NewswatchError(E.E012, path=where, reason="gender must be male or female")
    return Entry(
        name=name,
        kind=kind,
        country=country,
        gender=gender,
        aliases=_aliases(table.get("aliases", []), where),
        code=_code(table.get("code"), where),
        tenures=tuple(_tenure(t, where) for t in _tables(table.get("tenure", []), where)),
        source=_text(table, "source", where) or "newswatch",
    )


def _tenure(table: dict[str, Any], where: str) -> Tenure:
    _check_keys(table, _TENURE_KEYS, where, "[[actor.tenure]]")
    code = _code(table.get("code"), where)
    if code is None:
        raise NewswatchError(E.E012, path=where, reason="every tenure needs a code")
    start, end = _iso(table.get("start"), where), _iso(table.get("end"), where)
    if start and end and end <= start:
        raise NewswatchError(E.E012, path=where, reason=f"tenure ends ({end}) before it starts")
    return Tenure(role=_text(table, "role", where), code=code, start=start, end=end)


def _check_keys(table: dict[str, Any], known: set[str], where: str, what: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        reason = f"unknown keys in {what}: {', '.join(unknown)}"
        raise NewswatchError(E.E012, path=where, reason=reason)


def _text(table: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise NewswatchError(E.E012, path=where, reason=f"`{key}` must be a non-empty string")
    return value.strip()


def _aliases(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise NewswatchError(E.E012, path=where, reason="`aliases` must be a list of names")
    return tuple(dict.fromkeys(a.strip() for a in value))


def _tables(value: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise NewswatchError(E.E012, path=where, reason="`tenure` must be [[actor.tenure]] tables")
    return value


def _code(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not CAMEO_CODE.fullmatch(value):
        raise NewswatchError(E.E012, path=where, reason=f"{value!r} is no CAMEO code")
    return value


def _iso(value: Any, where: str) -> str | None:
    """An ISO date string; TOML's bare dates (2017-01-20 without quotes) are accepted too."""
    if value is None:
        return None
    if isinstance(value, _date):
        return value.isoformat()[:10]
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return _date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise NewswatchError(E.E012, path=where, reason=f"{value!r} is no date: use YYYY-MM-DD")
