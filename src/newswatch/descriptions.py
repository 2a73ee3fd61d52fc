"""Role descriptions: noun phrases headed by a role ("the Defence Secretary", "a spokesperson").

A description's head matches a phrase of `data/roles.toml`, read leftwards over compounds
("national security advisor") and rightwards over "of" phrases ("Secretary of Defense").
Its premodifiers and possessor say more: a nationality ("the Russian embassy", "US-led",
"of Russia"), whose it is ("Donald Trump’s Defence Secretary", "his British counterpart"),
whether it is definite, and whether the role is past ("former"). The words it uses to say so
are taken, so that "Russian" in "the Russian embassy" is not a mention of Russia as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from newswatch import countries
from newswatch.mentions import Context, Mention, span_mention
from newswatch.roles import Role

if TYPE_CHECKING:
    from spacy.tokens import Token

# Entities that a role head inside them does not make a description (they are names).
_NAMED = frozenset({"PERSON", "GPE", "NORP", "LOC", "EVENT", "WORK_OF_ART", "LAW"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an", "another", "one", "some", "any", "several", "many"})
# Prepositions whose object places an organisation ("the Russian embassy in London").
_PLACING = frozenset({"in", "of", "to", "at"})


def find_descriptions(ctx: Context, named: set[int]) -> tuple[list[Mention], set[int]]:
    """Role descriptions, and the tokens of their premodifiers (no mentions of their own).

    Tokens in `named` belong to people's names and titles ("President Assad"): no heads.
    """
    found: list[Mention] = []
    taken: set[int] = set()
    for tok in ctx.tokens:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound" or tok.i in named:
            continue
        match = _match(ctx, tok)
        if match is None or not _refers(tok):
            continue
        mention = describe(ctx, tok, *match)
        found.append(mention)
        # A person before the head keeps their own mention ("the Trump administration").
        owned = _possessor(tok) | {i for i in range(mention.first, tok.i) if _person(ctx, i)}
        taken.update(i for i in range(mention.first, tok.i) if i not in owned)
    return found, taken


def _person(ctx: Context, i: int) -> bool:
    """Whether a token belongs to a person's name."""
    return ctx.tokens[i].ent_type_ == "PERSON"


def _refers(head: Token) -> bool:
    """Whether a role noun names someone: not "as President", not "return to business"."""
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        return False
    bare = _determiner(head) == "" and head.tag_ == "NN"
    return not bare or head.dep_ in ("nsubj", "nsubjpass")


def _match(ctx: Context, head: Token) -> tuple[int, int, Role] | None:
    """The longest role phrase around a head noun: (first token, end token, role)."""
    ent = head.ent_type_
    if ent in _NAMED:
        return None
    # Every word of a role phrase is a role word: windows reach no further than those around
    # the head, which keeps the search to the few nouns that can name a role.
    lexicon, words = ctx.lexicon, ctx.words
    if not lexicon.in_role(words[head.i]):
        return None
    left, right = head.i, head.i
    lowest = max(head.left_edge.i, head.i - lexicon.longest + 1)
    while left > lowest and lexicon.in_role(words[left - 1]):
        left -= 1
    highest = min(head.right_edge.i, head.i + lexicon.longest - 1)
    while right < highest and lexicon.in_role(words[right + 1]):
        right += 1
    for first in range(left, head.i + 1):
        for last in range(right, head.i - 1, -1):
            role = lexicon.role(words[first : last + 1])
            # A named organisation keeps its own role ("the Ministry of Defence").
            if role is not None and (not ent or role.kind == "person"):
                return first, last + 1, role
    return None


def describe(ctx: Context, head: Token, first: int, end: int, role: Role) -> Mention:
    """The description around a role phrase, with its determiner, possessor and nationality."""
    start = _start(ctx, head)
    stop = max(end, _placed_end(head) if role.kind == "organization" else head.i + 1)
    mention = span_mention(ctx.doc, start, stop, "role", head=head.i)
    mention.roles = (role,)
    mention.det = _determiner(head)
    owner = [c for c in head.children if c.dep_ == "poss" and c.i < head.i]
    premods = [ctx.tokens[i] for i in range(start, head.i) if i not in _possessor(head)]
    persons = [t for t in premods if t.ent_type_ == "PERSON" and t.dep_ == "compound"]
    possessor = owner or persons[-1:]
    mention.possessor = possessor[0].i if possessor else None
    mention.former = any(ctx.lexicon.listed("former", t.lower_) for t in premods)
    mention.plural = head.tag_ in ("NNS", "NNPS")
    mention.country = role.country or _nationality(premods)
    if mention.country is None and not any(_elsewhere(ctx, t) for t in premods):
        mention.country = _of_country(head)
    return mention


def _start(ctx: Context, head: Token) -> int:
    """Where the noun phrase starts, in the head's sentence, leaving out punctuation."""
    start = head.left_edge.i
    while start < head.i and (
        ctx.sents[start] != ctx.sents[head.i] or not any(c.isalnum() for c in ctx.words[start])
    ):
        start += 1
    return start


def _placed_end(head: Token) -> int:
    """The end of an organisation's phrase with its place: "the embassy in London"."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in _PLACING:
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ == "GPE"]
            if objects:
                return objects[0].right_edge.i + 1
    return head.i + 1


def _possessor(head: Token) -> set[int]:
    """Token indexes of the possessor phrase ("Donald Trump’s") before a head."""
    return {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}


def _determiner(head: Token) -> str:
    """ "def", "indef", "poss" or "" (bare): how the noun phrase is introduced."""
    for child in head.lefts:
        if child.dep_ == "poss":
            return "poss"
        if child.dep_ in ("det", "predet") and child.lower_ in _DEFINITE:
            return "def"
        if child.dep_ in ("det", "nummod") and child.lower_ in _INDEFINITE:
            return "indef"
    return ""


def _nationality(premods: Iterable[Token]) -> str | None:
    """The first premodifier naming a country: "Russian", "US" in "US-led", "Ivory Coast"."""
    for tok in premods:
        if tok.ent_type_ in ("NORP", "GPE") or tok.pos_ in ("ADJ", "PROPN"):
            text = _entity_text(tok)
            found = countries.demonym(text) or countries.country(text)
            if found is not None:
                return found
    return None


def _elsewhere(ctx: Context, tok: Token) -> bool:
    """Whether a premodifier says the group is not of the place it is in: "Western states in
    Syria", "foreign officers in Afghanistan"."""
    return tok.ent_type_ in ("NORP", "GPE") or ctx.lexicon.listed("not_local", tok.lower_)


def _entity_text(tok: Token) -> str:
    """The words of the entity a token is in ("Ivory Coast"), or the token's own."""
    if not tok.ent_type_:
        return tok.text
    first, last = tok.i, tok.i + 1
    while first > 0 and tok.doc[first].ent_iob_ == "I":
        first -= 1
    while last < len(tok.doc) and tok.doc[last].ent_iob_ == "I":
        last += 1
    return tok.doc[first:last].text


def _of_country(head: Token) -> str | None:
    """A country after the head: "the president of Russia", "rebels in Syria"."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "GPE":
                    return countries.country(_entity_text(obj))
    return None
