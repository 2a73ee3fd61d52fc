"""`newswatch events PATH --explain`: each event's evidence marked, and the rules that fired.

Per event: the sentence with the trigger, the source and the target marked, the lexicon
entry (and pattern) and the role rules that fired. The article is parsed once more to
replay the events stage, which is deterministic. `events_json` gives the contract's event
objects with the actors' names added.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from newswatch.events import Draft, explain
from newswatch.options import Options
from newswatch.pipeline import Work
from newswatch.schema import Article, Event
from newswatch.timex import Words
from newswatch.triggers import Lexicon

STYLES = {"trigger": "bold reverse", "source": "bold green", "target": "bold magenta"}


def names(article: Article, ids: list[str]) -> str:
    """The names of actors by id, joined."""
    by_id = {a.id: a.name for a in article.actors}
    return ", ".join(by_id.get(i, i) for i in ids)


def flags(event: Event) -> str:
    """The event's flags in words."""
    found = ["negated"] * event.negated + ["hypothetical"] * event.hypothetical
    return ", ".join(found + ([f"in {event.quote}"] if event.quote else []))


def events_json(article: Article) -> dict[str, Any]:
    """One article's events as JSON: the contract's fields plus the actors' names."""
    found = [
        {
            **event.as_dict(),
            "source_names": names(article, event.source),
            "target_names": names(article, event.target),
        }
        for event in article.events
    ]
    source = article.source.path or article.source.url
    return {"source": source, "published": article.published, "events": found}


def explainer(config: str | None, model: str | None) -> Explainer:
    """The `--explain` table maker for a run's options."""
    overrides = {"nlp.model": model} if model else {}
    return Explainer(Options.load(config, overrides))


class Explainer:
    """`--explain`: replays the events stage on each article and marks its evidence."""

    def __init__(self, options: Options) -> None:
        from newswatch.nlp import load

        self.nlp = load(options.nlp.model)
        self.lexicon = Lexicon.load(options.events.lexicon_files)
        self.kinds = frozenset(options.events.section_kinds)
        self.dates = Words.load(options.timex.word_files)

    def __call__(self, article: Article) -> Table:
        work = Work(article.text, article, doc=self.nlp(article.text))
        title = article.title or article.source.path or "(no headline)"
        table = Table(title=f"{title} ({article.published or 'undated'})", title_justify="left")
        table.add_column("event", overflow="fold")
        for event, draft in explain(
            work, lexicon=self.lexicon, section_kinds=self.kinds, dates=self.dates
        ):
            table.add_row(_explained(article, event, draft))
        return table


def _explained(article: Article, event: Event, draft: Draft) -> Text:
    """One event: a header line, the marked sentence, and the rules that fired."""
    head = f"{event.id} {names(article, event.source)} {event.type}"
    head += f" {names(article, event.target)}" if event.target else ""
    text = Text(head + (f"  [{flags(event)}]" if flags(event) else "") + "\n", style="bold")
    text.append_text(_marked(article, event, draft))
    text.append(f"\n  trigger: {draft.trigger.describe()}")
    text.append(f"\n  source: {draft.source_rule or '?'}")
    text.append(f"\n  target: {draft.target_rule or 'none'}")
    text.append(f"\n  confidence: {event.confidence:.2f}\n")
    return text


def _marked(article: Article, event: Event, draft: Draft) -> Text:
    """The evidence sentence with the trigger, source and target mentions marked, in
    brackets (readable when piped) and styles: `[source: ...]`, `[trigger: ...]`."""
    start, end = event.sentence
    doc = draft.head.doc
    marks = [((doc[i].idx, doc[i].idx + len(doc[i])), "trigger") for i in draft.trigger.words]
    for role, ids in (("source", event.source), ("target", event.target)):
        for actor in article.actors:
            if actor.id in ids:
                marks += [((s, e), role) for s, e in actor.mentions if start <= s and e <= end]
    text, at = Text("  "), start
    # At one start the longest mark wins: "his British counterpart" over its "his".
    for (s, e), role in sorted(marks, key=lambda m: (m[0][0], -m[0][1])):
        if s < at:
            continue  # overlaps a mark already made
        text.append(article.text[at:s].replace("\n", " "))
        text.append(f"[{role}: {article.text[s:e]}]", style=STYLES[role])
        at = e
    text.append(article.text[at:end].replace("\n", " "))
    return text
