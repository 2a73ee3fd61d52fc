"""Within-article coreference: which mentions are the same actor.

Built here because no coreference package supports this spaCy version. Three steps, each
linear in the number of mentions:

1. Names: full names group by name; a lone surname ("Mattis") or a knight's first name
   ("Sir Michael") joins the nearest earlier person of that name (else the nearest later
   one); countries group by ISO code, organisations by name or metonym code.
2. Syntax: a description in apposition to a name, or predicated of it, is that name
   ("Mr Trump’s national security advisor, former Lieutenant General Michael Flynn",
   "since becoming Donald Trump’s Defence Secretary, Gen Mattis ...").
3. One pass in text order (`Resolver`) for descriptions and pronouns: a definite description
   is the last actor seen holding its role ("the Defence Secretary"), else the first fitting
   person named in the next two sentences (a lead's "Donald Trump’s Defence Secretary ..."
   before "General James Mattis ..."), else an actor of its own; pronouns are left to
   `newswatch.pronouns`, which scores only the actors seen in the last few sentences.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newswatch.knowledge import Match, normalise
from newswatch.mentions import Mention, clause_subject
from newswatch.roles import Lexicon, Role, main_sector

if TYPE_CHECKING:
    from spacy.tokens import Doc

# How many sentences back pronouns look, and forward a lead's description looks.
WINDOW = 3
LOOKAHEAD = 2
_NAMED = frozenset({"person", "organization", "country", "group"})


@dataclass(slots=True)
class Entity:
    """One actor of the article, as coreference builds it."""

    kind: str  # person | organization | country | group
    mentions: list[int] = field(default_factory=list)
    key: str = ""
    given: str | None = None
    surname: str | None = None
    gender: str | None = None
    country: str | None = None
    sector: str | None = None  # a sector given outright (a metonym, a spokesperson's body)
    code: str | None = None  # a code given outright (a metonym)
    roles: dict[str, Role | None] = field(default_factory=dict)  # shown name -> role
    former: set[str] = field(default_factory=set)  # roles no longer held
    match: Match | None = None  # the knowledge base's entry as of the article's date
    plural: bool = False
    owners: set[int] = field(default_factory=set)  # whose it is: "Putin's" government
    phrases: set[str] = field(default_factory=set)  # its descriptions, determiners left out
    merged: int | None = None  # the entity this one was merged into

    def holds(self, role: Role) -> bool:
        """Whether the entity holds a role (now: former roles do not count)."""
        return role.name in self.roles and role.name not in self.former


class Chains:
    """Mentions and the entities they belong to."""

    def __init__(self, mentions: list[Mention], doc: Doc, lexicon: Lexicon) -> None:
        self.mentions, self.doc, self.lexicon = mentions, doc, lexicon
        self.entities: list[Entity] = []
        self.owner: list[int | None] = [None] * len(mentions)
        self.by_head: dict[int, int] = {}  # head token -> mention (names before pronouns)
        for i, mention in reversed(list(enumerate(mentions))):
            self.by_head[mention.head] = i

    def new(self, kind: str, i: int) -> int:
        """A new entity whose first mention is `i`."""
        self.entities.append(Entity(kind))
        self.add(len(self.entities) - 1, i)
        return len(self.entities) - 1

    def add(self, e: int, i: int) -> None:
        """Give mention `i` to entity `e`, with what the mention tells about it."""
        entity, mention = self.entities[e], self.mentions[i]
        self.owner[i] = e
        entity.mentions.append(i)
        absorb(entity, mention)

    def merge(self, keep: int, gone: int) -> None:
        """Move every mention of `gone` to `keep`."""
        if keep == gone:
            return
        for i in self.entities[gone].mentions:
            self.add(keep, i)
        self.entities[gone].mentions.clear()
        self.entities[gone].merged = keep

    def live(self) -> Iterator[tuple[int, Entity]]:
        """The entities that have mentions, in creation order."""
        for e, entity in enumerate(self.entities):
            if entity.mentions:
                yield e, entity

    def entity_at(self, token: int) -> int | None:
        """The entity of the mention headed by a token, if resolved."""
        i = self.by_head.get(token)
        return None if i is None else self.owner[i]


def absorb(entity: Entity, mention: Mention) -> None:
    """What a mention tells about its actor: names, gender, roles, nationality."""
    entity.key = entity.key or mention.key
    if mention.given and mention.surname:
        entity.given, entity.surname = mention.given, mention.surname
    entity.surname = entity.surname or mention.surname
    entity.given = entity.given or mention.given
    entity.gender = entity.gender or mention.gender
    entity.country = entity.country or mention.country
    entity.code = entity.code or mention.code
    entity.plural = entity.plural or (mention.plural and mention.kind != "pronoun")
    for role in mention.roles:
        if not role.relational:
            entity.roles.setdefault(role.name, role)
            if mention.former:
                entity.former.add(role.name)


def cluster_names(chains: Chains) -> None:
    """Step 1: group names: full names, then lone surnames and first names by nearness."""
    keyed: dict[tuple[str, str], int] = {}
    index = _NameIndex()
    singles = []
    for i, mention in enumerate(chains.mentions):
        if mention.kind == "person" and not (mention.given and mention.surname):
            singles.append(i)
        elif mention.kind in _NAMED:
            e = keyed.get((mention.kind, mention.key))
            if e is None:
                e = keyed[(mention.kind, mention.key)] = chains.new(mention.kind, i)
                index.register(chains, e, i)
            else:
                chains.add(e, i)
    for i in singles:
        mention = chains.mentions[i]
        e = index.find(chains, i)
        e = e if e is not None else keyed.get(("person", mention.key))
        if e is None:
            e = keyed[("person", mention.key)] = chains.new("person", i)
            index.register(chains, e, i)
        else:
            chains.add(e, i)


class _NameIndex:
    """Persons by surname and by first name, with where each was first named."""

    def __init__(self) -> None:
        self.surnames: dict[str, list[tuple[int, int]]] = {}
        self.givens: dict[str, list[tuple[int, int]]] = {}

    def register(self, chains: Chains, e: int, i: int) -> None:
        """Index a person by surname and first name, first named at mention `i`."""
        entity = chains.entities[e]
        if entity.kind != "person":
            return
        if entity.surname:
            self.surnames.setdefault(normalise(entity.surname), []).append((i, e))
        if entity.given and entity.surname:
            self.givens.setdefault(normalise(entity.given), []).append((i, e))

    def find(self, chains: Chains, i: int) -> int | None:
        """The person a lone name means: by surname, else by first name ("Sir Michael")."""
        mention = chains.mentions[i]
        word = normalise(mention.surname or mention.given or "")
        tables = (self.givens, self.surnames) if mention.given else (self.surnames, self.givens)
        for table in tables:
            fits = [(j, e) for j, e in table.get(word, []) if _gender_fits(chains, e, mention)]
            if fits:
                before = [(j, e) for j, e in fits if j < i]
                return max(before)[1] if before else min(fits)[1]
        return None


def _gender_fits(chains: Chains, e: int, mention: Mention) -> bool:
    """Whether a name's gender (from an honorific or first name) allows the person."""
    gender = chains.entities[e].gender
    return gender is None or mention.gender is None or gender == mention.gender


def merge_same_entries(chains: Chains) -> None:
    """Entities the knowledge base says are one ("Jim Mattis", "James Mattis") become one."""
    seen: dict[int, int] = {}
    for e, entity in list(chains.live()):
        if entity.match is not None:
            first = seen.setdefault(id(entity.match.entry), e)
            chains.merge(first, e)


def link_syntax(chains: Chains) -> None:
    """Step 2: descriptions in apposition to a name, or predicated of one, join it."""
    for i, mention in enumerate(chains.mentions):
        if mention.kind != "role" or chains.owner[i] is not None:
            continue
        e = _partner(chains, mention)
        if e is not None and _kind_fits(chains.entities[e], mention.roles[0]):
            chains.add(e, i)


def _partner(chains: Chains, mention: Mention) -> int | None:
    """The named actor a description is in apposition to, or is predicated of."""
    head = chains.doc[mention.head]
    for child in head.children:
        if child.dep_ == "appos" and chains.entity_at(child.i) is not None:
            return chains.entity_at(child.i)
    if head.dep_ == "appos":
        return chains.entity_at(head.head.i)
    verb = head.head
    if head.dep_ in ("attr", "oprd") and chains.lexicon.listed("copulas", verb.lemma_.lower()):
        subject = clause_subject(verb)
        if subject is not None and subject.i != head.i:
            return chains.entity_at(subject.i)
    return None


def _kind_fits(entity: Entity, role: Role) -> bool:
    """Whether an actor can hold a role: people hold people's roles, bodies the others."""
    if role.kind == "person":
        return entity.kind == "person"
    return entity.kind in ("organization", "group") or role.kind == entity.kind


class Resolver:
    """Step 3: descriptions and pronouns, in text order, against the actors seen so far."""

    def __init__(self, chains: Chains) -> None:
        self.chains = chains
        self.recent: deque[int] = deque()  # resolved mentions of the last WINDOW sentences
        self.seen: dict[int, int] = {}  # entity -> its latest mention so far
        self.holders: dict[str, set[int]] = {}  # role name -> entities holding it
        for e, entity in chains.live():
            self.note_roles(e, entity)

    def run(self) -> None:
        """Resolve every description and pronoun, left to right."""
        from newswatch.pronouns import resolve_pronoun

        for i, mention in enumerate(self.chains.mentions):
            while self.recent and self.chains.mentions[self.recent[0]].sent < mention.sent - WINDOW:
                self.recent.popleft()
            if self.chains.owner[i] is None and mention.kind == "role":
                self.describe(i)
            elif self.chains.owner[i] is None and mention.kind == "pronoun":
                resolve_pronoun(self, i)
            self.see(i)

    def see(self, i: int) -> None:
        """Note a resolved mention as seen."""
        e = self.chains.owner[i]
        if e is not None and (not self.recent or self.recent[-1] != i):
            self.recent.append(i)
            self.seen[e] = i

    def note_roles(self, e: int, entity: Entity) -> None:
        """Remember which roles an actor holds, for later descriptions."""
        for name in entity.roles:
            self.holders.setdefault(name, set()).add(e)

    def describe(self, i: int) -> None:
        """A description: the actor it names, or a new actor with its role and nationality."""
        chains, mention = self.chains, self.chains.mentions[i]
        owner = self.possessor(mention, mention.roles[0].relational)
        role = _own_role(chains, mention, owner)
        country = mention.country or _possessor_country(chains, mention, owner)
        e = None
        if mention.det != "indef":
            e = self.earlier(i, role, country, owner)
        if e is None and _cataphoric(mention, role):
            e = self.later(i, role, country, owner)
        if e is None:
            e = chains.new("group" if mention.plural and role.kind == "person" else role.kind, i)
            chains.entities[e].plural = mention.plural
            self.affiliate(chains.entities[e], role, country)
        else:
            chains.add(e, i)
        entity = chains.entities[e]
        _take_role(entity, role, country, mention.former)
        entity.phrases.add(phrase(chains, mention))
        entity.owners.update([owner] if owner is not None else [])
        self.note_roles(e, entity)

    def possessor(self, mention: Mention, relational: bool) -> int | None:
        """The possessor's entity; a counterpart's possessive pronoun is resolved first.

        Other possessive pronouns wait: "his advisor" must not be he, so the description
        is resolved first and the pronoun then leaves its actor out.
        """
        if mention.possessor is None:
            return None
        i = self.chains.by_head.get(mention.possessor)
        if i is None:
            return None
        pending = self.chains.owner[i] is None and self.chains.mentions[i].kind == "pronoun"
        if relational and pending:
            from newswatch.pronouns import resolve_pronoun

            resolve_pronoun(self, i)
        return self.chains.owner[i]

    def earlier(self, i: int, role: Role, country: str | None, owner: int | None) -> int | None:
        """The actor last seen holding the role, of a fitting nationality, number and owner.

        Groups ("Western states") match only the same words: their roles are too broad.
        """
        mention = self.chains.mentions[i]
        group = mention.plural or role.kind == "group"
        words = phrase(self.chains, mention) if group else ""
        fits = []
        for e in self.holders.get(role.name, ()):
            entity = self.chains.entities[e]
            if e not in self.seen or e == owner or not _fits(entity, role, country):
                continue
            if owner is not None and entity.owners and owner not in entity.owners:
                continue
            if entity.plural == mention.plural and (not group or words in entity.phrases):
                fits.append(e)
        return max(fits, key=self.seen.__getitem__) if fits else None

    def later(self, i: int, role: Role, country: str | None, owner: int | None) -> int | None:
        """A fitting person named in the next sentences: a lead's description, then the name."""
        mentions = self.chains.mentions
        last = mentions[i].sent + LOOKAHEAD
        for j in range(i + 1, len(mentions)):
            if mentions[j].sent > last:
                break
            e = self.chains.owner[j]
            if e is None or e == owner or mentions[j].kind not in _NAMED or mentions[j].quoted:
                continue
            entity = self.chains.entities[e]
            if _fits(entity, role, country) and (
                entity.holds(role) or (_no_office(entity) and mentions[j].weight >= 0.8)
            ):
                return e
        return None

    def affiliate(self, entity: Entity, role: Role, country: str | None) -> None:
        """A spokesperson without a nationality speaks for the organisation named just before."""
        if not role.affiliated or country is not None:
            return
        for j in reversed(self.recent):
            e = self.chains.owner[j]
            body = self.chains.entities[e] if e is not None else None
            if body is not None and body.kind in ("organization", "country") and body.country:
                entity.country = body.country
                entity.sector = body.sector or main_role_sector(body)
                return


def _cataphoric(mention: Mention, role: Role) -> bool:
    """Whether a description may name a person only named after it (a news lead's habit)."""
    return role.kind == "person" and not mention.plural and mention.det in ("def", "poss")


def phrase(chains: Chains, mention: Mention) -> str:
    """A description's words without determiners: how group descriptions are compared."""
    tokens = chains.doc[mention.first : mention.last]
    return normalise(" ".join(t.text for t in tokens if t.dep_ not in ("det", "poss")))


def _own_role(chains: Chains, mention: Mention, owner: int | None) -> Role:
    """The description's role; a counterpart's is the possessor's main office."""
    role = mention.roles[0]
    if not role.relational or owner is None:
        return role
    offices = [r for r in chains.entities[owner].roles.values() if r is not None and not r.rank]
    return offices[0] if offices else role


def _possessor_country(chains: Chains, mention: Mention, owner: int | None) -> str | None:
    """Whose the role is tells its nationality ("Donald Trump’s Defence Secretary"), unless
    the role is relational: "his British counterpart" is not of his country."""
    if owner is None or mention.roles[0].relational:
        return None
    return chains.entities[owner].country


def _fits(entity: Entity, role: Role, country: str | None) -> bool:
    """Whether an actor can be a description of a role and nationality."""
    return _kind_fits(entity, role) and (
        country is None or entity.country is None or entity.country == country
    )


def _no_office(entity: Entity) -> bool:
    """Whether nothing is known of the person's offices (military ranks aside)."""
    return all(r is not None and r.rank for r in entity.roles.values())


def _take_role(entity: Entity, role: Role, country: str | None, former: bool) -> None:
    """Give an actor the role and nationality a description says it has."""
    if not role.relational:
        entity.roles.setdefault(role.name, role)
        if former:
            entity.former.add(role.name)
    entity.country = entity.country or country


def main_role_sector(entity: Entity) -> str | None:
    """The sector of an actor's current roles: an office before a military rank."""
    if entity.match is not None and entity.match.sector:
        return entity.match.sector
    held = [r for name, r in entity.roles.items() if r is not None and name not in entity.former]
    return entity.sector or main_sector(held)
