"""Tests for newswatch.clean and newswatch.boilerplate: scraped text to clean text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLE
from newswatch.boilerplate import Rule, classify, load_rules, plain
from newswatch.clean import (
    PARAGRAPH_SEPARATOR,
    Block,
    Clean,
    Cleaned,
    assemble,
    byline,
    clean,
    heading,
    normalise,
    paragraphs,
    split_glued,
)
from newswatch.errors import E, NewswatchError, Skip
from newswatch.options import Options
from newswatch.pipeline import Work
from newswatch.schema import Article, Section, Source, article_id

RULES = load_rules()

# --- split_glued ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Your support makes all the difference.Donald Trump’s Defence Secretary spoke.",
            ["Your support makes all the difference.", "Donald Trump’s Defence Secretary spoke."],
        ),
        ("difference.Donald Trump", ["difference.", "Donald Trump"]),
        ("He won in 2017.The result stood.", ["He won in 2017.", "The result stood."]),
        ("Prices rose 5%.Then they fell.", ["Prices rose 5%.", "Then they fell."]),
        ("It was final (for now).Then came more.", ["It was final (for now).", "Then came more."]),
        ("Is it over?Nobody knows.", ["Is it over?", "Nobody knows."]),
        ("Stop!Police said so.", ["Stop!", "Police said so."]),
        (
            "“We will win,” he said.”The crowd cheered.",
            ["“We will win,” he said.”", "The crowd cheered."],
        ),
        ("he said.”The", ["he said.”", "The"]),
        ('he said."The man left.', ['he said."', "The man left."]),
        ("It ended.“We lost,” she said.", ["It ended.", "“We lost,” she said."]),
        ("It ended.‘We lost’, she said.", ["It ended.", "‘We lost’, she said."]),
        ("One.Two.Three four.", ["One.", "Two.", "Three four."]),
        ("one.Two and three.Four", ["one.", "Two and three.", "Four"]),
    ],
)
def test_split_glued_splits(text: str, expected: list[str]) -> None:
    assert split_glued(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "U.S. officials said so.",
        "The U.S.Army said so.",
        "Mr.Smith said so.",
        "Dr.Jones and Mrs.Brown arrived.",
        "She met Gen.Mattis.",
        "It cost £3.5bn last year.",
        "Visit example.com for more.",
        "Visit www.example.com/News today.",
        "Use a tool, e.g. this one.",
        "That is, i.e. the rest.",
        "She has a Ph.D in physics.",
        "She has a Ph.D. In physics.",
        "At 9.30am the talks began.",
        "The file was report.PDF.",
        "A.B. Smith wrote it.",
        "Version 2.0 is out.",
        "Everything is fine.",
        "",
    ],
)
def test_split_glued_keeps(text: str) -> None:
    assert split_glued(text) == ([text] if text else [])


def test_split_glued_strips_parts() -> None:
    assert split_glued("  Ends here.Starts there.  ") == ["Ends here.", "Starts there."]


# --- normalise and paragraphs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a  b  ", "a b"),
        ("a\u00a0\u00a0b", "a b"),
        ("a\tb", "a b"),
        ("a\u2009b\u202fc\u3000d", "a b c d"),
        ("a\u200bb", "ab"),
        ("\ufeffTitle", "Title"),
        ("a\u200d\u2060b", "ab"),
        ("bell\x07here", "bellhere"),
        ("\u00a0", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 70))


LONG_1 = (
    "The defence secretary said on Friday that Russia had been interfering in elections around "
    "the world and that Britain would respond firmly to any further provocation from Moscow."
)
LONG_2 = (
    "Officials in Washington declined to comment on the claims but said a review of the "
    "intelligence was under way and would be published later this year, according to a "
    "statement released by the Pentagon."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One line.\nTwo line.\nThree.", ["One line.", "Two line.", "Three."]),
        ("One.\r\nTwo.\r\n", ["One.", "Two."]),
        ("Head\n\nFirst.\nSecond.\n\nThird.", ["Head", "First.", "Second.", "Third."]),
        ("One.\n   \n\t\nTwo.", ["One.", "Two."]),
        (_wrap(LONG_1) + "\n\n" + _wrap(LONG_2), [LONG_1, LONG_2]),
        ("Headline\n\n" + _wrap(LONG_1) + "\n\n" + _wrap(LONG_2), ["Headline", LONG_1, LONG_2]),
        (
            "  Title\u00a0here \n\u200bSecond\u2009line\n\n\ufeffThird   line  ",
            ["Title here", "Second line", "Third line"],
        ),
        ("", []),
        ("\n\n \n\u00a0\n", []),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


def test_paragraphs_wrapped_lines_are_wrapped() -> None:
    text = _wrap(LONG_1)
    assert text.count("\n") >= 2
    assert all(40 <= len(line) <= 70 for line in text.splitlines()[:-1])
    assert paragraphs(text) == [LONG_1]


def test_paragraphs_short_lines_with_blank_lines_stay_lines() -> None:
    text = "Title\nStandfirst\n\nBy Jane Smith\nFri 31 Mar 2017\n\nBody one.\nBody two."
    assert paragraphs(text) == [
        "Title",
        "Standfirst",
        "By Jane Smith",
        "Fri 31 Mar 2017",
        "Body one.",
        "Body two.",
    ]


# --- heading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Analysis by Kim Sengupta", ("analysis", "Kim Sengupta")),
        ("ANALYSIS BY Kim Sengupta", ("analysis", "Kim Sengupta")),
        ("Comment: Jane Smith", ("comment", "Jane Smith")),
        ("Opinion | Jane Smith", ("opinion", "Jane Smith")),
        ("Review – Mark Kermode", ("review", "Mark Kermode")),
        ("Fact check by Ann Lee", ("fact_check", "Ann Lee")),
        ("Explainer by Jean-Paul Sartre", ("explainer", "Jean-Paul Sartre")),
        ("Interview by Ursula von der Leyen", ("interview", "Ursula von der Leyen")),
    ],
)
def test_heading(text: str, expected: tuple[str, str]) -> None:
    assert heading(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Analysis of the data shows growth",
        "analysis by the committee found",
        "Analysis by Kim",
        "Analysis",
        "Analysis by Kim Sengupta shows the risks.",
        "Kim Sengupta analysis",
        "Comment",
        "Reviewer by Jane Smith",
        "",
    ],
)
def test_not_heading(text: str) -> None:
    assert heading(text) is None


# --- byline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Kim Sengupta", ["Kim Sengupta"]),
        ("by Kim Sengupta", ["Kim Sengupta"]),
        ("BY Kim Sengupta", ["Kim Sengupta"]),
        ("By Kim Sengupta, Defence Editor", ["Kim Sengupta"]),
        ("By Kim Sengupta | Defence Editor", ["Kim Sengupta"]),
        ("By Kim Sengupta - Defence Editor", ["Kim Sengupta"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        ("By Jane Doe and John Roe, Political Correspondents", ["Jane Doe", "John Roe"]),
        ("Written by Ann Lee", ["Ann Lee"]),
        ("written by Ann Lee", ["Ann Lee"]),
        ("By Mary O’Brien", ["Mary O’Brien"]),
        ("By Charles de Gaulle", ["Charles de Gaulle"]),
        ("By Jean de la Fontaine", ["Jean de la Fontaine"]),
    ],
)
def test_byline(text: str, expected: list[str]) -> None:
    assert byline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "By the end of the year, prices rose.",
        "By 2030 the target will be met",
        "By then, Kim Sengupta had left.",
        "By Kim",
        "By Kim Sengupta, Defence Editor. He said the talks had failed.",
        "Kim Sengupta",
        "Byline Kim Sengupta",
        "By Kim Sengupta, " + "x" * 130,
        "",
    ],
)
def test_not_byline(text: str) -> None:
    assert byline(text) is None


# --- boilerplate rules ------------------------------------------------------------------------


def test_packaged_rules() -> None:
    reasons = [r.reason for r in RULES]
    assert reasons == [
        "donation appeal",
        "subscribe prompt",
        "newsletter prompt",
        "comment forum",
        "share prompt",
        "advertisement",
        "related links",
        "media credit",
        "copyright notice",
        "cookie notice",
    ]
    assert all(isinstance(r, Rule) for r in RULES)
    appeal = RULES[0]
    assert appeal.max_chars == 700
    assert appeal.min_cues == 4
    assert "your donation" in appeal.phrases
    assert "journalism" in appeal.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Your donation” helps", "helps"),
        ('He said "Subscribe now" loudly', "he said   loudly"),
        ("Plain TEXT", "plain text"),
        ("  Padded  ", "padded"),
    ],
)
def test_plain(text: str, expected: str) -> None:
    assert plain(text) == expected


RULE_CASES = [
    ("Your support helps us to tell the story", "donation appeal"),
    ("Please donate to keep our journalism free for everyone.", "donation appeal"),
    ("Support independent journalism from just £1.", "donation appeal"),
    ("Subscribe now for unlimited access to all our journalism.", "subscribe prompt"),
    ("Already a subscriber? Log in", "subscribe prompt"),
    ("Sign in", "subscribe prompt"),
    ("Sign up to our free daily newsletter", "newsletter prompt"),
    ("Get the best stories delivered to your inbox every morning.", "newsletter prompt"),
    ("Join our commenting forum", "comment forum"),
    ("Comments are closed on this article.", "comment forum"),
    ("Comments", "comment forum"),
    ("Most popular comments", "comment forum"),
    ("Share this article", "share prompt"),
    ("Twitter", "share prompt"),
    ("Share", "share prompt"),
    ("Advertisement", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Read more: Russia denies meddling in US election", "related links"),
    ("Related Topics", "related links"),
    ("More on this story", "related links"),
    ("Image caption James Mattis at Lancaster House", "media credit"),
    ("Image source, Getty Images", "media credit"),
    ("Photograph: Leon Neal/Getty Images", "media credit"),
    ("(Reuters)", "media credit"),
    ("© 2017 Guardian News and Media Limited. All rights reserved.", "copyright notice"),
    ("We use cookies to improve your experience on our site.", "cookie notice"),
]


@pytest.mark.parametrize(("text", "reason"), RULE_CASES)
def test_classify_single_line(text: str, reason: str) -> None:
    assert classify([text], RULES) == [reason]


def test_every_packaged_reason_is_covered() -> None:
    covered = {reason for _, reason in RULE_CASES}
    assert covered == {r.reason for r in RULES}


NEWS_NEWSLETTER = (
    "The minister, who has written a weekly newsletter for constituents since 2010, told "
    "reporters on Friday that the government had not lost control of the negotiations, "
    "adding that talks with Brussels would resume on Monday and that he expected progress "
    "before the summer recess in July."
)
NEWS_SUBSCRIBE = (
    "Investors were invited to subscribe for new shares in the company, which said the money "
    "would fund its expansion into Asia and repay debts taken on during the pandemic, "
    "according to a statement to the London Stock Exchange that also warned of lower profits "
    "this year."
)
NEWS_LONG_SUBSCRIBE = (
    "He said he did not subscribe to the view that sanctions had failed. "
    + "Officials in Washington and London said further measures were being prepared. " * 5
)


@pytest.mark.parametrize(
    "text",
    [
        "“Your donation saves lives,” the charity’s director said.",
        '"Subscribe now," she told the crowd, "before it is too late."',
        "“Please donate,” the mayor urged residents after the floods.",
        "“Share this article with everyone you know,” the campaign group said.",
        NEWS_NEWSLETTER,
        NEWS_SUBSCRIBE,
        NEWS_LONG_SUBSCRIBE,
        "The comments were made at a press conference in London.",
        "Sir Michael said the Royal Marines would be kept under review.",
        "Share prices fell by 3 per cent in early trading.",
        "Advertisement spending rose sharply last year.",
    ],
)
def test_classify_keeps_news(text: str) -> None:
    assert classify([text], RULES) == [None]


def test_news_paragraphs_are_long_enough_to_test_max_chars() -> None:
    # Each mentions a rule phrase; the rule's max_chars must be what keeps it.
    assert 250 < len(NEWS_NEWSLETTER) <= 400
    assert 250 < len(NEWS_SUBSCRIBE) <= 400
    assert "weekly newsletter" in NEWS_NEWSLETTER.lower()
    assert "subscribe for" in NEWS_SUBSCRIBE.lower()


APPEAL_HEAD = "Your support helps us to tell the story"
APPEAL_BODY = (
    "At such a critical moment, we need reporters on the ground. We choose not to lock readers "
    "out of our reporting with paywalls, so independent journalism stays free."
)
APPEAL_BODY_2 = "We believe our journalism should be available to every reader, free of charge."
NEWS = "General James Mattis made the claim following talks with his British counterpart."


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([APPEAL_HEAD, APPEAL_BODY, NEWS], ["donation appeal", "donation appeal", None]),
        ([NEWS, APPEAL_HEAD, APPEAL_BODY], [None, "donation appeal", "donation appeal"]),
        (
            [NEWS, APPEAL_BODY_2, APPEAL_BODY, APPEAL_HEAD, NEWS],
            [None, "donation appeal", "donation appeal", "donation appeal", None],
        ),
        # Growth needs a removed neighbour: without the heading the body is kept.
        ([NEWS, APPEAL_BODY, NEWS], [None, None, None]),
        # A news paragraph between two appeal blocks is still kept.
        (
            [APPEAL_HEAD, NEWS, APPEAL_HEAD],
            ["donation appeal", None, "donation appeal"],
        ),
        # Cue words inside quotation marks do not count.
        (
            [APPEAL_HEAD, "“We support our readers and our journalism,” she said."],
            ["donation appeal", None],
        ),
        # Rules without cues never grow.
        (["Share this article", "Twitter", NEWS], ["share prompt", "share prompt", None]),
        (
            ["Join our commenting forum", "Follow the discussion and reply to other readers"],
            ["comment forum", "comment forum"],
        ),
        ([], []),
    ],
)
def test_classify_block_growth(texts: list[str], expected: list[str | None]) -> None:
    assert classify(texts, RULES) == expected


def test_classify_growth_respects_max_chars() -> None:
    long_body = APPEAL_BODY + " " + "We rely on our readers to support our journalism. " * 12
    assert len(long_body) > 700
    assert classify([APPEAL_HEAD, long_body], RULES) == ["donation appeal", None]


# --- user rule files --------------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_user_rules_extend_and_add(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        [[rule]]
        reason = "share prompt"
        exact = ["Flipboard"]
        max_chars = 250

        [[rule]]
        reason = "podcast promo"
        max_chars = 150
        phrases = ["Listen to our podcast"]
        """,
    )
    rules = load_rules([path])
    by_reason = {r.reason: r for r in rules}
    assert [r.reason for r in rules][-1] == "podcast promo"
    assert len(rules) == len(RULES) + 1
    share = by_reason["share prompt"]
    assert "flipboard" in share.exact
    assert "twitter" in share.exact  # packaged entries are kept
    assert share.max_chars == 250
    assert by_reason["podcast promo"].phrases == ("listen to our podcast",)
    lines = ["Flipboard", "Listen to our podcast on Spotify", "Twitter", NEWS]
    assert classify(lines, rules) == ["share prompt", "podcast promo", "share prompt", None]
    assert classify(lines, RULES) == [None, None, "share prompt", None]


def test_user_rule_files_apply_in_order(tmp_path: Path) -> None:
    first = _write(tmp_path, '[[rule]]\nreason = "x"\nmax_chars = 10\n', "a.toml")
    second = _write(tmp_path, '[[rule]]\nreason = "x"\nmax_chars = 20\nexact = ["y"]\n', "b.toml")
    rule = {r.reason: r for r in load_rules([first, str(second)])}["x"]
    assert rule.max_chars == 20
    assert rule.exact == frozenset({"y"})


@pytest.mark.parametrize(
    "text",
    [
        '[[rule]]\nreason = "share prompt"\nwords = ["x"]\n',
        '[[rule]]\nphrases = ["x"]\n',
        "[[rule]]\nreason = 3\n",
        "rule = [1]\n",
        "[[rule]\nreason = ",
    ],
)
def test_bad_rule_file(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(NewswatchError) as info:
        load_rules([path])
    assert info.value.code is E.E010
    assert str(path) in str(info.value)


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(NewswatchError) as info:
        load_rules([tmp_path / "missing.toml"])
    assert info.value.code is E.E010


def test_empty_rule_file_changes_nothing(tmp_path: Path) -> None:
    assert load_rules([_write(tmp_path, "# nothing\n")]) == RULES


# --- clean and assemble on the example --------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Cleaned:
    return clean(EXAMPLE.read_text("utf-8"), rules=RULES)


def _check_sections(text: str, sections: list[Section]) -> None:
    assert text == text.strip()
    assert "\n\n\n" not in text
    previous_end = -len(PARAGRAPH_SEPARATOR)
    for section in sections:
        assert section.start == previous_end + len(PARAGRAPH_SEPARATOR)
        assert section.start < section.end <= len(text)
        chunk = text[section.start : section.end]
        assert chunk == chunk.strip()
        previous_end = section.end
    assert previous_end == len(text)


def test_example_parts(example: Cleaned) -> None:
    assert example.title == ("UK and US accuse Russia of 'interfering in other parts of the globe'")
    assert example.standfirst == (
        "Donald Trump’s Defence Secretary says Russia has been ‘mucking around inside other "
        "people’s elections’"
    )
    assert example.authors == ["Kim Sengupta"]
    assert example.date is None
    assert [(b.kind, b.author, len(b.paragraphs)) for b in example.blocks] == [
        ("body", None, 23),
        ("analysis", "Kim Sengupta", 6),
    ]


def test_example_removed(example: Cleaned) -> None:
    assert [r.reason for r in example.removed] == [
        *["donation appeal"] * 5,
        "section heading",
        *["comment forum"] * 3,
    ]
    assert example.removed[0].text == "Your support helps us to tell the story"
    assert example.removed[4].text == "Your support makes all the difference."
    assert example.removed[5].text == "Analysis by Kim Sengupta"
    assert example.removed[-1].text == "Comments"


def test_example_assembled(example: Cleaned) -> None:
    text, sections = assemble(example)
    _check_sections(text, sections)
    assert [(s.kind, s.author) for s in sections] == [
        ("title", None),
        ("standfirst", None),
        ("body", None),
        ("analysis", "Kim Sengupta"),
    ]
    title, standfirst, body, analysis = (text[s.start : s.end] for s in sections)
    assert title == example.title
    assert standfirst == example.standfirst
    assert body.startswith("Donald Trump’s Defence Secretary has accused Russia of “mucking")
    assert body.endswith("Syria, Libya and Afghanistan.")
    assert analysis.startswith("The question was about Russia and Afghanistan")
    assert analysis.endswith("close in around Mr Trump.")
    for gone in ("Your support", "Your donation", "paywalls", "commenting forum", "Analysis by"):
        assert gone not in text
    assert "\nComments" not in text


@pytest.mark.parametrize(
    ("found", "expected_text", "expected_kinds"),
    [
        (Cleaned(), "", []),
        (Cleaned(title="T"), "T", [("title", 0, 1)]),
        (Cleaned(standfirst="S"), "S", [("standfirst", 0, 1)]),
        (
            Cleaned(title="T", blocks=[Block("body", None, ["a", "bc"])]),
            "T\n\na\n\nbc",
            [("title", 0, 1), ("body", 3, 8)],
        ),
        (
            Cleaned(blocks=[Block("body", None), Block("comment", "Jo Bo", ["x"])]),
            "x",
            [("comment", 0, 1)],
        ),
    ],
)
def test_assemble(
    found: Cleaned, expected_text: str, expected_kinds: list[tuple[str, int, int]]
) -> None:
    text, sections = assemble(found)
    assert text == expected_text
    assert [(s.kind, s.start, s.end) for s in sections] == expected_kinds


# --- clean on other publisher layouts ---------------------------------------------------------

BBC = """\
Russia accused of election meddling by US defence chief
Share this article
Image source, Getty Images
Image caption, James Mattis met his British counterpart at Lancaster House
US Defence Secretary James Mattis has accused Russia of interfering in elections around the world.
Speaking in London, he said Moscow was choosing to be a "strategic competitor" of the West.
Sir Michael Fallon, the UK defence secretary, said there could be no return to business as usual.
Related Topics
More on this story
"""

GUARDIAN = """\
Russia is meddling in elections, says Mattis

US defence secretary warns of 'persistent pattern' of interference during London visit

By Jane Smith
Fri 31 Mar 2017 13.12 BST

The US defence secretary, James Mattis, has accused Russia of interfering in elections.
He made the remarks at a press conference with Michael Fallon, his British counterpart.
Sign up to our newsletter
Fallon said Britain would keep working with Moscow to avoid conflict in Syria.
Comments
"""

LEAD = (
    "The US defence secretary, James Mattis, used a press conference at Lancaster House in "
    "London on Friday to accuse Russia of interfering in elections around the world and of "
    "violating international law, in remarks that contrasted sharply with those of President "
    "Donald Trump, who has repeatedly praised Vladimir Putin and cast doubt on the findings of "
    "his own intelligence agencies about Russian interference in the 2016 presidential election."
)
NO_STANDFIRST = f"""\
Mattis warns Russia over elections
{LEAD}
He said the US had only very modest expectations of cooperation with Moscow.
"""

LONG_TITLE = "Mattis " + "warns Russia over elections and " * 10 + "more"
NO_TITLE = f"""\
{LONG_TITLE}
A short second line.
He said the US had only very modest expectations of cooperation with Moscow.
"""

ALL_BOILERPLATE = """\
Share this article
Advertisement
Sign up to our newsletter
Comments
"""


def test_clean_bbc_layout() -> None:
    found = clean(BBC, rules=RULES)
    assert found.title == "Russia accused of election meddling by US defence chief"
    assert found.standfirst == (
        "US Defence Secretary James Mattis has accused Russia of interfering in elections "
        "around the world."
    )
    assert [(r.reason, r.text) for r in found.removed] == [
        ("share prompt", "Share this article"),
        ("media credit", "Image source, Getty Images"),
        (
            "media credit",
            "Image caption, James Mattis met his British counterpart at Lancaster House",
        ),
        ("related links", "Related Topics"),
        ("related links", "More on this story"),
    ]
    assert found.blocks[0].paragraphs == [
        'Speaking in London, he said Moscow was choosing to be a "strategic competitor" '
        "of the West.",
        "Sir Michael Fallon, the UK defence secretary, said there could be no return to business "
        "as usual.",
    ]
    assert found.authors == []


def test_clean_guardian_layout() -> None:
    found = clean(GUARDIAN, rules=RULES)
    assert found.title == "Russia is meddling in elections, says Mattis"
    assert found.standfirst == (
        "US defence secretary warns of 'persistent pattern' of interference during London visit"
    )
    assert found.date == "2017-03-31"
    assert found.authors == ["Jane Smith"]
    assert [(r.reason, r.text) for r in found.removed] == [
        ("byline", "By Jane Smith"),
        ("dateline", "Fri 31 Mar 2017 13.12 BST"),
        ("newsletter prompt", "Sign up to our newsletter"),
        ("comment forum", "Comments"),
    ]
    assert [(b.kind, b.author, len(b.paragraphs)) for b in found.blocks] == [
        ("body", "Jane Smith", 3)
    ]
    text, sections = assemble(found)
    _check_sections(text, sections)
    assert "Sign up" not in text
    assert "2017" not in text


def test_clean_no_standfirst() -> None:
    assert len(LEAD) > 400
    found = clean(NO_STANDFIRST, rules=RULES)
    assert found.title == "Mattis warns Russia over elections"
    assert found.standfirst is None
    assert found.blocks[0].paragraphs[0] == LEAD
    assert len(found.blocks[0].paragraphs) == 2
    # The same text with a longer limit does have a standfirst.
    assert clean(NO_STANDFIRST, rules=RULES, standfirst_max_chars=1000).standfirst == LEAD


def test_clean_no_title() -> None:
    assert len(LONG_TITLE) > 250
    found = clean(NO_TITLE, rules=RULES)
    assert found.title is None
    assert found.standfirst is None
    assert found.blocks[0].paragraphs[:2] == [LONG_TITLE, "A short second line."]
    assert clean(NO_TITLE, rules=RULES, title_max_chars=400).title == LONG_TITLE


def test_clean_standfirst_ending_in_colon_is_body() -> None:
    found = clean("Headline\nHe said:\n“We will not back down.”", rules=RULES)
    assert found.title == "Headline"
    assert found.standfirst is None
    assert found.blocks[0].paragraphs == ["He said:", "“We will not back down.”"]


def test_clean_glued_halves_rejoin_when_both_are_content() -> None:
    found = clean("Headline\nStandfirst\nFirst ends.Second starts here.", rules=RULES)
    assert found.blocks[0].paragraphs == ["First ends. Second starts here."]


def test_clean_all_boilerplate() -> None:
    found = clean(ALL_BOILERPLATE, rules=RULES)
    assert found.title is None
    assert not any(b.paragraphs for b in found.blocks)
    assert len(found.removed) == 4
    assert assemble(found) == ("", [])


# --- the Clean stage --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stage() -> Clean:
    return Clean(Options.load())


def test_stage_example(stage: Clean) -> None:
    work = Work(EXAMPLE.read_text("utf-8"), Article(source=Source(path=str(EXAMPLE))))
    stage(work)
    article = work.article
    assert article.id == article_id(article.text)
    assert article.title is not None and article.title.startswith("UK and US accuse Russia")
    assert article.authors == ["Kim Sengupta"]
    assert article.published == "2017-03-31"  # from the file name
    assert [s.kind for s in article.sections] == ["title", "standfirst", "body", "analysis"]
    _check_sections(article.text, article.sections)
    assert len(article.removed) == 9


def test_stage_skips_all_boilerplate(stage: Clean) -> None:
    with pytest.raises(Skip) as info:
        stage(Work(ALL_BOILERPLATE, Article()))
    assert info.value.reason == "no article text"
    assert "4 paragraphs" in info.value.detail


def test_stage_skips_title_only(stage: Clean) -> None:
    with pytest.raises(Skip, match="no article text"):
        stage(Work("Just a headline\nShare this article", Article()))


@pytest.mark.parametrize(
    ("raw", "published", "path", "expected"),
    [
        (GUARDIAN, "2020-01-02", "x/guardian-2019-05-02.txt", "2020-01-02"),
        (GUARDIAN, None, "x/guardian-2019-05-02.txt", "2017-03-31"),
        (BBC, None, "x/guardian-2019-05-02.txt", "2019-05-02"),
        (BBC, None, "https://example.com/2018/07/04/story", "2018-07-04"),
        (BBC, None, "x/guardian.txt", None),
        (BBC, None, None, None),
    ],
)
def test_stage_published(
    stage: Clean, raw: str, published: str | None, path: str | None, expected: str | None
) -> None:
    work = Work(raw, Article(source=Source(path=path), published=published))
    stage(work)
    assert work.article.published == expected


def test_stage_user_rules(tmp_path: Path, stage: Clean) -> None:
    path = _write(tmp_path, '[[rule]]\nreason = "podcast promo"\nphrases = ["our podcast"]\n')
    raw = GUARDIAN.replace("Comments", "Listen to our podcast on Spotify")
    work = Work(raw, Article())
    stage(work)
    assert "Listen to our podcast" in work.article.text
    custom = Clean(Options.load(overrides={"clean.rule_files": [str(path)]}))
    work = Work(raw, Article())
    custom(work)
    assert "Listen to our podcast" not in work.article.text
    assert work.article.removed[-1].reason == "podcast promo"
