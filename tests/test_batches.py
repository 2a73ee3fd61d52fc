"""The driver's task window (`newswatch.batches.ordered`): order, refill and bounds."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from newswatch.batches import Task, ordered
from newswatch.schema import Outcome

WAIT_SECONDS = 10.0  # only reached if the window never refills: the test then fails


class Recorder:
    """Runs numbered tasks on threads; the first one blocks until task `release_at` is sent."""

    def __init__(self, release_at: int) -> None:
        self.release_at = release_at
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.running = self.most_running = 0
        self.sent: list[int] = []
        self.first_done_after: list[int] = []

    def submit(self, pool: ThreadPoolExecutor, task: Task) -> Any:
        number = int(task.keys[0])
        self.sent.append(number)
        if number == self.release_at:
            self.release.set()
        return pool.submit(self.run, number)

    def run(self, number: int) -> list[dict[str, Any]]:
        with self.lock:
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        if number == 0:
            self.release.wait(WAIT_SECONDS)
            self.first_done_after = list(self.sent)
        else:
            time.sleep(0.01)
        with self.lock:
            self.running -= 1
        return [Outcome(str(number), f"in-{number}", reason="test").as_dict()]


def tasks(count: int) -> list[Task]:
    return [Task((), (str(n),)) for n in range(count)]


def test_outcomes_come_in_task_order_and_a_long_task_does_not_stall_the_rest() -> None:
    window = 2
    recorder = Recorder(release_at=3)
    with ThreadPoolExecutor(4) as pool:
        started = time.monotonic()
        found = list(ordered(lambda t: recorder.submit(pool, t), tasks(8), lambda: window))
        seconds = time.monotonic() - started
    assert [outcome.key for batch in found for outcome in batch] == [str(n) for n in range(8)]
    # Tasks 1 to 3 went out while task 0 still ran: a finished later task freed its slot.
    assert recorder.first_done_after[:4] == [0, 1, 2, 3]
    assert seconds < WAIT_SECONDS / 2
    assert recorder.most_running <= window


def test_finished_outcomes_held_for_their_turn_are_bounded() -> None:
    window = 2
    recorder = Recorder(release_at=99)  # task 0 only ends after WAIT_SECONDS... or is freed
    with ThreadPoolExecutor(4) as pool:
        stream = ordered(lambda t: recorder.submit(pool, t), tasks(12), lambda: window)
        threading.Timer(0.5, recorder.release.set).start()
        first = next(stream)
        # While task 0 ran, at most 2 x window tasks were out (running or waiting here).
        assert len(recorder.first_done_after) <= 2 * window
        rest = list(stream)
    assert [o.key for o in first] == ["0"]
    assert len(rest) == 11
