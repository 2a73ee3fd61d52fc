"""`newswatch serve` as a user runs it: a subprocess on a free loopback port, bounded in time."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from explore_data import accuse_article
from newswatch.store import Store


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_and_says_where(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    with Store(db) as store:
        store.save([accuse_article()])
    port = _free_port()
    script = Path(sys.executable).with_name("newswatch")  # the console script beside python
    command = [str(script), "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "NEWSWATCH_TOKEN": ""}
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        body = _get(f"http://127.0.0.1:{port}/api/v1/events?type=ACCUSE", time.monotonic() + 30)
        assert len(json.loads(body)["items"]) == 2
        assert b"newswatch" in _get(f"http://127.0.0.1:{port}/", time.monotonic() + 5)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=15)
    assert f"serving {db} on http://127.0.0.1:{port}/" in err
