"""Coreference rules on small hand-built texts: each rule, general enough for any article."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from spacy.language import Language

from newswatch.actors import find
from newswatch.knowledge import KnowledgeBase
from newswatch.nlp import load
from newswatch.pipeline import Work
from newswatch.schema import Actor, Article

Find = Callable[..., list[Actor]]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


@pytest.fixture(scope="module")
def actors_of(nlp: Language) -> Find:
    """The actors of a text, as of a date, with optional authors."""
    kb = KnowledgeBase.load()

    def run(text: str, date: str = "2017-03-31", authors: tuple[str, ...] = ()) -> list[Actor]:
        article = Article(text=text, published=date, authors=list(authors))
        return find(Work(raw=text, article=article, doc=nlp(text)), kb=kb)

    return run


def span_of(text: str, ref: str) -> tuple[int, int]:
    """The span of "words" (first occurrence) or "words#n" (n-th, whole words) in `text`."""
    words, _, nth = ref.partition("#")
    hits = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text)]
    return hits[int(nth or 1) - 1]


def owner(actors: list[Actor], text: str, ref: str) -> str | None:
    """The id of the actor with a mention exactly at `ref`, or None."""
    span = span_of(text, ref)
    return next((a.id for a in actors if span in a.mentions), None)


CLUSTERS = [
    # Name variants: titles, abbreviations, a lone surname the recogniser misses.
    (
        "General James Mattis met reporters on Monday. Gen Mattis said the plan was sound. "
        "Mattis left early.",
        [["General James Mattis", "Gen Mattis", "Mattis#3"]],
    ),
    # A knight by his first name, and the wrong-but-common "Sir" + surname.
    (
        "Sir Michael Fallon spoke on Monday. Sir Michael said Britain would act. "
        "Critics attacked Sir Fallon.",
        [["Sir Michael Fallon", "Sir Michael#2", "Sir Fallon"], ["Britain"]],
    ),
    # A lead's description first, the name in the next sentence.
    (
        "Poland’s Foreign Minister has criticised Iran. Jan Nowakowski made the remarks in "
        "Warsaw on Monday.",
        [["Poland’s Foreign Minister", "Jan Nowakowski"], ["Iran"]],
    ),
    # A counterpart: the possessor's office, another nationality, named next.
    (
        "Secretary of State Rex Tillerson held talks with his Russian counterpart on Tuesday. "
        "Sergei Lavrov said the talks were useful.",
        [["Secretary of State Rex Tillerson", "his"], ["his Russian counterpart", "Sergei Lavrov"]],
    ),
    # Apposition.
    (
        "The company's chief executive, John Smith, resigned on Friday.",
        [["The company's chief executive", "John Smith"]],
    ),
    # Gender: she and he.
    (
        "Angela Merkel met Boris Johnson in Berlin. She said the talks went well, and he agreed.",
        [["Angela Merkel", "She"], ["Boris Johnson", "he"]],
    ),
    # The speaker of the last cue; a name inside the quotation is no rival.
    (
        "Ben Smith said the deal was fair. “Tony Blair would have signed it too,” he told "
        "reporters.",
        [["Ben Smith", "he"], ["Tony Blair"]],
    ),
    # Binding: the subject of the clause above ("Mr Tusk said he ...").
    (
        "Boris Johnson met Donald Tusk in Brussels. Mr Tusk said he was disappointed.",
        [["Donald Tusk", "Mr Tusk", "he"], ["Boris Johnson"]],
    ),
    # An object pronoun is not its own clause's subject; a name the recogniser missed.
    (
        "Theresa May told Jeremy Corbyn that Jacob Rees-Mogg had misled him.",
        [["Jeremy Corbyn", "him"], ["Jacob Rees-Mogg"], ["Theresa May"]],
    ),
    # A possessive is not the description it belongs to.
    (
        "Barack Obama praised his former adviser, David Axelrod, on Sunday.",
        [["Barack Obama", "his"], ["his former adviser", "David Axelrod"]],
    ),
    # An emphatic reflexive stands by its noun.
    (
        "The inquiry questioned Lt Gen Flynn himself about the calls.",
        [["Lt Gen Flynn", "himself"]],
    ),
    # A definite description is the last actor seen holding the role.
    (
        "President Vladimir Putin met the press in Moscow. The President said Russia was ready.",
        [["President Vladimir Putin", "The President"], ["Russia"]],
    ),
    # "It" for an organisation; "they" for a group.
    (
        "The Russian embassy issued a statement on Monday. It said the claims were false.",
        [["The Russian embassy", "It"]],
    ),
    ("Rebels attacked the town on Sunday. They said the army had fled.", [["Rebels", "They"]]),
]


@pytest.mark.parametrize(("text", "clusters"), CLUSTERS)
def test_clusters(actors_of: Find, text: str, clusters: list[list[str]]) -> None:
    actors = actors_of(text)
    owners = [{owner(actors, text, ref) for ref in cluster} for cluster in clusters]
    for cluster, ids in zip(clusters, owners, strict=True):
        assert len(ids) == 1 and None not in ids, f"{cluster} split: {ids} in {actors}"
    assert len({next(iter(ids)) for ids in owners}) == len(clusters), "clusters merged"


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("It came as reports suggested that the army was ready.", "It"),
        ("It was reported that the talks had failed.", "It"),
        ("“It is no longer a cooperative engagement,” the general said.", "It"),
        ("The minister said business would go on as usual.", "business"),
        ("Sir John resigned as President of the club.", "President"),
    ],
)
def test_no_actor(actors_of: Find, text: str, ref: str) -> None:
    assert owner(actors_of(text), text, ref) is None


@pytest.mark.parametrize(
    ("text", "ref", "code"),
    [
        # Role plus nationality for people the knowledge base does not know.
        (
            "Defence Minister Anna Kowalska held talks with her French counterpart. Pierre "
            "Dubois said the talks went well.",
            "Pierre Dubois",
            "FRAGOV",
        ),
        (
            "Poland’s Foreign Minister has criticised Iran. Jan Nowakowski made the remarks.",
            "Jan Nowakowski",
            "POLGOV",
        ),
        (
            "The Russian embassy in London dismissed the remarks.",
            "The Russian embassy in London",
            "RUSGOV",
        ),
        ("The US-led coalition bombed the town.", "The US-led coalition", "USAMIL"),
        (
            "The Chinese embassy issued a statement. “The claims are false,” a spokesman said.",
            "a spokesman",
            "CHNGOV",
        ),
        ("Moscow denied the claims.", "Moscow", "RUS"),
        # A nationality after the name; the text's nationality over a namesake's.
        ("King Hassan of Morocco was quoted today.", "King Hassan of Morocco", "MARGOV"),
        (
            "German Foreign Minister Oskar Fischer will visit Albania.",
            "German Foreign Minister Oskar Fischer",
            "DEUGOV",
        ),
        ("Ivory Coast rebels rejected the plan.", "Ivory Coast rebels", "CIVREB"),
        ("Security forces in Guinea tortured them.", "Security forces in Guinea", "GINCOP"),
        ("Foreign officers in Kabul met the rebels.", "Foreign officers", None),
        # The nationality before a title; the knowledge base's namesake of that country.
        (
            "British Defence Secretary Tom King visited Mozambique.",
            "British Defence Secretary Tom King",
            "GBRGOV",
        ),
        (
            "Nigerian junior foreign minister Dubem Oniya summoned him.",
            "Nigerian junior foreign minister Dubem Oniya",
            "NGAGOV",
        ),
        ("The Kremlin denied the claims.", "Kremlin", "RUSGOV"),
        ("The Democrats voted against the bill.", "Democrats", "USAPTY"),
    ],
)
def test_codes(actors_of: Find, text: str, ref: str, code: str | None) -> None:
    actors = actors_of(text)
    found = owner(actors, text, ref)
    assert found is not None, actors
    assert next(a.code for a in actors if a.id == found) == code


@pytest.mark.parametrize(
    ("text", "ref", "code"),
    [
        # CAMEO codes the places of events too: "in London" is the United Kingdom...
        ("The talks were held in London on Monday.", "London", "GBR"),
        # ...a seat of government as a subject is the government, after "in" a place.
        ("Brussels rejected the plan.", "Brussels", "IGOEUREEC"),
        ("The talks were held in Brussels.", "Brussels", "BEL"),
        # A country the recogniser missed, after a headline.
        ("Talks\n\nDenmark today accepted the formula.", "Denmark", "DNK"),
        # An administrative word the recogniser takes into the name.
        ("Serbia eased measures in Montenegro province.", "Montenegro province", "MNE"),
    ],
)
def test_places(actors_of: Find, text: str, ref: str, code: str) -> None:
    actors = actors_of(text)
    found = owner(actors, text, ref)
    assert next(a.code for a in actors if a.id == found) == code


def test_byline_author_is_no_actor_but_a_mention_in_the_text_is(actors_of: Find) -> None:
    text = "Talks failed.\nAnalysis by Kim Sengupta\nThe minister met reporters."
    assert not any("Sengupta" in a.name for a in actors_of(text, authors=("Kim Sengupta",)))
    text += " Kim Sengupta asked him about Syria."
    actors = actors_of(text, authors=("Kim Sengupta",))
    assert owner(actors, text, "Kim Sengupta#2") is not None
    assert owner(actors, text, "Kim Sengupta") is None


def test_date_decides_which_namesake(actors_of: Find) -> None:
    """A lone surname is the one in office on the article's date, else none."""
    text = "Mr Putin said the talks had failed."
    actors = actors_of(text, date="2017-03-31")
    assert [a.code for a in actors] == ["RUSGOV"]


def test_first_name_gives_gender(actors_of: Find) -> None:
    text = "Maria Lopez met Carlos Ruiz. She said the meeting was useful."
    actors = actors_of(text)
    assert owner(actors, text, "She") == owner(actors, text, "Maria Lopez")
