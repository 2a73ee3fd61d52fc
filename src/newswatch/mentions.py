"""Mentions of possible actors in a parsed article: names, role descriptions and pronouns.

A `Mention` is a span of the text with what the words around it say: titles and honorifics,
nationality, possessor, grammatical weight, whether it sits inside a quotation. Names come
from `newswatch.names`, role descriptions ("the Defence Secretary") from
`newswatch.descriptions`; pronouns and the grammar every mention needs are found here.
Everything is one pass over the tokens, so the cost grows linearly with the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newswatch.knowledge import normalise
from newswatch.roles import Lexicon, Pronoun, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LOCATIVE = 0.2  # the weight of a place after "in", "at"...
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd", "iobj", "poss"})
_OBLIQUES = frozenset({"pobj", "agent", "npadvmod"})
# Clauses that borrow the subject of the clause they hang from: "..., telling the BBC".
_SUBJECTLESS = frozenset({"advcl", "xcomp", "conj", "pcomp", "acl"})
# A quotation: curly double quotes (to the paragraph's end when unclosed), straight double
# quotes, and curly single quotes that do not stop at an apostrophe ("people’s").
_QUOTES = re.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*\"|(?<!\w)‘[^\n]*?’(?!\w)", re.M)


@dataclass(slots=True)
class Mention:
    """One mention of a possible actor: a span of the text and what it tells about who."""

    start: int  # character offsets into the article text
    end: int
    first: int  # token offsets, end exclusive
    last: int
    head: int  # token index of the syntactic head
    kind: str  # person | organization | country | group | role | pronoun
    key: str = ""  # what names the actor: a normalised name, an ISO3 code, a metonym's code
    sent: int = 0  # sentence number, a new one at each paragraph too
    weight: float = 0.5  # grammatical salience: subjects 1.0 ... obliques 0.4
    quoted: bool = False  # inside a quotation
    speaker: bool = False  # the subject of a speech verb ("said", "told")
    name_start: int = 0  # persons: the token where the name starts, after its titles
    given: str | None = None  # persons: first name
    surname: str | None = None
    honorific: str | None = None  # "mr", "sir"
    gender: str | None = None
    roles: tuple[Role, ...] = ()  # titles of a name, the role of a description
    former: bool = False  # "former Lieutenant General"
    country: str | None = None  # nationality: "British counterpart", "US-led"
    code: str | None = None  # a metonym's code: "Kremlin" -> RUSGOV
    possessor: int | None = None  # token index of the possessor: "Trump's", "his"
    det: str = ""  # def | indef | poss | "" (bare)
    plural: bool = False
    pronoun: Pronoun | None = None


@dataclass(slots=True)
class Context:
    """A parsed article and what every mention finder looks up in it."""

    doc: Doc
    lexicon: Lexicon
    authors: frozenset[str] = frozenset()  # normalised names of the article's authors
    text: str = ""  # the doc's text, built once (spaCy joins the tokens at each `doc.text`)
    # Each token once: spaCy makes a new Token object at every `doc[i]` and every pass over
    # the doc, which was most of this stage's time; scans and lookups share these instead.
    tokens: list[Token] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # token index -> its text
    runs: list[tuple[int, int]] = field(default_factory=list)  # see `proper_runs`
    sents: list[int] = field(default_factory=list)  # token index -> sentence number
    quotes: list[tuple[int, int]] = field(default_factory=list)
    speakers: set[int] = field(default_factory=set)  # token indexes of speech-verb subjects


def find_mentions(
    doc: Doc,
    lexicon: Lexicon,
    *,
    authors: Sequence[str] = (),
    known: Callable[[str], bool] | None = None,
    text: str | None = None,
) -> list[Mention]:
    """Every mention of a possible actor, in text order (the longer first at the same start).

    Args:
        doc: The parsed article text.
        lexicon: Role words, honorifics, pronouns and first names.
        authors: People credited with the article: their bylines are no mentions.
        known: Whether a full name is a person the knowledge base knows, for names the
            recogniser missed.
        text: The text the doc was parsed from, when the caller has it (saves joining the
            tokens again).

    Returns:
        The mentions, each with its grammar filled in.
    """
    from newswatch.descriptions import find_descriptions
    from newswatch.names import find_names
    from newswatch.persons import find_persons

    ctx = context(doc, lexicon, authors, text)
    persons = find_persons(ctx, known)
    named = {i for m in persons for i in range(m.first, m.last)}
    descriptions, taken = find_descriptions(ctx, named)
    found = [*persons, *descriptions, *find_names(ctx, taken, named), *find_pronouns(ctx)]
    for mention in found:
        annotate(ctx, mention)
    return sorted(found, key=lambda m: (m.start, -m.end))


def context(
    doc: Doc, lexicon: Lexicon, authors: Sequence[str] = (), text: str | None = None
) -> Context:
    """The lookups for one doc: its tokens, sentence numbers, quotations and speakers."""
    ctx = Context(doc, lexicon, frozenset(normalise(a) for a in authors if a))
    ctx.tokens = list(doc)
    ctx.words = [tok.text for tok in ctx.tokens]
    ctx.text = text if text is not None and _parsed_from(ctx, text) else doc.text
    ctx.sents = sentence_numbers(doc, ctx.tokens)
    ctx.quotes = [m.span() for m in _QUOTES.finditer(ctx.text)]
    ctx.runs = list(_proper_runs(ctx.tokens))
    for verb in ctx.tokens:
        if verb.pos_ == "VERB" and lexicon.listed("speech_verbs", verb.lemma_.lower()):
            subject = clause_subject(verb)
            if subject is not None:
                ctx.speakers.update(t.i for t in (subject, *subject.conjuncts))
    return ctx


def _parsed_from(ctx: Context, text: str) -> bool:
    """Whether the doc's tokens end where `text` does (a doc of another text would not)."""
    last = ctx.tokens[-1] if ctx.tokens else None
    return len(text) == (last.idx + len(last.text_with_ws) if last is not None else 0)


def sentence_numbers(doc: Doc, tokens: Sequence[Token] | None = None) -> list[int]:
    """Each token's sentence number; a paragraph break starts a sentence too."""
    numbers, n, previous = [], 0, ""
    for tok in doc if tokens is None else tokens:
        if tok.i and (tok.is_sent_start or "\n" in previous):
            n += 1
        numbers.append(n)
        previous = tok.text
    return numbers


def quoted(ctx: Context, offset: int) -> bool:
    """Whether a character offset lies inside a quotation."""
    i = bisect_right(ctx.quotes, (offset, len(ctx.text) + 1)) - 1
    return i >= 0 and ctx.quotes[i][0] < offset < ctx.quotes[i][1]


def clause_subject(verb: Token, depth: int = 3) -> Token | None:
    """The subject of a verb's clause, borrowed from the clause above when it has none.

    A relative pronoun stands for the noun its clause hangs from ("Mattis, who fought").
    """
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head
            return child
    if depth and verb.dep_ in _SUBJECTLESS and verb.head.i != verb.i:
        return clause_subject(verb.head, depth - 1)
    return None


def clause_verbs(tok: Token) -> Iterator[Token]:
    """The verbs of the clauses around a token, innermost first, up to the sentence root."""
    node = tok
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            yield node


def find_pronouns(ctx: Context) -> Iterator[Mention]:
    """Third-person pronouns, leaving out "it" that stands for no actor ("It came as ...")."""
    for tok in ctx.tokens:
        pronoun = ctx.lexicon.pronouns.get(tok.lower_)
        if pronoun is None or tok.tag_ not in ("PRP", "PRP$"):
            continue
        if not pronoun.person and _empty_it(ctx, tok):
            continue
        yield Mention(
            tok.idx, tok.idx + len(tok), tok.i, tok.i + 1, tok.i, "pronoun",
            key=tok.lower_, pronoun=pronoun, plural=pronoun.plural,
        )  # fmt: skip


def _empty_it(ctx: Context, tok: Token) -> bool:
    """Whether "it" is no actor: an expletive, a passive, or the subject of "be", "come"..."""
    if tok.dep_ in ("expl", "nsubjpass") or tok.lower_ != "it":
        return tok.dep_ in ("expl", "nsubjpass")
    # "It came as...", "It is clear that...": the verb says "it" is a situation.
    return tok.dep_ in SUBJECTS and ctx.lexicon.listed("empty_it_verbs", tok.head.lemma_.lower())


def annotate(ctx: Context, mention: Mention) -> None:
    """Fill in a mention's sentence, grammatical weight, quotation and speaker flags."""
    head = ctx.tokens[mention.head]
    mention.sent = ctx.sents[mention.head]
    mention.weight = weight(head)
    if head.dep_ == "pobj" and ctx.lexicon.listed("locative", head.head.lower_):
        mention.weight = LOCATIVE  # a place where something happens is hardly an antecedent
    mention.quoted = quoted(ctx, mention.start)
    mention.speaker = mention.head in ctx.speakers


def weight(tok: Token) -> float:
    """How salient a grammatical position is: subjects most, then objects, then obliques."""
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in SUBJECTS:
        return 1.0 if tok.head.dep_ in ("ROOT", "conj") else 0.8
    if tok.dep_ in _OBJECTS:
        return 0.6
    return 0.4 if tok.dep_ in _OBLIQUES else 0.5


def proper_runs(ctx: Context) -> list[tuple[int, int]]:
    """Maximal runs of proper nouns (hyphens inside) that no entity covers."""
    return ctx.runs


def _proper_runs(tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    start = None
    for tok in tokens:
        inside = tok.pos_ == "PROPN" and not tok.ent_type_
        inside = inside or (start is not None and tok.text == "-" and not tok.whitespace_)
        if inside and start is None:
            start = tok.i
        elif not inside and start is not None:
            yield start, tok.i
            start = None
    if start is not None:
        yield start, len(tokens)


def span_mention(doc: Doc, first: int, last: int, kind: str, head: int | None = None) -> Mention:
    """A mention over tokens [first, last), its head the span's root unless given."""
    span = doc[first:last]
    root = span.root.i if head is None else head
    return Mention(span.start_char, span.end_char, first, last, root, kind)
