"""Clean stage: scraped plain text to headline, standfirst, sections and clean text.

The first line is the headline and the next short line the standfirst. Publisher boilerplate
is dropped (rules in `boilerplate.py`) and recorded with its reason; sentences that scraping
glued together ("difference.Donald") are split again, since one half is often boilerplate; a
heading such as "Analysis by Kim Sengupta" opens a section with its author. Paragraphs are
joined with blank lines, and every offset of every record indexes the resulting `text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from newswatch import dates, language, publishers
from newswatch.boilerplate import Rule, classify, load_rules
from newswatch.errors import Skip
from newswatch.pipeline import Work, register
from newswatch.schema import Article, Removed, Section, article_id

if TYPE_CHECKING:
    from collections.abc import Sequence

    from newswatch.extract import Extracted
    from newswatch.options import Options

PARAGRAPH_SEPARATOR = "\n\n"

# Spaces other than " " (collapsed to one space) and characters that break matching (dropped);
# scorers that must keep offsets use the same sets.
ODD_SPACE_CHARS = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
INVISIBLE_CHARS = "\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_SPACES = re.compile(f"[ {ODD_SPACE_CHARS}]+")
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# A sentence end with no space before the next sentence: "difference.Donald", "said.”The",
# "end.“We".
_GLUE = re.compile(r"(?<=[a-z0-9%)][.!?])(?=[“‘]?[A-Z][a-z])|(?<=[a-z][.!?][”\"])(?=[A-Z][a-z])")
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "rev", "sen", "rep",
        "gov", "jr", "sr", "vs", "etc", "inc", "co", "corp", "ltd", "no", "fig", "vol", "approx",
        "dept", "univ", "capt", "cmdr", "maj", "adm",
    }
)  # fmt: skip
_NAME = r"[A-Z][\w'’-]+(?:\s+(?:(?:de|da|van|von|der|al|bin|le|la|du)\s+)*[A-Z][\w'’.-]+){1,3}"
_SECTION_KINDS = (
    "analysis|comment|opinion|explainer|review|editorial|commentary|fact check|profile|"
    "obituary|interview|viewpoint|perspective|essay|letter"
)
_HEADING = re.compile(
    rf"^(?i:(?P<kind>{_SECTION_KINDS}))\s*(?:(?i:by)\s+|[:|–—-]\s*)(?P<name>{_NAME})$"
)
# Names joined by "and" or "&", with commas only before the last "and" ("A, B and C"): in
# "By Kim Sengupta, Defence Editor" the part after the comma is a role, not a second name.
_NAMES = rf"{_NAME}(?:(?:\s*,\s*{_NAME})*\s*(?:\band\b|&)\s*{_NAME})?"
_BYLINE = re.compile(
    rf"^(?i:(?:written\s+)?by)\s+(?P<names>{_NAMES})"
    r"(?:\s*[,|–—-]\s*[^.!?]{0,60})?$"
)
_NAME_LIST = re.compile(r"\s*(?:,|\band\b|&)\s*")
_BYLINE_MAX_CHARS = 140
# Hard-wrapped text: most lines of multi-line blocks are about this long.
_WRAP_WIDTH = range(40, 101)


@dataclass(slots=True)
class Block:
    """Consecutive content paragraphs of one section."""

    kind: str
    author: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Cleaned:
    """What the cleaner found in one raw text."""

    title: str | None = None
    standfirst: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    date: str | None = None


def normalise(line: str) -> str:
    """Collapse runs of spaces and drop invisible characters that break matching."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def paragraphs(raw: str) -> list[str]:
    """Split raw text into paragraphs: one per line, or per blank-line block when hard-wrapped."""
    blocks = [b.splitlines() for b in re.split(r"\n\s*\n", raw)]
    multi = [line for b in blocks if len(b) > 1 for line in b[:-1]]
    wrapped = bool(multi) and sum(len(x.rstrip()) in _WRAP_WIDTH for x in multi) > 0.8 * len(multi)
    lines = [" ".join(b) for b in blocks] if wrapped else [x for b in blocks for x in b]
    return [p for p in (normalise(x) for x in lines) if p]


def split_glued(paragraph: str) -> list[str]:
    """Split a paragraph where scraping glued two sentences together."""
    cuts = [
        m.start()
        for m in _GLUE.finditer(paragraph)
        if not _after_abbreviation(paragraph, m.start())
    ]
    bounds = [0, *cuts, len(paragraph)]
    return [paragraph[a:b].strip() for a, b in pairwise(bounds) if paragraph[a:b].strip()]


def _after_abbreviation(text: str, cut: int) -> bool:
    word = re.search(r"(\w+)[.!?][”\"]?$", text[:cut])
    return word is not None and word.group(1).lower() in _ABBREVIATIONS


def heading(paragraph: str) -> tuple[str, str] | None:
    """Return (kind, author) for a section heading such as "Analysis by Kim Sengupta"."""
    match = _HEADING.match(paragraph)
    return (match["kind"].lower().replace(" ", "_"), match["name"]) if match else None


def byline(paragraph: str) -> list[str] | None:
    """Return the names in a byline paragraph such as "By Kim Sengupta, Defence Editor"."""
    if len(paragraph) > _BYLINE_MAX_CHARS:
        return None
    match = _BYLINE.match(paragraph)
    return [n for n in _NAME_LIST.split(match["names"]) if n] if match else None


def clean(
    raw: str,
    *,
    rules: Sequence[Rule],
    title_max_chars: int = 250,
    standfirst_max_chars: int = 400,
    headline: bool = True,
    whole_page: bool = True,
) -> Cleaned:
    """Find headline, standfirst, sections and boilerplate in scraped plain text.

    Args:
        raw: The decoded text of one article.
        rules: Boilerplate rules, from `boilerplate.load_rules()`.
        title_max_chars: The first line is the headline only when at most this long.
        standfirst_max_chars: The next line is the standfirst only when at most this long.
        headline: Whether the text starts with its headline and standfirst; False for a body
            whose title is known from elsewhere (HTML metadata, a JSON Lines field).
        whole_page: Whether the text is a whole scraped page, whose article region must be
            found; False for a body an extractor already cut out (only the rules apply).

    Returns:
        The parts found; `assemble()` turns them into clean text and sections.
    """
    segments = [(i, s) for i, p in enumerate(paragraphs(raw)) for s in split_glued(p)]
    reasons = classify([s for _, s in segments], rules, whole_page=whole_page)
    reader = _Reader(title_max_chars, standfirst_max_chars)
    reader.started = not headline
    for (para, text), reason in zip(segments, reasons, strict=True):
        reader.take(para, text, reason)
    return reader.found


class _Reader:
    """Walks the segments in order, deciding what each one is."""

    def __init__(self, title_max_chars: int, standfirst_max_chars: int) -> None:
        self.found = Cleaned(blocks=[Block("body", None)])
        self.title_max = title_max_chars
        self.standfirst_max = standfirst_max_chars
        self.started = False  # whether any line after the headline has been taken as content
        self.last_para = -1

    def take(self, para: int, text: str, reason: str | None) -> None:
        """Classify one segment and record it."""
        if reason is not None:
            self.found.removed.append(Removed(text, reason))
        elif not self._metadata(text):
            self._content(para, text)

    def _metadata(self, text: str) -> bool:
        """Take headings, bylines and datelines out of the text; True when `text` was one."""
        found = self.found
        if (names := byline(text)) is not None:
            found.authors.extend(n for n in names if n not in found.authors)
            self._set_author(", ".join(names))
            found.removed.append(Removed(text, "byline"))
        elif (iso := dates.dateline(text)) is not None:
            found.date = found.date or iso
            found.removed.append(Removed(text, "dateline"))
        elif (head := heading(text)) is not None:
            found.blocks.append(Block(head[0], head[1]))
            if head[1] not in found.authors:
                found.authors.append(head[1])
            found.removed.append(Removed(text, "section heading"))
        else:
            return False
        return True

    def _set_author(self, names: str) -> None:
        block = self.found.blocks[-1]
        block.author = block.author or names

    def _content(self, para: int, text: str) -> None:
        found = self.found
        if found.title is None and not self.started and len(text) <= self.title_max:
            found.title = text
        elif (
            found.standfirst is None
            and not self.started
            and found.title is not None
            and len(text) <= self.standfirst_max
            and not _ends_open(text)
        ):
            found.standfirst, self.started = text, True
        else:
            self.started = True
            body = found.blocks[-1].paragraphs
            if para == self.last_para and body:
                body[-1] = f"{body[-1]} {text}"  # the other half of a glued paragraph
            else:
                body.append(text)
        self.last_para = para


def _ends_open(text: str) -> bool:
    """A line ending in a colon introduces what follows: body, not a standfirst."""
    return text.rstrip().endswith(":")


def assemble(found: Cleaned) -> tuple[str, list[Section]]:
    """Join the parts into clean text and return it with its sections' offsets."""
    parts: list[str] = []
    sections: list[Section] = []
    cursor = 0

    def add(kind: str, texts: list[str], author: str | None) -> None:
        nonlocal cursor
        start = cursor + (len(PARAGRAPH_SEPARATOR) if parts else 0)
        chunk = PARAGRAPH_SEPARATOR.join(texts)
        parts.append(chunk)
        cursor = start + len(chunk)
        sections.append(Section(kind, start, cursor, author))

    if found.title:
        add("title", [found.title], None)
    if found.standfirst:
        add("standfirst", [found.standfirst], None)
    for block in found.blocks:
        if block.paragraphs:
            add(block.kind, block.paragraphs, block.author)
    return PARAGRAPH_SEPARATOR.join(parts), sections


class Clean:
    """Stage `newswatch.clean.v1`: raw text or HTML to clean text, title, sections, metadata."""

    name = "newswatch.clean.v1"
    requires = frozenset({"raw", "source", "published"})
    assigns = frozenset(
        {"text", "id", "title", "standfirst", "sections", "removed", "authors", "publisher"}
    )

    def __init__(self, options: Options) -> None:
        self.rules = load_rules(options.clean.rule_files)
        self.title_max = options.clean.title_max_chars
        self.standfirst_max = options.clean.standfirst_max_chars
        self.ingest = options.ingest

    def __call__(self, work: Work) -> None:
        page = self._extract(work) if work.kind == "html" else None
        known_title = work.article.title or (page.title if page else None)
        found = clean(
            page.text if page else work.raw,
            rules=self.rules,
            title_max_chars=self.title_max,
            standfirst_max_chars=self.standfirst_max,
            headline=known_title is None and page is None,
            whole_page=page is None,
        )
        if known_title is not None or page is not None:
            found.title, found.standfirst = known_title, page.standfirst if page else None
        if not any(block.paragraphs for block in found.blocks):
            raise Skip("no article text", f"{len(found.removed)} paragraphs were boilerplate")
        _fill(work.article, found, page)

    def _extract(self, work: Work) -> Extracted:
        """Main text and metadata of an HTML page; non-English pages are skipped here."""
        from newswatch.extract import extract  # trafilatura loads slowly: only for HTML

        page = extract(work.raw, url=work.article.source.url)
        if self.ingest.require_english:
            _check_english(page)
        return page


def _check_english(page: Extracted) -> None:
    """Skip a page that is not in English; its text outranks its declared language."""
    found = language.identify(page.text)
    if found is None and page.language and not page.language.lower().startswith("en"):
        raise Skip("not English", f"the page declares {page.language}")
    if found not in (None, "en"):
        raise Skip("not English", f"the text reads as {found}")


def _fill(article: Article, found: Cleaned, page: Extracted | None) -> None:
    """Write what the cleaner (and the page's metadata) found into the article."""
    article.text, article.sections = assemble(found)
    article.id = article_id(article.text)
    article.title, article.standfirst = found.title, found.standfirst
    article.removed = found.removed
    page_authors = list(page.authors) if page else []
    article.authors = page_authors + [a for a in found.authors if a not in page_authors]
    page_date = page.published if page else None
    path_date = _path_date(article.source.path)
    article.published = article.published or page_date or found.date or path_date
    source = article.source
    source.url = source.url or (page.url if page else None)
    source.publisher = (
        source.publisher
        or (page.publisher if page else None)
        or publishers.identify(source.url, source.path, (r.text for r in found.removed))
    )


def _path_date(path: str | None) -> str | None:
    return dates.date_in_path(path) if path else None


@register(Clean.name, requires=Clean.requires, assigns=Clean.assigns)
def _clean(options: Options) -> Clean:
    return Clean(options)
