"""HTML extraction: body text and metadata from small pages, and the gates on real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswatch.errors import Skip
from newswatch.evaluate.body import match, score_body, shingles
from newswatch.evaluate.metadata import gold_names, name_key, normalise, score_metadata
from newswatch.extract import Extracted, extract
from newswatch.ingest.html import decode_html
from newswatch.options import Options

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# Gates: what the scorers reach on the development data, less 0.01, and never below the
# targets (body F1 0.95, title 0.90, date 0.90, authors 0.80). Measured: body P 0.972
# R 0.973 F1 0.972; title 0.950, date 0.900, authors 0.908 (author names F1 0.941).
BODY_F1_FLOOR = 0.962
TITLE_FLOOR = 0.94
DATE_FLOOR = 0.90
AUTHORS_FLOOR = 0.898
AUTHOR_NAMES_F1_FLOOR = 0.931

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget for the coming year, after "
    "months of debate over how to pay for repairs to roads and bridges across the county.",
    "Council members said the plan would raise spending on public transport by a fifth, while "
    "cutting the money set aside for new office buildings in the centre of the town.",
    "Opponents argued that the budget relied on optimistic forecasts of tax revenue, and warned "
    "that residents could face higher charges if the economy slowed down next spring.",
    "The mayor is expected to sign the budget into law next week, officials said, before the "
    "new financial year begins on the first of April.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def page(head: str = "", body: str = BODY, *, h1: str = "", lang: str = "en") -> str:
    """A small article page: `head` markup, an optional `<h1>`, then the article body."""
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body><nav><a href='/'>Home</a></nav><article>{heading}{body}</article>"
        "<footer><p>Copyright 2023</p></footer></body></html>"
    )


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{name}" content="{content}">'


# --- body ---------------------------------------------------------------------------------------


def test_body_is_the_article_paragraphs_one_per_line() -> None:
    got = extract(page(h1="Council approves budget"), url="https://example.org/a")
    assert got.text.split("\n") == PARAGRAPHS
    assert "Council approves budget" not in got.text  # the title is not body text
    assert "Copyright" not in got.text and "Home" not in got.text


def test_script_and_style_are_not_text() -> None:
    body = "<script>var secret = 'tracking code';</script><style>p {color: red}</style>" + BODY
    got = extract(page(body=body))
    assert "tracking" not in got.text and "color" not in got.text
    assert got.text.startswith(PARAGRAPHS[0])


def test_truncated_html_still_extracts() -> None:
    html = page(meta("og:title", "Budget approved"), h1="Budget approved")
    cut = html[: html.index(PARAGRAPHS[3][:40])]  # the download stopped mid-page
    got = extract(cut)
    assert got.title == "Budget approved"
    assert got.text.split("\n")[:3] == PARAGRAPHS[:3]


def test_control_characters_and_large_pages() -> None:
    got = extract(page(body="\x00" + BODY + "\x0b"))
    assert got.text.split("\n") == PARAGRAPHS
    filler = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(5000))
    big = page(body=BODY + f"<aside><ul>{filler}</ul></aside>")
    assert len(big) > 200_000
    assert extract(big).text.split("\n") == PARAGRAPHS


def test_page_in_another_encoding() -> None:
    paragraphs = "".join(
        f"<p>Городской совет проголосовал за новый бюджет, сообщили чиновники. Пункт {i}.</p>"
        for i in range(6)
    )
    html = page(meta("og:title", "Совет принял бюджет", "property"), paragraphs, lang="ru")
    got = extract(decode_html(html.replace("utf-8", "windows-1251").encode("cp1251")))
    assert (got.title, got.language) == ("Совет принял бюджет", "ru")
    assert got.text.startswith("Городской совет")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        "<html><head><title>Nothing here</title></head></html>",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><script>var a = 1;</script></body></html>",
    ],
)
def test_page_without_text_is_skipped(html: str) -> None:
    with pytest.raises(Skip) as info:
        extract(html)
    assert info.value.reason == "no article text"


# --- title --------------------------------------------------------------------------------------


def test_json_ld_graph() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "#org", "name": "Example Times"},
            {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
            {
                "@type": ["NewsArticle"],
                "headline": "Council approves budget",
                "author": [{"@id": "#jane"}, {"@type": "Person", "name": "John Smith"}],
                "publisher": {"@id": "#org"},
                "datePublished": "2023-12-22T10:03:18-05:00",
                "inLanguage": "en-US",
            },
        ],
    }
    got = extract(page(ld(graph) + "<title>Budget news - Example Times</title>"))
    assert got.title == "Council approves budget"
    assert got.authors == ("Jane Doe", "John Smith")
    assert got.published == "2023-12-22"
    assert got.publisher == "Example Times"


def test_json_ld_list_and_broken_block() -> None:
    objects = [{"@type": "WebSite", "name": "Site"}, {"@type": "ReportageNewsArticle",
               "headline": "Floods hit the coast", "author": {"@type": "Person",
               "name": "Ana Lima"}, "datePublished": "2023-05-01"}]  # fmt: skip
    head = '<script type="application/ld+json">{"broken": </script>' + ld(objects)
    got = extract(page(head))
    assert (got.title, got.authors, got.published) == ("Floods hit the coast", ("Ana Lima",),
                                                        "2023-05-01")  # fmt: skip


def test_opengraph_only() -> None:
    head = (
        meta("og:title", "Council approves budget", "property")
        + meta("og:site_name", "The Example Herald", "property")
        + meta("og:url", "https://example.org/news/budget", "property")
        + meta("article:published_time", "2023-03-31T09:00:00+01:00", "property")
        + meta("article:author", "Jane Doe", "property")
        + meta("og:description", "Roads and buses win; offices lose out.", "property")
    )
    got = extract(page(head), url="https://example.org/news/budget?utm=1")
    assert got == Extracted(
        text="\n".join(PARAGRAPHS),
        title="Council approves budget",
        standfirst="Roads and buses win; offices lose out.",
        authors=("Jane Doe",),
        published="2023-03-31",
        url="https://example.org/news/budget",
        publisher="The Example Herald",
        language="en",
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("<title>Council approves budget | Example Herald</title>", "Council approves budget"),
        ("<title>Council approves budget - Example Herald</title>", "Council approves budget"),
        ("<title>Example Herald: Council approves budget</title>", "Council approves budget"),
        ("<title>Opinion | Council approves budget</title>", "Council approves budget"),
        ("<title>Council approves budget | Examplenews</title>", "Council approves budget"),
        ("<title>Tax - and spend</title>", "Tax - and spend"),
    ],
)
def test_title_loses_site_name(head: str, expected: str) -> None:
    head += meta("og:site_name", "Example Herald", "property")
    assert extract(page(head), url="https://www.examplenews.com/a").title == expected


def test_h1_wins_when_metadata_agrees() -> None:
    head = meta("og:title", "Council approves budget after long debate | Herald", "property")
    got = extract(page(head, h1="Council approves new budget after long debate"))
    assert got.title == "Council approves new budget after long debate"


def test_h1_kicker_dropped_and_unrelated_h1_ignored() -> None:
    head = meta("og:title", "Council approves budget", "property")
    assert extract(page(head, h1="<span>Opinion</span>Council approves budget")).title == (
        "Council approves budget"
    )
    assert extract(page(head, h1="Latest news")).title == "Council approves budget"


# --- authors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("Jane Doe, Political Editor", ("Jane Doe",)),
        ("Jane Doe Senior Correspondent", ("Jane Doe",)),
        ("Jane Doe and John Smith", ("Jane Doe", "John Smith")),
        ("Jane Doe, John Smith", ("Jane Doe", "John Smith")),
        ("RALPH D. RUSSO and BOB FERRANTE", ("Ralph D. Russo", "Bob Ferrante")),
        ("Jane Doe; JANE DOE", ("Jane Doe",)),
        ("View all posts by Jane Doe", ("Jane Doe",)),
        ("Jane Doe | Sponsored", ("Jane Doe",)),
        ("Jane Doe For Mailonline", ("Jane Doe",)),
        ("Martin Luther King, Jr.", ("Martin Luther King Jr.",)),
        ("Written by Jane Doe | Published on December 21, 2023", ("Jane Doe",)),
        ("Jane Doe 8:41 PM on December 20, 2023", ("Jane Doe",)),
        ("jane doe", ("Jane Doe",)),
        ("https://example.org/author/jane-doe", ()),
        ("Email the author", ()),
        ("Staff", ()),
        ("Associated Press", ()),
        ("The Associated Press", ()),
        ("Reuters", ()),
        ("AFP", ()),
        ("Example Herald", ()),
        ("Example Herald Staff", ()),
        ("@janedoe", ()),
    ],
)
def test_author_cleanup(author: str, expected: tuple[str, ...]) -> None:
    head = meta("og:site_name", "Example Herald", "property") + meta("author", author)
    assert extract(page(head)).authors == expected


def test_organisation_author_is_not_a_person() -> None:
    article = {"@type": "NewsArticle", "headline": "Budget",
               "author": {"@type": "Organization", "name": "Herald Desk"}}  # fmt: skip
    assert extract(page(ld(article))).authors == ()


def test_one_word_author_only_when_declared() -> None:
    assert extract(page(meta("author", "AJLabs"))).authors == ("AJLabs",)
    byline = '<p class="byline">By Manga</p>' + BODY
    assert extract(page(body=byline)).authors == ()


def test_byline_element_and_author_link() -> None:
    byline = '<div class="byline">By Jane Doe<time>December 22, 2023 at 7:35 PM</time></div>'
    assert extract(page(body=byline + BODY)).authors == ("Jane Doe",)
    link = '<p>Text by <a href="/author/john-smith/">John Smith</a></p>' + BODY
    assert extract(page(body=link)).authors == ("John Smith",)
    tag = '<p>About <a href="/tag/privacy-policy/">Privacy Policy</a></p>' + BODY
    assert extract(page(body=tag)).authors == ()


def test_declared_co_authors_complete_the_first_list() -> None:
    article = {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}}
    head = ld(article) + meta("author", "Jane Doe, John Smith")
    assert extract(page(head)).authors == ("Jane Doe", "John Smith")


# --- standfirst, date, URL, publisher, language -------------------------------------------------


def test_standfirst_that_repeats_the_body_is_dropped() -> None:
    repeated = meta("description", PARAGRAPHS[0][:120] + "...")
    assert extract(page(repeated)).standfirst is None
    real = meta("description", "A late compromise ends months of argument over roads.")
    assert extract(page(real)).standfirst == "A late compromise ends months of argument over roads."


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (meta("article:published_time", "2023-12-22T10:00:00Z", "property"), "2023-12-22"),
        (meta("parsely-pub-date", "2023-12-22"), "2023-12-22"),
        (meta("sailthru.date", "December 22, 2023"), "2023-12-22"),
        (ld({"@type": "NewsArticle", "datePublished": "2023-12-22T23:59:00+05:30"}),
         "2023-12-22"),
        (meta("date", "not a date"), None),
    ],
)  # fmt: skip
def test_declared_publication_date(head: str, expected: str | None) -> None:
    assert extract(page(head)).published == expected


def test_small_hours_utc_date_follows_the_visible_byline() -> None:
    head = meta("article:published_time", "2023-12-23T03:00:46Z", "property")
    byline = '<div class="byline">by Jane Doe, December 22, 2023 10:00 PM</div>'
    assert extract(page(head, byline + BODY)).published == "2023-12-22"
    assert extract(page(head)).published == "2023-12-23"


def test_htmldate_finds_an_undeclared_date() -> None:
    body = '<p class="date">Published 31 March 2017</p>' + BODY
    assert extract(page(body=body), url="https://example.org/x").published == "2017-03-31"
    dated_url = "https://example.org/2017/03/31/budget"
    assert extract(page(), url=dated_url).published == "2017-03-31"
    assert extract(page(), url="https://example.org/x").published is None  # "Copyright 2023"


def test_canonical_url_and_publisher_fallbacks() -> None:
    head = '<link rel="canonical" href="/news/budget">'
    got = extract(page(head), url="https://www.theguardian.com/news/budget?src=rss")
    assert got.url == "https://www.theguardian.com/news/budget"
    assert got.publisher == "The Guardian"  # known publisher of the URL's domain
    assert extract(page()).url is None
    assert extract(page(), url="https://example.org/x").url == "https://example.org/x"


@pytest.mark.parametrize(("lang", "expected"), [("de-DE", "de"), ("fr", "fr"), ("", None)])
def test_language_from_html_lang(lang: str, expected: str | None) -> None:
    assert extract(page(lang=lang)).language == expected


def test_decode_html_uses_declared_charset() -> None:
    html = '<meta charset="windows-1251"><p>Привет, мир</p>'
    assert decode_html(html.encode("cp1251")) == html
    assert decode_html('<meta charset="nonsense"><p>café</p>'.encode()) == (
        '<meta charset="nonsense"><p>café</p>'
    )


# --- scorers ------------------------------------------------------------------------------------


def test_shingle_match_counts_repeats() -> None:
    assert shingles("A b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("two words") == {("two", "words"): 1}
    result = match("a b c d a b c d", "a b c d")
    assert (result.tp, result.fp, result.fn) == (1, 4, 0)
    assert match("", "").precision == 1.0 and match("", "a b c d").recall == 0.0


def test_metadata_normalisation() -> None:
    assert normalise("Trump’s  “inner” CIRCLE") == normalise('trump\'s "inner" circle')
    assert name_key("George T. Conway III") == name_key("GEORGE T CONWAY III")
    assert gold_names("RALPH D. RUSSO, BOB FERRANTE") == {"ralph d russo", "bob ferrante"}
    assert gold_names("") == set()


# --- gates on the development data --------------------------------------------------------------


@pytest.fixture(scope="module")
def options() -> Options:
    return Options.load()


def test_body_gate(options: Options) -> None:
    folder = DATA / "article-benchmark"
    if not (folder / "ground-truth.json").exists():
        pytest.skip("article benchmark not present")
    score = score_body(folder, options)
    assert score.items == len(json.loads((folder / "ground-truth.json").read_text("utf-8")))
    assert score.f1 >= BODY_F1_FLOOR, score.line()


def test_metadata_gate(options: Options) -> None:
    folder = DATA / "naeb"
    if not (folder / "articles.json").exists():
        pytest.skip("NAEB pages not present")
    score = score_metadata(folder, options)
    assert score.extra["title"] >= TITLE_FLOOR, score.extra
    assert score.extra["date"] >= DATE_FLOOR, score.extra
    assert score.extra["authors"] >= AUTHORS_FLOOR, score.extra
    assert score.f1 >= AUTHOR_NAMES_F1_FLOOR, score.line()
