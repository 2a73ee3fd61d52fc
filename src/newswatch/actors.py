"""Actors stage: who is who in an article, as of its date, with every mention of each.

`find(work, kb=...)` is pure: mentions (`newswatch.mentions`), names grouped
(`newswatch.coref`), the knowledge base consulted as of the article's date, descriptions and
pronouns resolved, and one `Actor` per group. A person's code comes from the knowledge base
when it knows them ("James Mattis" on 2017-03-31: USAGOV), else from their roles and
nationality in the text ("his British counterpart" of a defence secretary: GBRGOV). The stage
class `ActorsStage` loads the knowledge base and word lists once and calls `find`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newswatch import countries
from newswatch.coref import (
    Chains,
    Entity,
    Resolver,
    cluster_names,
    link_syntax,
    main_role_sector,
    merge_same_entries,
)
from newswatch.knowledge import KnowledgeBase, Match, normalise
from newswatch.mentions import find_mentions
from newswatch.pipeline import Work, register
from newswatch.roles import Lexicon, code_of
from newswatch.schema import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newswatch.options import Options

# Entity types whose words before a role may name the body it belongs to.
_BODY_ENTS = frozenset({"ORG", "NORP", "GPE"})
# Sectors of a country's own institutions: their holders are of the country the text names.
_NATIONAL_SECTORS = frozenset(
    {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "OPP", "REB", "CVL"}
)


def find(work: Work, *, kb: KnowledgeBase, lexicon: Lexicon | None = None) -> list[Actor]:
    """The article's actors, ids "A1", "A2"... in order of first mention.

    Args:
        work: An article with its parsed `doc` (of `article.text`).
        kb: The actor knowledge base; consulted as of `article.published` (else today).
        lexicon: Role words, honorifics and names (the packaged ones by default).

    Returns:
        One actor per person, organisation, country or group, mentions sorted.
    """
    if work.doc is None:
        return []
    lexicon = lexicon or Lexicon.load()
    article = work.article
    authors = [*article.authors, *(s.author for s in article.sections if s.author)]
    date = article.published

    def known(name: str) -> bool:
        """Whether the knowledge base knows a person by this full name."""
        return any(m.entry.kind == "person" for m in kb.lookup(name, date))

    mentions = find_mentions(work.doc, lexicon, authors=authors, known=known, text=article.text)
    chains = Chains(mentions, work.doc, lexicon)
    cluster_names(chains)
    consult(chains, kb, date)
    merge_same_entries(chains)
    link_syntax(chains)
    Resolver(chains).run()
    for _, entity in chains.live():
        if entity.kind != "country" and not (entity.code or entity.match or entity.country):
            entity.code = _body_premodifier(chains, entity, kb, date)
    _home_country(chains)
    _minority_home(chains)
    return build(chains)


def _minority_home(chains: Chains) -> None:
    """An ethnic minority ("ethnic Albanians", "ethnic Turks") is of the country it lives
    in, when the text names one other country than its people's; else it keeps its people's."""
    named = {entity.key for _, entity in chains.live() if entity.kind == "country"}
    for _, entity in chains.live():
        if entity.kind != "group" or not entity.country or not _minority(chains, entity):
            continue
        others = named - {entity.country, None, ""}
        if len(others) == 1:
            (entity.country,) = others


def _minority(chains: Chains, entity: Entity) -> bool:
    """Whether a mention of a people calls it a minority ("ethnic Albanians")."""
    return any(
        chains.lexicon.listed("minority", child.lower_)
        for i in entity.mentions
        for child in chains.doc[chains.mentions[i].head].children
        if child.dep_ == "amod"
    )


def _home_country(chains: Chains) -> None:
    """A national office or body without a country of its own is of the one country the text
    names: "President Dos Santos" or "the police" in a story about Angola alone. Two or more
    countries, or none, leave it without one: the text does not say whose it is."""
    named = {
        entity.key if entity.kind == "country" else entity.country for _, entity in chains.live()
    }
    named.discard(None)
    named.discard("")
    if len(named) != 1:
        return
    (home,) = named
    for _, entity in chains.live():
        uncoded = not (entity.code or entity.match or entity.country)
        if entity.kind != "country" and uncoded and _national(entity):
            entity.country = None if _foreign(chains, entity) else home


def _foreign(chains: Chains, entity: Entity) -> bool:
    """Whether a mention says the actor is not of the place: "foreign officers in Kabul"."""
    return any(
        chains.lexicon.listed("not_local", tok.lower_)
        for i in entity.mentions
        for tok in chains.doc[chains.mentions[i].first : chains.mentions[i].last]
    )


def _national(entity: Entity) -> bool:
    """Whether an actor holds a role of a country's own: an office, a force, a court, a
    party; not a journalist, a company or an international body, which may be from anywhere."""
    sector = main_role_sector(entity)
    return sector in _NATIONAL_SECTORS


def consult(chains: Chains, kb: KnowledgeBase, date: str | None) -> None:
    """Ask the knowledge base about every named person and organisation, as of `date`."""
    present = {m.key for m in chains.mentions if m.kind == "country"}
    for _, entity in chains.live():
        # A metonym's code is the government it stands for: no namesake may replace it.
        if entity.kind in ("person", "organization", "group") and entity.key and not entity.code:
            entity.match = _lookup(chains, entity, kb, date, present)
            if entity.match is not None:
                _apply(entity, entity.match, chains.lexicon)


def _body_premodifier(
    chains: Chains, entity: Entity, kb: KnowledgeBase, date: str | None
) -> str | None:
    """The code of an international body named before a role or a name: "NATO peacekeeping
    troops", "U.N. war crimes court", "Arab League Secretary General Chadli Klibi" are the
    body's, as "the Russian embassy" is Russia's. Only bodies without a country (IGOs, NGOs):
    a national one's premodifier already gives the nationality."""
    doc = chains.doc
    for i in entity.mentions:
        mention = chains.mentions[i]
        if mention.kind not in ("role", "person", "organization", "group"):
            continue
        stop = mention.name_start if mention.kind == "person" else mention.head
        start = _body_start(doc, mention.first)
        words = [t for t in doc[start:stop] if t.ent_type_ in _BODY_ENTS or _bare_proper(t)]
        for name in _entity_names(words):
            for found in kb.lookup(name, date):
                if _stateless_body(found):
                    return found.code
    return None


def _body_start(doc: Doc, first: int) -> int:
    """Where a body named before a mention starting at `first` may start: the mention itself,
    or a mention of its own just before ("Arab League"), or proper nouns the recogniser
    missed just before ("European Community")."""
    start = first
    while start > 0 and doc[start - 1].ent_type_ == "ORG" and doc[start].ent_iob_ != "B":
        start -= 1
    if start == first and start > 0 and doc[start - 1].ent_type_ == "ORG":
        start -= 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
    if start == first:
        while start > 0 and _bare_proper(doc[start - 1]):
            start -= 1
    return start


def _bare_proper(tok: Token) -> bool:
    """A proper noun outside any named entity, a name the recogniser missed: tagged so, or
    capitalised ("European" of "European Community" is tagged an adjective)."""
    tagged = tok.pos_ == "PROPN" or (tok.is_title and tok.pos_ in ("ADJ", "NOUN"))
    return tagged and not tok.ent_type_


def _stateless_body(found: Match) -> bool:
    """Whether an entry gives its code to the roles it is named before: an international body
    (no country), or an armed or political group ("Hezbollah guerrillas": LBNREB), whose code
    says more than its country's demonym would."""
    kind = found.entry.kind
    return bool(found.code) and (
        (kind == "organization" and found.country is None) or kind == "group"
    )


def _entity_names(tokens: list[Token]) -> list[str]:
    """The texts of the runs of consecutive tokens of one named entity, longest first, each
    with its shorter starts: the recogniser may take the role into the name ("European
    Community foreign" of "European Community foreign ministers")."""
    runs: list[list[Token]] = []
    for tok in tokens:
        last = runs[-1][-1] if runs else None
        inside = tok.ent_iob_ == "I" or (
            _bare_proper(tok) and last is not None and _bare_proper(last)
        )
        if last is not None and last.i == tok.i - 1 and inside:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return [
        "".join(t.text_with_ws for t in run[:n]).strip()
        for run in runs
        for n in range(len(run), 0, -1)
    ]


def _lookup(
    chains: Chains, entity: Entity, kb: KnowledgeBase, date: str | None, present: set[str]
) -> Match | None:
    """The entry an actor's names find, preferring office holders and the article's countries.

    The text's nationality ("German Foreign Minister Oskar Fischer") overrules a namesake of
    another country: then the knowledge base does not know this one.
    """
    names = dict.fromkeys(chains.mentions[i].key for i in entity.mentions)
    found = [m for name in names if name for m in kb.lookup(name, date)]
    if entity.kind == "person" and entity.surname and not _of_country(found, entity.country):
        # A surname is a weak clue: only someone in office, or of the story's countries.
        found += [
            m
            for m in kb.by_surname(entity.surname, date)
            if _same_person(entity, m)
            and (m.roles or m.country in present or _undated_holder(entity, m, date))
        ]
    best = _best(found, present, entity.country, date)
    if best is not None and entity.country and best.country not in (None, entity.country):
        return None
    return best


def _undated_holder(entity: Entity, found: Match, date: str | None) -> bool:
    """Whether an undated text may mean a past office holder: undated news is as often history
    as today, so "President Bush" or "Carlos Menem" may be someone no longer in office, as long
    as the text gives a title or a first name to go with the surname."""
    return (
        date is None
        and bool(found.entry.tenures or found.code)
        and bool(entity.given or entity.roles)
    )


def _latest(found: Match) -> str:
    """When the entry last held an office ("" when unknown): more recent holders first."""
    return max((t.end or "9999" for t in found.entry.tenures), default="")


def _of_country(found: list[Match], country: str | None) -> bool:
    """Whether some entry is of the country (any entry, when the country is unknown)."""
    return any(country is None or m.country == country for m in found)


def _same_person(entity: Entity, found: Match) -> bool:
    """Whether a surname's entry fits what the text says: first name and gender."""
    if entity.gender and found.entry.gender and entity.gender != found.entry.gender:
        return False
    if not entity.given:
        return True
    given = normalise(entity.given)
    names = (found.entry.name, *found.entry.aliases)
    return any(normalise(n).split()[:1] == [given] for n in names)


def _best(
    found: list[Match], present: set[str], country: str | None, date: str | None = None
) -> Match | None:
    """Of the text's nationality ("German Foreign Minister ..."), in office (the knowledge
    base's order), then of a country the article names."""
    # Undated: of equals, the most recent office holder first.
    recent = found if date else sorted(found, key=_latest, reverse=True)
    ranked = sorted(
        recent,
        key=lambda m: (
            country is not None and m.country != country,
            not m.roles,
            m.country not in present,
        ),
    )
    return ranked[0] if ranked else None


def _apply(entity: Entity, found: Match, lexicon: Lexicon) -> None:
    """What the knowledge base knows: gender, country, offices held on the date."""
    entity.gender = entity.gender or found.entry.gender
    entity.country = found.country or entity.country
    if found.entry.kind == "country" and found.code:
        entity.kind, entity.key = "country", found.code
    for office in found.roles:
        role = lexicon.role_named(office)
        entity.roles.setdefault(role.name if role else office, role)


def build(chains: Chains) -> list[Actor]:
    """One actor per entity, numbered in order of first mention."""
    entities = sorted(
        (entity for _, entity in chains.live()),
        key=lambda entity: min(chains.mentions[i].start for i in entity.mentions),
    )
    return [_actor(chains, f"A{n}", entity) for n, entity in enumerate(entities, 1)]


def _actor(chains: Chains, ident: str, entity: Entity) -> Actor:
    """The contract record of one entity."""
    country, sector, code = _codes(entity)
    spans = sorted({(chains.mentions[i].start, chains.mentions[i].end) for i in entity.mentions})
    return Actor(
        id=ident,
        name=_name(chains, entity),
        kind=entity.kind,
        country=country,
        sector=sector,
        code=code,
        roles=list(entity.roles),
        mentions=spans,
    )


def _codes(entity: Entity) -> tuple[str | None, str | None, str | None]:
    """(country, sector, code): the knowledge base's, else from the text's roles."""
    if entity.kind == "country":
        return entity.key, None, entity.key
    if entity.match is not None and entity.match.code:
        found = entity.match
        return found.country or entity.country, found.sector, found.code
    if entity.code:  # a metonym's: "Kremlin" RUSGOV, "Brussels" IGOEUREEC
        return entity.country, entity.code[3:6] if entity.country else None, entity.code
    sector = main_role_sector(entity)
    return entity.country, sector, code_of(entity.country, sector)


def _name(chains: Chains, entity: Entity) -> str:
    """The knowledge base's name, else the fullest name or first description in the text."""
    if entity.kind == "country":
        return countries.name_of(entity.key) or _text(chains, entity.mentions[0])
    if entity.match is not None:
        return entity.match.entry.name
    if entity.kind == "person" and any(
        chains.mentions[i].kind == "person" for i in entity.mentions
    ):
        return _full_name(chains, entity)
    named = [i for i in entity.mentions if chains.mentions[i].kind not in ("role", "pronoun")]
    first = min(named or entity.mentions, key=lambda i: chains.mentions[i].start)
    return _text(chains, first)


def _full_name(chains: Chains, entity: Entity) -> str:
    """The longest name mention without its titles: "James Mattis"."""
    names = [chains.mentions[i] for i in entity.mentions if chains.mentions[i].kind == "person"]
    longest = max(names, key=lambda m: (len(m.key.split()), -m.start))
    return chains.doc[longest.name_start : longest.head + 1].text


def _text(chains: Chains, i: int) -> str:
    """A mention's words without a leading determiner or possessive pronoun."""
    mention = chains.mentions[i]
    tokens = list(chains.doc[mention.first : mention.last])
    while len(tokens) > 1 and tokens[0].dep_ in ("det", "poss") and tokens[0].pos_ != "PROPN":
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip()


class ActorsStage:
    """Stage `newswatch.actors.v1`: the article's actors, by the knowledge base of its date."""

    name = "newswatch.actors.v1"
    requires = frozenset({"doc"})
    assigns = frozenset({"actors"})

    def __init__(self, options: Options) -> None:
        self.kb = KnowledgeBase.load(options.actors.kb_files)
        self.lexicon = Lexicon.load(options.actors.role_files)

    def __call__(self, work: Work) -> None:
        work.article.actors = find(work, kb=self.kb, lexicon=self.lexicon)


@register(ActorsStage.name, requires=ActorsStage.requires, assigns=ActorsStage.assigns)
def _actors(options: Options) -> ActorsStage:
    """The stage's factory, for the pipeline."""
    return ActorsStage(options)
