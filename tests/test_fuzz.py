"""Fuzzing ingestion: coverage-guided with atheris for a bounded time, and with hypothesis.

Both drive `check` of tests/fuzz/fuzz_ingest.py: any bytes under any file name ingestion
knows end as documents or skips with a reason, never an exception or an "internal error".
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO

TARGET = REPO / "tests" / "fuzz" / "fuzz_ingest.py"
FUZZ_SECONDS = 30


def _load_target() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_ingest", TARGET)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


target = _load_target()
HOSTILE = REPO / "tests" / "data" / "hostile"
SEEDS = sorted(p for p in HOSTILE.iterdir() if p.name != "README.md")


def _cut_seeds() -> st.SearchStrategy[bytes]:
    """A hostile case cut at any point, or with a run of bytes overwritten."""
    seed = st.sampled_from(SEEDS).map(lambda p: p.read_bytes()[:8192])
    cut = seed.flatmap(lambda b: st.integers(0, len(b)).map(lambda n: b[:n]))
    patched = st.tuples(seed, st.integers(0, 8192), st.binary(min_size=1, max_size=64)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + len(t[2]) :]
    )
    return st.one_of(cut, patched)


def test_atheris_finds_no_crash_in_bounded_time(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    args = [
        sys.executable,
        str(TARGET),
        f"-max_total_time={FUZZ_SECONDS}",
        "-max_len=8192",
        "-timeout=20",  # one input taking this long is reported as a hang
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        str(tmp_path),  # new inputs are written here, not into the seed corpus
        str(HOSTILE),
    ]
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=FUZZ_SECONDS * 4, check=False
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-3000:]
    runs = int(re.search(r"stat::number_of_executed_units:\s*(\d+)", log)[1])  # type: ignore[index]
    print(f"atheris: {runs} inputs in {FUZZ_SECONDS} s, no crash")
    assert runs > 100


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096) | _cut_seeds(), suffix=st.sampled_from(target.SUFFIXES))
def test_any_bytes_under_any_name_are_read_or_skipped(data: bytes, suffix: str) -> None:
    target.check(data, suffix)
