"""Crash points for the crash-safety tests, in the manner of SQLite's own test hooks.

With `NEWSWATCH_CRASH_AT=store.child:37` in the environment, the process kills itself with
SIGKILL (nothing flushed, nothing rolled back, no `finally` run) the 37th time it reaches the
point named `store.child`. Several points may be given, separated by commas; the first one
reached its count wins. Unset, as in every normal run, a point costs one set lookup.

Points: `store.article` (inside a save transaction, after an article's row, before its
child rows), `store.commit` (all rows of a batch written, before COMMIT), `store.committed`
(right after COMMIT).
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "NEWSWATCH_CRASH_AT"


def _plan(spec: str) -> dict[str, int]:
    """Parse "point:count,point:count"; a bad entry is ignored, as the variable is for tests."""
    plan = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, count = item.partition(":")
        if count.isdigit():
            plan[name] = int(count)
    return plan


_PLAN = _plan(os.environ.get(ENV, ""))
_SEEN: Counter[str] = Counter()


def point(name: str) -> None:
    """Mark a crash point: kill the process here if the environment asks for it."""
    if name not in _PLAN:
        return
    _SEEN[name] += 1
    if _SEEN[name] == _PLAN[name]:
        os.kill(os.getpid(), signal.SIGKILL)
