"""Countries by what the news calls them: names, demonyms, capitals and government metonyms.

pycountry gives the ISO 3166 names and codes; `data/countries.toml` adds what the news says
instead ("the UK", "Britain", "America"), the demonyms ("British", "Americans"), the capitals
("Moscow") and the buildings that stand for a government ("Kremlin" -> RUS GOV, "Brussels" ->
the EU, CAMEO code IGOEUREEC). Matching ignores case, accents and punctuation, a leading "the"
and a trailing possessive ("Russia's"). Codes are ISO alpha-3, except for CAMEO's codes of
states without one (KSV Kosovo, SUN the Soviet Union...).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry

from newswatch.knowledge import normalise

_POSSESSIVE = re.compile(r"['’]s?\s*$")


@dataclass(frozen=True, slots=True)
class _Tables:
    names: dict[str, str]  # normalised name or capital -> code
    demonyms: dict[str, str]  # normalised demonym -> code
    metonyms: dict[str, tuple[str | None, str]]  # normalised metonym -> (country, code/sector)
    display: dict[str, str]  # code -> display name


def _key(text: str) -> str:
    """Lookup key: normalised, without a possessive or a leading "the"."""
    key = normalise(_POSSESSIVE.sub("", text))
    return key[4:] if key.startswith("the ") else key


def country(text: str) -> str | None:
    """The country a name, abbreviation or capital means: "the UK", "Moscow" -> ISO3."""
    return _tables().names.get(_key(text))


def demonym(text: str) -> str | None:
    """The country of a demonym, singular or plural: "British", "Americans" -> ISO3."""
    key, demonyms = _key(text), _tables().demonyms
    found = demonyms.get(key)
    if found is None and key.endswith("s"):
        found = demonyms.get(key[:-1])  # "Russians", "Britons"
    return found


def metonym(text: str) -> tuple[str | None, str] | None:
    """A place standing for a government: "Kremlin" -> ("RUS", "GOV").

    The second item is the CAMEO sector for a country's government, or the whole CAMEO code
    when the first is None (an international body: "Brussels" -> (None, "IGOEUREEC")).
    """
    return _tables().metonyms.get(_key(text))


def name_of(code: str) -> str | None:
    """The usual English name of a country code ("GBR" -> "United Kingdom"); "USAGOV" too."""
    return _tables().display.get(code[:3].upper()) if len(code) >= 3 else None


@cache
def _tables() -> _Tables:
    text = resources.files("newswatch").joinpath("data/countries.toml").read_text("utf-8")
    data = tomllib.loads(text)
    tables = _Tables(names={}, demonyms={}, metonyms={}, display={})
    _add_pycountry(tables)
    for code, info in data["countries"].items():
        _add_country(tables, code, info)
    for name, (where, what) in data["metonyms"].items():
        tables.metonyms[_key(name)] = (where or None, what)
    return tables


def _add_pycountry(tables: _Tables) -> None:
    """ISO names, official and common names; historic states only for their display name."""
    for record in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(record, attribute, None)
            if name:
                tables.names.setdefault(_key(name), record.alpha_3)
        tables.display[record.alpha_3] = getattr(record, "common_name", None) or record.name
    for record in pycountry.historic_countries:
        tables.display.setdefault(record.alpha_3, record.name)


def _add_country(tables: _Tables, code: str, info: dict[str, Any]) -> None:
    """The data file's names win over pycountry's; capitals only fill gaps."""
    for capital in info.get("capitals", []):
        tables.names.setdefault(_key(capital), code)
    for name in info.get("names", []):
        tables.names[_key(name)] = code
    for word in info.get("demonyms", []):
        tables.demonyms.setdefault(_key(word), code)
    if "name" in info:
        tables.display[code] = info["name"]
        tables.names[_key(info["name"])] = code
