"""A bounded load test: `newswatch serve` on 127.0.0.1, 20 concurrent clients for 30 s against
the read endpoints and POST /analyze. No 5xx, no failed request; p50 and p99 are printed."""

from __future__ import annotations

import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from explore_data import accuse_article
from newswatch.store import Store
from synthetic import article_text

NEWSWATCH = Path(sys.executable).with_name("newswatch")
CLIENTS = 20
SECONDS = 30
ANALYZE_SHARE = 0.05  # of requests; each analysis holds the pipeline's lock for a while
READS = (
    "/api/v1/articles",
    "/api/v1/events",
    "/api/v1/events?actor=RUS&type=ACCUSE",
    "/api/v1/quotes?speaker=mattis",
    "/api/v1/actors?country=GBR",
    "/api/v1/search?q=NATO",
    "/api/v1/graph",
    "/api/v1/timeline",
    "/",
)


@dataclass
class Tally:
    """What the clients saw, shared between their threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {"read": [], "analyze": []})
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            if httpx.get(f"{base}/api/v1/articles", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError("the server did not start")


def _client(base: str, seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=120) as http:
        while time.monotonic() < until:
            analyze = rng.random() < ANALYZE_SHARE
            started = time.monotonic()
            try:
                if analyze:
                    text = article_text(rng.randrange(10**6))
                    response = http.post("/api/v1/analyze", json={"text": text})
                else:
                    response = http.get(rng.choice(READS))
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            tally.add(
                "analyze" if analyze else "read", response.status_code, time.monotonic() - started
            )


def _percentile(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0.0
    )


def test_twenty_clients_for_thirty_seconds(tmp_path: Path) -> None:
    db = tmp_path / "load.db"
    with Store(db) as store:
        store.save([accuse_article(), accuse_article("2017-05-02", " Later.")])
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(NEWSWATCH), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    tally = Tally()
    try:
        _wait_until_up(base, server)
        # Warm the pipeline (model load) before the clock starts.
        httpx.post(f"{base}/api/v1/analyze", json={"text": article_text(0)}, timeout=300)
        until = time.monotonic() + SECONDS
        clients = [
            threading.Thread(target=_client, args=(base, seed, until, tally))
            for seed in range(CLIENTS)
        ]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(timeout=SECONDS + 300)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    everything = tally.latencies["read"] + tally.latencies["analyze"]
    figures = {
        kind: (len(values), _percentile(values, 50), _percentile(values, 99))
        for kind, values in {**tally.latencies, "all": everything}.items()
    }
    for kind, (n, p50, p99) in figures.items():
        print(f"load {kind}: {n} requests, p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    print(f"load statuses: {tally.statuses}, errors: {len(tally.errors)}")
    assert tally.errors == []
    assert set(tally.statuses) == {200}, (tally.statuses, err.decode()[-2000:])
    assert tally.latencies["analyze"] and len(tally.latencies["read"]) > 100
