"""Per-article time limits: stop a stage that runs too long on one article.

In the main thread of a POSIX process the limit is a real-time interval timer: SIGALRM raises
`TimeLimit` inside whatever Python code is running, including a loop in the regex engine or a
callback from lxml, and again every second after that in case a library swallows the first.
Code that stays inside C without returning to the interpreter is interrupted when it next
returns. Where signals are not available (a worker thread, Windows) nothing can interrupt the
stage; it runs to its end and is then failed if it took longer than the limit, so the outcome
is the same, only later.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# After the first alarm, how often to raise again while the stage is still running.
_REPEAT_SECONDS = 1.0


class TimeLimit(BaseException):
    """A stage ran past its time limit on one article.

    A BaseException, as KeyboardInterrupt is, so that the `except Exception` blocks of the
    libraries it interrupts do not swallow it and carry on.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"more than {seconds:g} s")


def signals_available() -> bool:
    """Whether the limit can interrupt a stage: a POSIX timer, from the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def limit(seconds: float) -> Iterator[None]:
    """Raise `TimeLimit` in the block once it has run `seconds` (0 or less: no limit)."""
    if seconds <= 0:
        yield
        return
    if not signals_available():
        with _measured(seconds):
            yield
        return
    with _alarm(seconds):
        yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """The SIGALRM timer, restoring whatever handler and timer were there before."""

    def fire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimit(seconds)

    previous = signal.signal(signal.SIGALRM, fire)
    outer = signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT_SECONDS)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer[0] > 0:
            # An enclosing timer keeps running, less the time this block took.
            remaining = max(outer[0] - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer[1])


@contextmanager
def _measured(seconds: float) -> Iterator[None]:
    """The fallback without signals: fail the block afterwards if it took too long."""
    started = time.monotonic()
    yield
    if time.monotonic() - started > seconds:
        raise TimeLimit(seconds)
