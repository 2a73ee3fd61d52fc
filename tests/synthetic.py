"""Synthetic news for the crash, concurrency and load tests: many short, distinct articles.

Each has a headline, a standfirst and three body paragraphs with people, countries, a direct
quote and an indirect one, so that every kind of child record is stored. Seeded: the same
`n` gives the same articles, and the article for index i is the same in any range.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

PEOPLE = ("Theresa May", "Vladimir Putin", "Angela Merkel", "Emmanuel Macron", "Jim Mattis")
COUNTRIES = ("Russia", "France", "Germany", "China", "Britain", "Iran")
VERBS = ("accused", "praised", "criticised", "met", "warned")
CHILDREN = ("sections", "removed", "actors", "quotes", "events", "quantities")


def article_text(i: int) -> str:
    """The plain text of article number `i`."""
    rng = random.Random(i)
    speaker, other = rng.sample(PEOPLE, 2)
    country, verb = rng.choice(COUNTRIES), rng.choice(VERBS)
    body = (
        f"{speaker} {verb} {country} on Monday over the talks, in report number {i}.",
        f"“We will not accept this,” {speaker} told reporters in the capital on day {i}.",
        f"{other} said the government would respond within {rng.randint(2, 90)} days.",
    )
    return "\n\n".join((f"Report {i}: {speaker} and {country}", f"Story {i} in brief", *body))


def write_jsonl(path: Path, numbers: range) -> Path:
    """A JSON Lines dump of the articles numbered `numbers`."""
    lines = (json.dumps({"text": article_text(i), "published": "2018-05-01"}) for i in numbers)
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return path


def printed(output: str) -> dict[str, dict[str, Any]]:
    """The articles in JSON Lines output, by id; a line cut by a kill is left out."""
    found = {}
    for line in output.splitlines():
        try:
            article = json.loads(line)
        except json.JSONDecodeError:
            continue
        found[article["id"]] = article
    return found


def stored_counts(db: Path) -> dict[str, dict[str, int]]:
    """For each stored article, how many rows of each child table it has."""
    with sqlite3.connect(db) as conn:
        counts = {
            row[0]: dict.fromkeys(CHILDREN, 0) for row in conn.execute("SELECT id FROM articles")
        }
        for table in CHILDREN:
            query = f"SELECT article_id, count(*) FROM [{table}] GROUP BY article_id"
            for article_id, n in conn.execute(query):
                counts.setdefault(article_id, dict.fromkeys(CHILDREN, 0))[table] = n
    return counts


def integrity(db: Path) -> tuple[str, list[Any]]:
    """PRAGMA integrity_check's verdict and the foreign key violations."""
    with sqlite3.connect(db) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        violations = conn.execute("PRAGMA foreign_key_check").fetchall()
    return verdict, violations


def check_complete(db: Path, seen: dict[str, dict[str, Any]]) -> int:
    """Fail unless every stored article has all of its records, as printed; return how many."""
    verdict, violations = integrity(db)
    assert verdict == "ok" and violations == []
    counts = stored_counts(db)
    for article_id, tables in counts.items():
        assert article_id in seen, f"{article_id} stored but never printed"
        expected = {name: len(seen[article_id][name]) for name in CHILDREN}
        assert tables == expected, f"{article_id} stored with part of its records"
    return len(counts)
