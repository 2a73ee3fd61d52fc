"""The quantities scorer and its gate on the hand-checked gold file."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import REPO
from newswatch.evaluate.quantities import (
    GoldItem,
    GoldQuantity,
    Tally,
    matches,
    measure_right,
    read_gold,
    score_item,
    score_quantities,
)
from newswatch.options import Options
from newswatch.schema import Quantity

GOLD = REPO / "tests" / "data" / "quantities-gold.jsonl"

# Floors a little under the figures in the README's Quality table.
MIN_PRECISION = 0.95
MIN_RECALL = 0.93
MIN_MEASURE = 0.90


def test_gold_floor() -> None:
    score = score_quantities(GOLD, Options.load())
    assert score.items == len(read_gold(GOLD)) > 50
    assert score.precision >= MIN_PRECISION, score.report()
    assert score.recall >= MIN_RECALL, score.report()
    assert score.extra["measure"] >= MIN_MEASURE, score.report()


def test_gold_reads_the_example_by_path() -> None:
    example = next(item for item in read_gold(GOLD) if item.from_file)
    assert "£10bn funding shortfall" in example.raw
    assert len(example.quantities) == 4


GOLD_Q = GoldQuantity("more than 300", 300.0, None, "people")


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        (Quantity("More than 300", 300.0, None, (0, 13)), True),
        (Quantity("300", 300.0, None, (10, 13)), True),
        (Quantity("more than 300", 30.0, None, (0, 13)), False),
        (Quantity("more than 300", 300.0, "percent", (0, 13)), False),
        (Quantity("400", 400.0, None, (0, 3)), False),
    ],
)
def test_matches(system: Quantity, expected: bool) -> None:
    assert matches(GOLD_Q, system) is expected


@pytest.mark.parametrize(
    ("gold", "system", "expected"),
    [
        ("the alliance's members", "the alliance’s members", True),
        ("GDP on defence", "GDP", True),
        ("spend on new hospitals", "government spend on new hospitals", True),
        ("funding shortfall", "budget", False),
        ("people", None, False),
    ],
)
def test_measure_right(gold: str, system: str | None, expected: bool) -> None:
    assert measure_right(gold, system) is expected


def test_tally_counts_misses_and_extras() -> None:
    item = GoldItem("x", "text", None, (GOLD_Q, GoldQuantity("2%", 2.0, "percent", None)), False)
    tally = Tally()
    score_item(item, [Quantity("300", 300.0, None, (0, 3), measure="dead"),
                      Quantity("7", 7.0, None, (5, 6))], tally)  # fmt: skip
    score = tally.score(1)
    assert (score.precision, score.recall, score.extra["measure"]) == (0.5, 0.5, 0.0)


def test_eval_quantities_command(run: Any) -> None:
    result = run("eval", "quantities", "--gold", str(GOLD))
    assert result.code == 0
    assert re.fullmatch(r"P=\d\.\d{3} R=\d\.\d{3} F1=\d\.\d{3}", result.out.splitlines()[-1])
    assert "measure=" in result.out.splitlines()[-2]
