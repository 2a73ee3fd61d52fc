"""Named mentions other than people: countries, organisations and nationalities.

The recogniser's entities are the start, without a possessive ending ("Russia’s") or a
leading "the". Countries come from names, demonyms and capitals, governments from metonyms
("the Kremlin", "Downing Street"), through `newswatch.countries`; the knowledge base comes
later. A capital after "in" is a place, not an actor; as a subject it speaks for its
government ("Moscow denied the claims"). People are found by `newswatch.persons`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from newswatch import countries
from newswatch.knowledge import normalise
from newswatch.mentions import Context, Mention, proper_runs, span_mention

LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def find_names(ctx: Context, taken: set[int], persons: set[int]) -> Iterator[Mention]:
    """Countries, organisations and nationalities among the recogniser's entities.

    Tokens that descriptions took ("Russian" in "the Russian embassy") and those of people's
    names and titles ("State" in "Secretary of State Rex Tillerson") are no mentions.
    """
    for ent in ctx.doc.ents:
        if ent.label_ not in LABELS or ent.label_ == "PERSON":
            continue
        for piece in pieces(ent):
            span = trim(piece)
            if span is None or all(t.i in taken for t in span):
                continue
            if any(t.i in persons for t in span):
                continue
            found = _MAKERS.get(ent.label_, organisation)(ctx, span)
            if found is not None:
                yield found
    yield from _unlabelled_places(ctx, taken | persons)


def _unlabelled_places(ctx: Context, taken: set[int]) -> Iterator[Mention]:
    """Country names the recogniser missed ("Denmark today accepted ...")."""
    for first, last in proper_runs(ctx):
        span = ctx.doc[first:last]
        if not any(t.i in taken for t in span) and countries.country(span.text):
            found = place(ctx, span)
            if found is not None:
                yield found


def pieces(ent: Span) -> Iterator[Span]:
    """An entity cut at paragraph breaks: the recogniser runs some across a headline's end."""
    start = ent.start
    for tok in ent:
        if "\n" in tok.text:
            if tok.i > start:
                yield Span(ent.doc, start, tok.i, label=ent.label_)
            start = tok.i + 1
    if ent.end > start:
        yield Span(ent.doc, start, ent.end, label=ent.label_)


def trim(ent: Span) -> Span | None:
    """The entity without a possessive ending and what follows it, nor a leading "the".

    A name with a possessive inside stays whole when it is a country's ("Democratic
    People's Republic of Korea") or a bare apostrophe ("Kurdistan Workers' Party").
    """
    doc, first, last = ent.doc, ent.start, ent.end
    whole = ent.label_ != "PERSON" and countries.country(ent.text) is not None
    for tok in () if whole else ent:
        apostrophe = tok.text in ("'", "’")
        if apostrophe and ent.label_ != "PERSON" and tok.i < ent.end - 1:
            continue  # "Workers' Party": part of the name
        if tok.text in _POSSESSIVE or tok.tag_ == "POS":
            last = tok.i
            break
    while first < last and (doc[first].lower_ == "the" or not doc[first].text.strip()):
        first += 1
    while last > first and not any(c.isalnum() for c in doc[last - 1].text):
        last -= 1
    return Span(doc, first, last, label=ent.label_) if last > first else None


def place(ctx: Context, span: Span) -> Mention | None:
    """A country by its name or capital; a seat of government as a subject is the government.

    "Talks in Brussels" are in Belgium, where "Brussels said" is the EU: CAMEO codes the
    places of events too ("arrived in Amman" has Jordan as its target).
    """
    code = countries.country(span.text) or _unit_country(ctx, span)
    if code is None:
        return None
    if countries.metonym(span.text) is not None and not _locative(ctx, span):
        return organisation(ctx, span)
    return _country(ctx, span, code)


def _unit_country(ctx: Context, span: Span) -> str | None:
    """The country a name with an administrative word after it is ("Montenegro province",
    "Kosovo region"): the recogniser takes the word into the place's name."""
    if len(span) < 2 or not ctx.lexicon.listed("place_units", span[-1].lower_):
        return None
    return countries.country(span[:-1].text)


def _country(ctx: Context, span: Span, code: str) -> Mention:
    """A mention of a country, keyed by its code."""
    mention = span_mention(ctx.doc, span.start, span.end, "country")
    mention.key = mention.country = code
    return mention


def _locative(ctx: Context, span: Span) -> bool:
    """Whether a name is the object of a preposition of place ("in London")."""
    root = span.root
    return root.dep_ == "pobj" and ctx.lexicon.listed("locative", root.head.lower_)


def organisation(ctx: Context, span: Span) -> Mention | None:
    """An organisation or building: a metonym's government, or a named organisation."""
    if normalise(span.text) in ctx.lexicon.words.get("not_actors", ()):
        return None
    metonym = countries.metonym(span.text)
    code = countries.country(span.text)
    if code is not None and (metonym is None or _locative(ctx, span)):
        return _country(ctx, span, code)
    if metonym is None and span.label_ in ("FAC", "LOC") and _locative(ctx, span):
        return None
    mention = span_mention(ctx.doc, span.start, span.end, "organization")
    mention.key = normalise(span.text)
    if metonym is not None:
        where, what = metonym
        mention.country, mention.code = where, (where or "") + what
    else:
        _inner_role(ctx, span, mention)
    return mention


def _inner_role(ctx: Context, span: Span, mention: Mention) -> None:
    """The role and nationality words inside an organisation's name ("Russian Foreign Ministry")."""
    for start in range(span.start, span.end):
        role = ctx.lexicon.role(ctx.words[start : span.end])
        if role is not None:
            mention.roles = (role,)
            break
    for tok in span:
        country = countries.demonym(tok.text) or countries.country(tok.text)
        if country is not None:
            mention.country = country
            break


def nationality(ctx: Context, span: Span) -> Mention | None:
    """A demonym: a group ("Democrats", "Russians") or, as an adjective, its country."""
    role = ctx.lexicon.role([t.text for t in span])
    root = span.root
    noun = root.tag_ in ("NNS", "NNPS") or root.dep_ not in ("amod", "compound", "nmod")
    if role is not None and noun:
        mention = span_mention(ctx.doc, span.start, span.end, "role")
        mention.roles, mention.plural = (role,), root.tag_ in ("NNS", "NNPS")
        mention.country = role.country
        return mention
    code = countries.demonym(span.text) or countries.country(span.text)
    for tok in span if code is None else ():  # "Bosnian Serbs"
        code = countries.demonym(tok.text)
        if code is not None:
            break
    if code is None:
        return None
    mention = span_mention(ctx.doc, span.start, span.end, "group" if noun else "country")
    mention.country, mention.plural = code, noun
    mention.key = code if not noun else f"{code}:{normalise(span.text)}"
    return mention


_MAKERS = {"GPE": place, "LOC": place, "NORP": nationality}
