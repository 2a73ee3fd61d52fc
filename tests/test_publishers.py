"""Naming the publisher from URL, boilerplate and file name."""

from __future__ import annotations

import pytest

from newswatch.publishers import from_path, from_text, from_url, identify, known


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.independent.co.uk/news/world/russia-a7660000.html", "The Independent"),
        ("https://www.theguardian.com/politics/2017/mar/31/x", "The Guardian"),
        ("https://edition.cnn.com/2017/03/31/politics/x", "CNN"),
        ("https://notindependent.co.uk/x", None),
        ("https://example.org/independent.co.uk", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert from_url(url, known()) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["The Independent is trusted by Americans across the entire political spectrum."],
         "The Independent"),
        (["Join thought-provoking conversations, follow other Independent readers"],
         "The Independent"),
        (["Sign up to the Guardian's morning briefing", "Support The Guardian"], "The Guardian"),
        (["Support independent journalism today"], None),
        (["Comments", "Share this article"], None),
    ],
)  # fmt: skip
def test_from_text(paragraphs: list[str], expected: str | None) -> None:
    assert from_text(paragraphs, known()) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("news/independent-2017-03-31-russia.txt", "The Independent"),
        ("bbc_20170331.txt", "BBC News"),
        ("corpus/2017/nytimes.txt", "The New York Times"),
        ("independence-day.txt", None),
        ("story.txt", None),
    ],
)
def test_from_path(path: str, expected: str | None) -> None:
    assert from_path(path, known()) == expected


def test_identify_prefers_url_then_text_then_path() -> None:
    guardian_url = "https://www.theguardian.com/x"
    independent_text = ["The Independent is on the ground"]
    assert identify(guardian_url, "bbc-1.txt", independent_text) == "The Guardian"
    assert identify(None, "bbc-1.txt", independent_text) == "The Independent"
    assert identify(None, "bbc-1.txt", []) == "BBC News"
    assert identify(None, None, []) is None
