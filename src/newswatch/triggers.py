"""The event trigger lexicon: verbs and event nouns with CAMEO codes, mapped to PLOVER.

Read from `data/events/` (format in its README.md): `cameo_verbs.toml`, converted from the
CAMEO 2.0 verb dictionary by `scripts/convert_cameo.py`; `cameo_plover.toml`, CAMEO code to
PLOVER type and mode; `triggers.toml`, newswatch's own verbs, event nouns and cue words; then
the user's files (`[events] lexicon_files`). A later file's code for a lemma replaces an
earlier one; patterns add up. `Lexicon.trigger(token)` answers whether a token is a trigger
and with which entry and code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newswatch.errors import E, NewswatchError
from newswatch.options import read_toml

if TYPE_CHECKING:
    from spacy.tokens import Token

CAMEO_FILE = "cameo_verbs.toml"
PACKAGED = (CAMEO_FILE, "triggers.toml")
NONE = "---"  # a lemma's code meaning: no event unless a pattern says so
GAP = 3  # how many words a pattern's word may be from the one before it (or the trigger)
# Dependents whose clauses are events of their own, out of reach of the trigger's patterns.
_CLAUSES = ("advcl", "relcl", "ccomp", "conj", "parataxis", "acl")
# Inflection endings to undo when the tagger's lemma is wrong ("waging" -> "wag").
_ENDINGS = {"VBG": ("ing",), "VBD": ("ed", "d"), "VBN": ("ed", "d"), "VBZ": ("es", "s")}
# Dependents that hold a phrasal verb's other words: "rule out", "ask for", "join forces".
_PARTICLES = ("prt", "prep", "dobj", "advmod", "compound:prt", "agent")
# Entity types of words that patterns pass over: when something was done is no part of it.
_TIMES = frozenset({"DATE", "TIME"})
# Dependents that hold a multi-word noun's words before the head: "air strike".
_MODIFIERS = ("compound", "amod", "nmod", "npadvmod")


@dataclass(frozen=True, slots=True)
class Pattern:
    """Words that, found in order after the trigger, give the event a more exact code."""

    words: tuple[str, ...]  # words, or "&name" for any word of a synonym set
    cameo: str
    origin: str


@dataclass(slots=True)
class Entry:
    """One trigger: a verb or noun lemma (several words for phrasal ones) and its code."""

    lemma: str
    pos: str  # "verb" or "noun"
    cameo: str  # the default code; "" when only patterns make it an event
    origin: str  # "file: group", for --explain
    patterns: list[Pattern] = field(default_factory=list)
    needs_target: bool = False  # an event only with a target actor ("meet a target" is none)
    # PLOVER's (type, mode) on the entry's own code, where PLOVER parts what CAMEO lumps
    # together (resigning is CAMEO 083, acceding to demands; PLOVER RETREAT, mode resign).
    plover: tuple[str, str | None] | None = None

    @property
    def words(self) -> list[str]:
        return self.lemma.split()


@dataclass(frozen=True, slots=True)
class Cues:
    """Words that flag or qualify events (the `[cues]` table)."""

    negations: frozenset[str] = frozenset()
    negating_verbs: frozenset[str] = frozenset()
    modals: frozenset[str] = frozenset()
    intent_verbs: frozenset[str] = frozenset()
    allegations: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    wrongdoing: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    target_preps: frozenset[str] = frozenset()
    fallback_preps: frozenset[str] = frozenset()
    audience_preps: frozenset[str] = frozenset()
    audience_types: frozenset[str] = frozenset()
    target_phrases: tuple[str, ...] = ()
    prepositional_verbs: frozenset[str] = frozenset()
    recipient_types: frozenset[str] = frozenset()
    object_preps: frozenset[str] = frozenset()
    member_preps: frozenset[str] = frozenset()
    background_marks: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    intent_modals: frozenset[str] = frozenset()
    reported_modals: frozenset[str] = frozenset()
    intent_words: frozenset[str] = frozenset()
    cooperative_types: frozenset[str] = frozenset()
    conflict_types: frozenset[str] = frozenset()
    obligations: frozenset[str] = frozenset()
    stative_participles: frozenset[str] = frozenset()
    ordinals: frozenset[str] = frozenset()
    means_types: frozenset[str] = frozenset()
    protest_types: frozenset[str] = frozenset()
    message_nouns: frozenset[str] = frozenset()
    member_words: frozenset[str] = frozenset()
    intent_code: str = "030"
    threat_code: str = "130"
    refusal_code: str = "120"
    obligation_code: str = "100"


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token that fired: its entry, the code and the pattern (if any) that gave the code."""

    entry: Entry
    cameo: str
    pattern: Pattern | None
    words: tuple[int, ...]  # token indices of the trigger's words, head included

    def needs_target(self, kind: str, cues: Cues) -> bool:
        """Whether the event needs a target actor: the entry says so, or a CAMEO verb on its
        default code codes a type that is mostly something else without a recipient
        (`[cues] recipient_types`: "meet a target", "issued a challenge")."""
        if self.entry.needs_target:
            return True
        default = self.pattern is None and self.entry.origin.startswith(CAMEO_FILE)
        return default and kind.lower() in cues.recipient_types

    def describe(self) -> str:
        """The lexicon entry (and pattern) that fired, for --explain."""
        found = f"{self.entry.pos} '{self.entry.lemma}' [{self.entry.cameo or NONE}]"
        found += f" ({self.entry.origin})"
        if self.pattern is not None:
            found += f", pattern '* {' '.join(self.pattern.words)}' [{self.pattern.cameo}]"
        return found


@dataclass(slots=True)
class Lexicon:
    """Verbs and nouns by head lemma, synonym sets, the PLOVER table and the cue words."""

    verbs: dict[str, list[Entry]] = field(default_factory=dict)
    nouns: dict[str, list[Entry]] = field(default_factory=dict)
    synonyms: dict[str, frozenset[str]] = field(default_factory=dict)
    plover: dict[str, tuple[str, str]] = field(default_factory=dict)
    cues: Cues = field(default_factory=Cues)

    @classmethod
    def load(cls, user_files: tuple[str, ...] = ()) -> Lexicon:
        """The packaged lexicon, extended by the user's files (same format)."""
        lexicon = _packaged() if not user_files else _build(user_files)
        return lexicon

    def plover_of(self, cameo: str) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) of a CAMEO code, by its longest listed prefix; None: no event."""
        for end in range(len(cameo), 1, -1):
            found = self.plover.get(cameo[:end])
            if found is not None:
                kind, mode = found
                return (kind, mode or None) if kind else None
        return None

    def kind_of(self, found: Trigger) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) of a trigger: its entry's own, on the entry's default code,
        else its code's."""
        own = found.pattern is None and found.cameo == found.entry.cameo
        if found.entry.plover is not None and own:
            return found.entry.plover
        return self.plover_of(found.cameo)

    def names(self, pattern: Pattern | None, token: Token) -> bool:
        """Whether a pattern has a word for the token."""
        return pattern is not None and any(
            self._same(w, (token.lower_, token.lemma_.lower())) for w in pattern.words
        )

    def trigger(self, token: Token) -> Trigger | None:
        """The trigger a token is the head of, with its code, or None."""
        pos = token.pos_
        verb = pos == "VERB" or (pos == "ADJ" and token.tag_ == "VBN")
        if not verb and pos not in ("NOUN", "PROPN"):
            return None
        table = self.verbs if verb else self.nouns
        entries = [e for key in lemmas(token) for e in table.get(key, ())]
        if not entries:  # most words: no need to read their children
            return None
        linked = _particles(token) if verb else _modifiers(token)
        for entry in entries:
            words = _phrase(token, entry, linked)
            if words is None:
                continue
            code, pattern = self._code(token, entry, words)
            if code and self.plover_of(code) is not None:
                return Trigger(entry, code, pattern, words)
        return None

    def _code(
        self, token: Token, entry: Entry, words: tuple[int, ...] = ()
    ) -> tuple[str, Pattern | None]:
        """The most specific pattern's code, else the entry's own."""
        # A pattern's words lie at most GAP words apart, so only this many can matter.
        need = max((len(p.words) for p in entry.patterns), default=0) * (GAP + 1)
        # Each word's forms read once: a CAMEO verb may have a hundred patterns to try. With
        # the trigger's own words ("ask for immunity") and without them ("called off a
        # four-day strike": "off" is no word of the object).
        reaches: list[tuple[list[tuple[str, str]], set[str]]] = []
        for skip in (frozenset(), frozenset(words)) if need else ():
            after = [(t.lower_, t.lemma_.lower()) for t in _reach(token, need, skip)]
            reaches.append((after, {form for forms in after for form in forms}))
        best: Pattern | None = None
        for pattern in entry.patterns:
            # Prepositions alone ("* for") say too little: "suing X for damages" is no arrest.
            if all(w in self.cues.function_words for w in pattern.words):
                continue
            if (best is None or len(pattern.words) >= len(best.words)) and any(
                self._fits(pattern, after, present) for after, present in reaches
            ):
                best = pattern
        if best is not None:  # a pattern coded "---" says the phrase is no event
            return best.cameo, best
        return ("" if entry.cameo == NONE else entry.cameo), None

    def _fits(self, pattern: Pattern, forms: list[tuple[str, str]], present: set[str]) -> bool:
        """Whether the pattern's words occur in order among the words' (word, lemma) forms."""
        if any(w not in present for w in pattern.words if not w.startswith("&")):
            return False  # a plain word that is nowhere: no need to look for the order
        at = 0
        for word in pattern.words:
            limit = min(at + GAP + 1, len(forms))
            while at < limit and not self._same(word, forms[at]):
                at += 1
            if at == limit:
                return False
            at += 1
        return True

    def _same(self, word: str, forms: tuple[str, str]) -> bool:
        if word.startswith("&"):
            members = self.synonyms.get(word[1:], frozenset())
            return any(f in members for f in forms)
        return word in forms


def lemmas(token: Token) -> list[str]:
    """The lemmas to look a token up by: the tagger's, then the word with its ending undone
    ("staged" -> "stag", "stage")."""
    lemma, word = token.lemma_.lower(), token.lower_
    keys = [lemma]
    for ending in _ENDINGS.get(token.tag_, ()):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            keys += [stem, stem + "e"]
    return list(dict.fromkeys(keys))


def _reach(token: Token, need: int, skip: frozenset[int] = frozenset()) -> list[Token]:
    """The first `need` words after a trigger that its patterns may match: its own phrase,
    without the clauses that hang from it, the trigger's own words ("called off") and
    dates ("lifted Friday a day-old blockade"), which are no part of what was done.

    Read lazily, right child by right child: on a run-on parse (500 unclosed quotes) a
    subtree is as long as the text, and reading it whole for every trigger was quadratic.
    """
    found: list[Token] = []
    for child in token.rights:
        if child.dep_ in _CLAUSES:
            continue
        for t in child.subtree:
            if t.i > token.i and not t.is_punct and t.i not in skip and t.ent_type_ not in _TIMES:
                found.append(t)
                if len(found) == need:
                    return found
    return found


def _particles(token: Token) -> dict[str, int]:
    return {c.lower_: c.i for c in token.children if c.dep_ in _PARTICLES}


def _modifiers(token: Token) -> dict[str, int]:
    return {c.lemma_.lower(): c.i for c in token.children if c.dep_ in _MODIFIERS} | {
        c.lower_: c.i for c in token.children if c.dep_ in _MODIFIERS
    }


def _phrase(token: Token, entry: Entry, linked: dict[str, int]) -> tuple[int, ...] | None:
    """The token indices of an entry's words around its head, or None when some are absent."""
    words = entry.words
    others = words[1:] if entry.pos == "verb" else words[:-1]
    found = [linked.get(w) for w in others]
    if any(i is None for i in found):
        return None
    return tuple(sorted([token.i, *(i for i in found if i is not None)]))


# --- loading ------------------------------------------------------------------------------------


@cache
def _packaged() -> Lexicon:
    return _build(())


def _build(user_files: tuple[str, ...]) -> Lexicon:
    folder = resources.files("newswatch").joinpath("data/events")
    lexicon = Lexicon()
    plover = tomllib.loads(folder.joinpath("cameo_plover.toml").read_text("utf-8"))
    _add_plover(lexicon, plover, "cameo_plover.toml")
    for name in PACKAGED:
        _add(lexicon, tomllib.loads(folder.joinpath(name).read_text("utf-8")), name)
    for path in user_files:
        _add(lexicon, read_toml(Path(path), E.E013), path)
    # Longest phrases first, so that "ask for" is tried before "ask".
    for table in (lexicon.verbs, lexicon.nouns):
        for entries in table.values():
            entries.sort(key=lambda e: -len(e.words))
    return lexicon


def _add(lexicon: Lexicon, data: dict[str, Any], origin: str) -> None:
    try:
        _add_plover(lexicon, data, origin)
        for name, members in data.get("synonyms", {}).items():
            lexicon.synonyms[name] = lexicon.synonyms.get(name, frozenset()) | frozenset(members)
        for pos, key in (("verb", "verbs"), ("noun", "nouns")):
            for group in data.get(key, []):
                _add_group(lexicon, group, pos, origin)
        if "cues" in data:
            lexicon.cues = _cues(lexicon.cues, data["cues"])
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise NewswatchError(E.E013, path=origin, reason=f"{type(exc).__name__}: {exc}") from exc


def _add_plover(lexicon: Lexicon, data: dict[str, Any], origin: str) -> None:
    for code, value in data.get("plover", {}).items():
        kind, mode = value
        lexicon.plover[str(code)] = (str(kind).upper(), str(mode).strip())


def _add_group(lexicon: Lexicon, group: dict[str, Any], pos: str, origin: str) -> None:
    """One `[[verbs]]` or `[[nouns]]` group: its lemmas share its default code and patterns."""
    where = f"{origin}: {group.get('group', '?')}"
    default = str(group.get("cameo", ""))
    patterns = [
        Pattern(tuple(str(words).lower().split()), str(code), where)
        for words, code in group.get("patterns", [])
    ]
    table = lexicon.verbs if pos == "verb" else lexicon.nouns
    for raw, code in group["lemmas"].items():
        lemma = " ".join(str(raw).lower().split())
        head = lemma.split()[0] if pos == "verb" else lemma.split()[-1]
        entries = table.setdefault(head, [])
        entry = next((e for e in entries if e.lemma == lemma), None)
        if entry is None:
            entry = Entry(lemma, pos, "", where)
            entries.append(entry)
        entry.needs_target = entry.needs_target or bool(group.get("needs_target", False))
        resolved = str(code) or default
        if resolved:  # a lemma with no code of its own keeps what an earlier file gave it
            entry.cameo, entry.origin = resolved, where
            entry.plover = _group_plover(group)
        entry.patterns += patterns


def _group_plover(group: dict[str, Any]) -> tuple[str, str | None] | None:
    """A group's own `plover = [type, mode]`, if it names one."""
    value = group.get("plover")
    if value is None:
        return None
    kind, mode = value
    return str(kind).upper(), str(mode).strip() or None


def _cues(old: Cues, table: dict[str, Any]) -> Cues:
    """Cue words extended by a `[cues]` table."""
    values: dict[str, Any] = {}
    for name in Cues.__dataclass_fields__:
        before = getattr(old, name)
        if isinstance(before, str):
            values[name] = str(table.get(name, before))
            continue
        extra = [" ".join(str(w).lower().split()) for w in table.get(name, [])]
        values[name] = (
            tuple(dict.fromkeys([*before, *extra]))
            if isinstance(before, tuple)
            else before | frozenset(extra)
        )
    return Cues(**values)
