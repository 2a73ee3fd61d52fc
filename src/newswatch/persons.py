"""People's names with their titles, found by the recogniser or echoing a name found before.

A person's span grows to take in the titles and honorifics before it ("Sir Michael Fallon",
"former Lieutenant General Michael Flynn", "Secretary of State Rex Tillerson") and loses a
possessive ending ("Donald Trump’s"); the titles tell roles, gender and rank. The recogniser
misses names it has seen ("Mattis left early", "Sir Fallon"): a run of proper nouns that
repeats a surname found before, or that the knowledge base knows as a person's full name
("Theresa May"), is a mention too. A byline ("Analysis by Kim Sengupta") is no mention of
its author.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from newswatch import countries
from newswatch.knowledge import normalise
from newswatch.mentions import Context, Mention, proper_runs, span_mention
from newswatch.names import pieces, trim
from newswatch.roles import Role

if TYPE_CHECKING:
    from spacy.tokens import Span

_BY = re.compile(r"\bby\b", re.I)
# Lower-case words a title may have inside: "Secretary of State", "Minister for Defence".
_TITLE_GLUE = frozenset({"of", "for", "the", "and", "-", "."})


def find_persons(ctx: Context, known: Callable[[str], bool] | None = None) -> list[Mention]:
    """People: the recogniser's, then the names it missed (see the module's docstring).

    Args:
        ctx: The parsed article.
        known: Whether a full name is a person the knowledge base knows.

    Returns:
        Person mentions, in text order.
    """
    found = []
    for ent in ctx.doc.ents:
        for piece in pieces(ent) if ent.label_ == "PERSON" else ():
            span = trim(piece)
            mention = person(ctx, span) if span is not None else None
            if mention is not None:
                found.append(mention)
    return sorted([*found, *_echoes(ctx, found, known)], key=lambda m: m.start)


def _echoes(
    ctx: Context, found: list[Mention], known: Callable[[str], bool] | None
) -> Iterator[Mention]:
    """Runs of proper nouns outside any entity that name a person found or known."""
    surnames = {normalise(m.surname) for m in found if m.surname}
    givens = {normalise(m.given) for m in found if m.given and m.surname}
    for first, last in proper_runs(ctx):
        mention = person(ctx, ctx.doc[first:last])
        if mention is None:
            continue
        if mention.given and mention.surname:
            wanted = known is not None and known(mention.key)
        else:
            wanted = normalise(mention.surname or mention.given or "") in surnames | givens
        if wanted:
            yield mention


def person(ctx: Context, span: Span) -> Mention | None:
    """A person's name with the titles inside and before it."""
    doc = ctx.doc
    start = _titles_before(ctx, span.start)
    inner, roles, honorific = _titles_from(ctx, start, span.end)
    words = [t.text for t in doc[inner : span.end] if t.is_alpha]
    if not words or normalise(" ".join(words)) in ctx.lexicon.words.get("not_actors", ()):
        return None
    if len(words) == 1 and _title(ctx, inner, span.end) is not None:
        return None  # a title alone ("President") is a description
    if _byline(ctx, doc[inner : span.end]):
        return None
    country, first = _nationality_before(ctx, start) if roles else (None, start)
    after, end = _nationality_after(ctx, span.end) if roles else (None, span.end)
    mention = span_mention(doc, first, end, "person", head=span.end - 1)
    mention.honorific, mention.roles, mention.name_start = honorific, roles, inner
    mention.former = start > 0 and ctx.lexicon.listed("former", doc[start - 1].lower_)
    mention.country = country or after
    _name_parts(ctx, mention, words)
    return mention


def _nationality_before(ctx: Context, start: int) -> tuple[str | None, int]:
    """The country before a title, and where the mention then starts: "British Defence
    Secretary Tom King", "Niger's ambassador ...", "Serbian Labour Minister ...", "Iran's
    religious leader Ayatollah ..." (over at most three words of the office)."""
    end = start
    for _ in range(4):
        stop = end - 1 if end > 0 and ctx.tokens[end - 1].tag_ == "POS" else end
        for first in (stop - 2, stop - 1):
            found = _country_at(ctx, first, stop, start)
            if found is not None:
                return found, first
        word = ctx.tokens[end - 1] if end > 0 else None
        if word is None or not word.is_alpha or word.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
        end -= 1
    return None, start


def _nationality_after(ctx: Context, last: int) -> tuple[str | None, int]:
    """A country after a name, and where the mention then ends: "King Hassan of Morocco"."""
    doc = ctx.doc
    if last + 1 < len(doc) and doc[last].lower_ == "of" and doc[last + 1].ent_type_ == "GPE":
        end = last + 1
        while (end < len(doc) and doc[end].ent_iob_ == "I") or end == last + 1:
            end += 1
        found = countries.country(doc[last + 1 : end].text)
        if found is not None:
            return found, end
    return None, last


def _country_at(ctx: Context, first: int, end: int, start: int) -> str | None:
    """The country tokens [first, end) name, in the sentence of token `start`."""
    if first < 0 or first >= end:
        return None
    tokens = ctx.doc[first:end]
    if any(not any(c.isalpha() for c in t.text) or ctx.sents[t.i] != ctx.sents[start]
           for t in tokens):  # fmt: skip
        return None
    return countries.demonym(tokens.text) or countries.country(tokens.text)


def _name_parts(ctx: Context, mention: Mention, words: list[str]) -> None:
    """Given name, surname, gender and key: "Sir Michael" is a first name, "Mr Trump" not."""
    first_name = mention.honorific in ctx.lexicon.words.get("first_name_honorifics", ())
    if len(words) == 1 and first_name:
        mention.given = words[0]
    else:
        mention.given = words[0] if len(words) > 1 else None
        mention.surname = words[-1]
    mention.key = normalise(" ".join(words))
    honorific = ctx.lexicon.honorifics.get(mention.honorific or "")
    mention.gender = honorific or ctx.lexicon.gender(mention.given)


def _title(ctx: Context, first: int, last: int) -> tuple[Role | None, str | None] | None:
    """The title or honorific that tokens [first, last) spell, if any."""
    words = ctx.words[first:last]
    # Titles are capitalised ("Lt Gen"), or all lower case ("former president Carlos Menem").
    capitals = [w[:1].isupper() for w in words if w.lower() not in _TITLE_GLUE]
    if not capitals or (not all(capitals) and any(capitals)):
        return None
    if last - first == 1 and words[0].lower().strip(".") in ctx.lexicon.honorifics:
        return None, words[0].lower().strip(".")
    role = ctx.lexicon.role(words)
    return (role, None) if role is not None and role.title else None


def _may_title(ctx: Context, i: int) -> bool:
    """Whether token `i` can be part of a title: every title is an honorific or a role phrase,
    so a token that is neither rules out each window holding it, unread."""
    word = ctx.words[i]
    return ctx.lexicon.in_role(word) or word.lower().strip(".") in ctx.lexicon.honorifics


def _titles_from(ctx: Context, first: int, last: int) -> tuple[int, tuple[Role, ...], str | None]:
    """Titles at the start ("Lt Gen Flynn"): where the name starts, roles, honorific."""
    roles: list[Role] = []
    honorific = None
    while first < last - 1 and _may_title(ctx, first):
        for end in range(min(last - 1, first + ctx.lexicon.longest), first, -1):
            found = _title(ctx, first, end)
            if found is not None:
                break
        else:
            break
        roles += [found[0]] if found[0] else []
        honorific = found[1] or honorific
        first = end
    return first, tuple(roles), honorific


def _titles_before(ctx: Context, last: int) -> int:
    """Where the titles just before an entity start ("General" James Mattis, "Lt" Gen Flynn)."""
    while last > 0 and _may_title(ctx, last - 1):
        for start in range(max(0, last - ctx.lexicon.longest), last):
            if _title(ctx, start, last) is not None:
                last = start
                break
        else:
            break
    return last


def _byline(ctx: Context, span: Span) -> bool:
    """Whether a name of an author stands in a byline line ("Analysis by Kim Sengupta")."""
    if normalise(span.text) not in ctx.authors:
        return False
    text = ctx.text
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    rest = text[line_start : span.start_char] + text[span.end_char : line_end % (len(text) + 1)]
    return len(rest.strip()) < 40 and _BY.search(rest) is not None
