"""Hand-built articles with actors, quotes and events, for the store, query, export and web tests.

Built by hand (not by the pipeline) so these tests do not depend on what the events stage finds.
"""

from __future__ import annotations

from newswatch.schema import Actor, Article, Event, Quote, Section, Source, article_id


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def accuse_article(published: str = "2017-03-31", extra: str = "") -> Article:
    """An article in which Mattis and Fallon accuse Russia, with quotes and two ACCUSE events."""
    title = "UK and US accuse Russia of interference"
    first = "Mattis accused Russia of interference in elections."
    second = "Sir Michael Fallon said Russia was testing NATO."
    third = "Moscow agreed to talks with London." + extra
    text = "\n\n".join([title, first, second, third])
    mattis, fallon, russia, britain = (
        _span(text, "Mattis"),
        _span(text, "Sir Michael Fallon"),
        _span(text, "Russia"),
        _span(text, "London"),
    )
    said = _span(text, "Russia was testing NATO")
    quoted = _span(text, "interference in elections")
    return Article(
        text=text,
        id=article_id(text),
        source=Source(path="in/russia.txt", url="https://example.org/russia", publisher="Ind"),
        title=title,
        authors=["Kim Sengupta"],
        published=published,
        sections=[Section("title", 0, len(title)), Section("body", len(title) + 2, len(text))],
        actors=[
            Actor(
                "A1",
                "James Mattis",
                "person",
                "USA",
                "GOV",
                "USAGOV",
                ["Defense Secretary"],
                [mattis],
            ),
            Actor(
                "A2",
                "Michael Fallon",
                "person",
                "GBR",
                "GOV",
                "GBRGOV",
                ["Defence Secretary"],
                [fallon],
            ),
            Actor(
                "A3", "Russia", "country", "RUS", None, "RUS", [], [russia, _span(text, "Moscow")]
            ),
            Actor("A4", "United Kingdom", "country", "GBR", None, "GBR", [], [britain]),
        ],
        quotes=[
            Quote("Q1", "indirect", text[said[0] : said[1]], *said, "A2", fallon, "said"),
            Quote("Q2", "direct", text[quoted[0] : quoted[1]], *quoted, "A1", mattis, "accused"),
        ],
        events=[
            Event(
                "E1",
                "ACCUSE",
                _span(text, first),
                "accused",
                ["A1"],
                ["A3"],
                mode="allege",
                date=published,
                cameo="112",
                confidence=0.9,
            ),
            Event(
                "E2",
                "ACCUSE",
                _span(text, second),
                "testing",
                ["A2"],
                ["A3"],
                quote="Q1",
                date=published,
                cameo="112",
                confidence=0.7,
            ),
            Event(
                "E3",
                "CONSULT",
                _span(text, third.removesuffix(extra)),
                "talks",
                ["A3"],
                ["A4"],
                date=published,
                cameo=None,
                confidence=0.6,
            ),
        ],
    )
