"""Building blocks of quote attribution: quotation marks, reporting verbs and their speakers.

`scan(text)` finds the quoted stretches in one linear pass over the characters. Curly and
straight marks mix freely (an opening curly mark may be closed by a straight one); a quote
still open at a paragraph's end stops there, and the next paragraph's opening mark goes on
with it, as multi-paragraph quotes do. `find_cues(doc, verbs)` finds the reporting verbs
(lemmas from `data/reporting_verbs.toml`) and "according to X", each with its subject and the
span of what it reports: the dependents that the verb's kind says hold the content.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from newswatch.errors import E, NewswatchError
from newswatch.options import read_toml

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from spacy.tokens import Doc, Token

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
MARKS = frozenset({OPENING, CLOSING, STRAIGHT, "‘", "’", "'", "``", "''"})
# Double quotation marks, and the newline that ends an open quote: curly, straight, and the
# typewriter pairs of two apostrophes ('') or backticks (``) that some papers print.
_MARK = re.compile(r"''|``|[“”\"\n]")
_OPENERS = frozenset({OPENING, "``"})
_STRAIGHTS = frozenset({STRAIGHT, "''"})

# Dependents that hold a reporting verb's content, by the verb's kind.
_CLAUSAL = ("ccomp",)
_OBJECT = ("dobj", "obj", "prep", "ccomp")
_INFINITIVE = ("xcomp",)
_SEEMING = ("xcomp", "acomp", "attr", "oprd")
# What any reporting verb's content may be when the dependents of its kind are missing.
_FALLBACK = ("xcomp", "dobj", "obj", "oprd")
# A transcript's turn: a paragraph opening with its speaker's name and a colon ("PENCE: ..."),
# possibly inside quotation marks when the article quotes the transcript.
_TURN = re.compile(r"^[\"“]?([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,2}): +(\S[^\n]*)$", re.MULTILINE)
# Relative pronouns standing for the noun their clause qualifies: "his counterpart, who ...".
RELATIVE = frozenset({"who", "that", "which", "whom"})


@dataclass(frozen=True, slots=True)
class Segment:
    """A quoted stretch: the content between its marks, marks excluded."""

    start: int
    end: int
    opens_paragraph: bool  # the opening mark starts a paragraph (a multi-paragraph quote's)
    closed: bool  # False when the paragraph ended before a closing mark
    outer: tuple[int, int] = (0, 0)  # the stretch with its marks (PolNeAR's content span)


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting verb with its subject and the character span of what it reports."""

    token: Token
    text: str
    speaker: Token | None
    content: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Verbs:
    """The reporting-verb lexicon: lemmas by where their content lies."""

    clausal: frozenset[str]
    object: frozenset[str]
    infinitive: frozenset[str]
    addressee: frozenset[str]
    no_object: frozenset[str]
    seeming: frozenset[str]
    nouns: frozenset[str]
    # Every reporting verb: the union, made once (it is looked up for every token).
    all: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        every = self.clausal | self.object | self.infinitive | self.seeming
        object.__setattr__(self, "all", every)

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Verbs:
        """The packaged lexicon, each list extended by the user files' (cached per files)."""
        return _load_verbs(tuple(str(Path(p)) for p in extra_files))


@cache
def _load_verbs(extra: tuple[str, ...]) -> Verbs:
    data = resources.files("newswatch").joinpath("data/reporting_verbs.toml")
    tables = [tomllib.loads(data.read_text("utf-8"))]
    for path in extra:
        table = read_toml(Path(path), E.E014)
        bad = [k for k, v in table.items() if not _word_list(v)]
        if bad:
            raise NewswatchError(E.E014, path=path, reason=f"'{bad[0]}' must be a list of words")
        tables.append(table)
    names = [f.name for f in fields(Verbs) if f.init]
    lists = {k: [w.lower() for t in tables for w in t.get(k, [])] for k in names}
    return Verbs(**{k: frozenset(words) for k, words in lists.items()})


def _word_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(w, str) for w in value)


def scan(text: str) -> list[Segment]:
    """The quoted stretches of a text, in order, in one pass over its marks."""
    found: list[Segment] = []
    opened: tuple[int, int] | None = None  # where the open quote's mark starts and ends
    for match in _MARK.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n":
            if opened is not None:
                found.append(_segment(text, opened, at, at, closed=False))
            opened = None
        elif mark in _OPENERS or (mark in _STRAIGHTS and opened is None and _opens(text, match)):
            if opened is not None:  # a second opening mark: the first was never closed
                found.append(_segment(text, opened, at, at, closed=False))
            opened = (at, match.end())
        elif opened is not None:
            found.append(_segment(text, opened, at, match.end(), closed=True))
            opened = None
    if opened is not None:
        found.append(_segment(text, opened, len(text), len(text), closed=False))
    return [s for s in found if s.start < s.end]


def _opens(text: str, mark: re.Match[str]) -> bool:
    """Whether a straight mark with no quote open opens one: a word follows it."""
    return mark.end() < len(text) and not text[mark.end()].isspace()


def _segment(text: str, mark: tuple[int, int], end: int, close: int, *, closed: bool) -> Segment:
    """The content after the opening mark, trimmed of spaces and a trailing comma (the comma
    of “...,” he said belongs to the sentence, not to the speech), and the stretch with its
    marks."""
    start = mark[1]
    while start < end and text[start].isspace():
        start += 1
    outer_end = close if closed else end
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    while outer_end > start and text[outer_end - 1].isspace():
        outer_end -= 1
    first = mark[0] == 0 or text[mark[0] - 1] == "\n"
    return Segment(start, end, first, closed, (mark[0], outer_end))


def find_cues(doc: Doc, verbs: Verbs) -> list[Cue]:
    """Every reporting verb and "according to" of a doc, in text order."""
    cues: list[Cue] = []
    for token in doc:
        if token.lower_ == "according":
            cue = _according(token)
        elif lemma_of(token, verbs) in verbs.all and token.pos_ in ("VERB", "AUX"):
            # Nobody says what merely seems so: "the race appears closer".
            speaker = None if lemma_of(token, verbs) in verbs.seeming else _near_speaker(token)
            cue = Cue(token, token.text, speaker, _content(token, verbs))
        elif token.lemma_.lower() in verbs.nouns and token.pos_ == "NOUN":
            cue = _noun_cue(token)
        else:
            continue
        if cue is not None:
            cues.append(cue)
    return cues


def lemma_of(verb: Token, verbs: Verbs) -> str:
    """A verb's lemma, or the form the lexicon knows when the lemmatizer strips too much
    ("hopes" -> "hop")."""
    lemma = verb.lemma_.lower()
    if lemma in verbs.all:
        return lemma
    word = verb.lower_
    stem = word[:-1]  # "hopes", "hoped", "lambasted" -> "hope", "lambaste"
    if word.endswith(("es", "ed")) and stem.endswith("e") and stem in verbs.all:
        return stem
    return lemma


def _near_speaker(verb: Token) -> Token | None:
    """The verb's subject when it is in the verb's paragraph (a parse may run on from the
    headline into the next line)."""
    speaker = speaker_of(verb)
    low, high = _bounds(verb)
    return speaker if speaker is not None and low <= speaker.i <= high else None


def speaker_of(verb: Token) -> Token | None:
    """The subject of a reporting verb: its own, a relative clause's noun, or for a
    participle or infinitive ("..., claiming that"; "declined to rule out") its head's.
    Passives ("it was reported") have none: the speaker is unknown."""
    subject = subject_of(verb)
    if subject is not None and subject.lower_ in RELATIVE and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def subject_of(verb: Token) -> Token | None:
    """The word a reporting verb's clause has as its subject, a relative pronoun included
    ("his counterpart, who accused ..."): the mention the cue attaches to."""
    start = verb
    for _ in range(4):  # a short climb: "declined to rule out ..., telling ..."
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
        if subject is not None:
            return subject
        if verb.tag_ == "VBN" or any(c.dep_ == "nsubjpass" for c in verb.children):
            return None  # "Asked whether ...": the asker is not the clause's subject
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            return verb.head  # "ads attacking the candidates"
        if verb.dep_ == "pcomp":  # "aggressive in denouncing the media", "by promising"
            verb = _governing_verb(verb)
            continue
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head is verb:
            break
        verb = verb.head
    return _left_subject(start)


def _governing_verb(token: Token) -> Token:
    """The verb above a gerund's preposition (and an adjective or noun it hangs on)."""
    head = token.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    return head


def _left_subject(verb: Token) -> Token | None:
    """For a finite verb the parser gave no subject ("About 4 in 10 say ..."), the noun just
    before it, past adverbs."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        if token.pos_ in ("ADV", "AUX", "PART"):
            continue
        return token if token.pos_ in ("NOUN", "PROPN", "PRON", "NUM") else None
    return None


def _content(verb: Token, verbs: Verbs) -> tuple[int, int] | None:
    """The span of the dependents that hold what a verb reports, or None."""
    lemma = lemma_of(verb, verbs)
    deps: set[str] = set()
    if lemma in verbs.clausal:
        deps.update(_CLAUSAL)
    if lemma in verbs.object:
        deps.update(_OBJECT)
    if lemma in verbs.infinitive:
        deps.update(_INFINITIVE)
    if lemma in verbs.seeming:
        deps.update(_SEEMING)
    if lemma in verbs.addressee:
        deps -= {"dobj", "obj"}  # "told a press conference": the hearers, not the content
    subject = speaker_of(verb)
    found = _parts(verb, deps, subject)
    if lemma in verbs.seeming:
        if any(p.lemma_.lower() in verbs.all for p in found):
            return None  # "She appeared to imply that ...": the inner verb reports it
        if found and subject is not None:
            found.append(subject)  # "the race | appears closer": what seems so, and how
    if not found and lemma not in verbs.no_object and not _inverted(verb):
        # A clausal verb may still report a thing: "announced his candidacy".
        deps = set(_FALLBACK) - ({"dobj", "obj", "oprd"} if lemma in verbs.addressee else set())
        found = _parts(verb, deps, subject)
    return _span(verb, found) or _parenthetical(verb)


def _inverted(verb: Token) -> bool:
    """Whether the verb follows its content and precedes its subject (“...,” said Jared
    Bernstein, ...): the parser may take that subject for the verb's object."""
    before = verb.doc[verb.i - 1] if verb.i else None
    return before is not None and before.text in MARKS


def _parts(verb: Token, deps: set[str], subject: Token | None) -> list[Token]:
    """The verb's dependents of the given kinds that hold content: after the verb, or
    fronted before it."""
    parts = [c for c in verb.children if c.dep_ in deps and not _bare_relative(c)]
    return [p for p in parts if p.i > verb.i or _fronted(verb, p, subject)]


def _parenthetical(verb: Token) -> tuple[int, int] | None:
    """The clause around a parenthetical cue ("In the long run, many economists say, this
    effect could ripple ..."): the head clause without the cue's own words."""
    if verb.dep_ != "parataxis" or verb.head is verb:
        return None
    low, high = _bounds(verb)
    inside = {t.i for t in verb.subtree}
    tokens = [t for t in verb.head.subtree if t.i not in inside and low <= t.i <= high]
    return _span_of(tokens)


def _fronted(verb: Token, part: Token, subject: Token | None) -> bool:
    """Whether content before its verb is really fronted ("“...,” she said"): it ends just
    before the subject, in a main clause. Otherwise the parse has reached into another
    clause ("..., that May had not threatened")."""
    if part.dep_ != "ccomp" or subject is None or any(c.dep_ == "mark" for c in verb.children):
        return False
    return 0 < subject.left_edge.i - part.right_edge.i <= 3


def _bare_relative(token: Token) -> bool:
    """A relative pronoun alone ("which the Kremlin denies", "in which", "what they call"):
    the content is the noun it stands for, outside the verb's phrase."""
    # Three words at most are read: a whole subtree is as long as the text on a run-on parse.
    words = [t.lower_ for t in islice(token.subtree, 3)]
    return len(words) <= 2 and words[-1] in RELATIVE | {"what"}


def _span(verb: Token, parts: Iterable[Token]) -> tuple[int, int] | None:
    """The character span of the parts' subtrees on their side of the verb (a parse may
    reach across it), within the verb's sentence and paragraph, without punctuation at its
    edges other than quotation marks."""
    low, high = _bounds(verb)
    edges = []
    for part in parts:
        if part.i > verb.i:
            edges += [max(part.left_edge.i, verb.i + 1), part.right_edge.i]
        else:
            edges += [part.left_edge.i, min(part.right_edge.i, verb.i - 1)]
    if not edges:
        return None
    first, last = max(min(edges), low), min(max(edges), high)
    doc = verb.doc
    while first < last and _edge_punct(doc[first]):
        first += 1
    while last > first and _edge_punct(doc[last]):
        last -= 1
    if first > last or _edge_punct(doc[first]):
        return None
    return doc[first].idx, doc[last].idx + len(doc[last])


def _bounds(verb: Token) -> tuple[int, int]:
    """The first and last token index of a verb's sentence, clipped to its paragraph: the
    parser's sentences may run on across a headline and the line after it."""
    doc, sent = verb.doc, verb.sent
    low, high = sent.start, sent.end - 1
    for i in range(verb.i, low, -1):
        if _breaks(doc[i - 1]):
            low = i
            break
    for i in range(verb.i, high):
        if _breaks(doc[i]):
            return low, i
    return low, high


def _breaks(token: Token) -> bool:
    """Whether a paragraph ends at or right after a token."""
    if "\n" in token.text_with_ws:
        return True
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return after is not None and after.is_space and "\n" in after.text


def _edge_punct(token: Token) -> bool:
    """Punctuation that does not belong at a content's edge (quotation marks do)."""
    return token.is_space or (token.is_punct and token.text not in MARKS)


def _noun_cue(noun: Token) -> Cue | None:
    """A reporting noun with a "that" clause: its possessor or "by" phrase says it."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and _has_that(c)), None)
    if clause is None:
        return None
    speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    if speaker is None and by is not None:
        speaker = next((c for c in by.children if c.dep_ == "pobj"), None)
    content = _span(noun, [c for c in clause.children if c.dep_ != "mark"] + [clause])
    return Cue(noun, noun.text, speaker, content) if content else None


def _has_that(clause: Token) -> bool:
    """Whether a clause opens with "that" (a noun's content, not a relative clause)."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _according(token: Token) -> Cue | None:
    """ "according to X": X is the speaker; the content is the clause the phrase qualifies,
    less the phrase itself."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None or token.head is token:
        return None
    clause = token.head
    lo, hi = token.left_edge.i, token.right_edge.i
    low, high = _bounds(token)
    before = [t for t in clause.subtree if low <= t.i < lo]
    after = [t for t in clause.subtree if hi < t.i <= high]
    side = after if len(after) > len(before) else before
    if not side:
        return None
    return Cue(token, f"{token.text} {to.text}", source, _span_of(side))


def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
    """The trimmed character span of a run of tokens."""
    while tokens and _edge_punct(tokens[0]):
        tokens = tokens[1:]
    while tokens and _edge_punct(tokens[-1]):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def find_turns(
    doc: Doc, headlines: Iterable[tuple[int, int]] = ()
) -> list[tuple[Token, tuple[int, int]]]:
    """A transcript's turns: the speaker's name (its last token) and the span of what they
    said. The name must be in capitals (PENCE, MR. SMITH) or a person the parser knows, so
    that headings ("Note: ...", "Update: ...") are not taken for speakers; in a headline any
    short name before a colon says who is quoted ("Graham: Trump's rhetoric is ...")."""
    turns = []
    heads = list(headlines)
    text = doc.text  # spaCy joins every token at each `doc.text`: once, not per turn
    for match in _TURN.finditer(text):
        name = doc.char_span(*match.span(1))
        if name is None:
            continue
        headline = any(a <= match.start() < b for a, b in heads)
        if not (headline or name.text.isupper() or name[-1].ent_type_ == "PERSON"):
            continue
        end = match.end(2)
        while end > match.start(2) and (text[end - 1].isspace() or text[end - 1] in MARKS):
            end -= 1
        turns.append((name[-1], (match.start(2), end)))
    return turns
