"""The events stage: triggers, roles, flags and quotes on hand-written sentences and the example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import EXAMPLE, Result, assert_contract
from newswatch import actors, events, quotes
from newswatch.errors import NewswatchError
from newswatch.knowledge import KnowledgeBase
from newswatch.pipeline import Work
from newswatch.schema import Article, Event
from newswatch.triggers import Lexicon
from test_actors import analysed

# (source country or name, type, target country or name) of one event, as the tests read it.
Triple = tuple[str, str, str]
Find = Callable[[str], tuple[Article, list[Event]]]


@pytest.fixture(scope="module")
def events_of(nlp: Language) -> Find:
    """A text's events, through the actors and quotes stages, as of 2017-03-31."""
    kb = KnowledgeBase.load()

    def run(text: str) -> tuple[Article, list[Event]]:
        article = Article(text=text, published="2017-03-31")
        work = Work(raw=text, article=article, doc=nlp(text))
        article.actors = actors.find(work, kb=kb)
        article.quotes = quotes.find(work)
        article.events = events.find(work)
        return article, article.events

    return run


@pytest.fixture(scope="module")
def example() -> Article:
    return analysed(EXAMPLE)


def label(article: Article, ids: list[str]) -> str:
    """An actor's country, else its name ("" for none)."""
    found = [a for a in article.actors if a.id in ids]
    return found[0].country or found[0].name if found else ""


def triples(article: Article, found: list[Event] | None = None) -> set[Triple]:
    return {
        (label(article, e.source), e.type, label(article, e.target))
        for e in (article.events if found is None else found)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "UK and US accuse Russia of meddling.",
            {("GBR", "ACCUSE", "RUS"), ("USA", "ACCUSE", "RUS")},
        ),
        ("France condemned the Syrian government.", {("FRA", "ACCUSE", "SYR")}),
        ("Germany held talks with Poland on Monday.", {("DEU", "CONSULT", "POL")}),
        ("Russian forces launched air strikes against Syria.", {("RUS", "ASSAULT", "SYR")}),
        ("Iran rejected the proposal.", {("IRN", "REJECT", "")}),
        ("China threatened to impose sanctions on Japan.", {("CHN", "THREATEN", "JPN")}),
        ("Turkey was attacked by Syria.", {("SYR", "ASSAULT", "TUR")}),
        ("Italy demanded the release of the prisoners.", {("ITA", "REQUEST", "")}),
    ],
)
def test_sentences(events_of: Find, text: str, expected: set[Triple]) -> None:
    article, found = events_of(text)
    assert triples(article, found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What is announced for the future is intent: AGREE for cooperation, THREATEN for force.
        ("Portugal will support Turkey.", {("PRT", "AGREE", "TUR")}),
        ("Iran will attack Iraq.", {("IRN", "THREATEN", "IRQ")}),
        ("Syria will not accept the proposal.", {("SYR", "REJECT", "")}),
        # A speaker saying another must act demands it of them.
        (
            "Russia said on Tuesday that Sudan must return the helicopter.",
            {("RUS", "REQUEST", "SDN")},
        ),
        # With no one else, the place named is the target.
        ("Thousands of Iraqi Kurds demonstrated in Turkey.", {("IRQ", "PROTEST", "TUR")}),
        # A condition's subject is the one threatened.
        (
            "Russia threatened to stop negotiations if the United States goes ahead.",
            {("RUS", "THREATEN", "USA")},
        ),
        # Background clauses and participles are not coded.
        ("France protested as Germany attacked Poland.", {("FRA", "PROTEST", "")}),
    ],
)
def test_plover_conventions(events_of: Find, text: str, expected: set[Triple]) -> None:
    article, found = events_of(text)
    assert triples(article, found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What the event is for gives its target.
        (
            "Chilean students blocked roads to protest against Peru's decision.",
            {("CHL", "PROTEST", "PER")},
        ),
        # The source's own is no target while another is named.
        ("Egypt offered its troops to Libya.", {("EGY", "AGREE", "LBY")}),
        # A modifier that is the source is passed over.
        (
            "Kenyan farmers staged protests to press their demands on the Ugandan government.",
            {("KEN", "PROTEST", "UGA")},
        ),
        # A place no actor names hands over to the next one named.
        (
            "Iraqi forces imposed a curfew in the village of Qaraqosh in northern Iraq.",
            {("IRQ", "COERCE", "IRQ")},
        ),
        # An accusation's target is the accused, not whom the complaint is made to.
        (
            "Egypt complained to the United Nations over Libyan air raids.",
            {("EGY", "ACCUSE", "LBY")},
        ),
        # A recipient's "to" the parser labels a dative is still a target phrase.
        ("Costa Rica granted asylum to five Panamanian army officers.", {("CRI", "AID", "PAN")}),
        # The doer of what a non-actor object names is the target: "crimes committed by X"
        # (PLOVER codes an investigation as ACCUSE).
        (
            "Serbian police launched an investigation into crimes committed by Croat forces.",
            {("SRB", "ACCUSE", "HRV")},
        ),
        # "from" gives a target when nothing else does.
        ("Kenyan police confiscated weapons from Somali militias.", {("KEN", "COERCE", "SOM")}),
        # The verb that carries an event noun gives its recipient.
        (
            "The European Union on Monday gave the Ivory Coast ten million dollars of aid.",
            {("European Union", "AID", "CIV")},
        ),
        # An actor with no country hands over to what describes it.
        (
            "Jean Dupont, France's leading human rights activist, staged a hunger strike in"
            " protest against the violations by Belgian security forces.",
            {("FRA", "PROTEST", "BEL")},
        ),
        # An ethnic minority is of the country it lives in.
        ("Up to 200 ethnic Hungarians demonstrated in Romania.", {("ROU", "PROTEST", "ROU")}),
        # A place in a clause of its own is not the event's.
        ("Akayev agreed to resign without returning to Kyrgyzstan.", {("KGZ", "AGREE", "")}),
    ],
)
def test_target_fallbacks(events_of: Find, text: str, expected: set[Triple]) -> None:
    article, found = events_of(text)
    assert triples(article, found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Intransitive events need no target; PLOVER codes resignations as RETREAT.
        ("The Egyptian prime minister resigned on Monday.", {("EGY", "RETREAT", "")}),
        # What ends says what kind of event the ending is.
        ("Polish teachers called off a four-day strike.", {("POL", "CONCEDE", "")}),
        ("Japan ended mediation between the rival factions.", {("JPN", "SANCTION", "")}),
        ("Britain reduced food aid to Sudan.", {("GBR", "SANCTION", "SDN")}),
        ("Argentina eased restrictions on imports.", {("ARG", "CONCEDE", "")}),
        # A date between the verb and its object is no part of what was done.
        ("The Turkish army lifted Friday a week-long blockade.", {("TUR", "RETREAT", "")}),
        # A light verb carries the event noun it has as object.
        ("Kenyan activists staged a hunger strike in prison.", {("KEN", "PROTEST", "")}),
        ("Chile has reneged on its promise.", {("CHL", "REJECT", "")}),
        # The subject of a participle that names a state is the source.
        ("Iran is opposed to French mediation in the talks.", {("IRN", "REJECT", "FRA")}),
        ("Russia was opposed by Georgia.", {("GEO", "REJECT", "RUS")}),
        # The PLOVER manual's readings: sanctions are SANCTION, lifting a curfew CONCEDE.
        ("The United States imposed sanctions on Iran.", {("USA", "SANCTION", "IRN")}),
        ("Serbia lifted the curfew in Kosovo.", {("SRB", "CONCEDE", "KSV")}),
        # A first target phrase that names no one hands over to the next.
        (
            "The Angolan president conceded at last to demands from Zambia.",
            {("AGO", "CONCEDE", "ZMB")},
        ),
        # A gerund after a preposition has the verb's subject as doer, unless the verb has
        # an object ("charged him with killing": he killed, not France).
        (
            "Palestinian youths resorted to throwing stones at Israeli soldiers.",
            {("PSE", "ASSAULT", "ISR")},
        ),
        ("France charged him with killing a Spanish diplomat.", {("FRA", "ACCUSE", "")}),
        # Breaking a ban defies it; a doer tied to an actor by its own words is that actor's.
        ("A Lebanese newspaper violated the ban on publication.", {("LBN", "REJECT", "")}),
        (
            "Fighters loyal to the Syrian government attacked the town.",
            {("SYR", "ASSAULT", "")},
        ),
        # A verb conjoined with an infinitive is part of the event it completes.
        ("Syria urged Iraq to unite and mobilize against Israel.", {("SYR", "REQUEST", "IRQ")}),
        # What a message says is its sender's event; a name that is no actor hands over to
        # the actor it is said to be.
        (
            "The Kurdish party issued a declaration demanding that the Turkish government"
            " release its leader.",
            {("TUR", "REQUEST", "TUR")},
        ),
        (
            "Kenzo Oshima, the United Nations Emergency Relief Coordinator, demanded that Iraq"
            " allow access.",
            {("United Nations Emergency Relief Coordinator", "REQUEST", "IRQ")},
        ),
    ],
)
def test_intransitive_and_phrasal_events(events_of: Find, text: str, expected: set[Triple]) -> None:
    article, found = events_of(text)
    assert triples(article, found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An event in a condition has not happened: no SUPPORT from "apologises".
        ("Russia will expel the diplomats unless Britain apologises.", {"THREATEN"}),
        # What a noun is for or about is not an event: no cutting of ties.
        ("Poland rejected a German demand to cut ties with Ukraine.", {"REJECT"}),
        # A passive relative clause describes its noun: no kidnapping coded.
        ("Spain welcomed the hostages, who were kidnapped in Mali.", {"SUPPORT"}),
        # An intent is its complement's event, as intent: a plan to coerce is a threat.
        ("Greece plans to impose sanctions on Turkey.", {"THREATEN"}),
        # "would" in reported speech is the speaker's "will".
        ("Britain said it would attack Iraq.", {"THREATEN"}),
        # A means is its purpose's event (PLOVER: summoning an ambassador to complain).
        ("Germany summoned the Russian ambassador to complain.", {"ACCUSE"}),
        ("The Kenyan army deployed troops to attack the rebels.", {"ASSAULT"}),
        # Anything done to protest is a protest.
        ("Kenyan farmers blocked roads to protest against taxes.", {"PROTEST"}),
        # A light verb's purpose is its event noun's: one ASSAULT.
        ("Turkey launched an offensive to retake the town.", {"ASSAULT"}),
        # Conjuncts share their governor: both are what Chile urged.
        ("Chile urged Peru to release the prisoners and end the blockade.", {"REQUEST"}),
        # The PLOVER manual's readings (triggers.toml [plover]).
        ("Egypt lifted the curfew.", {"CONCEDE"}),
        ("Iraq invaded Kuwait.", {"ASSAULT"}),
        ("The United States imposed sanctions on Iran.", {"SANCTION"}),
        ("France declared a state of emergency.", {"COERCE"}),
        ("Egypt sent arms to Libya.", {"AID"}),
        # A career is no attack.
        ("General Smith, who fought in the Korean War, met President Obama.", {"CONSULT"}),
        # A warning to no one about nothing to come is no threat; one of what will come is.
        ("Kenyan officials cautioned that no date had been set.", set()),
        ("Iran warned that it would retaliate.", {"THREATEN"}),
        # What lies inside what a noun is for is no event either: no hammering.
        ("Turkey rejected a Greek plan to host a meeting to hammer out a ceasefire.", {"REJECT"}),
        # A modal under a condition announces force: a threat.
        ("Iran would attack Iraq if it invaded Kuwait.", {"THREATEN"}),
        # Stopping a protest is coercion; blocking a bridge is obstruction; pressing is asking.
        ("Police in Lagos prevented the demonstration.", {"COERCE"}),
        ("Farmers in Kenya blocked the bridge for three hours.", {"PROTEST"}),
        ("Iranian authorities pressured the workers to end the strike.", {"REQUEST"}),
        ("Israeli troops remained on alert in Hebron.", {"MOBILIZE"}),
        ("France shared intelligence with Britain.", {"COOPERATE"}),
        # A time clause with a wh-adverb ("when") is background too.
        (
            "Egypt paid compensation to Libya for property that Sudan seized when Gaddafi"
            " expelled its owners.",
            {"RETREAT", "COERCE"},
        ),
    ],
)
def test_main_event_types(events_of: Find, text: str, expected: set[str]) -> None:
    _, found = events_of(text)
    assert {e.type for e in found} == expected


def test_relative_clause_source(events_of: Find) -> None:
    text = "Mr Putin met Sir Michael Fallon, who accused Russia of persistent interference."
    article, found = events_of(text)
    assert ("GBR", "ACCUSE", "RUS") in triples(article, found)


@pytest.mark.parametrize(
    ("text", "negated", "hypothetical"),
    [
        ("Britain had not threatened France.", True, False),
        ("Britain would continue to work with France.", False, True),
        ("Britain may attack France.", False, True),
        ("Britain threatened France.", False, False),
    ],
)
def test_flags(events_of: Find, text: str, negated: bool, hypothetical: bool) -> None:
    _, found = events_of(text)
    assert len(found) == 1
    assert (found[0].negated, found[0].hypothetical) == (negated, hypothetical)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Germany held talks with Poland last November.", "2016-11-01"),
        ("In 2010 France condemned Syria.", "2010-01-01"),
        ("Germany held talks with Poland.", "2017-03-31"),
    ],
)
def test_dates_resolved_against_the_article(events_of: Find, text: str, day: str) -> None:
    _, found = events_of(text)
    assert [e.date for e in found] == [day]


def test_declined_to_rule_out_is_a_negated_rejection(events_of: Find) -> None:
    _, found = events_of("Sir Michael Fallon declined to rule out a cut in the units.")
    assert [(e.type, e.negated) for e in found] == [("REJECT", True)]


def test_no_event_without_a_source(events_of: Find) -> None:
    _, found = events_of("Talks were held in the capital, and air strikes followed.")
    assert found == []


def test_statement_in_a_quote_is_the_speakers(events_of: Find) -> None:
    text = (
        "“Russia’s violations of international law are now a matter of record,” said James Mattis."
    )
    article, found = events_of(text)
    assert ("USA", "ACCUSE", "RUS") in triples(article, found)
    assert all(e.quote for e in found)


def test_user_lexicon_adds_a_trigger(tmp_path: Path, events_of: Find, nlp: Language) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[[verbs]]\ngroup = "mine"\ncameo = "111"\nlemmas = {"hector" = ""}\n')
    lexicon = Lexicon.load((str(extra),))
    text = "France hectored Germany."
    article = Article(text=text, published="2017-03-31")
    work = Work(raw=text, article=article, doc=nlp(text))
    article.actors = actors.find(work, kb=KnowledgeBase.load())
    found = events.find(work, lexicon=lexicon)
    assert triples(article, found) == {("FRA", "ACCUSE", "DEU")}
    assert events.find(work) == []


def test_bad_lexicon_file_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[verbs]]\nlemmas = 3\n")
    with pytest.raises(NewswatchError, match="E013"):
        Lexicon.load((str(bad),))


def test_plover_fallback_to_prefix() -> None:
    lexicon = Lexicon.load()
    assert lexicon.plover_of("1121") == ("ACCUSE", "allege")
    assert lexicon.plover_of("0213") == ("REQUEST", "assist")
    assert lexicon.plover_of("010") is None


# The example article (The Independent, 2017-03-31)


def _having(article: Article, source: str, kind: str, target: str = "") -> list[Event]:
    found = [
        e
        for e in article.events
        if source in {label(article, [i]) for i in e.source}
        and e.type == kind
        and (not target or target in {label(article, [i]) for i in e.target})
    ]
    assert found, (source, kind, target, sorted(triples(article)))
    return found


@pytest.mark.parametrize(
    ("source", "kind", "target"),
    [
        ("GBR", "ACCUSE", "RUS"),
        ("USA", "ACCUSE", "RUS"),
        ("RUS", "REJECT", "GBR"),
        ("RUS", "ASSAULT", "SYR"),
        ("USA", "CONSULT", "GBR"),
        ("USA", "REQUEST", ""),
        ("RUS", "REJECT", ""),
    ],
)
def test_example_events(example: Article, source: str, kind: str, target: str) -> None:
    for event in _having(example, source, kind, target):
        assert event.date == "2017-03-31"
        start, end = event.sentence
        assert event.trigger.split()[0] in example.text[start:end]


def test_example_cooperation_is_intent(example: Article) -> None:
    (event,) = _having(example, "GBR", "COOPERATE", "RUS")
    assert event.hypothetical


def test_example_named_actors(example: Article) -> None:
    def who(event: Event) -> str:
        return next(a.name for a in example.actors if a.id == event.source[0])

    assert any("Trump" in who(e) for e in _having(example, "USA", "REJECT"))
    assert any("Flynn" in who(e) for e in _having(example, "USA", "REQUEST"))
    assert any("Kremlin" in who(e) for e in _having(example, "RUS", "REJECT"))


def test_example_no_event_from_boilerplate(example: Article) -> None:
    kept = [(s.start, s.end) for s in example.sections]
    for event in example.events:
        assert any(a <= event.sentence[0] < b for a, b in kept)
    assert_contract(example.as_dict())
    for removed in example.removed:
        assert not any(
            removed.text[:40] in example.text[e.sentence[0] : e.sentence[1]] for e in example.events
        )


def test_events_command(run: Callable[..., Result]) -> None:
    result = run("events", str(EXAMPLE), "--date", "2017-03-31")
    assert result.code == 0
    assert "ACCUSE" in result.out and "Kremlin" in result.out


def test_events_command_explain(run: Callable[..., Result]) -> None:
    result = run("events", str(EXAMPLE), "--date", "2017-03-31", "--explain")
    assert result.code == 0
    assert "[trigger: accused]" in result.out
    assert "[source: " in result.out and "[target: Russia]" in result.out
    assert "triggers.toml" in result.out


def test_events_command_json_and_filters(run: Callable[..., Result]) -> None:
    result = run("events", str(EXAMPLE), "--date", "2017-03-31", "--format", "json")
    rows = result.json()
    assert {r["type"] for r in rows} >= {"ACCUSE", "REJECT", "ASSAULT", "CONSULT"}
    typed = run(
        "events", str(EXAMPLE), "--date", "2017-03-31", "--format", "json", "--type", "ASSAULT"
    )
    assert {r["type"] for r in typed.json()} == {"ASSAULT"}
