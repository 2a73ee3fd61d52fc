"""Printing actor tables for `newswatch actors`: a readable table or JSON, one per article.

The table shows each actor's name, kind, code, country, roles, number of mentions and a few
distinct mention texts; JSON gives the contract's actor objects with the mention texts added.
Skipped inputs go to stderr in one line each, as for `newswatch analyze`.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table

from newswatch.schema import Actor, Article

EXAMPLES = 4  # distinct mention texts shown per actor


def mention_texts(article: Article, actor: Actor, limit: int | None = None) -> list[str]:
    """An actor's distinct mention texts, in text order, at most `limit` of them."""
    texts = dict.fromkeys(" ".join(article.text[s:e].split()) for s, e in actor.mentions)
    return list(texts)[:limit]


def actor_table(article: Article) -> Table:
    """A rich table of an article's actors."""
    title = article.title or article.source.path or "(no headline)"
    table = Table(title=f"{title} ({article.published or 'undated'})", title_justify="left")
    for name in ("id", "name", "kind", "code", "country", "roles", "n", "mentions"):
        table.add_column(name, overflow="fold")
    for actor in article.actors:
        table.add_row(
            actor.id,
            actor.name,
            actor.kind,
            actor.code or "",
            actor.country or "",
            ", ".join(actor.roles),
            str(len(actor.mentions)),
            "; ".join(mention_texts(article, actor, EXAMPLES)),
        )
    return table


def actors_json(article: Article) -> dict[str, Any]:
    """One article's actors as JSON: the contract's fields plus each mention's text."""
    actors = [
        {**actor.as_dict(), "texts": mention_texts(article, actor)} for actor in article.actors
    ]
    source = article.source.path or article.source.url
    return {"source": source, "published": article.published, "actors": actors}
