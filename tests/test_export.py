"""Tests for the exports: each format opens in pandas or pyarrow, GDELT's columns in its order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from explore_data import accuse_article
from newswatch.export import EVENT_SCHEMA, GDELT_COLUMNS, Cameo, export
from newswatch.options import Options
from newswatch.schema import Article
from newswatch.store import Store

# GDELT 2.0 event table columns, written out in full from the GDELT Event Codebook V2.0.
GDELT_CODEBOOK = """GlobalEventID Day MonthYear Year FractionDate Actor1Code Actor1Name
Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code
Actor1Type1Code Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode
Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code Actor2Type1Code
Actor2Type2Code Actor2Type3Code IsRootEvent EventCode EventBaseCode EventRootCode QuadClass
GoldsteinScale NumMentions NumSources NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName
Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long
Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code
Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type
ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL""".split()  # noqa: SIM905


def _second_copy() -> Article:
    """The same events reported by another publisher on the same day, one of them negated."""
    article = accuse_article(extra=" Other paper.")
    article.source.publisher = "Other"
    article.events[2].negated = True
    return article


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "news.db") as store:
        store.save([accuse_article(), _second_copy()])
        yield store


def _export(store: Store, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"out.{fmt}"
    export(store, fmt, str(out), Options.load())
    return out


def test_jsonl_round_trips_articles(db: Store, tmp_path: Path) -> None:
    frame = pd.read_json(_export(db, "jsonl", tmp_path), lines=True)
    assert len(frame) == 2
    assert set(frame["schema"]) == {"newswatch/1"}


def test_csv_has_event_columns(db: Store, tmp_path: Path) -> None:
    frame = pd.read_csv(_export(db, "csv", tmp_path))
    assert list(frame.columns) == [c for c, _, _ in EVENT_SCHEMA]
    accuse = frame[frame["type"] == "ACCUSE"]
    assert set(accuse["source_names"]) == {"James Mattis", "Michael Fallon"}
    assert set(accuse["goldstein"]) == {-2.0}
    assert set(frame["cameo"].astype(str)) == {"112", "40"}  # CONSULT's default 040 as a number


def test_parquet_schema_and_types(db: Store, tmp_path: Path) -> None:
    table = pq.read_table(_export(db, "parquet", tmp_path))
    assert table.schema.names == [c for c, _, _ in EVENT_SCHEMA]
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("source_codes").type.value_type) == "string"
    frame = table.to_pandas()
    assert len(frame) == 6
    assert list(frame.loc[0, "target_codes"]) == ["RUS"]
    assert frame["quad_class"].tolist().count(3) == 4  # the four ACCUSE events: verbal conflict


def test_plover_records(db: Store, tmp_path: Path) -> None:
    lines = _export(db, "plover", tmp_path).read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    first = records[0]
    assert first["event"] == ["ACCUSE"] and first["mode"] == ["allege"]
    assert first["actor"][0]["entity_text"] == "James Mattis"
    assert first["actor"][0]["code"] == "USA" and first["actor"][0]["sector"] == "GOV"
    assert first["recipient"][0]["code"] == "RUS"
    assert first["quad_code"] == 3 and first["event_scale"] == -2.0
    assert first["text"] == "Mattis accused Russia of interference in elections."
    assert len({r["id"] for r in records}) == 6


def _gdelt(store: Store, tmp_path: Path) -> Any:
    path = _export(store, "gdelt", tmp_path)
    return pd.read_csv(path, sep="\t", header=None, names=GDELT_COLUMNS, dtype=str)


def test_gdelt_has_gdelts_61_columns_in_order(db: Store, tmp_path: Path) -> None:
    assert list(GDELT_COLUMNS) == GDELT_CODEBOOK
    frame = _gdelt(db, tmp_path)
    raw = _export(db, "gdelt", tmp_path).read_text("utf-8").splitlines()
    assert {len(line.split("\t")) for line in raw} == {61}
    assert len(frame) == 3  # USAGOV>RUS 112, GBRGOV>RUS 112, RUS>GBR 040 (one copy negated)


def test_gdelt_rows_count_mentions_sources_articles(db: Store, tmp_path: Path) -> None:
    frame = _gdelt(db, tmp_path).set_index("Actor1Code")
    usa = frame.loc["USAGOV"]
    assert (usa["Actor2Code"], usa["EventCode"], usa["EventRootCode"]) == ("RUS", "112", "11")
    assert (usa["Day"], usa["MonthYear"], usa["Year"]) == ("20170331", "201703", "2017")
    assert (usa["NumMentions"], usa["NumSources"], usa["NumArticles"]) == ("2", "2", "2")
    assert usa["GoldsteinScale"] == "-2.0" and usa["QuadClass"] == "3"
    assert usa["Actor1Name"] == "JAMES MATTIS" and usa["Actor1Type1Code"] == "GOV"
    assert usa["IsRootEvent"] == "1" and usa["SOURCEURL"] == "https://example.org/russia"
    consult = frame.loc["RUS"]
    assert (consult["NumMentions"], consult["EventCode"], consult["IsRootEvent"]) == (
        "1",
        "040",
        "0",
    )


def test_goldstein_falls_back_to_base_and_root() -> None:
    cameo = Cameo.load()
    assert cameo.scale("190") == -10.0
    assert cameo.scale("1129") == -2.0  # no such code: its base 112
    assert cameo.scale("99") is None
    assert cameo.quad("0211") == 1


def test_user_cameo_file_overrides(tmp_path: Path) -> None:
    user = tmp_path / "cameo.toml"
    user.write_text('[goldstein]\n"112" = -3.5\n[default_cameo]\nACCUSE = "111"\n', "utf-8")
    cameo = Cameo.load((str(user),))
    assert cameo.scale("112") == -3.5 and cameo.default["ACCUSE"] == "111"


def test_cli_export_to_stdout_and_errors(run: Any, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with Store(db) as store:
        store.save([accuse_article()])
    result = run("export", "--format", "plover", "--out", "-", "--db", str(db))
    assert result.code == 0 and len(result.out.splitlines()) == 3
    assert "exported 3 rows" in result.err
    bad = run("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"), "--db", str(db))
    assert bad.code == 1 and "E032" in bad.err
    assert run("export", "--format", "parquet", "--out", "-", "--db", str(db)).code == 1
