"""The quotes stage: quotation marks, cues, speakers, on hand-written texts and the example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import EXAMPLE, Result, assert_contract
from newswatch import actors, quotes
from newswatch.attribution import Verbs, scan
from newswatch.errors import NewswatchError
from newswatch.knowledge import KnowledgeBase
from newswatch.nlp import load
from newswatch.pipeline import Work
from newswatch.schema import Article, Quote, Section
from test_actors import analysed

Find = Callable[[str], tuple[Article, list[Quote]]]


@pytest.fixture(scope="module")
def example() -> Article:
    return analysed(EXAMPLE)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


@pytest.fixture(scope="module")
def quotes_of(nlp: Language) -> Find:
    """A text's actors (by the actors stage) and quotes."""
    kb = KnowledgeBase.load()

    def run(text: str) -> tuple[Article, list[Quote]]:
        article = Article(text=text, published="2017-03-31")
        work = Work(raw=text, article=article, doc=nlp(text))
        article.actors = actors.find(work, kb=kb)
        return article, quotes.find(work)

    return run


def speaker(article: Article, quote: Quote) -> str | None:
    """The name of a quote's speaker."""
    return next((a.name for a in article.actors if a.id == quote.speaker), None)


def having(found: list[Quote], words: str) -> Quote:
    """The one quote whose text contains `words`."""
    matches = [q for q in found if words in q.text]
    assert len(matches) == 1, (words, [q.text for q in found])
    return matches[0]


# Scanning quotation marks


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ("He said “yes, we will.” Then he left.", ["yes, we will."]),
        ('He said "yes" and "no".', ["yes", "no"]),
        ('There is no “return to business as usual" with them.', ["return to business as usual"]),
        ("“One,” he said. “Two.”", ["One", "Two."]),
        ("“First part of it.\n\n“Second part.”", ["First part of it.", "Second part."]),
        ("“Never closed", ["Never closed"]),
        ("''Typewriter,'' he said. ``Opened'' too.", ["Typewriter", "Opened"]),
        ("Closing ” with none open.", []),
    ],
)
def test_scan(text: str, contents: list[str]) -> None:
    assert [text[s.start : s.end] for s in scan(text)] == contents


def test_scan_marks_paragraph_openings() -> None:
    text = "“Open,” she said.\n“Next.”"
    assert [s.opens_paragraph for s in scan(text)] == [True, True]


# Rules on hand-written texts


def test_direct_quote_split_by_cue_is_one_attribution(quotes_of: Find) -> None:
    article, found = quotes_of(
        "“We will not back down,” Angela Merkel said. “Germany stands with its allies.”"
    )
    (quote,) = found
    assert quote.text == (
        "We will not back down,” Angela Merkel said. “Germany stands with its allies."
    )
    assert (quote.kind, quote.cue, speaker(article, quote)) == ("direct", "said", "Angela Merkel")


def test_quote_in_the_next_paragraph_is_its_own(quotes_of: Find) -> None:
    article, found = quotes_of(
        "“We will not back down,” Angela Merkel said.\n\n“Germany stands with its allies.”"
    )
    assert [(q.text, speaker(article, q)) for q in found] == [
        ("We will not back down", "Angela Merkel"),
        ("Germany stands with its allies.", "Angela Merkel"),
    ]


def test_typewriter_quotation_marks(quotes_of: Find) -> None:
    article, found = quotes_of(
        "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist in Washington. "
        "''It's anti-reform, and it adds complexity.''"
    )
    (quote,) = found
    assert quote.text.startswith("This isn't tax reform")
    assert quote.text.endswith("it adds complexity.")
    assert (quote.cue, speaker(article, quote)) == ("said", "Douglas Holtz-Eakin")


def test_colon_at_the_end_of_the_paragraph_before(quotes_of: Find) -> None:
    article, found = quotes_of(
        "Angela Merkel spoke in Berlin on Monday. She said:\n\n“We will not back down now.”"
    )
    quote = having(found, "back down")
    assert (quote.cue, speaker(article, quote)) == ("said", "Angela Merkel")


def test_parenthetical_cue(quotes_of: Find) -> None:
    article, found = quotes_of(
        "In the long run, Angela Merkel said, the plan would ripple through the whole economy."
    )
    quote = having(found, "ripple")
    assert quote.text == (
        "In the long run, Angela Merkel said, the plan would ripple through the whole economy"
    )
    assert (quote.cue, speaker(article, quote)) == ("said", "Angela Merkel")


def test_object_of_a_clausal_verb(quotes_of: Find) -> None:
    article, found = quotes_of("Angela Merkel announced her candidacy in Berlin.")
    quote = having(found, "candidacy")
    assert (quote.cue, speaker(article, quote)) == ("announced", "Angela Merkel")


def test_headline_name_and_colon(quotes_of: Find) -> None:
    text = "Merkel: Germany will not back down\n\nThe chancellor spoke on Monday in Berlin."
    article, _ = quotes_of(text)
    article.sections = [Section("title", 0, text.index("\n"))]
    quote = having(quotes.find(Work(text, article, doc=load()(text))), "Germany")
    assert quote.text == "Germany will not back down"
    assert quote.speaker_span is not None
    assert text[slice(*quote.speaker_span)] == "Merkel"


def test_continuation_without_cue_keeps_the_speaker(quotes_of: Find) -> None:
    article, found = quotes_of(
        "“Talks will resume next week in Geneva,” Boris Johnson told reporters.\n\n"
        "“We expect a lot of progress from those talks.”"
    )
    later = having(found, "expect a lot")
    assert (later.kind, later.cue, speaker(article, later)) == ("direct", None, "Boris Johnson")


def test_indirect_quote_with_pronoun_speaker(quotes_of: Find) -> None:
    article, found = quotes_of(
        "Angela Merkel visited Paris on Monday. She said Germany would raise its spending."
    )
    quote = having(found, "Germany would raise")
    assert quote.text == "Germany would raise its spending"
    assert (quote.kind, quote.cue, speaker(article, quote)) == ("indirect", "said", "Angela Merkel")
    assert quote.speaker_span is not None
    assert article.text[slice(*quote.speaker_span)] == "She"


def test_mixed_quote(quotes_of: Find) -> None:
    article, found = quotes_of(
        "Boris Johnson said the plan was “dead in the water” after the vote."
    )
    quote = having(found, "dead in the water")
    assert quote.kind == "mixed"
    assert quote.text.startswith("the plan was")
    assert speaker(article, quote) == "Boris Johnson"


def test_according_to(quotes_of: Find) -> None:
    article, found = quotes_of("The talks failed, according to Angela Merkel.")
    quote = having(found, "talks failed")
    assert (quote.cue, speaker(article, quote)) == ("according to", "Angela Merkel")


def test_declined_to(quotes_of: Find) -> None:
    article, found = quotes_of("Boris Johnson declined to rule out new sanctions on Moscow.")
    quote = having(found, "rule out")
    assert (quote.kind, quote.cue, speaker(article, quote)) == (
        "indirect",
        "declined",
        "Boris Johnson",
    )


def test_declined_to_rule_out_is_one_attribution(quotes_of: Find) -> None:
    _, found = quotes_of("Boris Johnson declined to rule out new sanctions on Moscow.")
    assert [q.cue for q in found] == ["declined"]


def test_any_verb_in_a_speech_frame(quotes_of: Find) -> None:
    article, found = quotes_of("“Go back to your own country now,” Boris Johnson growled.")
    (quote,) = found
    assert (quote.cue, speaker(article, quote)) == ("growled", "Boris Johnson")


def test_gerund_and_participle_speakers(quotes_of: Find) -> None:
    article, found = quotes_of(
        "Boris Johnson has been the most aggressive in denouncing the new tax on fuel."
    )
    quote = having(found, "new tax")
    assert (quote.cue, speaker(article, quote)) == ("denouncing", "Boris Johnson")


def test_seeming_has_content_but_no_speaker(quotes_of: Find) -> None:
    _, found = quotes_of("Boris Johnson seemed to appreciate the new plan for London.")
    quote = having(found, "appreciate")
    assert quote.text == "Boris Johnson seemed to appreciate the new plan for London"
    assert (quote.speaker, quote.speaker_span) == (None, None)


def test_verb_the_lemmatizer_cuts_short(quotes_of: Find) -> None:
    article, found = quotes_of("Boris Johnson hopes the talks in Geneva will resume soon.")
    quote = having(found, "talks in Geneva")
    assert (quote.cue, speaker(article, quote)) == ("hopes", "Boris Johnson")


def test_relative_clause_speaker(quotes_of: Find) -> None:
    article, found = quotes_of(
        "He met Angela Merkel, who accused Russia of “persistent interference” in Europe."
    )
    quote = having(found, "persistent interference")
    assert (quote.kind, speaker(article, quote)) == ("mixed", "Angela Merkel")
    # The mention the cue attaches to is the relative pronoun, standing for its noun.
    assert quote.speaker_span is not None
    assert article.text[slice(*quote.speaker_span)] == "who"


@pytest.mark.parametrize(
    "text",
    [
        "The “deal” was signed in Brussels on Friday by the ministers.",
        "Critics called the event a “charm offensive” before it began.",
    ],
)
def test_scare_quotes_are_no_quotes(quotes_of: Find, text: str) -> None:
    _, found = quotes_of(text)
    assert not any(q.kind == "direct" for q in found)


def test_passive_cue_has_no_speaker(quotes_of: Find) -> None:
    _, found = quotes_of("It was reported that Angela Merkel would resign in June.")
    assert all(q.speaker is None for q in found)


def test_speaker_unknown_rather_than_guessed(quotes_of: Find) -> None:
    _, found = quotes_of("“This is a long sentence that nobody is said to have spoken.”")
    assert [q.speaker for q in found] == [None]


def test_reporting_noun(quotes_of: Find) -> None:
    article, found = quotes_of(
        "Angela Merkel rejected the claim by Boris Johnson that talks had failed."
    )
    quote = next(q for q in found if q.cue == "claim")
    assert (quote.text, speaker(article, quote)) == ("that talks had failed", "Boris Johnson")


def test_transcript_turns(quotes_of: Find) -> None:
    article, found = quotes_of(
        "WALLACE: Let us start with the news today.\n\nPENCE: Well, look, we will win this."
    )
    spans = [article.text[slice(*q.speaker_span)] for q in found if q.speaker_span]
    assert [q.text for q in found] == [
        "Let us start with the news today.",
        "Well, look, we will win this.",
    ]
    assert spans == ["WALLACE", "PENCE"]


def test_heading_is_no_turn(quotes_of: Find) -> None:
    _, found = quotes_of("Background: the talks will resume on Monday in Geneva after the break.")
    assert not any(q.kind == "direct" for q in found)


def test_user_verb_file_extends_the_lexicon(tmp_path: Path, quotes_of: Find) -> None:
    extra = tmp_path / "verbs.toml"
    extra.write_text('clausal = ["Opine"]\n', "utf-8")
    verbs = Verbs.load([extra])
    assert "opine" in verbs.clausal and "say" in verbs.clausal
    text = "Angela Merkel opined that the talks in Geneva had failed."
    article, _ = quotes_of(text)
    work = Work(text, article, doc=load()(text))
    assert not any(q.cue == "opined" for q in quotes.find(work))
    assert any(q.cue == "opined" for q in quotes.find(work, verbs))


def test_bad_user_verb_file(tmp_path: Path) -> None:
    extra = tmp_path / "verbs.toml"
    extra.write_text("clausal = 3\n", "utf-8")
    with pytest.raises(NewswatchError, match="reporting verb file"):
        Verbs.load([extra])


def test_subject_without_actor_keeps_its_span(quotes_of: Find) -> None:
    article, found = quotes_of("A source said the talks in Geneva had failed.")
    quote = having(found, "talks in Geneva")
    assert quote.speaker is None
    assert quote.speaker_span is not None
    assert article.text[slice(*quote.speaker_span)] == "A source"


# The example article (2017-03-31)


def test_example_contract(example: Article) -> None:
    assert_contract(example.as_dict())
    for quote in example.quotes:
        assert example.text[quote.start : quote.end] == quote.text
    assert [q.id for q in example.quotes] == [f"Q{n}" for n in range(1, len(example.quotes) + 1)]


@pytest.mark.parametrize(
    ("words", "kind", "name", "cue"),
    [
        ("There’s a pattern of interference now by Russia", "direct", "Fallon", "told"),
        ("We need to be extremely watchful", "direct", "Fallon", None),
        ("We look to engaging with Russia", "direct", "Mattis", "said"),
        ("It’s no longer a cooperative engagement", "direct", "Mattis", None),
        ("Russia’s violations of international law are now", "direct", "Mattis", "added"),
        ("string of unfounded accusations", "mixed", "Russian embassy", "dismissed"),
        ("I would say there’s very little doubt", "direct", "Mattis", "responded"),
        ("Britain would continue to work with Russia", "indirect", "Fallon", "said"),
        ("Britain’s military budget was growing", "indirect", "Fallon", "stressed"),
        ("the US was attempting", "mixed", "Mattis", "said"),
        ("witch hunt”", "mixed", "Trump", "declared"),
        ("“assertive and arrogant”", "mixed", "Fallon", "allegations"),
    ],
)
def test_example_quotes(
    example: Article, words: str, kind: str, name: str, cue: str | None
) -> None:
    quote = having(example.quotes, words)
    assert (quote.kind, quote.cue) == (kind, cue)
    assert name in (speaker(example, quote) or "")


def test_example_spokesperson(example: Article) -> None:
    quote = having(example.quotes, "Russia is an independent and sovereign state")
    assert quote.kind == "direct"
    assert speaker(example, quote) in ("spokesperson", "Russian embassy in London")


def test_example_no_boilerplate_and_headline_by_cue_only(example: Article) -> None:
    assert not any("A Word" in q.text for q in example.quotes)
    title = next(s for s in example.sections if s.kind == "title")
    (headline,) = [q for q in example.quotes if q.start < title.end]
    # The headline's verb is an attribution; its quotation marks alone would not be.
    assert (headline.cue, headline.text) == (
        "accuse",
        "Russia of 'interfering in other parts of the globe'",
    )


def test_example_standfirst_has_its_speaker(example: Article) -> None:
    # The standfirst is parsed as its own sentence, not run into the headline.
    quote = having(example.quotes, "Russia has been ‘mucking around")
    assert (quote.cue, speaker(example, quote)) == ("says", "James Mattis")


def test_example_mixed_quote_keeps_its_closing_mark(example: Article) -> None:
    quote = having(example.quotes, "string of unfounded accusations")
    assert quote.text == "his remarks as a “string of unfounded accusations”"


def test_example_scare_quotes_not_attributed(example: Article) -> None:
    # "assertive and arrogant" is Sir Michael's earlier words, reported by the embassy's
    # sentence: no quote may give them to the embassy on their own.
    assert not any(q.text == "assertive and arrogant" for q in example.quotes)
    assert not any(q.text == "very modest expectations" for q in example.quotes)


# The `quotes` command


def test_quotes_command_json_filters_by_speaker(run: Callable[..., Result]) -> None:
    result = run(
        "quotes", str(EXAMPLE), "--date", "2017-03-31", "--format", "json", "--speaker", "mattis"
    )
    assert result.code == 0
    found = result.json()["quotes"]
    assert found and all(q["speaker_name"] == "James Mattis" for q in found)
    assert any(q["cue"] == "added" for q in found)


def test_quotes_command_table(run: Callable[..., Result]) -> None:
    result = run("quotes", str(EXAMPLE), "--date", "2017-03-31")
    assert result.code == 0
    assert "Michael Fallon" in result.out and "stressed" in result.out
