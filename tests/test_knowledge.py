"""The actor knowledge base: Phoenix parsing, TOML files, overrides, codes on a date, speed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from newswatch import phoenix
from newswatch.errors import NewswatchError
from newswatch.knowledge import (
    CAMEO_CODE,
    KINDS,
    PHOENIX_FILES,
    Entry,
    KnowledgeBase,
    Tenure,
    is_country,
    match,
    normalise,
    parse_toml,
    read_toml,
)

ACTORS = resources.files("newswatch").joinpath("data/actors")
PACKAGED_TOML = sorted(f.name for f in ACTORS.iterdir() if f.name.endswith(".toml"))

MATTIS = """
[[actor]]
name = "James Mattis"
kind = "person"
country = "USA"
gender = "male"
aliases = ["Jim Mattis", "James N. Mattis"]

[[actor.tenure]]
role = "Secretary of Defense"
code = "USAGOV"
start = "2017-01-20"
end = "2019-01-01"
"""


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def phoenix_records() -> list[phoenix.Record]:
    folder = ACTORS.joinpath("phoenix")
    return [
        record
        for filename, kind in PHOENIX_FILES
        for record in phoenix.scan(phoenix.decode(folder.joinpath(filename).read_bytes()), kind)
    ]


@pytest.fixture(scope="module")
def phoenix_kb(phoenix_records: list[phoenix.Record]) -> KnowledgeBase:
    """The Phoenix dictionaries alone: their facts, whatever the packaged TOML files add."""
    return KnowledgeBase(phoenix_records)


@pytest.fixture
def mattis_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(MATTIS, "utf-8")
    return path


@pytest.fixture
def user_kb(mattis_file: Path) -> KnowledgeBase:
    """The user file alone, so that packaged entries cannot change the expected codes."""
    return KnowledgeBase(read_toml(mattis_file))


def codes(kb: KnowledgeBase, name: str, date: str | None) -> list[str | None]:
    return [m.code for m in kb.lookup(name, date)]


# Facts of the packaged Phoenix dictionaries (dated tenures from CountryInfo, before 2014).
@pytest.mark.parametrize(
    ("name", "date", "code"),
    [
        ("Vladimir Putin", "2017-03-31", "RUSGOV"),
        ("Putin", "2017-03-31", "RUSGOV"),
        ("Vladimir Putin", "1995-01-01", "RUSELI"),
        ("Margaret Thatcher", "1985-06-01", "GBRGOV"),
        ("Margaret Thatcher", "1979-05-04", "GBRGOV"),  # first day in office: start inclusive
        ("Margaret Thatcher", "1979-05-03", "GBRELI"),
        ("Margaret Thatcher", "1990-11-28", "GBRELI"),  # end exclusive: the undated code
        ("Helmut Kohl", "1990-10-03", "DEUGOV"),
        ("Nikita Khrushchev", "1960-01-01", "RUSGOV"),  # eight-digit dates
        ("Mohammad Zahir Shah", "1950-01-01", "AFGGOV"),
        ("Armenia", "1989-01-01", "USRARM"),  # "<900823"
        ("Armenia", "2000-01-01", "ARM"),  # ">911221"
        ("Russia", "2017-03-31", "RUS"),
        ("Kremlin", "2017-03-31", "RUSGOV"),
        ("NATO", None, "IGOWSTNAT"),
        ("the EU", None, "IGOEUREEC"),
        ("European Union", None, "IGOEUREEC"),
        ("U.N.", None, "IGOUNO"),
        ("Hamas", None, "PSEREBHMS"),
    ],
)
def test_phoenix_codes_on_a_date(
    phoenix_kb: KnowledgeBase, name: str, date: str | None, code: str
) -> None:
    assert codes(phoenix_kb, name, date)[0] == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Vladimir Putin", "RUSGOV"),
        ("Kremlin", "RUSGOV"),
        ("NATO", "IGOWSTNAT"),
        ("EU", "IGOEUREEC"),
    ],
)
def test_packaged_codes_in_2017(kb: KnowledgeBase, name: str, code: str) -> None:
    assert codes(kb, name, "2017-03-31")[0] == code


def test_match_fields(kb: KnowledgeBase) -> None:
    found = kb.lookup("Vladimir Putin", "2017-03-31")[0]
    assert (found.country, found.sector, found.entry.kind) == ("RUS", "GOV", "person")
    assert found.entry.source in ("phoenix", "newswatch")
    nato = kb.lookup("NATO", None)[0]
    assert (nato.country, nato.sector, nato.entry.kind) == (None, None, "organization")


def test_size_and_kinds(kb: KnowledgeBase) -> None:
    assert len(kb) > 25_000
    assert kb.lookup("Russia", None)[0].entry.kind == "country"
    assert kb.lookup("Hamas", None)[0].entry.kind == "group"


def test_by_surname_puts_office_holders_first(kb: KnowledgeBase) -> None:
    found = kb.by_surname("Obama", "2012-01-01")
    assert found[0].entry.name == "Barack Obama" and found[0].code == "USAGOV"
    assert all(m.entry.kind == "person" for m in found)
    assert kb.by_surname("Kremlin", None) == []


def test_load_adds_user_files(mattis_file: Path) -> None:
    kb = KnowledgeBase.load([mattis_file])
    found = kb.lookup("Jim Mattis", "2017-03-31")[0]
    assert found.code == "USAGOV" and "Secretary of Defense" in found.roles
    assert kb.lookup("Jim Mattis", "2020-06-01")[0].sector != "GOV"
    assert len(kb) >= len(KnowledgeBase.load())


def test_user_file_adds_an_entry_with_a_tenure(user_kb: KnowledgeBase) -> None:
    found = user_kb.lookup("Jim Mattis", "2017-03-31")[0]
    assert (found.code, found.country, found.sector) == ("USAGOV", "USA", "GOV")
    assert found.roles == ("Secretary of Defense",)
    assert found.entry.gender == "male"
    later = user_kb.lookup("James Mattis", "2020-06-01")[0]
    assert (later.code, later.roles) == ("USAELI", ())  # a former office holder is elite
    before = user_kb.lookup("James N. Mattis", "2010-01-01")[0]
    assert (before.code, before.country) == (None, "USA")
    assert any(m.entry.name == "James Mattis" for m in user_kb.by_surname("Mattis", None))


@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("2017-01-19", None),
        ("2017-01-20", "USAGOV"),  # start inclusive
        ("2018-12-31", "USAGOV"),
        ("2019-01-01", "USAELI"),  # end exclusive
    ],
)
def test_tenure_boundaries(user_kb: KnowledgeBase, date: str, code: str | None) -> None:
    assert codes(user_kb, "James Mattis", date)[0] == code


def test_user_file_overrides_phoenix(phoenix_records: list[phoenix.Record], tmp_path: Path) -> None:
    path = tmp_path / "putin.toml"
    path.write_text(
        '[[actor]]\nname = "VLADIMIR PUTIN"\nkind = "person"\ncountry = "RUS"\n'
        'aliases = ["Vova"]\n[[actor.tenure]]\nrole = "President of Russia"\n'
        'code = "RUSGOV"\nstart = 2012-05-07\n',
        "utf-8",
    )
    kb = KnowledgeBase([*phoenix_records, *read_toml(path)])
    found = kb.lookup("Vova", "2017-03-31")
    assert len(found) == 1 and found[0].roles == ("President of Russia",)
    entry = found[0].entry
    assert entry.name == "VLADIMIR PUTIN" and "Vladimir Putin" in entry.aliases
    assert kb.lookup("President Putin", "2017-03-31")[0].entry is entry  # Phoenix aliases kept
    # The newer, overlapping RUSGOV tenure replaces Phoenix's open one from 2008.
    assert Tenure(None, "RUSGOV", "2008-05-08", None) not in entry.tenures
    assert codes(kb, "Vova", "2010-01-01") == ["RUSELI"]


def test_namesakes_in_other_countries_stay_apart() -> None:
    first = Entry("Ali Hassan", "person", "EGY", None, (), "EGYGOV", (), "a")
    second = Entry("Ali Hassan", "person", "IRQ", None, (), "IRQGOV", (), "b")
    same = Entry("ALI HASSAN", "person", None, "male", ("A. Hassan",), None, (), "c")
    kb = KnowledgeBase([first, second, same])
    assert len(kb) == 2
    assert sorted(str(code) for code in codes(kb, "Ali Hassan", None)) == ["EGYGOV", "IRQGOV"]
    assert [m.entry.gender for m in kb.lookup("A. Hassan", None)] == ["male"]


def test_today_prefers_open_tenures() -> None:
    entry = Entry(
        "X Y",
        "person",
        "FRA",
        None,
        (),
        None,
        (Tenure("old", "FRAGOV", "2000-01-01", "2999-01-01"), Tenure("new", "FRAMIL", None, None)),
        "t",
    )
    assert match(entry, None).code == "FRAMIL"
    assert match(entry, "2010-01-01").code == "FRAGOV"  # a dated lookup: latest start wins


def test_load_is_cached_per_files(mattis_file: Path) -> None:
    first = KnowledgeBase.load([mattis_file])
    assert KnowledgeBase.load([str(mattis_file)]) is first
    assert KnowledgeBase.load() is not first


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Vladimir Putin", "vladimir putin"),
        ("VLADIMIR_PUTIN_", "vladimir putin"),
        ("  Émile   Zola ", "emile zola"),
        ("U.S. State-Department", "us state department"),
        ("O’Brien", "obrien"),
        ("Ban Ki–moon", "ban ki moon"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_lookup_ignores_case_accents_and_punctuation(kb: KnowledgeBase) -> None:
    assert codes(kb, "vladimir_PUTIN", "2017-03-31")[0] == "RUSGOV"
    assert codes(kb, "Recep Tayyip Erdoğan", "2017-03-31")[0] == "TURGOV"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("VLADIMIR_PUTIN_", "Vladimir Putin"),
        ("NATO_", "NATO"),
        ("U.S._STATE_DEPARTMENT", "U.S. State Department"),
        ("THE_EUROPEAN_UNION_", "European Union"),
        ("WOMEN'S_FEDERATION_FOR_WORLD_PEACE_", "Women's Federation for World Peace"),
        ("CHARLES_DE_GAULLE", "Charles de Gaulle"),
        ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_", "Aden Abyan Islamic Army (AAIA)"),
    ],
)
def test_title_name(raw: str, expected: str) -> None:
    assert phoenix.title_name(raw) == expected


PHOENIX_SAMPLE = """# comment [XXX]
AFGHANISTAN_  [AFG]
+KABUL_

LEONID_BREZHNEV_  # CountryInfo.txt
LEONID_ILYICH_BREZHNEV
\t[RUSELI 19240101-641014]
\t[RUSGOV 641014-821110]
INDIAN_OCEAN  [---]
SOME_PERSON_  # CountryInfo.txt
\t[ABCGOV >9008223]
\t[FRAGOV <500101]
\t[FRAGOV 990101-980101]
\t[FRAELI]
UN_ [IGOUNO] [---] # inline codes
JAVIER_SOLANA_	[IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006]
"""


def test_phoenix_scan() -> None:
    entries = [phoenix.entry(r) for r in phoenix.scan(PHOENIX_SAMPLE, "organization")]
    names = [(e.name, e.kind, e.country) for e in entries]
    assert names == [
        ("Afghanistan", "country", "AFG"),
        ("Leonid Brezhnev", "person", "RUS"),
        ("Some Person", "person", "FRA"),
        ("UN", "organization", None),
        ("Javier Solana", "person", None),
    ]
    afghanistan, brezhnev, person, un, solana = entries
    assert afghanistan.aliases == ("Kabul",) and afghanistan.code == "AFG"
    assert brezhnev.aliases == ("Leonid Ilyich Brezhnev",)  # a codeless headword joins
    assert brezhnev.tenures == (
        Tenure(None, "RUSELI", "1924-01-01", "1964-10-14"),
        Tenure(None, "RUSGOV", "1964-10-14", "1982-11-10"),
    )
    # A 7-digit date and a reversed interval are dropped; "<" is an end; "1950" is 19xx.
    assert person.tenures == (Tenure(None, "FRAGOV", None, "1950-01-01"),)
    assert person.code == "FRAELI"
    assert un.code == "IGOUNO" and un.tenures == ()
    assert [t.code for t in solana.tenures] == ["IGOEUREEC", "IGOWSTNAT"]


@pytest.mark.parametrize("filename", PACKAGED_TOML)
def test_packaged_toml_files_parse_with_cameo_codes(filename: str) -> None:
    text = ACTORS.joinpath(filename).read_text("utf-8")
    entries = parse_toml(text, filename)
    assert entries, f"{filename} has no [[actor]]"
    for entry in entries:
        assert entry.kind in KINDS
        assert entry.country is None or is_country(entry.country), entry.name
        for code in [entry.code, *(t.code for t in entry.tenures)]:
            assert code is None or CAMEO_CODE.fullmatch(code), (entry.name, code)


def test_phoenix_files_keep_their_licence() -> None:
    folder = ACTORS.joinpath("phoenix")
    header = folder.joinpath("Phoenix.Countries.actors.txt").read_bytes()[:3000]
    assert b"The MIT License (MIT)" in header
    assert b"Copyright (c) 2014 Open Event Data Alliance" in header
    readme = folder.joinpath("README.md").read_text("utf-8")
    assert "Phoenix/PETRARCH dictionaries, Copyright (c) 2014 Open Event Data Alliance" in readme


@pytest.mark.parametrize(
    ("toml", "reason"),
    [
        ('[[actor]]\nkind = "person"\n', "`name`"),
        ('[[actor]]\nname = "A"\nkind = "robot"\n', "kind"),
        ('[[actor]]\nname = "A"\nkind = "person"\nnickname = "B"\n', "unknown keys"),
        ('[[actor]]\nname = "A"\nkind = "person"\ncode = "usagov"\n', "CAMEO"),
        ('[[actor]]\nname = "A"\nkind = "person"\ncountry = "United States"\n', "ISO3"),
        (
            '[[actor]]\nname = "A"\nkind = "person"\n[[actor.tenure]]\nstart = "2017-01-01"\n',
            "code",
        ),
        (
            '[[actor]]\nname = "A"\nkind = "person"\n[[actor.tenure]]\ncode = "USAGOV"\n'
            'start = "2017-02-30"\n',
            "YYYY-MM-DD",
        ),
        (
            '[[actor]]\nname = "A"\nkind = "person"\n[[actor.tenure]]\ncode = "USAGOV"\n'
            'start = "2017-01-01"\nend = "2016-01-01"\n',
            "before it starts",
        ),
        ("[[actor]\n", "E012"),
    ],
)
def test_bad_files_fail_with_e012(toml: str, reason: str) -> None:
    with pytest.raises(NewswatchError, match=r"^E012") as failure:
        parse_toml(toml, "bad.toml")
    assert reason in str(failure.value)


def test_missing_user_file_fails_with_e012(tmp_path: Path) -> None:
    with pytest.raises(NewswatchError, match=r"^E012"):
        KnowledgeBase.load([tmp_path / "nope.toml"])


def test_bad_lookup_date_fails_with_e007(kb: KnowledgeBase) -> None:
    with pytest.raises(NewswatchError, match=r"^E007"):
        kb.lookup("Putin", "31 March 2017")
