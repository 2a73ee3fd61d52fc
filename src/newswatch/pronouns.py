"""Pronoun resolution: he, she, it, they and their forms, to the most likely actor.

Only actors that fit the pronoun compete: gender (from the knowledge base, an honorific or a
first name; an unknown one is allowed but weaker), number and kind (people for "he"/"she",
organisations and countries for "it", groups for "they"). Each is scored by salience over the
last `WINDOW` sentences: every mention adds its grammatical weight (subjects most), halved for
each sentence back and cut when it sits inside a quotation the pronoun is outside of.
Two bonuses carry the syntax:

- binding: a possessive or a subject pronoun leans on the subject of its own clause, or of
  the clause above ("Mattis said he was concerned"; "Mr Trump, who discredited a report by
  his own agencies"); an object pronoun may not be its own clause's subject ("him");
- speaker: the subject of a speech verb ("...,” he told a press conference) is most likely
  the speaker of the cue before it ("Sir Michael Fallon said ...").

Scoring looks only at mentions in the window, so the cost per pronoun is bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newswatch.mentions import Mention, clause_subject, clause_verbs
from newswatch.roles import Pronoun

if TYPE_CHECKING:
    from spacy.tokens import Token

    from newswatch.coref import Entity, Resolver

BINDING = 1.0  # the subject of the pronoun's clause, or of the clause above
SPEAKER = 1.5  # the speaker of the last cue, for the subject of a new cue
REFLEXIVE = 3.0  # "Flynn himself": the noun the reflexive stands by
QUOTED = 0.3  # a mention inside a quotation, for a pronoun outside one
UNKNOWN_GENDER = 0.6  # a person whose gender nobody told
MIN_SCORE = 0.15  # below this the pronoun stays unresolved
_LEVELS = 6  # clauses climbed for binding


def resolve_pronoun(resolver: Resolver, i: int) -> int | None:
    """Give pronoun mention `i` to its most likely actor; return that actor, if any."""
    chains = resolver.chains
    mention = chains.mentions[i]
    pronoun = mention.pronoun
    if pronoun is None or (not pronoun.person and mention.quoted and mention.key == "it"):
        return None
    reflexive = resolver.chains.doc[mention.head].lower_.endswith(("self", "selves"))
    # A reflexive has its antecedent in its own clause, or none that we can find.
    scores = {} if reflexive else _salience(resolver, mention, pronoun)
    for e, bonus in _binding(resolver, mention, pronoun):
        scores[e] = scores.get(e, 0.0) + bonus
    speaker = _last_speaker(resolver, i, pronoun) if mention.speaker else None
    if speaker is not None:
        scores[speaker] = scores.get(speaker, 0.0) + SPEAKER
    for e in _excluded(resolver, i):
        scores.pop(e, None)
    if not scores or max(scores.values()) < MIN_SCORE:
        return None
    best = max(scores, key=scores.__getitem__)
    chains.add(best, i)
    _lend_country(resolver, i, best)
    return best


def fits(entity: Entity, pronoun: Pronoun) -> float:
    """How well an actor fits a pronoun: 0 not at all, 1 fully."""
    if pronoun.plural:
        plural = {"group": 1.0, "organization": 0.6, "country": 0.5}
        return 1.0 if entity.plural else plural.get(entity.kind, 0.0)
    if entity.plural:
        return 0.0
    if not pronoun.person:
        return 1.0 if entity.kind in ("organization", "country") else 0.0
    if entity.kind != "person":
        return 0.0
    return UNKNOWN_GENDER if entity.gender is None else float(entity.gender == pronoun.gender)


def _salience(resolver: Resolver, mention: Mention, pronoun: Pronoun) -> dict[int, float]:
    """Each fitting actor's weight over the mentions in the window."""
    chains = resolver.chains
    scores: dict[int, float] = {}
    for j in resolver.recent:
        other = chains.mentions[j]
        e = chains.owner[j]
        if e is None or other.start >= mention.start:
            continue
        fit = fits(chains.entities[e], pronoun)
        if fit:
            cut = QUOTED if other.quoted and not mention.quoted else 1.0
            decay = 0.5 ** max(0, mention.sent - other.sent)
            scores[e] = scores.get(e, 0.0) + other.weight * decay * cut * fit
    return scores


def _binding(resolver: Resolver, mention: Mention, pronoun: Pronoun) -> list[tuple[int, float]]:
    """Bonuses (and a veto) from the clauses the pronoun stands in."""
    chains = resolver.chains
    tok = chains.doc[mention.head]
    if tok.lower_.endswith(("self", "selves")) and tok.dep_ == "appos":
        e = chains.entity_at(tok.head.i)
        return [(e, REFLEXIVE)] if e is not None else []
    reflexive = tok.lower_.endswith(("self", "selves"))
    possessive = tok.dep_ == "poss"
    found: list[tuple[int, float]] = []
    for level, verb in enumerate(clause_verbs(tok)):
        if level >= _LEVELS:
            break
        subject = clause_subject(verb)
        if subject is None or subject.i == tok.i or subject.i == _enclosing_head(tok):
            continue
        e = chains.entity_at(subject.i)
        if e is None or not fits(chains.entities[e], pronoun) or subject.conjuncts:
            continue
        if level == 0 and not (reflexive or possessive) and tok.dep_ not in ("nsubj", "nsubjpass"):
            found.append((e, -BINDING))  # "him" is not the subject of its own clause
            continue
        found.append((e, REFLEXIVE if reflexive else BINDING))
        break
    return found


def _enclosing_head(tok: Token) -> int:
    """The head noun a possessive pronoun belongs to ("his" in "his counterpart")."""
    return tok.head.i if tok.dep_ == "poss" else -1


def _last_speaker(resolver: Resolver, i: int, pronoun: Pronoun) -> int | None:
    """The actor of the last speech cue before mention `i`, outside quotations."""
    chains = resolver.chains
    for j in reversed(resolver.recent):
        other = chains.mentions[j]
        e = chains.owner[j]
        speaks = j < i and e is not None and other.speaker and not other.quoted
        if speaks and e is not None and fits(chains.entities[e], pronoun):
            return e
    return None


def _excluded(resolver: Resolver, i: int) -> set[int]:
    """Actors a pronoun cannot be: the description it is the possessor of ("his advisor")."""
    chains = resolver.chains
    mention = chains.mentions[i]
    out = set()
    for j in range(max(0, i - 3), i):
        other = chains.mentions[j]
        e = chains.owner[j]
        if other.possessor == mention.head and e is not None:
            out.add(e)
    return out


def _lend_country(resolver: Resolver, i: int, e: int) -> None:
    """A description's possessor tells its nationality: "his own intelligence agencies"."""
    chains = resolver.chains
    country = chains.entities[e].country
    for j in range(max(0, i - 3), i):
        owner = chains.owner[j]
        if chains.mentions[j].possessor == chains.mentions[i].head and owner is not None:
            described = chains.entities[owner]
            if described.match is None and described.country is None:
                described.country = country
