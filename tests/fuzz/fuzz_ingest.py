"""Fuzz target for ingestion: any bytes, under any file name ingestion knows, end as documents
or skips with a reason, never as an exception or an "internal error".

Run by tests/test_fuzz.py for a bounded time with atheris (coverage-guided, libFuzzer),
seeded with the hostile corpus; new inputs go to the first folder:

    python tests/fuzz/fuzz_ingest.py -max_total_time=20 NEW_DIR tests/data/hostile

`check(data, suffix)` is the target itself, which the hypothesis test also drives, so it runs
where atheris does not install (it is only on PyPI for Linux x86-64).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

try:
    import atheris
except ImportError:  # the hypothesis test imports this module without it
    atheris = None

# Coverage feedback for newswatch's own code (and the readers it calls) when fuzzing.
with atheris.instrument_imports() if atheris else contextlib.nullcontext():
    from newswatch import ingest
    from newswatch.clean import Clean
    from newswatch.errors import Skip
    from newswatch.options import Options
    from newswatch.pipeline import Work
    from newswatch.schema import Article

SUFFIXES = (".txt", ".html", ".html.gz", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz")
OPTIONS = Options.load(None, {"store.db": "", "ingest.max_bytes": 200_000})
CLEAN = Clean(OPTIONS)
_DIR = Path(tempfile.mkdtemp(prefix="newswatch-fuzz-"))


def check(data: bytes, suffix: str) -> int:
    """Ingest `data` as a file with `suffix`, clean each plain-text document; return how many."""
    path = _DIR / f"input{suffix}"
    path.write_bytes(data)
    count = 0
    for item in ingest.documents(str(path), OPTIONS.ingest):
        count += 1
        if isinstance(item, ingest.Skipped):
            if item.skip.reason == "internal error":
                raise AssertionError(f"{suffix}: {item.skip}")
            continue
        if item.kind == "text":  # HTML extraction is slow; the hostile corpus covers it
            with contextlib.suppress(Skip):
                CLEAN(Work(item.content, Article()))
    return count


def one_input(data: bytes) -> None:
    """libFuzzer's entry: the first byte picks the file name, the rest is the content."""
    if not data:
        return
    check(data[1:], SUFFIXES[data[0] % len(SUFFIXES)])


if __name__ == "__main__":
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
