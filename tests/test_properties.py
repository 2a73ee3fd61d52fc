"""Property-based tests: arbitrary text through the cleaner, and through the whole pipeline
(parse, actors, quotes, events, quantities), never raises, and every record it makes points
inside its article: offsets inside the text, quote spans inside the article, speakers and
event actors among the article's actors."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_contract
from newswatch.boilerplate import load_rules
from newswatch.clean import assemble, clean
from newswatch.errors import Skip
from newswatch.options import Options
from newswatch.pipeline import Pipeline, Work
from newswatch.schema import Article

RULES = load_rules(())
# Pieces that make the stages work hard: names, reporting verbs, quotation marks of every
# kind, paragraph breaks, bylines, odd spaces and invisible characters.
PIECES = (
    "Theresa May", "Vladimir Putin", "the Kremlin", "Britain", "NATO", "he", "she", "they",
    " said ", " told reporters ", " accused ", " threatened ", " warned ", " according to ",
    " denied ", " agreed ", " met ", "“", "”", "‘", "’", '"', "'", "«", "»", ". ", ", ", ": ",
    "\n", "\n\n", "By Kim Sengupta", "Analysis by Kim Sengupta", "LONDON (Reuters) - ",
    " 2 per cent ", " $5bn ", " on Monday ", "\u200b", "\u00a0", "\t", "\ufeff", " ", "—",
)  # fmt: skip
NEWSY = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=60).map("".join)
TEXT = st.one_of(st.text(max_size=400), NEWSY)
OPTIONS = Options.load(None, {"store.db": "", "ingest.require_english": False})


@settings(max_examples=400, deadline=None)
@given(raw=TEXT, headline=st.booleans(), whole_page=st.booleans())
def test_the_cleaner_never_raises_and_sections_tile_the_text(
    raw: str, headline: bool, whole_page: bool
) -> None:
    found = clean(raw, rules=RULES, headline=headline, whole_page=whole_page)
    text, sections = assemble(found)
    at = 0
    for section in sections:
        assert at <= section.start <= section.end <= len(text)
        at = section.end
    if sections:
        assert sections[-1].end == len(text)


@settings(max_examples=300, deadline=None)
@given(html=st.lists(st.sampled_from(("<p>", "</p>", "<div>", "<b>", "<script>", "<!--", "&amp;",
                                      "&#0;", "<html>", "<title>", "<article>")) | NEWSY,
                     max_size=40).map("".join))  # fmt: skip
def test_the_clean_stage_takes_any_html(html: str) -> None:
    work = Work(html, Article(), kind="html")
    try:
        Pipeline(_clean_only()).stages[0](work)
    except Skip:
        return
    assert_offsets(work.article)


def _clean_only() -> Options:
    return Options.load(None, {"store.db": "", "pipeline.stages": ["newswatch.clean.v1"]})


def assert_offsets(article: Article) -> None:
    """Every section inside the text."""
    for section in article.sections:
        assert 0 <= section.start <= section.end <= len(article.text)


_PIPELINE: list[Pipeline] = []


def pipeline() -> Pipeline:
    """One pipeline for every example: the model loads once."""
    if not _PIPELINE:
        _PIPELINE.append(Pipeline(OPTIONS))
    return _PIPELINE[0]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(texts=st.lists(NEWSY | st.text(max_size=200), min_size=1, max_size=4))
def test_the_pipeline_never_fails_and_every_record_points_inside_its_article(
    texts: list[str],
) -> None:
    works = [Work(f"Headline\n\nStandfirst\n\n{t}", Article()) for t in texts]
    for work in pipeline().run(works):
        if work.skip is not None:
            assert work.skip.reason != "internal error", work.skip
            continue
        assert_contract(work.article.as_dict())
