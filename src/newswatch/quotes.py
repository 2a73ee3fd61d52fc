"""Quotes stage: who said what, with content span, cue and speaker.

`find(work)` is pure. It scans the text for quoted stretches (`attribution.scan`) and parses
out the reporting verbs with their subjects and contents (`attribution.find_cues`), then:

- a cue whose content is a quoted stretch and nothing more makes that stretch a direct quote;
- a cue whose content holds words besides quoted fragments is a mixed quote (PolNeAR counts
  partial quotes as part of the reported content), and the fragments go with it;
- a cue whose content has no marks is an indirect quote;
- a transcript's turn ("PENCE: Well, ...") is a direct quote of the named speaker;
- a stretch no parse links to a cue takes a reporting verb right next to it (“...,” he said),
  else goes on from the quote just before it when it begins a sentence or paragraph (a quote
  continued without a new cue), else is kept with no speaker when it is a sentence's worth of
  words; short fragments with no cue are scare quotes and dropped.

The speaker is the actor whose mention covers the cue's subject (pronouns resolve through
the actors stage's mentions); when no actor covers it, the speaker is null rather than a
guess. Everything is linear in the text: sorted spans and bisection, no pairwise search.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newswatch.attribution import (
    CLOSING,
    OPENING,
    RELATIVE,
    Cue,
    Segment,
    Verbs,
    find_cues,
    find_turns,
    scan,
    speaker_of,
    subject_of,
)
from newswatch.pipeline import Work, register
from newswatch.schema import Actor, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newswatch.options import Options

SCARE_WORDS = 3  # a quoted fragment of this many words or fewer, with no cue, is a scare quote
NEAR = 8  # how many tokens from a quote its cue may be, when the parse does not link them
GAP = 120  # the most characters between a quote and its continuation; how far to look back
_BREAK = re.compile(r"\n+")  # a paragraph break


@dataclass(frozen=True, slots=True)
class Draft:
    """A quote before ids: its kind, content span and cue (with its subject)."""

    kind: str
    start: int
    end: int
    cue: Cue | None
    speaker: Token | None


def find(work: Work, verbs: Verbs | None = None) -> list[Quote]:
    """The article's quotes, ids "Q1", "Q2"... in text order."""
    if work.doc is None:
        return []
    verbs = verbs or Verbs.load()
    text = work.article.text
    segments = scan(text)
    starts = [s.start for s in segments]
    cues = [c for c in find_cues(work.doc, verbs) if not _within(c.token, segments, starts)]
    heads = {c.token.i for c in cues if c.content is not None}
    # "declined to rule out a cut": one attribution, the outer verb's, not one inside it too.
    cues = [c for c in cues if not (c.token.dep_ == "xcomp" and c.token.head.i in heads)]
    drafts, claimed, absorbed = _from_cues(text, cues, segments, starts)
    titles = [(s.start, s.end) for s in work.article.sections if s.kind == "title"]
    for name, span in find_turns(work.doc, titles):
        drafts.append(Draft("direct", *span, None, name))
        absorbed.update(_overlapping(span, segments, starts))  # quotes within a turn are its
    by_token = {c.token.i: c for c in cues}
    drafts += _from_segments(
        work.doc, text, segments, claimed=claimed, absorbed=absorbed, cues=by_token
    )
    # A headline's quotation marks with no cue are the desk's scare quotes, not a person's
    # words; its reporting verbs ("X says ...") and "X: ..." are attributions.
    kept = [d for d in drafts if d.speaker is not None or d.cue or not _inside(d, titles)]
    return _quotes(text, sorted(kept, key=lambda d: (d.start, d.end)), work)


def _inside(draft: Draft, spans: list[tuple[int, int]]) -> bool:
    """Whether a draft starts inside one of the spans."""
    return any(a <= draft.start < b for a, b in spans)


def _within(token: Token, segments: list[Segment], starts: list[int]) -> bool:
    """Whether a token lies inside a quoted stretch (a verb the quoted speaker used)."""
    i = bisect_right(starts, token.idx) - 1
    return i >= 0 and token.idx < segments[i].end


def _overlapping(span: tuple[int, int], segments: list[Segment], starts: list[int]) -> list[int]:
    """The indices of the segments that overlap a span (segments are sorted and disjoint)."""
    i = max(bisect_left(starts, span[0]) - 1, 0)
    found = []
    while i < len(segments) and segments[i].start < span[1]:
        if segments[i].end > span[0]:
            found.append(i)
        i += 1
    return found


def _from_cues(
    text: str, cues: list[Cue], segments: list[Segment], starts: list[int]
) -> tuple[list[Draft], dict[int, Cue], set[int]]:
    """Indirect and mixed quotes from the cues, and which segments the cues claim as direct
    quotes or absorb into mixed ones."""
    drafts: list[Draft] = []
    claimed: dict[int, Cue] = {}
    absorbed: set[int] = set()
    for cue in cues:
        if cue.content is None:
            continue
        inside = _overlapping(cue.content, segments, starts)
        if inside and not _words_outside(text, cue.content, [segments[i] for i in inside]):
            for i in inside:
                claimed.setdefault(i, cue)
            continue
        absorbed.update(inside)
        start, end = cue.content
        if inside and segments[inside[-1]].start >= start:
            # The parse may leave a closing mark outside the phrase (“... accusations”.).
            end = max(end, segments[inside[-1]].outer[1])
        drafts.append(Draft("mixed" if inside else "indirect", start, end, cue, cue.speaker))
    return drafts, claimed, absorbed


def _words_outside(text: str, span: tuple[int, int], segments: list[Segment]) -> bool:
    """Whether a content span has words outside its quoted segments."""
    at, rest = span[0], []
    for segment in segments:
        rest.append(text[at : segment.start])
        at = max(at, segment.end)
    rest.append(text[at : span[1]])
    return any(ch.isalnum() for part in rest for ch in part)


def _from_segments(
    doc: Doc,
    text: str,
    segments: list[Segment],
    *,
    claimed: dict[int, Cue],
    absorbed: set[int],
    cues: dict[int, Cue],
) -> list[Draft]:
    """Direct quotes from the segments the cues did not absorb, in text order."""
    drafts: list[Draft] = []
    last: Draft | None = None
    starts = [t.idx for t in doc]
    for i, segment in enumerate(segments):
        if i in absorbed:
            continue
        cue = claimed.get(i) or _near_cue(doc, text, starts, segment, cues)
        joins = False  # whether it goes on from the last quote: the same attribution
        if cue is not None:
            draft: Draft | None = Draft("direct", segment.start, segment.end, cue, cue.speaker)
            joins = last is not None and last.cue is not None and last.cue.token is cue.token
        elif last is not None and _continues(text, last, segment):
            draft, joins = replace(last, start=segment.start, end=segment.end, cue=None), True
        elif _words(text, segment) > SCARE_WORDS:
            draft = Draft("direct", segment.start, segment.end, None, None)
        else:
            draft = None  # a scare quote or a title
        if draft is None:
            continue
        if last is not None and joins and "\n" not in text[last.end : draft.start]:
            # “...,” she said, “...”: one attribution in two pieces, as PolNeAR counts it.
            draft = replace(last, end=draft.end)
            drafts.pop()
        drafts.append(draft)
        last = draft
    return drafts


def _words(text: str, segment: Segment) -> int:
    """How many words a segment has."""
    return len(text[segment.start : segment.end].split())


def _continues(text: str, last: Draft, segment: Segment) -> bool:
    """Whether a quote with no cue goes on from the last one: it begins a sentence after it
    in the same paragraph, or begins the next paragraph soon after it, and is more than a
    fragment."""
    gap = text[last.end : segment.outer[0]]
    breaks = len(_BREAK.findall(gap))
    if breaks > 1 or (breaks and len(gap) > GAP) or _words(text, segment) <= SCARE_WORDS:
        return False
    before = text[max(segment.outer[0] - GAP, 0) : segment.outer[0]].rstrip()
    return segment.opens_paragraph or before.endswith((".", "!", "?", CLOSING, '"', "'"))


def _near_cue(
    doc: Doc, text: str, starts: list[int], segment: Segment, cues: dict[int, Cue]
) -> Cue | None:
    """A reporting verb within a few tokens after the quote, in its sentence (“...,” she
    said), or just before a colon or comma that opens it (She said: “...”). A verb that
    reports something else ("..., the embassy dismissed his remarks") is not this quote's.
    Where the marks and punctuation frame a speech (“...,” Trump barked; Rubio fired back:
    “...”), any verb with a subject is its cue."""
    after = bisect_left(starts, segment.end)
    # `text` is doc.text, which spaCy rebuilds from every token at each use: O(n) per quote.
    framed = "," in text[segment.end : segment.outer[1] + 1]
    for token in doc[after : after + NEAR]:
        if token.i in cues:
            return _free(cues[token.i])
        if framed and _speech_verb(token):
            return Cue(token, token.text, speaker_of(token), None)
        if token.text in (".", "!", "?", OPENING) or "\n" in token.text_with_ws:
            break
    lead = text[max(segment.outer[0] - GAP, 0) : segment.outer[0]]
    stripped = lead.rstrip()
    # A colon may end the paragraph before the quote ("He said:\n\n“...”"); a comma may not.
    paragraph_break = "\n" in lead[len(stripped) :]
    colon = stripped.endswith(":")
    if not (colon or (stripped.endswith(",") and not paragraph_break)):
        return None
    mark = bisect_right(starts, segment.outer[0] - len(lead) + len(stripped) - 1) - 1
    for token in reversed(doc[max(mark - NEAR, 0) : max(mark, 0)]):
        if "\n" in token.text_with_ws or token.text in (".", "!", "?"):
            break
        if token.i in cues:
            return _free(cues[token.i])
        if colon and _speech_verb(token):
            return Cue(token, token.text, speaker_of(token), None)
    return None


def _speech_verb(token: Token) -> bool:
    """A verb with a subject of its own and nothing it reports: in a quote's frame, the
    quote is what it says."""
    if token.pos_ != "VERB" or speaker_of(token) is None:
        return False
    return not any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > token.i for c in token.children)


def _free(cue: Cue) -> Cue | None:
    """A cue with no content of its own, else None."""
    return cue if cue.content is None else None


def _quotes(text: str, drafts: list[Draft], work: Work) -> list[Quote]:
    """Contract records, one per distinct span, speakers mapped to actors."""
    assert work.doc is not None
    owners = token_owners(work.doc, work.article.actors)
    quotes: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for draft in drafts:
        if (draft.start, draft.end) in seen or draft.start >= draft.end:
            continue
        seen.add((draft.start, draft.end))
        owner = _owner(owners, draft.speaker)
        relative = _relative(draft)
        if relative is not None:  # "his counterpart, who accused ...": the cue's own subject
            owner = (owner[0], (relative.idx, relative.idx + len(relative)))
        quotes.append(
            Quote(
                id=f"Q{len(quotes) + 1}",
                kind=draft.kind,
                text=text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                speaker=owner[0],
                speaker_span=owner[1],
                cue=draft.cue.text if draft.cue else None,
            )
        )
    return quotes


def _relative(draft: Draft) -> Token | None:
    """The relative pronoun that is the subject of the draft's cue, when the speaker is the
    noun it stands for."""
    if draft.cue is None or draft.speaker is None:
        return None
    subject = subject_of(draft.cue.token)
    if subject is None or subject is draft.speaker or subject.lower_ not in RELATIVE:
        return None
    return subject


def _owner(
    owners: dict[int, tuple[str, Span]], speaker: Token | None
) -> tuple[str | None, Span | None]:
    """The actor and mention of a cue's subject. A subject no actor covers ("a source", "the
    poll") keeps its phrase as the span but no actor: the speaker stays unknown."""
    if speaker is None:
        return None, None
    if speaker.i in owners:
        return owners[speaker.i]
    first = speaker.doc[speaker.left_edge.i]
    return None, (first.idx, speaker.idx + len(speaker))


def token_owners(doc: Doc, actors: list[Actor]) -> dict[int, tuple[str, Span]]:
    """For each token inside an actor's mention, the actor and the mention (the shortest,
    when mentions nest: "his" in "his British counterpart")."""
    owners: dict[int, tuple[str, Span]] = {}
    for actor in actors:
        for start, end in actor.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            for token in span or ():
                old = owners.get(token.i)
                if old is None or end - start < old[1][1] - old[1][0]:
                    owners[token.i] = (actor.id, (start, end))
    return owners


class QuotesStage:
    """Stage `newswatch.quotes.v1`: the article's quotes, with the configured verb lists."""

    name = "newswatch.quotes.v1"
    requires = frozenset({"doc", "actors"})
    assigns = frozenset({"quotes"})

    def __init__(self, options: Options) -> None:
        self.verbs = Verbs.load(options.quotes.verb_files)

    def __call__(self, work: Work) -> None:
        work.article.quotes = find(work, self.verbs)


@register(QuotesStage.name, requires=QuotesStage.requires, assigns=QuotesStage.assigns)
def _quotes_stage(options: Options) -> QuotesStage:
    """The stage's factory, for the pipeline."""
    return QuotesStage(options)
