"""Who did it and to whom: the source and target tokens of an event trigger, from the parse.

Verbs: the source is the subject (through infinitives, "agreed to meet"; conjoined verbs,
"met X and discussed"; relative clauses, "his counterpart, who accused Russia"), or the "by"
agent of a passive; the target is the object, the passive subject, or the object of a
target preposition ("talks with X", "strikes against X", "campaign in support of X"), or,
after those, the target of what the event is for ("began a hunger strike to protest against
Sweden's decision") and the places in the trigger's phrase ("imposed a curfew in Algiers").
Nouns: the source is the possessor ("Russia's backing"), an actor before the noun ("US air
strikes"), a "by" phrase, or the subject of the verb that carries the noun ("waging a
bombing campaign"). Each role is a list of head tokens, one per conjoined actor ("UK and US").
The `Rule` names say which of these fired, for --explain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newswatch.triggers import lemmas

if TYPE_CHECKING:
    from spacy.tokens import Token

    from newswatch.triggers import Cues

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "dative", "obj", "iobj")
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_CLIMB = (
    "xcomp",
    "conj",
    "advcl",
    "acl",
    "pcomp",
    "ccomp",
    "acomp",
)  # links a subject is shared through
_MAX_CLIMB = 4


@dataclass(frozen=True, slots=True)
class Role:
    """Head tokens of one role and the rule that found them."""

    tokens: tuple[Token, ...]
    rule: str
    # The verb that carries a noun trigger, when its subject is the source ("gave aid").
    via: Token | None = None


NO_ROLE = Role((), "")


def conjuncts(token: Token) -> tuple[Token, ...]:
    """A token and the tokens conjoined with it: "UK and US"."""
    return (token, *token.conjuncts)


def verb_source(verb: Token, cues: Cues | None = None) -> Role:
    """The source of a verb trigger; with `cues`, the subject of a participle that names a
    state of its own ("Israel is opposed to", "Vietnam is committed to": Israel, Vietnam)."""
    agent = _agent(verb)
    if agent is not None:
        return Role(conjuncts(agent), "passive agent")
    at, rule = verb, "subject"
    for _ in range(_MAX_CLIMB):
        found = _own_source(at, rule, cues)
        if found is not None:
            return found
        if at.dep_ not in _CLIMB or at.head is at or _passive(at):
            break
        if at.tag_ == "VBN" and at.dep_ in ("advcl", "acl"):
            break  # "Asked whether Moscow had interfered, Mattis responded": he was asked
        at = _through_preposition(at.head) if at.dep_ == "pcomp" else at.head
        rule = f"subject of '{at.text}'"
        if at.pos_ in ("NOUN", "PROPN"):
            # "issued a declaration demanding that ...": the declaration's issuer.
            return _carrier_subject(at, None)
    return NO_ROLE


def _own_source(at: Token, rule: str, cues: Cues | None) -> Role | None:
    """The source a verb's own clause names: its subject (of a relative clause, the noun it
    describes), else None."""
    subject = next((c for c in at.children if c.dep_ in SUBJECTS), None)
    if subject is None and cues is not None and _stative(at, cues):
        # The parser hangs the subject on the participle or, at times, on its "be".
        near = [*at.children, *(g for c in at.children if c.dep_ == "auxpass" for g in c.children)]
        subject = next((c for c in near if c.dep_ in (*SUBJECTS, *PASSIVE_SUBJECTS)), None)
        rule = f"subject of the state '{at.text}'"
    if at.dep_ == "relcl" and (subject is None or subject.lower_ in RELATIVE):
        return Role(conjuncts(at.head), "relative clause")
    if subject is not None:
        return Role(conjuncts(subject), rule)
    if main_verb_misparsed(at):
        return Role(conjuncts(at.head), "subject (parsed as a participle)")
    return None


def main_verb_misparsed(verb: Token) -> bool:
    """A past verb the parser took for a participle describing a noun when the sentence has
    no verb of its own: in "Doctors from two aid groups donated goods" and "Palestinian
    youths resorted to throwing stones" the root is the noun, the verb its "acl"."""
    root = verb.sent.root
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and root.pos_ in ("NOUN", "PROPN")
        and verb.i > root.i
        and _agent(verb) is None
        and not any(t.pos_ in ("VERB", "AUX") for t in verb.sent if t.i < verb.i)
    )


def _through_preposition(prep: Token) -> Token:
    """The verb a gerund's preposition hangs from, when that verb's subject is the gerund's
    doer: "youths resorted to throwing stones", "insisted on meeting". A verb with an
    object hands the gerund to the object ("charged him with killing", "thanked Iran for
    helping"), so the climb stops at the preposition."""
    verb = prep.head
    if prep.dep_ != "prep" or verb is prep or verb.pos_ not in ("VERB", "AUX"):
        return prep
    if any(c.dep_ in OBJECTS for c in verb.children):
        return prep
    return verb


def _agent(verb: Token) -> Token | None:
    """The object of a passive's "by" phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _stative(verb: Token, cues: Cues) -> bool:
    """A participle after "be" that says how its subject stands, not what was done to it:
    "is opposed to", "are committed to", "were engaged in" (no "by" agent)."""
    return (
        verb.tag_ == "VBN"
        and verb.lemma_.lower() in cues.stative_participles
        and _agent(verb) is None
        and any(c.dep_ == "auxpass" and c.lemma_ == "be" for c in verb.children)
    )


def _passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children)


def verb_targets(
    verb: Token,
    cues: Cues,
    skip: frozenset[int],
    depth: int = 0,
    later: frozenset[str] = frozenset(),
) -> list[Role]:
    """Where a verb trigger's target may be, best first: the passive subject, the object,
    target prepositions' objects ("waged a campaign in support of X": the object is no
    actor, the phrase has one; those in `later` after the others)."""
    roles = [
        Role(conjuncts(c), "passive subject")
        for c in verb.children
        if c.dep_ in PASSIVE_SUBJECTS and c.i not in skip
    ]
    roles += [
        Role(conjuncts(c), "object") for c in verb.children if c.dep_ in OBJECTS and c.i not in skip
    ]
    roles += prep_targets(verb, cues, skip, later)
    # "refused to allow UN planes to land": with no object, the clause's subject is it.
    bare = not any(c.dep_ in OBJECTS for c in verb.children)
    for child in verb.children:
        # "threatened to impose sanctions on Japan", "refused to negotiate with X".
        if child.dep_ == "xcomp" and child.pos_ == "VERB" and depth < 2:
            roles += verb_targets(child, cues, skip, depth + 1, later)
        # "demanded that the US cancel its plans": the one asked is the clause's subject;
        # "threatened to stop talks if the United States goes ahead": the one threatened.
        conditional = child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cues.conditions for c in child.children
        )
        if (child.dep_ == "ccomp" and (depth == 0 or bare)) or conditional:
            subject = next((c for c in child.children if c.dep_ in SUBJECTS), None)
            if subject is not None:
                rule = "subject of the condition" if conditional else "subject of the clause"
                roles.append(Role(conjuncts(subject), rule))
    # What the event is for, after all the event's own roles: "began a hunger strike to
    # protest against Sweden's decision", "opened fire to disperse the demonstrators".
    for child in verb.children:
        if purpose(child) and depth < 2:
            roles += [
                Role(r.tokens, f"{r.rule} of '{child.text}'")
                for r in verb_targets(child, cues, skip, depth + 1, later)
                if r.tokens
            ]
    return roles


def purpose(token: Token) -> bool:
    """An adverbial clause with no subject of its own says what its governor's event is for
    or how it went: "staged demonstrations to demand reforms", "blocked roads demanding"."""
    return (
        token.dep_ == "advcl"
        and token.pos_ == "VERB"
        and not any(
            c.dep_ in ("nsubj", "nsubjpass", "mark") and c.lower_ != "to" for c in token.children
        )
    )


PLACES = ("GPE", "LOC")
_CLAUSES = ("advcl", "relcl", "ccomp", "conj", "parataxis", "acl", "nsubj", "nsubjpass")


def places(head: Token, skip: frozenset[int]) -> list[Role]:
    """The last resort for a target: the places named in the trigger's own phrase, first
    first ("demonstrated in Serbia", "imposed a curfew in Algiers", "exploded bombs in the
    capital Kabul"), which PLOVER records as the recipient when no one else is. A place no
    actor names hands over to the next: "the town of Cizre in southeastern Turkey". Places
    in a clause of their own are another event's ("resigned without returning to X")."""
    inner = {t.i for c in head.children if c.dep_ in _CLAUSES for t in c.subtree}
    found: list[Role] = []
    for token in head.subtree:
        if token.i <= head.i or token.i in inner or token.i in skip:
            continue
        if token.ent_type_ in PLACES and _in_phrase(token) and not _in_clause(token, head):
            found.append(Role((token,), "place"))
    return found


def _in_phrase(token: Token) -> bool:
    """A preposition's object, or a name beside one ("in the capital Kabul")."""
    at = token.head if token.dep_ == "appos" else token
    return at.dep_ == "pobj" or at.head.dep_ == "prep"


def _in_clause(token: Token, head: Token) -> bool:
    """Whether a token below `head` lies in a clause a preposition opens ("without
    returning to Kyrgyzstan", "after visiting Iraq")."""
    at = token
    while at.i != head.i and at.head is not at:
        if at.dep_ == "pcomp" and at.pos_ == "VERB":
            return True
        at = at.head
    return False


def prep_target(head: Token, cues: Cues, skip: frozenset[int]) -> Role:
    """The object of the first target preposition under a verb or noun."""
    found = prep_targets(head, cues, skip)
    return found[0] if found else NO_ROLE


def prep_targets(
    head: Token, cues: Cues, skip: frozenset[int], later: frozenset[str] = frozenset()
) -> list[Role]:
    """The objects of the target prepositions under a verb or noun, in order; those of
    `later` and the fallback prepositions ("confiscated weapons from X") last."""
    first: list[Role] = []
    last: list[Role] = []
    for child in head.children:
        # The parser often labels a recipient's "to" a dative: "granted asylum to X".
        if child.dep_ not in ("prep", "dative") or child.i in skip:
            continue
        phrase = _phrase_object(child, cues)
        if phrase is not None:
            first.append(Role(conjuncts(phrase), f"'{' '.join(_words(child, phrase))}' phrase"))
            continue
        word = child.lower_
        if word not in cues.target_preps and word not in cues.fallback_preps:
            continue
        obj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if obj is not None:
            deferred = word in later or word not in cues.target_preps
            (last if deferred else first).append(Role(conjuncts(obj), f"'{word}' phrase"))
    return first + last


def _phrase_object(prep: Token, cues: Cues) -> Token | None:
    """The object of a multi-word preposition starting at `prep`: "in support of X"."""
    for phrase in cues.target_phrases:
        words = phrase.split()
        at: Token | None = prep
        for i, word in enumerate(words):
            if at is None or at.lower_ != word:
                at = None
                break
            if i < len(words) - 1:
                at = next((c for c in at.children if c.dep_ in ("pobj", "prep")), None)
        if at is not None:
            return next((c for c in at.children if c.dep_ == "pobj"), None)
    return None


def _words(prep: Token, obj: Token) -> list[str]:
    return [t.lower_ for t in prep.doc[prep.i : obj.i]]


def noun_source(noun: Token, cues: Cues, words: tuple[int, ...]) -> Role:
    """The source of a noun trigger."""
    for child in noun.children:
        if child.dep_ == "poss":
            return Role(conjuncts(child), "possessor")
    for child in noun.children:
        named = child.pos_ == "PROPN" or child.ent_type_ in ("GPE", "NORP", "ORG")
        if child.dep_ in ("compound", "amod", "nmod") and child.i not in words and named:
            return Role(conjuncts(child), "modifier")
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return Role(conjuncts(obj), "'by' phrase")
    return _carrier_subject(noun, cues)


def _carrier_subject(noun: Token, cues: Cues | None) -> Role:
    """The subject of the verb that carries a noun: a light verb's object ("Putin's forces
    are waging a campaign") or a phrase on a verb ("Mattis made the claim following talks";
    "following", "including" and verbs with no subject of their own pass as prepositions)."""
    at, through = noun, False
    for _ in range(_MAX_CLIMB):
        if at.dep_ not in ("dobj", "pobj", "prep", "attr", "xcomp", "pcomp", "oprd", "advcl",
                           "ccomp"):  # fmt: skip
            return NO_ROLE
        through = through or at.dep_ == "pobj"
        at = at.head
        if at.pos_ not in ("VERB", "AUX"):
            continue
        role = verb_source(at, cues)
        if not role.tokens or (cues is not None and at.lower_ in cues.prepositional_verbs):
            through = True
        elif through or cues is None or cues.light_verbs.intersection(lemmas(at)):
            return Role(role.tokens, f"subject of '{at.text}'", at)
        else:
            return NO_ROLE
    return NO_ROLE


def noun_targets(
    noun: Token, cues: Cues, skip: frozenset[int], later: frozenset[str] = frozenset()
) -> list[Role]:
    """Where a noun trigger's target may be: its target prepositions' objects ("talks with
    X")."""
    return prep_targets(noun, cues, skip, later)
