"""What a number measures, read from the dependency parse around it.

"a £10bn funding shortfall" measures the funding shortfall, "2 per cent of GDP on defence"
GDP on defence, "five of the alliance's 28 members" (both numbers) the alliance's members,
"Spending rose by 2%" the spending that rose. Used by the quantities stage.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# Dependencies by which a number modifies the noun it counts or prices.
_MODIFIER = frozenset({"nummod", "quantmod", "compound", "nmod", "amod", "npadvmod", "appos"})
# Left dependents of a noun kept in its phrase (determiners only inside a possessor).
_KEPT_LEFT = frozenset({"poss", "compound", "amod", "nmod", "nummod", "npadvmod"})
# Prepositions after a noun that belong to what is measured: "cuts in the budget".
_KEPT_PREPS = frozenset({"of", "in", "on", "for", "to"})
_MAX_PREP_TOKENS = 5
_PRONOUNS = frozenset({"PRON"})
_WHEN = frozenset({"DATE", "TIME"})


def counts_something(span: Span) -> bool:
    """Whether a bare number counts a noun: "28 members", "five of the members"."""
    root = span.root
    if _of_object(span) is not None:
        return True
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and root.pos_ == "NUM" and head.pos_ == "VERB":
        # "Four people died and 12 were injured"; "the two met" points back, it counts nothing.
        return not any(c.dep_ == "det" for c in root.children)
    # A proper noun counts only in the plural: "29 New Yorkers", not "131 West 23rd Street".
    noun = head.pos_ == "NOUN" or head.tag_ == "NNPS"
    return head.i not in _indexes(span) and root.dep_ in _MODIFIER and noun and head.i > root.i


def measure(span: Span, *, skip: Span | None = None) -> str | None:
    """What the quantity in `span` measures, as a short phrase, or None when the parse is silent.

    Args:
        span: the quantity's tokens (currency sign, number, scale and unit words).
        skip: a wider span left out of the phrase too (the qualifier: "an estimated").

    Returns:
        The phrase as written ("funding shortfall", "GDP on defence"), or None.
    """
    inside = _indexes(span) | (_indexes(skip) if skip is not None else set())
    root = span.root
    of = _of_object(span)
    if of is not None:
        if of.pos_ in _PRONOUNS:
            return None  # "40 percent of whom"
        extra = _verb_preps(root, after=of.i, inside=inside)
        return _join([_phrase(of, inside), *extra])
    noun = _noun_of(root, inside)
    if noun is not None:
        return _phrase(*noun)
    preps = [p for p in root.children if p.dep_ == "prep" and p.i >= span.end]
    preps = [p for p in preps if p.lower_ in _KEPT_PREPS and p.lower_ != "of"]
    if objects := [o for p in preps for o in p.children if o.dep_ == "pobj"]:
        return _phrase(objects[0], inside)
    return _verb_measure(root, inside)


def _noun_of(root: Token, inside: set[int]) -> tuple[Token, set[int]] | None:
    """The noun a quantity modifies, with the tokens to leave out of its phrase."""
    head = root.head
    if head.i not in inside and root.dep_ in _MODIFIER and head.pos_ in ("NOUN", "PROPN"):
        return head, inside  # "a £10bn funding shortfall", "28 members"
    # "deals worth £9bn", "a fine of €2.4bn"
    linked = head.lower_ == "worth" or (root.dep_ == "pobj" and head.lower_ == "of")
    if linked and head.head.pos_ in ("NOUN", "PROPN"):
        return head.head, inside | {t.i for t in head.subtree}
    return None


def _indexes(span: Span) -> set[int]:
    return {t.i for t in span}


def _of_object(span: Span) -> Token | None:
    """The object of an "of" after the number: "2 per cent of GDP", "thousands of troops"."""
    for token in span:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i >= span.end:
                objects = [o for o in child.children if o.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return None


def _phrase(head: Token, inside: set[int]) -> str:
    """The noun phrase of `head`: its modifiers and short prepositional phrases, no numbers."""
    keep: list[Token] = []
    for child in head.lefts:
        # Another count of the same noun goes ("the alliance's 28 members"), "four-year" stays.
        if child.dep_ in _KEPT_LEFT and child.i not in inside and not _is_number(child):
            keep.extend(t for t in child.subtree if t.i not in inside)
    keep.append(head)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _KEPT_PREPS:
            subtree = [t for t in child.subtree if t.i not in inside]
            if len(subtree) <= _MAX_PREP_TOKENS:
                keep.extend(subtree)
    return _words(keep)


def _when_or_number(token: Token) -> bool:
    return token.ent_type_ in _WHEN or token.like_num or token.tag_ == "$"


def _is_quantity(token: Token) -> bool:
    """A subject that is itself a number: "24 percent of the contributors have given ..."."""
    return token.like_num or any(_is_number(c) for c in token.children)


def _is_number(token: Token) -> bool:
    return token.dep_ in ("nummod", "quantmod") and (token.like_num or token.pos_ == "NUM")


def _verb_preps(
    root: Token, *, after: int, inside: set[int], verb: Token | None = None
) -> list[str]:
    """Prepositional phrases of the verb governing a quantity: "spending ... on defence"."""
    governor = verb or root.head
    if governor.i in inside or governor.pos_ != "VERB":
        return []
    preps = [p for p in governor.children if p.dep_ == "prep" and p.i > after]
    # "over five years", "in March": when, not what; "to £13.6bn": another quantity.
    kept = [list(p.subtree) for p in preps if not any(_when_or_number(t) for t in p.subtree)]
    return [_words(tokens) for tokens in kept if len(tokens) <= _MAX_PREP_TOKENS]


def _verb_measure(root: Token, inside: set[int]) -> str | None:
    """ "Spending rose by 2%": the verb's subject and the verb; None without a subject."""
    verb = root.head
    while verb.dep_ == "prep" or verb.pos_ == "ADP":
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i in inside:
        return None
    subject = _subject(verb)
    if subject is not None and subject.i in inside:
        # "millions of pounds were lost" says what; "Twelve percent indicated" does not.
        return verb.text if subject.dep_ == "nsubjpass" else None
    if subject is None or subject.pos_ in _PRONOUNS or _is_quantity(subject):
        return None
    if verb.lemma_ == "be":
        return _phrase(subject, inside)  # "the unemployment rate is 36 percent"
    after = max(inside)
    return _join(
        [
            _phrase(subject, inside),
            verb.text,
            *_verb_preps(root, after=after, inside=inside, verb=verb),
        ]
    )


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or its governing verb's ("Inflation is expected to reach 10%")."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if verb.dep_ != "xcomp":
            return None
        verb = verb.head
    return None


def _words(tokens: list[Token]) -> str:
    """The tokens' text in document order, spaces as written."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    # A space where tokens were left out between two others: "incidents” in" -> "incidents in".
    parts = [
        t.text
        + (" " if t.whitespace_ or (i + 1 < len(ordered) and ordered[i + 1].i > t.i + 1) else "")
        for i, t in enumerate(ordered)
    ]
    return " ".join("".join(parts).split())


def _join(parts: list[str]) -> str | None:
    text = " ".join(p for p in parts if p)
    return text or None
