"""Benchmark: the actor knowledge base's load time, and the actors stage against bare spaCy.

Not a test: prints figures. Run `python benchmarks/actors.py` from the repository root.
The stage's cost is shown as a ratio to parsing the same texts with bare `nlp.pipe`, at
growing article lengths, so a quadratic pass shows up as a growing ratio.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from newswatch.actors import find
from newswatch.clean import Clean
from newswatch.knowledge import KnowledgeBase
from newswatch.nlp import load
from newswatch.options import Options
from newswatch.pipeline import Work
from newswatch.roles import Lexicon
from newswatch.schema import Article

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "independent-2017-03-31-russia.txt"
LOAD = "import time; t=time.perf_counter(); from newswatch.knowledge import KnowledgeBase; " \
       "KnowledgeBase.load(); print(time.perf_counter()-t)"  # fmt: skip


def knowledge_load_seconds() -> float:
    """Import plus load of the packaged knowledge base, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True)
    return float(out.stdout)


def article(paragraphs: int) -> Work:
    """A cleaned article of `paragraphs` body paragraphs taken from the example."""
    lines = [p for p in EXAMPLE.read_text("utf-8").splitlines()[9:33] if len(p) > 80]
    body = "\n\n".join(lines[i % len(lines)] for i in range(paragraphs))
    work = Work(f"A long article about Russia\n\n{body}\n", Article(published="2017-03-31"))
    Clean(Options.load())(work)
    return work


def main() -> None:
    """Print the load time and the stage/parse ratio at several lengths."""
    print(f"knowledge base: import + load {knowledge_load_seconds():.2f} s (fresh process)")
    nlp, kb, lexicon = load(), KnowledgeBase.load(), Lexicon.load()
    for paragraphs in (25, 50, 100, 200, 400):
        work = article(paragraphs)
        started = time.perf_counter()
        work.doc = next(iter(nlp.pipe([work.article.text])))
        parse = time.perf_counter() - started
        started = time.perf_counter()
        actors = find(work, kb=kb, lexicon=lexicon)
        stage = time.perf_counter() - started
        ratio = stage / parse
        print(f"{paragraphs:4d} paragraphs, {len(work.doc):6d} tokens: parse {parse:6.2f} s, "
              f"actors {stage:5.2f} s ({ratio:.2f}x parse), {len(actors)} actors")  # fmt: skip


if __name__ == "__main__":
    main()
