"""Hostile inputs: each case of scripts/make_hostile.py ends as an allowed outcome, and none
crashes, hangs or exhausts the memory of the batch that holds them all."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO, assert_contract

HOSTILE = REPO / "tests" / "data" / "hostile"
NEWSWATCH = Path(sys.executable).with_name("newswatch")
# The model and the largest case held at once; 3 GB was reached before analyze.max_chars.
MAX_RSS_MB = 1500
BATCH_SECONDS = 900  # a hang would otherwise hold CI until its own limit
_SKIP_LINE = re.compile(r"^newswatch: skipped (\S+): ([^(]+?)(?: \(.*\))?$")
_RECORD = re.compile(r"(?:#\d+|:\d+)$")  # crawl.warc#2, dump.jsonl:3


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_hostile", REPO / "scripts/make_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_hostile"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


make_hostile = _load_script()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every case, the large ones and the special files included, in one folder."""
    out = tmp_path_factory.mktemp("hostile")
    make_hostile.write(out, everything=True)
    make_hostile.make_special(out)
    return out


def test_the_corpus_has_at_least_40_cases() -> None:
    assert len(make_hostile.CASES) + len(make_hostile.SPECIAL) >= 40


def test_committed_cases_are_what_the_script_writes(tmp_path: Path) -> None:
    written = set(make_hostile.write(tmp_path))
    committed = {p.name for p in HOSTILE.iterdir() if p.name != "README.md"}
    assert committed == written
    for name in written:
        assert (HOSTILE / name).read_bytes() == (tmp_path / name).read_bytes(), name


def _run_batch(corpus: Path, tmp_path: Path) -> tuple[int, str, str, int]:
    """Run `newswatch analyze` on the corpus; return exit status, stdout, stderr, peak RSS MB."""
    out, err = tmp_path / "out.jsonl", tmp_path / "err.txt"
    args = [str(NEWSWATCH), "analyze", str(corpus), "--db", str(tmp_path / "h.db")]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(args, stdout=stdout, stderr=stderr, cwd=tmp_path)
        timer = threading.Timer(BATCH_SECONDS, proc.kill)
        timer.start()
        try:
            # wait4 gives this child's own peak memory, not that of every child so far.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out.read_text("utf-8"), err.read_text("utf-8"), usage.ru_maxrss // 1024


def _outcomes(corpus: Path, out: str, err: str) -> dict[str, set[str]]:
    """Each case's outcomes: "article" per analysed record, and each skip reason."""
    found: dict[str, set[str]] = defaultdict(set)

    def case(path: str) -> str:
        return _RECORD.sub("", Path(path).name)

    for line in out.splitlines():
        article = json.loads(line)
        assert_contract(article)
        found[case(article["source"]["path"])].add(make_hostile.ARTICLE)
    for line in err.splitlines():
        if match := _SKIP_LINE.match(line):
            found[case(match[1])].add(match[2])
    return found


def test_every_case_ends_as_one_of_its_outcomes(corpus: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    code, out, err, rss_mb = _run_batch(corpus, tmp_path)
    seconds = time.monotonic() - started
    print(f"hostile batch: {len(os.listdir(corpus))} cases, {seconds:.1f} s, peak RSS {rss_mb} MB")
    assert code == 0, err[-2000:]
    assert "Traceback" not in err
    found = _outcomes(corpus, out, err)
    # A time limit or an internal error would be a bug: no case allows either.
    wrong = [
        f"{case.name}: got {sorted(got)}, allowed {sorted(case.outcomes())}"
        for case in make_hostile.CASES
        if not (got := found.get(case.name, set()))
        or not got <= case.outcomes()
        or not set(case.require) <= got
    ]
    wrong += [
        f"{name}: got {sorted(found.get(name, ()))}, allowed [{reason!r}]"
        for name, (_, reason) in make_hostile.SPECIAL.items()
        if found.get(name) != {reason}
    ]
    assert not wrong, "\n".join(wrong)
    assert rss_mb < MAX_RSS_MB
