"""Country names, demonyms, capitals and government metonyms as the news writes them."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pycountry
import pytest

from newswatch.countries import country, demonym, metonym, name_of
from newswatch.knowledge import CAMEO_CODE, is_country

DATA: dict[str, Any] = tomllib.loads(
    resources.files("newswatch").joinpath("data/countries.toml").read_text("utf-8")
)
COUNTRIES: dict[str, dict[str, Any]] = DATA["countries"]
# Demonyms shared with another country, given to that one ("Dominican", "Congolese").
NO_DEMONYM = {"DMA", "COG"}
# Territories and former states: no capitals, so that "Moscow" is never the Soviet Union.
NO_CAPITAL = {"HKG", "MAC", "PRI", "GRL", "ESH", "SUN", "YUG", "DDR", "CSK"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia", "RUS"),
        ("the Russian Federation", "RUS"),
        ("Russia's", "RUS"),
        ("Moscow", "RUS"),
        ("the UK", "GBR"),
        ("U.K.", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("United Kingdom", "GBR"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("the States", "USA"),
        ("United States of America", "USA"),
        ("Washington", "USA"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("the Netherlands", "NLD"),
        ("Holland", "NLD"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("Taiwan", "TWN"),
        ("Palestine", "PSE"),
        ("Gaza Strip", "PSE"),
        ("Kosovo", "KSV"),
        ("Beijing", "CHN"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Damascus", "SYR"),
        ("Brussels", "BEL"),
        ("the Soviet Union", "SUN"),
        ("UAE", "ARE"),
        ("DRC", "COD"),
        ("Germany", "DEU"),
        ("FRANCE", "FRA"),
    ],
)
def test_country(text: str, code: str) -> None:
    assert country(text) == code


@pytest.mark.parametrize("text", ["", "Putin", "the", "Europe", "can", "it"])
def test_not_a_country(text: str) -> None:
    assert country(text) is None


# G20, NATO, the EU, the Middle East, Africa's and Asia's largest.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("British", "GBR"),
        ("Briton", "GBR"),
        ("Britons", "GBR"),
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("Chinese", "CHN"),
        ("Syrian", "SYR"),
        ("Afghan", "AFG"),
        ("Iraqi", "IRQ"),
        ("Ukrainian", "UKR"),
        ("German", "DEU"),
        ("French", "FRA"),
        ("Italian", "ITA"),
        ("Spanish", "ESP"),
        ("Canadian", "CAN"),
        ("Japanese", "JPN"),
        ("Indian", "IND"),
        ("Brazilian", "BRA"),
        ("Mexican", "MEX"),
        ("Argentine", "ARG"),
        ("Australian", "AUS"),
        ("South Korean", "KOR"),
        ("North Korean", "PRK"),
        ("Indonesian", "IDN"),
        ("Saudi", "SAU"),
        ("Turkish", "TUR"),
        ("South African", "ZAF"),
        ("Polish", "POL"),
        ("Dutch", "NLD"),
        ("Belgian", "BEL"),
        ("Norwegian", "NOR"),
        ("Danish", "DNK"),
        ("Greek", "GRC"),
        ("Hungarian", "HUN"),
        ("Romanian", "ROU"),
        ("Czech", "CZE"),
        ("Swedish", "SWE"),
        ("Finnish", "FIN"),
        ("Irish", "IRL"),
        ("Austrian", "AUT"),
        ("Portuguese", "PRT"),
        ("Iranian", "IRN"),
        ("Israeli", "ISR"),
        ("Israelis", "ISR"),
        ("Palestinian", "PSE"),
        ("Lebanese", "LBN"),
        ("Jordanian", "JOR"),
        ("Egyptian", "EGY"),
        ("Yemeni", "YEM"),
        ("Qatari", "QAT"),
        ("Emirati", "ARE"),
        ("Kuwaiti", "KWT"),
        ("Nigerian", "NGA"),
        ("Ethiopian", "ETH"),
        ("Congolese", "COD"),
        ("Kenyan", "KEN"),
        ("Algerian", "DZA"),
        ("Sudanese", "SDN"),
        ("Moroccan", "MAR"),
        ("Pakistani", "PAK"),
        ("Bangladeshi", "BGD"),
        ("Filipino", "PHL"),
        ("Vietnamese", "VNM"),
        ("Thai", "THA"),
        ("Burmese", "MMR"),
        ("Taiwanese", "TWN"),
        ("Kosovar", "KSV"),
        ("Swiss", "CHE"),
    ],
)
def test_demonym(text: str, code: str) -> None:
    assert demonym(text) == code


@pytest.mark.parametrize("text", ["Putin", "Russia", "Europeans", ""])
def test_not_a_demonym(text: str) -> None:
    assert demonym(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kremlin", ("RUS", "GOV")),
        ("the Kremlin", ("RUS", "GOV")),
        ("The Kremlin's", ("RUS", "GOV")),
        ("White House", ("USA", "GOV")),
        ("the White House", ("USA", "GOV")),
        ("Pentagon", ("USA", "MIL")),
        ("State Department", ("USA", "GOV")),
        ("Foggy Bottom", ("USA", "GOV")),
        ("Capitol Hill", ("USA", "LEG")),
        ("Congress", ("USA", "LEG")),
        ("Downing Street", ("GBR", "GOV")),
        ("Number 10", ("GBR", "GOV")),
        ("No. 10", ("GBR", "GOV")),
        ("Whitehall", ("GBR", "GOV")),
        ("Westminster", ("GBR", "LEG")),
        ("Élysée", ("FRA", "GOV")),
        ("Elysee Palace", ("FRA", "GOV")),
        ("Quai d’Orsay", ("FRA", "GOV")),
        ("Zhongnanhai", ("CHN", "GOV")),
        ("the Bundestag", ("DEU", "LEG")),
        ("Brussels", (None, "IGOEUREEC")),
    ],
)
def test_metonym(text: str, expected: tuple[str | None, str]) -> None:
    assert metonym(text) == expected


def test_not_a_metonym() -> None:
    assert metonym("Moscow") is None
    assert metonym("Vladimir Putin") is None


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("GBR", "United Kingdom"),
        ("USA", "United States"),
        ("RUS", "Russia"),
        ("KOR", "South Korea"),
        ("DEU", "Germany"),
        ("CIV", "Ivory Coast"),
        ("KSV", "Kosovo"),
        ("SUN", "Soviet Union"),
        ("USAGOV", "United States"),
        ("IGOUNO", None),
        ("XX", None),
    ],
)
def test_name_of(code: str, name: str | None) -> None:
    assert name_of(code) == name


@pytest.mark.parametrize("code", sorted(COUNTRIES))
def test_every_table_row_is_a_known_country_that_round_trips(code: str) -> None:
    info = COUNTRIES[code]
    assert is_country(code)
    assert set(info) <= {"name", "names", "demonyms", "capitals"}
    assert bool(info["demonyms"]) is (code not in NO_DEMONYM)
    assert bool(info["capitals"]) is (code not in NO_CAPITAL)
    for text in [*info.get("names", []), *info["capitals"]]:
        assert country(text) == code, text
    for text in info["demonyms"]:
        assert demonym(text) == code, text
    assert name_of(code)


def test_the_table_covers_every_un_member() -> None:
    # 193 members and 2 observers (PSE, VAT), plus Taiwan and Kosovo, all with capitals.
    sovereign = {c for c in COUNTRIES if c not in NO_CAPITAL}
    assert len(sovereign) >= 197
    iso = {c.alpha_3 for c in pycountry.countries}
    assert sovereign - iso == {"KSV"}  # every other row is an ISO 3166 country


def test_demonyms_are_not_shared() -> None:
    seen: dict[str, str] = {}
    for code, info in COUNTRIES.items():
        for word in info["demonyms"]:
            assert seen.setdefault(word.casefold(), code) == code, word


@pytest.mark.parametrize("name", sorted(DATA["metonyms"]))
def test_metonym_rows_are_cameo(name: str) -> None:
    where, what = DATA["metonyms"][name]
    if where:
        assert is_country(where) and len(what) == 3 and what.isupper()
    else:
        assert CAMEO_CODE.fullmatch(what)
    assert metonym(name) == (where or None, what)
