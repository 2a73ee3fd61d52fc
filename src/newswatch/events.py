"""Events stage: PLOVER events with source, target, trigger and evidence sentence.

`find(work, lexicon=...)` is pure. Sentence by sentence (only in the sections the options
name; the clean stage has already dropped boilerplate):

1. every token the trigger lexicon (`newswatch.triggers`) knows is a trigger, with the CAMEO
   code of its most specific pattern, mapped to a PLOVER type and mode;
2. a trigger inside another's complement is part of that event, not one of its own:
   "threatened the withdrawal of funding" is one THREATEN, "dismissed ... accusations" one
   REJECT; conjuncts share their governor, and a light verb's purpose is its event noun's
   ("launched an offensive to retake the town"). Some governors hand their event over to
   the complement (`_handover`): a refusal of a refusal ("declined to rule out a cut") is
   the inner REJECT, negated; an intent ("plans to impose restrictions") is its complement's
   event as intent; a means ("summoned the ambassador to complain", "shunned work to
   protest") is its purpose's. Conditions ("unless Baghdad accepted"), what a noun is for
   ("efforts to end the fighting") and passive or pluperfect relative clauses ("a helicopter
   that was captured") are no events;
3. source and target tokens come from the parse (`newswatch.event_roles`) and become actors
   through the actors stage's mentions; a role token that is no actor's mention hands over
   to its possessor or modifier ("Vladimir Putin's forces" -> Putin, "his remarks" -> him)
   or, for a target, to its own target phrase ("a campaign in support of Assad" -> Assad);
4. an event inside a quote links the quote; with no source of its own (or "I", "we"), the
   quote's speaker is the source. Nouns of wrongdoing in a speaker's quote ("Russia's
   violations of international law") are the speaker's ACCUSE of the wrongdoer;
5. the date: the date expression nearest the trigger in its sentence (`newswatch.timex`:
   "in 2010", "last November", "earlier this month" against the publication date), else
   the publication date;
6. flags: `negated` (a negation on the trigger or a verb governing it, "had not threatened",
   "declined to rule out"), `hypothetical` (modal, intended, conditional or alleged: "may
   face", "would continue to work", "if", "alleged interference").

No event without a trigger and a source actor. Compound actors give one event per
source-target pair ("UK and US accuse Russia": GBR->RUS and USA->RUS).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newswatch.event_roles import (
    NO_ROLE,
    Role,
    conjuncts,
    main_verb_misparsed,
    noun_source,
    noun_targets,
    places,
    prep_target,
    purpose,
    verb_source,
    verb_targets,
)
from newswatch.pipeline import Work, register
from newswatch.quotes import token_owners
from newswatch.schema import Event, Quote, Section, Span
from newswatch.timex import Words, resolve
from newswatch.triggers import Cues, Entry, Lexicon, Trigger, lemmas

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

    from newswatch.options import Options

FIRST_PERSON = frozenset({"i", "we", "me", "us", "myself", "ourselves"})
WRONGDOING_CODE = "112"  # a speaker naming another's wrongdoing accuses them
# Links along which a trigger is part of a governing trigger's event.
_INSIDE = frozenset(
    {"xcomp", "ccomp", "dobj", "pobj", "prep", "attr", "acomp", "oprd", "compound", "amod",
     "nmod", "agent", "dative", "pcomp", "nsubjpass", "poss", "appos", "advmod", "npadvmod"}
)  # fmt: skip
_MAX_DEPTH = 5
# Links from an event up to the verbs whose negation, modality or intent is also its own.
_GOVERNED = ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj", "advcl")
_REJECT = "REJECT"
_THREATEN = "THREATEN"


@dataclass(frozen=True, slots=True)
class Draft:
    """An event before ids: its trigger, roles (actor ids) and flags."""

    trigger: Trigger
    head: Token
    kind: str
    mode: str | None
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    source_rule: str
    target_rule: str
    negated: bool
    hypothetical: bool
    quote: Quote | None
    confidence: float


class Context:
    """What finding one article's events needs: the lexicon, actors by token, quotes."""

    def __init__(self, work: Work, lexicon: Lexicon) -> None:
        assert work.doc is not None
        self.doc = work.doc
        self.lexicon = lexicon
        self.cues: Cues = lexicon.cues
        self.owners = {
            i: owner[0] for i, owner in token_owners(work.doc, work.article.actors).items()
        }
        self.quote_at = _innermost_quotes(work.doc, work.article.quotes)
        # Actors with a country or a code: an uncoded one hands over to what describes it.
        self.coded = frozenset(a.id for a in work.article.actors if a.code or a.country)

    def quote_of(self, token: Token) -> Quote | None:
        return self.quote_at.get(token.i)

    def actors(
        self, role: Role, *, target: bool = False, exclude: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """The actor ids of a role's tokens, each through its fallbacks; for a target, a
        modifier that is one of `exclude` (the sources) is passed over: in "pressed their
        demands on the government", "their" is no target."""
        found: list[str] = []
        for token in role.tokens:
            found += [
                a for a in self._actor_of(token, target=target, exclude=exclude)
                if a not in found and a not in exclude
            ]  # fmt: skip
        return tuple(found)

    def _actor_of(
        self, token: Token, *, target: bool, depth: int = 0, exclude: tuple[str, ...] = ()
    ) -> list[str]:
        if token.i in self.owners:
            owner = self.owners[token.i]
            return [owner] if owner in self.coded else self._described(token, depth) or [owner]
        if depth > 1:
            return []
        named = self._modifier_actors(token, exclude)
        if not named and not target:
            named = self._appositive(token, exclude)
        if named and not self.coded.intersection(named) and not target:
            # "Druze inhabitants of the Syrian Golan Heights": the Druze have no country.
            named = self._coded_members(token, depth) or named
        if named:
            return named
        if target and token.pos_ in ("NOUN", "PROPN"):
            return self._phrase_actors(token, depth, exclude)
        if not target and token.pos_ == "NOUN":
            return self._member_actors(token, depth) or self._premodifier(token)
        return []

    def _appositive(self, token: Token, exclude: tuple[str, ...]) -> list[str]:
        """The actor a name that is no actor is said to be: "Kenzo Oshima, the United
        Nations Emergency Relief Coordinator"."""
        return [
            self.owners[c.i]
            for c in token.children
            if c.dep_ == "appos" and c.i in self.owners and self.owners[c.i] not in exclude
        ][:1]

    def _described(self, token: Token, depth: int) -> list[str]:
        """The coded actor an uncoded one is described as: its apposition ("Salaheddine
        Sidhoum, Algeria's leading human rights activist") or what it is of ("the military
        government of President Avril"); none when nothing says more."""
        for child in token.children:
            if child.dep_ == "appos" and self.owners.get(child.i) in self.coded:
                return [self.owners[child.i]]
        return [] if depth > 1 else self._coded_members(token, depth)

    def _coded_members(self, token: Token, depth: int) -> list[str]:
        found = self._member_actors(token, depth)
        return found if self.coded.issuperset(found) else []

    def _modifier_actors(self, token: Token, exclude: tuple[str, ...]) -> list[str]:
        """The actors of the modifier nearest a noun that is no actor: "its European Community
        partners" are the Community's, "Vladimir Putin's forces" Putin's."""
        named = sorted(
            (c for c in token.children if c.dep_ in ("poss", "compound", "amod", "nmod")
             and c.i in self.owners and self.owners[c.i] not in exclude),
            key=lambda c: abs(c.i - token.i),
        )  # fmt: skip
        if not named:
            return []
        return [self.owners[c.i] for c in conjuncts(named[0]) if c.i in self.owners]

    def _premodifier(self, token: Token) -> list[str]:
        """An actor named in a doer's words before it: "the Asia-Pacific Economic
        Cooperation (APEC) forum"."""
        before = [t for t in token.subtree if t.i < token.i and t.i in self.owners]
        return [self.owners[before[-1].i]] if before else []

    def _member_actors(self, token: Token, depth: int) -> list[str]:
        """The actor a doer that is no actor belongs to: "thousands of Iraqi Kurds",
        "doctors from two American aid groups", "opposition groups in Zimbabwe", "workers
        affiliated with the Serbian Workers' Union", "militias loyal to the government"."""
        cues = self.cues
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in cues.member_preps]
        for link in token.children:
            if link.dep_ in ("acl", "amod") and link.lemma_.lower() in cues.member_words:
                preps += [c for c in link.children if c.dep_ == "prep"]
        for obj in (c for prep in preps for c in prep.children if c.dep_ == "pobj"):
            found = self._actor_of(obj, target=False, depth=depth + 1)
            if found:
                return found
        return []

    def _phrase_actors(self, token: Token, depth: int, exclude: tuple[str, ...] = ()) -> list[str]:
        """A non-actor object's actor in its phrases: "a campaign in support of Assad", "calls
        by Belarus's rulers", "an offer from Afghanistan", "the withdrawal of Serbian forces"
        (through "of" only an actor itself: "the withdrawal of US funding" is no one's)."""
        for child in (_through_acl(c) for c in token.children):
            if child.dep_ not in ("prep", "agent") or child.lower_ not in self.cues.object_preps:
                continue
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                if child.lower_ == "of":
                    found = [self.owners[c.i] for c in conjuncts(obj) if c.i in self.owners]
                else:
                    found = [a for c in conjuncts(obj) for a in self._actor_of(
                        c, target=True, depth=depth + 1, exclude=exclude)]  # fmt: skip
                if found:
                    return found
        inner = prep_target(
            token, self.cues, frozenset(c.i for c in token.children if c.lower_ == "of")
        )
        return [
            a
            for t in inner.tokens
            for a in self._actor_of(t, target=True, depth=depth + 1, exclude=exclude)
        ]


def _through_acl(token: Token) -> Token:
    """A participle's "by" agent stands for it: "crimes committed by Croat forces" are the
    forces' doing, so the object's actor is found there."""
    if token.dep_ != "acl":
        return token
    return next((c for c in token.children if c.dep_ == "agent"), token)


def _innermost_quotes(doc: Doc, quotes: list[Quote]) -> dict[int, Quote]:
    """Token index -> the shortest quote holding the token (made once: looking through
    every quote for each trigger grew with the square of a long article's length)."""
    starts = [token.idx for token in doc]
    found: dict[int, Quote] = {}
    # Longest first, so that a shorter quote inside it writes last; of equal ones the first
    # in the article writes last (and wins), as when the shortest was searched for.
    for quote in reversed(sorted(quotes, key=lambda q: q.end - q.start)):
        for i in range(bisect_left(starts, quote.start), bisect_left(starts, quote.end)):
            found[i] = quote
    return found


def find(
    work: Work,
    *,
    lexicon: Lexicon | None = None,
    section_kinds: frozenset[str] | None = None,
    dates: Words | None = None,
) -> list[Event]:
    """The article's events, ids "E1", "E2"... in text order.

    Args:
        work: An article with its parsed `doc`, actors and quotes.
        lexicon: The trigger lexicon (the packaged one by default).
        section_kinds: Sections whose sentences are coded (default: all).
        dates: Word lists for date expressions (the packaged `data/timex.toml` by default).

    Returns:
        One event per source-target pair of each trigger that has a source actor.
    """
    found = explain(work, lexicon=lexicon, section_kinds=section_kinds, dates=dates)
    return [event for event, _ in found]


def explain(
    work: Work,
    *,
    lexicon: Lexicon | None = None,
    section_kinds: frozenset[str] | None = None,
    dates: Words | None = None,
) -> list[tuple[Event, Draft]]:
    """The article's events, each with the draft that says which rules fired."""
    if work.doc is None:
        return []
    context = Context(work, lexicon or Lexicon.load())
    drafts: list[Draft] = []
    for sent in work.doc.sents:
        if _coded(sent, work.article.sections, section_kinds):
            drafts += _sentence(sent, context)
    return _records(drafts, work.article.published, dates or Words.load())


def _coded(sent: DocSpan, sections: list[Section], kinds: frozenset[str] | None) -> bool:
    """Whether a sentence lies in a section of a kind to code."""
    if kinds is None or not sections:
        return True
    start = sent[0].idx
    return any(s.start <= start < s.end and s.kind in kinds for s in sections)


def _sentence(sent: DocSpan, context: Context) -> list[Draft]:
    """The events of one sentence."""
    lexicon = context.lexicon
    triggers = {
        t.i: found
        for t in sent
        if not _in_phrase(t, context.cues) and (found := lexicon.trigger(t)) is not None
    }
    # The other words of multi-word triggers ("called off", "hunger strike": the head is
    # the verb's first word, the noun's last) are no triggers of their own.
    words = {i for head, found in triggers.items() for i in found.words if i != head}
    drafts: list[Draft] = []
    for i, found in triggers.items():
        head = sent.doc[i]
        if (
            i in words
            or _background(head, context.cues)
            or _carried(head, triggers, context) is not None
            or _unrealized(head, context.cues)
            or _governor(head, triggers, context) is not None
        ):
            continue
        inner = _handover(head, found, triggers, context)
        # An intent or a means whose complement makes no event is an event of its own.
        handed = _drafts(inner, triggers[inner.i], context) if inner is not None else []
        drafts += handed or _drafts(head, found, context)
    drafts += _wrongdoing(sent, triggers, context)
    drafts += _demands(sent, triggers, context)
    return drafts


def _in_phrase(token: Token, cues: Cues) -> bool:
    """Whether a noun is part of a multi-word preposition ("in support of"), not an event."""
    if token.dep_ != "pobj":
        return False
    nearby = token.doc[max(token.i - 2, 0) : token.i + 2].text.lower()
    return any(
        token.lower_ in phrase.split() and phrase in nearby for phrase in cues.target_phrases
    )


def _carried(verb: Token, triggers: dict[int, Trigger], context: Context) -> Token | None:
    """The event noun a light verb carries as its object when the two code differently:
    "staged a hunger strike", "organized a general strike" are PROTEST, whatever "stage"
    or "organize" code alone. None when the verb is no light verb, codes the same, or has a
    pattern that names the noun ("lodged a protest" is CAMEO's complaint, an ACCUSE)."""
    verb_trigger = triggers.get(verb.i)
    if (
        verb_trigger is None
        or not context.cues.light_verbs.intersection(lemmas(verb))
        or len(verb_trigger.entry.words) > 1  # "call off" is no "call"
    ):
        return None
    kind = context.lexicon.kind_of(verb_trigger)
    for child in verb.children:
        found = triggers.get(child.i)
        if child.dep_ != "dobj" or found is None or found.entry.pos != "noun":
            continue
        if context.lexicon.names(verb_trigger.pattern, child):
            return None
        carried = context.lexicon.kind_of(found)
        if carried is not None and kind is not None and carried[0] != kind[0]:
            return child
    return None


def _governor(token: Token, triggers: dict[int, Trigger], context: Context) -> Token | None:
    """The trigger whose event this one is part of, if any (not one that hands its event
    over to this one, see `_handover`; not a light verb that only carries it, see
    `_carried`). A conjunct shares its first conjunct's governor: "demanding a presence to
    protect them and prevent a war"."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.i != token.i and first.i in triggers:
        return _governor(first, triggers, context)
    at = first
    for _ in range(_MAX_DEPTH):
        # A verb conjoined with a complement of another's event is inside it too: "urged
        # Iraq to unite and mobilize" is one REQUEST (but "met X and accused Y" are two
        # events, and so are "opened fire, killing one and arresting 12").
        if at.dep_ == "conj" and at.pos_ == "VERB" and _complement(_first_conjunct(at)):
            at = _first_conjunct(at)
        if (at.dep_ not in _INSIDE and not purpose(at) and not _content(at)) or (at.head is at):
            return None
        link, at = at, at.head
        if at.i in triggers:
            if _same(_carried(at, triggers, context), token) or _same(
                _handover(at, triggers[at.i], triggers, context), token
            ):
                return None
            return at
        carried = _purpose_carrier(at, link, triggers, context.cues)
        if carried is not None:
            return carried
    return None


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _complement(verb: Token) -> bool:
    """A verb that completes another: its object clause or infinitive ("to unite")."""
    return verb.dep_ in ("xcomp", "ccomp", "pcomp") or (
        verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _same(found: Token | None, token: Token) -> bool:
    """Whether a found token is this one (spaCy makes a new Token object at every look-up)."""
    return found is not None and found.i == token.i


def _purpose_carrier(
    verb: Token, link: Token, triggers: dict[int, Trigger], cues: Cues
) -> Token | None:
    """The event noun a light verb carries, when `link` is the verb's purpose: what "issued
    a challenge for members to commit" or "launched an offensive to retake the town" is for
    is the challenge's or the offensive's."""
    if verb.lemma_.lower() not in cues.light_verbs or not purpose(link):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.i in triggers), None)


def _background(token: Token, cues: Cues) -> bool:
    """A clause that tells the news's background, not news: a participle describing a noun
    ("equipment seized last year", "crimes committed by Croat forces") or a time or reason
    clause of its own ("resigned as the opposition threatened to storm his residence")."""
    if token.dep_ == "acl" and token.tag_ in ("VBN", "VBG"):
        # "issued a declaration demanding that ...": what a message says is its news.
        message = token.tag_ == "VBG" and token.head.lemma_.lower() in cues.message_nouns
        return not (message or main_verb_misparsed(token))
    return (
        token.dep_ == "advcl"
        and any(_subordinator(c) and c.lower_ in cues.background_marks for c in token.children)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    )


def _subordinator(token: Token) -> bool:
    """A clause's subordinator: a mark, or a wh-adverb the parser hangs as a modifier ("when
    Idi Amin expelled them")."""
    return token.dep_ == "mark" or (token.dep_ == "advmod" and token.tag_ == "WRB")


def _unrealized(token: Token, cues: Cues) -> bool:
    """A clause whose event has not happened or is old news, not coded on its own: a
    condition ("unless Baghdad accepted its conditions", "if it is attacked"), what a noun
    is for or about ("efforts to end the fighting", "a demand to sever the alliance"), or a
    relative clause that describes its noun by a passive or a pluperfect ("a helicopter that
    was captured", "whom they had taken hostage", "Serbia, where 24 people were killed").
    Everything inside such a clause is so too: "peacekeepers, who are deployed in the region
    to oversee a ceasefire", "an offer to host a summit to hammer out an agreement"."""
    return any(
        _condition(at, cues)
        or _descriptive(at)
        # "the first country to recognise Kosovo" is a doer, not a purpose.
        or (_content(at) and not any(c.lower_ in cues.ordinals for c in at.head.children))
        for at in (token, *token.ancestors)
    )


def _descriptive(token: Token) -> bool:
    """A passive or pluperfect relative clause."""
    return token.dep_ == "relcl" and any(
        c.dep_ in ("auxpass", "nsubjpass")
        or (c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ == "VBD")
        for c in token.children
    )


def _condition(token: Token, cues: Cues) -> bool:
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in cues.conditions for c in token.children
    )


def _content(token: Token) -> bool:
    """An infinitive that says what a noun is for or about: "calls to sever ties"."""
    return (
        token.dep_ in ("acl", "xcomp")
        and token.tag_ == "VB"
        and token.head.pos_ in ("NOUN", "PROPN")
        and _infinitive(token)
    )


def _handover(
    head: Token, found: Trigger, triggers: dict[int, Trigger], context: Context
) -> Token | None:
    """The trigger a governing trigger hands its event over to, else None:

    - a refusal of a refusal is the inner REJECT, negated ("declined to rule out");
    - an intent is its complement's event, coded as intent by `_stance` ("plans to impose
      restrictions" is a THREATEN, "vowed to attack" too);
    - a means is its purpose's event, as the PLOVER manual codes "summoning an ambassador to
      present grievances" (ACCUSE) and "mobilizing supporters to demonstrate" (PROTEST): a
      mobilization or a meeting done for another event ("sent personnel to investigate"),
      and anything done to protest ("shunned work to protest") are that event.
    """
    cues, lexicon = context.cues, context.lexicon
    lemma = head.lemma_.lower()
    for child in head.children:
        if child.i not in triggers or child.dep_ not in ("xcomp", "advcl"):
            continue
        # "have sworn to fight": an infinitive the parser took for a purpose, with no object
        # before it that it could be the purpose of.
        complement = child.dep_ == "xcomp" or (
            purpose(child) and _infinitive(child) and not _has_object(head)
        )
        kind = lexicon.kind_of(triggers[child.i])
        mine = lexicon.kind_of(found)
        if kind is None or mine is None:
            continue
        if complement and lemma in cues.negating_verbs and kind[0] == _REJECT:
            return child
        if complement and lemma in cues.intent_words:
            return child
        # "summoned the ambassador to complain": after a means, the parser's object-control
        # infinitive is a purpose too.
        means = mine[0].lower() in cues.means_types
        if (purpose(child) or (means and child.dep_ == "xcomp" and _infinitive(child))) and (
            means or kind[0].lower() in cues.protest_types
        ):
            return child
    return None


def _has_object(token: Token) -> bool:
    return any(c.dep_ in ("dobj", "dative") for c in token.children)


def _infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _drafts(head: Token, found: Trigger, context: Context) -> list[Draft]:
    """The drafts of one trigger: one per source-target pair, none without a source."""
    kind = context.lexicon.kind_of(found)
    assert kind is not None
    # A phrasal verb's preposition still leads to the target: "work with Russia".
    skip = frozenset(i for i in found.words if head.doc[i].dep_ != "prep")
    cues = context.cues
    later = cues.audience_preps if kind[0].lower() in cues.audience_types else frozenset()
    # The event noun of a multi-word trigger has its own target phrase: "held talks with X".
    candidates = [
        role
        for i in found.words
        if i != head.i and head.doc[i].pos_ == "NOUN"
        for role in noun_targets(head.doc[i], cues, skip, later)
    ]
    if found.entry.pos == "verb":
        source = verb_source(head, cues)
        candidates += verb_targets(head, cues, skip, later=later)
    else:
        source = noun_source(head, cues, found.words)
        candidates += noun_targets(head, cues, skip, later)
        if source.via is not None:
            # "gave the Ivory Coast aid": the carrying verb's recipient.
            candidates += verb_targets(source.via, cues, skip, later=later)
    candidates += places(head, skip)
    quote = context.quote_of(head)
    sources = context.actors(source)
    if quote is not None and quote.speaker and _speaker_performs(source, sources, quote):
        sources, source = (quote.speaker,), Role((), "quote speaker")
    target, targets = _target(candidates, sources, context)
    if not sources or (found.needs_target(kind[0], context.cues) and not targets):
        return []
    if not targets and kind[0] == _THREATEN and _warns_of_no_future(head, context.cues):
        return []
    negated = _negated(head, context.cues)
    hypothetical = _hypothetical(head, context.cues)
    confidence = _confidence(found, source, targets)
    reported = quote is not None and quote.kind != "direct"
    kind, found, negated = _stance(head, found, kind, negated, context, reported=reported)
    if quote is not None and quote.speaker and _obliged(head, context.cues):
        # "Russia said Sudan must return the helicopter": Russia's demand of Sudan.
        found = _recoded(found, context.cues.obligation_code)
        targets, sources = sources, (quote.speaker,)
        kind = context.lexicon.plover_of(found.cameo) or kind
        source, target = Role((), "quote speaker"), Role((), "obliged ('must')")
    return [
        Draft(found, head, kind[0], kind[1], (s,), (t,) if t else (), source.rule,
              target.rule if t else "", negated, hypothetical, quote, confidence)
        for s in sources
        for t in (targets or ("",))
        if s != t
    ]  # fmt: skip


def _target(
    candidates: list[Role], sources: tuple[str, ...], context: Context
) -> tuple[Role, tuple[str, ...]]:
    """The first candidate that names an actor other than the sources. What the source
    calls its own comes last: "offered its troops to Lebanon's president" is an offer to
    the president, "withdraw its troops from Lebanon" a withdrawal from Lebanon (but "the
    army attacked its own people" has no other target)."""
    own: tuple[Role, tuple[str, ...]] | None = None
    for candidate in candidates:
        targets = context.actors(candidate, target=True, exclude=sources)
        if not targets:
            continue
        if not _owned(candidate, sources, context):
            return candidate, targets
        own = own or (candidate, targets)
    return own or (NO_ROLE, ())


def _owned(role: Role, sources: tuple[str, ...], context: Context) -> bool:
    """Whether every token of a role is an actor that has a source as its possessor ("its
    troops"; not "their meeting with Obama", where the phrase names the actor)."""
    return bool(role.tokens) and all(
        t.i in context.owners
        and any(c.dep_ == "poss" and context.owners.get(c.i) in sources for c in t.children)
        for t in role.tokens
    )


def _warns_of_no_future(head: Token, cues: Cues) -> bool:
    """A warning to no one whose content says nothing of what will come is a statement, not
    a threat: "officials cautioned that no deadline had been set" (but "warned that it would
    retaliate" is one)."""
    contents = [c for c in head.children if c.dep_ == "ccomp"]
    futures = cues.modals | cues.intent_modals
    return bool(contents) and not any(
        c.dep_ == "aux" and c.lemma_.lower() in futures
        for content in contents
        for c in content.subtree
    )


def _stance(
    head: Token,
    found: Trigger,
    kind: tuple[str, str | None],
    negated: bool,
    context: Context,
    *,
    reported: bool = False,
) -> tuple[tuple[str, str | None], Trigger, bool]:
    """PLOVER codes what is said of the future as intent: "Portugal will support Turkey" is
    AGREE, "X will attack Y" THREATEN, and "Syria will not accept refugees" REJECT. In
    reported speech "would" is the speaker's "will" ("said they would boycott all contact")."""
    cues = context.cues
    name = kind[0].lower()
    if negated and name in cues.cooperative_types and _intended(head, cues, modal=True):
        recoded = _recoded(found, cues.refusal_code)
        return context.lexicon.plover_of(recoded.cameo) or kind, recoded, False
    if negated or not _intended(head, cues, modal=False, reported=reported):
        return kind, found, negated
    if name in cues.cooperative_types:
        recoded = _recoded(found, cues.intent_code)
    elif name in cues.conflict_types:
        recoded = _recoded(found, cues.threat_code)
    else:
        return kind, found, negated
    return context.lexicon.plover_of(recoded.cameo) or kind, recoded, negated


def _recoded(found: Trigger, cameo: str) -> Trigger:
    return Trigger(found.entry, cameo, found.pattern, found.words)


def _intended(head: Token, cues: Cues, *, modal: bool, reported: bool = False) -> bool:
    """Whether an event is announced for the future ("will", "is ready to"); with `modal`,
    "would" and "can" count too ("would not meet their demands"), and with `reported` the
    future of reported speech ("said it would")."""
    chain = _chain(head)
    # A modal under a condition announces what will be done: "may halt mediation if Serbia
    # refuses", "would meet the mediator if he gave them a veto".
    conditional = any(_condition(c, cues) for at in chain for c in at.children)
    words = cues.intent_modals | (cues.modals if modal or conditional else frozenset())
    for i, at in enumerate(chain):
        # Only on the event's own verb: "said Britain would continue to work with Russia"
        # reports a policy that goes on, not an announcement.
        found = words | (cues.reported_modals if reported and not i else frozenset())
        if any(c.dep_ == "aux" and c.lemma_.lower() in found for c in at.children):
            return True
        if i and at.lemma_.lower() in cues.intent_words:
            return True
    return False


def _obliged(head: Token, cues: Cues) -> bool:
    """Whether the event's clause says it must happen."""
    return any(
        c.dep_ == "aux" and c.lower_ in cues.obligations for at in _chain(head) for c in at.children
    )


def _speaker_performs(role: Role, actors: tuple[str, ...], quote: Quote) -> bool:
    """Whether a quote's speaker is the event's doer: "I" or "we" in what they say, or no
    doer at all in their own words (a reported clause with none is not theirs to claim)."""
    if role.tokens:
        # "Syria says it is willing to withdraw": a pronoun no actor took is the speaker.
        pronouns = all(t.lower_ in FIRST_PERSON or t.pos_ == "PRON" for t in role.tokens)
        return pronouns and not actors
    return quote.kind == "direct"


def _wrongdoing(sent: DocSpan, triggers: dict[int, Trigger], context: Context) -> list[Draft]:
    """A quote's speaker naming someone's wrongdoing: the speaker's accusation of them."""
    drafts: list[Draft] = []
    lexicon, cues = context.lexicon, context.cues
    kind = lexicon.plover_of(WRONGDOING_CODE)
    for token in sent:
        if token.lemma_.lower() not in cues.wrongdoing or token.pos_ != "NOUN":
            continue
        quote = context.quote_of(token)
        if quote is None or not quote.speaker or kind is None:
            continue
        if _governor(token, triggers, context) is not None:
            continue
        role, targets = NO_ROLE, tuple[str, ...]()
        for role in _wrongdoers(token, cues):
            targets = tuple(a for a in context.actors(role) if a != quote.speaker)
            if targets:
                break
        entry = _wrongdoing_trigger(token, lexicon)
        for wrongdoer in targets:
            drafts.append(
                Draft(entry, token, kind[0], kind[1], (quote.speaker,), (wrongdoer,),
                      "quote speaker", f"wrongdoer ({role.rule})", _negated(token, cues),
                      _hypothetical(token, cues), quote, 0.6)
            )  # fmt: skip
    return drafts


def _demands(sent: DocSpan, triggers: dict[int, Trigger], context: Context) -> list[Draft]:
    """A speaker saying another must do something no trigger names ("US and British forces
    must ensure security"): the speaker's REQUEST of them."""
    drafts: list[Draft] = []
    cues = context.cues
    for token in sent:
        verb = token.head
        if token.dep_ != "aux" or token.lower_ not in cues.obligations or verb.i in triggers:
            continue
        quote = context.quote_of(token)
        if quote is None or not quote.speaker or _governor(verb, triggers, context) is not None:
            continue
        kind = context.lexicon.plover_of(cues.obligation_code)
        doers = [a for a in context.actors(verb_source(verb)) if a != quote.speaker]
        if kind is None:
            continue
        entry = Entry(
            token.lower_, "verb", cues.obligation_code, "triggers.toml: [cues] obligations"
        )
        found = Trigger(entry, cues.obligation_code, None, (token.i,))
        drafts += [
            Draft(found, token, kind[0], kind[1], (quote.speaker,), (doer,), "quote speaker",
                  "obliged ('must')", False, False, quote, 0.6)
            for doer in doers
        ]  # fmt: skip
    return drafts


def _wrongdoers(token: Token, cues: Cues) -> list[Role]:
    """Where the doer of a wrongdoing noun may be: its possessor, modifier or "by" phrase,
    its "of" phrase, or those of the noun it completes ("a pattern of interference now by
    Russia")."""
    roles = [noun_source(token, cues, (token.i,)), prep_target(token, cues, frozenset())]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        roles.append(noun_source(token.head.head, cues, (token.head.head.i,)))
    return roles


def _wrongdoing_trigger(token: Token, lexicon: Lexicon) -> Trigger:
    entry = Entry(token.lemma_.lower(), "noun", WRONGDOING_CODE, "triggers.toml: [cues] wrongdoing")
    return Trigger(entry, WRONGDOING_CODE, None, (token.i,))


def _chain(token: Token) -> list[Token]:
    """The trigger and the verbs that govern it through infinitives and clauses."""
    chain, at = [token], token
    while (
        at.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj")
        or (purpose(at) and _infinitive(at))
    ) and at.head is not at:
        at = at.head
        chain.append(at)
        if at.pos_ == "VERB" and at.dep_ not in ("xcomp", "conj"):
            break
    return chain


def _negated(token: Token, cues: Cues) -> bool:
    """An odd number of negations on the trigger and the verbs governing it."""
    count = 0
    for i, at in enumerate(_chain(token)):
        count += sum(1 for c in at.children if c.dep_ == "neg" or (
            c.dep_ == "det" and c.lower_ == "no"))  # fmt: skip
        if i and at.lemma_.lower() in cues.negating_verbs:
            count += 1
    return count % 2 == 1


def _hypothetical(token: Token, cues: Cues) -> bool:
    """Modal, intended, conditional or alleged."""
    for i, at in enumerate(_chain(token)):
        for child in at.children:
            word = child.lower_
            if child.dep_ in ("aux", "auxpass") and child.lemma_.lower() in cues.modals:
                return True
            if child.dep_ == "mark" and word in cues.conditions:
                return True
            if word in cues.allegations and child.dep_ in ("amod", "advmod"):
                return True
        if i and at.lemma_.lower() in cues.intent_verbs:
            return True
    return False


def _confidence(found: Trigger, source: Role, targets: tuple[str, ...]) -> float:
    """A rough belief in the record: a pattern or a verb with its own subject and a target
    count for more than a noun whose doer was found second-hand."""
    score = 0.55 + (0.15 if found.pattern is not None else 0.0)
    score += 0.1 if found.entry.pos == "verb" else 0.0
    score += 0.1 if source.rule in ("subject", "passive agent", "relative clause") else 0.0
    score += 0.1 if targets else 0.0
    return round(min(score, 0.95), 2)


def _records(drafts: list[Draft], published: str | None, dates: Words) -> list[tuple[Event, Draft]]:
    """Contract records in text order, one per distinct trigger and actor pair."""
    events: list[tuple[Event, Draft]] = []
    seen: set[tuple[int, tuple[str, ...], tuple[str, ...]]] = set()
    for draft in sorted(drafts, key=lambda d: d.head.i):
        key = (draft.head.i, draft.sources, draft.targets)
        if key in seen:
            continue
        seen.add(key)
        sent = draft.head.sent
        span = _span(sent, draft.head)
        words = [draft.head.doc[i] for i in draft.trigger.words]
        event = Event(
            id=f"E{len(events) + 1}",
            type=draft.kind,
            mode=draft.mode,
            source=list(draft.sources),
            target=list(draft.targets),
            negated=draft.negated,
            hypothetical=draft.hypothetical,
            sentence=span,
            trigger=" ".join(t.text for t in words),
            quote=draft.quote.id if draft.quote else None,
            date=_date(draft.head, span, published, dates),
            cameo=draft.trigger.cameo,
            confidence=draft.confidence,
        )
        events.append((event, draft))
    return events


def _date(head: Token, span: Span, published: str | None, dates: Words) -> str | None:
    """The day the event's sentence dates it to ("in 2010", "last November", "earlier this
    month": the expression nearest the trigger, resolved against the publication date; its
    first day), else the publication date."""
    sentence = head.doc.char_span(*span, alignment_mode="expand")
    found = resolve(sentence, published, near=head.idx, words=dates) if sentence else None
    return found.day if found is not None else published


def _span(sent: DocSpan, token: Token) -> Span:
    """The sentence, cut at the paragraph breaks the parser may have run across."""
    # The sentence's own text: `doc.text` is built anew on each call, once per event.
    text, base = sent.text, sent.start_char
    at = token.idx - base
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return (base + start, base + end if end != -1 else sent.end_char)


class EventsStage:
    """Stage `newswatch.events.v1`: the article's events, by the trigger lexicon."""

    name = "newswatch.events.v1"
    requires = frozenset({"doc", "actors", "quotes"})
    assigns = frozenset({"events"})

    def __init__(self, options: Options) -> None:
        self.lexicon = Lexicon.load(options.events.lexicon_files)
        self.kinds = frozenset(options.events.section_kinds)
        self.dates = Words.load(options.timex.word_files)

    def __call__(self, work: Work) -> None:
        work.article.events = find(
            work, lexicon=self.lexicon, section_kinds=self.kinds, dates=self.dates
        )


@register(EventsStage.name, requires=EventsStage.requires, assigns=EventsStage.assigns)
def _events(options: Options) -> EventsStage:
    """The stage's factory, for the pipeline."""
    return EventsStage(options)
