"""Where the article is on a scraped page: paragraph features, the main region, what is around.

Plain text has no markup, so the evidence is in the words: prose is long, full of stop words
and made of sentences; menus and link lists are short lines with few stop words, or items
between "|". The article is one contiguous main region of prose, found as the run of
paragraphs with the highest score, so it bridges a caption or an ad but not a menu. Above it
are menus (the headline excepted: it shares the article's words); below it are related links
and reader comments, which start at a marker such as "Have your say". Figures and word lists
are in `data/paragraphs.toml` (documented there), tuned by users' rule files.
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from newswatch import dates
from newswatch.errors import E, NewswatchError

_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)*")
_NOT_LETTERS = re.compile(r"[^a-z]+")
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*$")
# A byline or dateline is left for the cleaner, which takes the author or date from it.
_BYLINE = re.compile(r"^(?:written\s+)?by\s+\S", re.IGNORECASE)
_BYLINE_MAX_CHARS = 140
_STEM = 5  # letters compared when matching a headline's words with the article's

GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"
NAVIGATION, RELATED, COMMENTS = "navigation", "related links", "comments"
OUTSIDE = "outside the article"
SEPARATOR = "comment separator"  # a marker kind, never a reason


@dataclass(frozen=True, slots=True)
class Layout:
    """The classifier's figures and word lists (`data/paragraphs.toml`)."""

    good_words: int
    short_words: int
    stop_low: float
    stop_sentence: float
    stop_high: float
    near_weight: float
    short_cost: float
    sentence_cost: float
    bad_cost: float
    min_article_words: int
    min_outside: int
    min_above: int
    teaser_weight: float
    teaser_gap: int
    title_max_words: int
    comment_share: float
    comment_score: float
    marker_max_words: int
    headline_window: int
    headline_max_words: int
    headline_overlap: float
    comment_markers: frozenset[str]
    comment_openers: tuple[str, ...]
    comment_separators: tuple[str, ...]
    related_markers: frozenset[str]
    related_openers: tuple[str, ...]
    related_endings: tuple[str, ...]
    stop_words: frozenset[str]


_WORD_LISTS = (
    "comment_markers",
    "comment_openers",
    "comment_separators",
    "related_markers",
    "related_openers",
    "related_endings",
    "stop_words",
)


def load_layout(extra: Iterable[tuple[str, dict[str, Any]]] = ()) -> Layout:
    """Read the packaged settings, then (origin, data) pairs from users' rule files."""
    text = resources.files("newswatch").joinpath("data/paragraphs.toml").read_text("utf-8")
    raw: dict[str, Any] = {}
    merge_layout(raw, tomllib.loads(text), "newswatch/data/paragraphs.toml")
    for origin, data in extra:
        merge_layout(raw, data, origin)
    return _build(raw)


def merge_layout(raw: dict[str, Any], data: dict[str, Any], origin: str) -> None:
    """Overlay one file's [layout] numbers and extend its [words] lists; refuse anything else."""
    numbers = {f.name for f in fields(Layout)} - set(_WORD_LISTS)
    for table, known in (("layout", numbers), ("words", set(_WORD_LISTS))):
        entries = data.get(table, {})
        if not isinstance(entries, dict):
            raise NewswatchError(E.E010, path=origin, reason=f"[{table}] must be a table")
        if set(entries) - known:
            unknown = sorted(set(entries) - known)
            raise NewswatchError(E.E010, path=origin, reason=f"unknown [{table}] keys {unknown}")
        for key, value in entries.items():
            _check(table, key, value, origin)
            raw[key] = [*raw.get(key, []), *map(str.lower, value)] if table == "words" else value


def _check(table: str, key: str, value: Any, origin: str) -> None:
    """Numbers must be numbers and word lists lists of strings (bool is not a number here)."""
    if table == "words":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok:
        expected = "a list of strings" if table == "words" else "a number"
        raise NewswatchError(E.E010, path=origin, reason=f"[{table}] {key} must be {expected}")


def _build(raw: dict[str, Any]) -> Layout:
    values: dict[str, Any] = {}
    for f in fields(Layout):
        if f.type == "tuple[str, ...]":
            values[f.name] = tuple(raw[f.name])
        elif f.name in _WORD_LISTS:
            values[f.name] = frozenset(raw[f.name])
        else:
            values[f.name] = float(raw[f.name]) if f.type == "float" else int(raw[f.name])
    return Layout(**values)


@dataclass(frozen=True, slots=True)
class Features:
    """What one paragraph looks like."""

    words: int
    stop_ratio: float
    menu: bool  # items separated by "|", as in a menu or footer
    sentence: bool  # ends like a sentence
    terms: frozenset[str]  # content words, cut to their first letters


def features(text: str, layout: Layout) -> Features:
    """Measure one paragraph."""
    words = text.split()
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    stops = sum(t in layout.stop_words for t in tokens)
    terms = frozenset(t[:_STEM] for t in tokens if len(t) > 2 and t not in layout.stop_words)
    return Features(
        words=len(words),
        stop_ratio=stops / len(words) if words else 0.0,
        menu=text.count("|") >= 2 or text.strip() == "|",
        sentence=bool(_SENTENCE_END.search(text)),
        terms=terms,
    )


def kind(feats: Features, removed: bool, layout: Layout) -> str:
    """Good prose, near-good, short, or bad (a rule's boilerplate, a menu, a list)."""
    if removed or feats.menu:
        return BAD
    if feats.words < layout.short_words:
        return SHORT
    # A sentence with names and figures ("beat Bopanna 7-6, 6-3.") has few stop words.
    stop_low = layout.stop_sentence if feats.sentence else layout.stop_low
    if feats.stop_ratio < stop_low:
        return BAD
    good = feats.words >= layout.good_words and feats.stop_ratio >= layout.stop_high
    return GOOD if good else NEAR


def score(feats: Features, kind_: str, layout: Layout, teaser: bool = False) -> float:
    """A paragraph's contribution to the main region; a teaser's prose counts for less."""
    weight = layout.teaser_weight if teaser else 1.0
    if kind_ == GOOD:
        return feats.words * weight
    if kind_ == NEAR:
        return feats.words * layout.near_weight * weight
    if kind_ == SHORT:
        return -(layout.sentence_cost if feats.sentence else layout.short_cost)
    return -layout.bad_cost


def title_like(feats: Features, layout: Layout) -> bool:
    """A short line that does not end like a sentence: a headline, or a menu item."""
    return not feats.sentence and not feats.menu and 2 <= feats.words <= layout.title_max_words


def teasers(
    feats: Sequence[Features], kinds: Sequence[str], removed: Sequence[bool], layout: Layout
) -> list[bool]:
    """Prose right under a title-like line that shares a word with it, when another such pair
    is within `teaser_gap` paragraphs: a list of other stories' headlines and summaries. A
    single pair is an article's headline and lead."""
    pairs = [
        i
        for i in range(1, len(feats))
        if kinds[i] in (GOOD, NEAR)
        and not removed[i - 1]
        and title_like(feats[i - 1], layout)
        and bool(feats[i - 1].terms & feats[i].terms)
    ]
    flags = [False] * len(feats)
    for k, i in enumerate(pairs):
        neighbours = pairs[max(0, k - 1) : k] + pairs[k + 1 : k + 2]
        flags[i] = any(abs(j - i) <= layout.teaser_gap for j in neighbours)
    return flags


def best_runs(scores: Sequence[float], barriers: Sequence[bool]) -> list[tuple[float, int, int]]:
    """The run with the highest positive total in each stretch between barriers, in order, as
    (total, first, last); Kadane's algorithm, restarted at each barrier, so linear."""
    found: list[tuple[float, int, int]] = []
    best: tuple[float, int, int] | None = None
    total, start = 0.0, 0
    for i, (value, barrier) in enumerate(zip(scores, barriers, strict=True)):
        if barrier:
            found += [best] if best is not None else []
            best, total, start = None, 0.0, i + 1
            continue
        if total <= 0:  # a run that went negative only drags down what follows
            total, start = 0.0, i
        total += value
        if total > 0 and (best is None or total > best[0]):
            best = (total, start, i)
    return [*found, best] if best is not None else found


def marker(text: str, feats: Features, layout: Layout) -> str | None:
    """COMMENTS for a paragraph that opens reader comments ("Have your say", "12 comments"),
    SEPARATOR for one between comments ("Posted by Sam | 10:15"), RELATED for one that heads
    a list of other stories ("Related stories"), else None."""
    if feats.words > layout.marker_max_words:
        return None
    bare = _NOT_LETTERS.sub(" ", text.lower()).strip()
    if bare in layout.comment_markers or bare.startswith(layout.comment_openers):
        return COMMENTS
    if bare.startswith(layout.comment_separators):
        return SEPARATOR
    if bare in layout.related_markers or bare.startswith(layout.related_openers):
        return RELATED
    return RELATED if bare.endswith(layout.related_endings) else None


def metadata(text: str) -> bool:
    """A byline or dateline: the cleaner records it and takes the author or date from it."""
    short = len(text) <= _BYLINE_MAX_CHARS
    return short and (_BYLINE.match(text) is not None or dates.dateline(text) is not None)


@dataclass(slots=True)
class _Page:
    """One text's paragraphs with their features, classes and rule decisions."""

    texts: Sequence[str]
    reasons: list[str | None]
    feats: list[Features]
    kinds: list[str]
    markers: list[str | None]
    prose: list[int]  # prose words (good and near paragraphs) before each index
    teasers: list[bool]
    layout: Layout

    def prose_words(self, start: int, end: int) -> int:
        """Words of good and near paragraphs from `start` to `end`, both included."""
        return self.prose[end + 1] - self.prose[start]


def locate(texts: Sequence[str], reasons: Sequence[str | None], layout: Layout) -> list[str | None]:
    """Add positional reasons to the rules' `reasons`: menus, related links, comments.

    Returns `reasons` unchanged when the text has no clear main region, or too little around it
    to be a scraped page.
    """
    page = _page(texts, reasons, layout)
    region = _region(page)
    if region is None:
        return page.reasons
    start, end = _widen(page, *region)
    header = _headline(page, start, end)
    above = [i for i in range(start) if page.reasons[i] is None and i not in header]
    below = [i for i in range(end + 1, len(texts)) if page.reasons[i] is None]
    if _is_page(len(above), len(below), layout):
        _mark(page, (start, end), above, below)
    return page.reasons


def _mark(page: _Page, region: tuple[int, int], above: list[int], below: list[int]) -> None:
    """Give the paragraphs around the article, and the menus in it, their reasons."""
    start, end = region
    after = range(end + 1, len(page.texts))  # a marker a rule removed still starts comments
    comments = next((i for i in after if page.markers[i] in (COMMENTS, SEPARATOR)), after.stop)
    for i in above:
        page.reasons[i] = NAVIGATION
    for i in range(start, end + 1):  # inside the article only "|" menus go: short lines stay
        if page.reasons[i] is None and page.feats[i].menu and not metadata(page.texts[i]):
            page.reasons[i] = NAVIGATION
    for i in below:
        page.reasons[i] = COMMENTS if i >= comments else _below(page.kinds[i])


def _page(texts: Sequence[str], reasons: Sequence[str | None], layout: Layout) -> _Page:
    feats = [features(t, layout) for t in texts]
    kinds = [kind(f, r is not None, layout) for f, r in zip(feats, reasons, strict=True)]
    markers = [marker(t, f, layout) for t, f in zip(texts, feats, strict=True)]
    prose = [0]
    for f, k in zip(feats, kinds, strict=True):
        prose.append(prose[-1] + (f.words if k in (GOOD, NEAR) else 0))
    teaser = teasers(feats, kinds, [r is not None for r in reasons], layout)
    return _Page(texts, list(reasons), feats, kinds, markers, prose, teaser, layout)


def _region(page: _Page) -> tuple[int, int] | None:
    """The article: the best-scoring run between markers with enough prose words, unless a
    comment marker follows an earlier run that scores enough to be the article (comments come
    after the article they discuss, however long they are). None when no run has enough."""
    scores = [
        score(f, k, page.layout, t)
        for f, k, t in zip(page.feats, page.kinds, page.teasers, strict=True)
    ]
    barriers = [m is not None for m in page.markers]
    runs = deque(r for r in best_runs(scores, barriers) if _enough(page, r[1], r[2]))
    if not runs:
        return None
    top = max(runs)
    earlier: tuple[float, int, int] | None = None  # the best run ending before paragraph i
    for i, found in enumerate(page.markers):
        while runs and runs[0][2] < i:
            earlier = max(earlier or runs[0], runs.popleft())
        if found == COMMENTS and earlier and _before_comments(earlier[0], top[0], page.layout):
            return earlier[1], earlier[2]
    return top[1], top[2]


def _widen(page: _Page, start: int, end: int) -> tuple[int, int]:
    """Take in the one-line sentences right at the region's edges ("The trial continues."):
    the best run leaves them out, since each costs a little, but they belong to the article."""
    while start > 0 and _one_liner(page, start - 1):
        start -= 1
    while end + 1 < len(page.texts) and _one_liner(page, end + 1):
        end += 1
    return start, end


def _one_liner(page: _Page, i: int) -> bool:
    short = page.kinds[i] == SHORT and page.feats[i].sentence
    return short and page.markers[i] is None and page.reasons[i] is None


def _before_comments(earlier: float, top: float, layout: Layout) -> bool:
    """Whether a run before a comment marker scores enough to be the article they discuss."""
    return earlier >= min(layout.comment_share * top, layout.comment_score)


def _enough(page: _Page, start: int, end: int) -> bool:
    return page.prose_words(start, end) >= page.layout.min_article_words


def _is_page(above: int, below: int, layout: Layout) -> bool:
    """Whether the paragraphs left around the region (not removed by a rule, not the headline,
    standfirst, byline or dateline) are a page's menus and lists rather than, say, the list
    an article ends with: enough of them in all, and enough above the article."""
    return above >= layout.min_above and above + below >= layout.min_outside


def _headline(page: _Page, start: int, end: int) -> set[int]:
    """The headline above the region and what lies between it and the region.

    Candidates are the paragraphs in the window that share at least `headline_overlap` of
    their content words, and at least two, with the article; the headline is the one sharing
    the most. After it, the other candidates (a standfirst) and bylines are kept too.
    """
    layout = page.layout
    prose = (i for i in range(start, end + 1) if page.kinds[i] in (GOOD, NEAR))
    article = frozenset[str]().union(*(page.feats[i].terms for i in prose))
    window = range(max(0, start - layout.headline_window), start)
    shared = {i: _shared(page, i, article) for i in window if page.reasons[i] is None}
    found = [i for i, n in shared.items() if n >= max(2, layout.headline_overlap * _terms(page, i))]
    if not found:
        return {i for i in shared if metadata(page.texts[i])}
    top = max(found, key=lambda i: (shared[i], i))
    return {i for i in shared if i >= top and (i in found or metadata(page.texts[i]))}


def _terms(page: _Page, i: int) -> int:
    return len(page.feats[i].terms)


def _shared(page: _Page, i: int, article: frozenset[str]) -> int:
    """How many content words a candidate headline shares with the article."""
    feats = page.feats[i]
    if feats.menu or feats.words > page.layout.headline_max_words:
        return 0
    return len(feats.terms & article)


def _below(kind_: str) -> str:
    return OUTSIDE if kind_ in (GOOD, NEAR) else RELATED
