"""Quotes scorer: the quotes stage against PolNeAR's attributions (issue 5).

PolNeAR gives each article as `text/NAME.txt` and its attributions as BRAT standoff in
`attributions/NAME_<annotator>.ann`: `T` lines are spans (Source, Cue, Content, possibly
discontinuous as `a b;c d`), `E` lines tie one attribution's Source, Cue and Content together.
Where two annotators did an article, the first file in sorted order is used.

Each article's text goes through the real pipeline, every configured stage up to the one that
adds the quotes, in batches with one model load. The clean stage is replaced by a verbatim one
(`Verbatim`) whose clean text is the original text with a length-preserving normalisation of
odd spaces, so system offsets index the gold text directly and need no mapping. PolNeAR texts
start with their headline on the first line, so that line becomes the title section, as the
clean stage would make it.

Definitions:

- content match: a system quote and a gold attribution share at least half of the shorter of
  the two contents, counting the characters the quote's span shares with the gold content's
  pieces (not the pieces' union extent, which would count the text between them);
  pairs are matched one to one, greedily by overlap;
- speaker right (on matched pairs whose gold has a Source): the quote's speaker actor has a
  mention overlapping the gold Source, or the quote's `speaker_span` does;
- end to end: content matched and speaker right.

Content P = matched / system quotes, R = matched / gold attributions. Gold attributions
without a Source count only towards content: end-to-end recall is over gold with a Source,
and end-to-end precision over system quotes less those matched to source-less gold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newswatch.clean import INVISIBLE_CHARS, ODD_SPACE_CHARS, Clean
from newswatch.evaluate import Score, f1
from newswatch.options import Options
from newswatch.pipeline import Pipeline, Work, stages_through
from newswatch.schema import Article, Quote, Section, Source, Span, article_id

DEFAULT_SPLIT = "dev"
GOLD_FOLDER = "polnear"

# Characters the clean stage turns into a plain space or drops; here each becomes one space so
# that offsets do not move.
_ODD_SPACES = re.compile(f"[{ODD_SPACE_CHARS}{INVISIBLE_CHARS}]")
_ROLE_DIGITS = re.compile(r"\d+$")  # "Content2" is a second piece of content


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: its content pieces and its source pieces (none when unsaid)."""

    content: tuple[Span, ...]
    source: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One PolNeAR article with its attributions from one annotator."""

    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


# The system under test: an article (text, actors, quotes) per gold article, None when skipped.
Extract = Callable[[Sequence[GoldArticle]], Iterable[Article | None]]


@dataclass(slots=True)
class Tally:
    """Counts over all articles."""

    gold: int = 0
    gold_with_source: int = 0
    system: int = 0
    matched: int = 0
    matched_with_source: int = 0
    matched_without_source: int = 0
    speaker_right: int = 0

    def score(self, items: int) -> Score:
        """Content P/R/F1 with speaker accuracy and end-to-end figures as extras."""
        precision = _ratio(self.matched, self.system)
        recall = _ratio(self.matched, self.gold)
        e2e_p = _ratio(self.speaker_right, self.system - self.matched_without_source)
        e2e_r = _ratio(self.speaker_right, self.gold_with_source)
        extra = {
            "speaker_accuracy": _ratio(self.speaker_right, self.matched_with_source),
            "e2e_p": e2e_p,
            "e2e_r": e2e_r,
            "e2e_f1": f1(e2e_p, e2e_r),
            "gold": float(self.gold),
            "system": float(self.system),
            "matched": float(self.matched),
        }
        return Score("polnear quotes", precision, recall, f1(precision, recall), items, extra)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# --- reading the gold ---------------------------------------------------------------------------


def find_gold(path: Path) -> Path | None:
    """The split folder (holding `text/` and `attributions/`) for `path`; None when absent.

    `path` may be the split itself, the polnear folder or the shared data root; the latter two
    mean their dev split.
    """
    for candidate in (path, path / DEFAULT_SPLIT, path / GOLD_FOLDER / DEFAULT_SPLIT):
        if (candidate / "text").is_dir() and (candidate / "attributions").is_dir():
            return candidate
    return None


def read_articles(folder: Path) -> list[GoldArticle]:
    """Every article of a split with an annotation file, in name order."""
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]  # NAME_<annotator>
        chosen.setdefault(name, ann)  # the first annotator in sorted order
    articles = []
    for name, ann in chosen.items():
        text_path = folder / "text" / f"{name}.txt"
        if text_path.is_file():
            attributions = parse_ann(ann.read_text("utf-8"))
            articles.append(GoldArticle(name, text_path.read_text("utf-8"), attributions))
    return articles


def parse_ann(content: str) -> tuple[GoldAttribution, ...]:
    """The attributions of one BRAT standoff file, in the order of their `E` lines."""
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in content.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            spans[fields[0]] = parse_spans(fields[1])
        elif line.startswith("E") and len(fields) >= 2:
            events.append([_argument(arg) for arg in fields[1].split()])
    return tuple(_attribution(args, spans) for args in events)


def parse_spans(field: str) -> tuple[Span, ...]:
    """The pieces of a `T` line's "Type a b;c d" field as (start, end) pairs."""
    _, _, offsets = field.partition(" ")
    pieces = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return tuple(pieces)


def _argument(arg: str) -> tuple[str, str]:
    """("Content", "T3") for "Content2:T3": numbered roles are more of the same role."""
    role, _, ref = arg.partition(":")
    return _ROLE_DIGITS.sub("", role), ref


def _attribution(
    args: list[tuple[str, str]], spans: dict[str, tuple[Span, ...]]
) -> GoldAttribution:
    def pieces(role: str) -> tuple[Span, ...]:
        found = (s for r, ref in args if r == role for s in spans.get(ref, ()))
        return tuple(sorted(found))

    return GoldAttribution(content=pieces("Content"), source=pieces("Source"))


# --- scoring ------------------------------------------------------------------------------------


def score_quotes(folder: Path, options: Options, extract: Extract | None = None) -> Score:
    """Content P/R/F1 of the quotes stage over a PolNeAR split, speaker and e2e as extras.

    `folder` is the split, the polnear folder or the data root (see `find_gold`); `extract`
    replaces the pipeline, for tests.
    """
    gold = find_gold(folder)
    if gold is None:
        raise FileNotFoundError(f"no PolNeAR text/ and attributions/ in {folder}")
    articles = read_articles(gold)
    run = extract or (lambda arts: pipeline_articles(arts, options))
    tally = Tally()
    for article, system in zip(articles, run(articles), strict=True):
        score_article(article.attributions, system, tally)
    return tally.score(len(articles))


def score_article(
    attributions: Sequence[GoldAttribution], system: Article | None, tally: Tally
) -> None:
    """Add one article's gold and system quotes to the tally; a skipped article has none."""
    tally.gold += len(attributions)
    tally.gold_with_source += sum(1 for a in attributions if a.source)
    if system is None:
        return
    tally.system += len(system.quotes)
    for quote_index, gold_index in match(system.quotes, attributions):
        gold = attributions[gold_index]
        tally.matched += 1
        if not gold.source:
            tally.matched_without_source += 1
            continue
        tally.matched_with_source += 1
        tally.speaker_right += speaker_right(system.quotes[quote_index], gold, system)


def match(quotes: Sequence[Quote], gold: Sequence[GoldAttribution]) -> list[tuple[int, int]]:
    """One-to-one (quote index, gold index) pairs whose contents match, greedy by overlap."""
    candidates = []
    for qi, quote in enumerate(quotes):
        for gi, attribution in enumerate(gold):
            common = content_overlap(quote, attribution)
            if common and 2 * common >= _shorter(quote, attribution):
                candidates.append((-common, qi, gi))  # most overlap first, then text order
    pairs, used_q, used_g = [], set(), set()
    for _, qi, gi in sorted(candidates):
        if qi not in used_q and gi not in used_g:
            pairs.append((qi, gi))
            used_q.add(qi)
            used_g.add(gi)
    return pairs


def content_overlap(quote: Quote, gold: GoldAttribution) -> int:
    """Characters the quote's content span shares with the gold content's pieces."""
    return sum(overlap((quote.start, quote.end), piece) for piece in gold.content)


def _shorter(quote: Quote, gold: GoldAttribution) -> int:
    return min(quote.end - quote.start, sum(end - start for start, end in gold.content))


def overlap(a: Span, b: Span) -> int:
    """Characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def speaker_right(quote: Quote, gold: GoldAttribution, article: Article) -> bool:
    """Whether the quote's speaker actor or speaker span overlaps the gold Source."""
    spans = [quote.speaker_span] if quote.speaker_span is not None else []
    actor = next((a for a in article.actors if a.id == quote.speaker), None)
    if quote.speaker is not None and actor is not None:
        spans += actor.mentions
    return any(overlap(span, source) for span in spans for source in gold.source)


# --- running the pipeline -----------------------------------------------------------------------


class Verbatim:
    """Takes the clean stage's place: the clean text is the gold text, so offsets agree.

    Odd spaces become plain ones one for one (the parser handles them worse); the first line is
    the headline, the rest the body.
    """

    name = "newswatch.evaluate.verbatim"
    requires = frozenset({"raw", "source", "published"})
    assigns = frozenset(
        {"text", "id", "title", "standfirst", "sections", "removed", "authors", "publisher"}
    )

    def __call__(self, work: Work) -> None:
        article = work.article
        article.text = _ODD_SPACES.sub(" ", work.raw)
        article.id = article_id(article.text)
        article.sections = verbatim_sections(article.text)
        titles = [s for s in article.sections if s.kind == "title"]
        article.title = article.text[titles[0].start : titles[0].end] if titles else None


def verbatim_sections(text: str) -> list[Section]:
    """A title section for the first line and a body section for the rest, blanks left out."""
    first = re.search(r"\S[^\n]*", text)
    if first is None:
        return []
    head_end = len(first.group().rstrip()) + first.start()
    rest = re.search(r"\S", text[head_end:])
    if rest is None:
        return [Section("body", first.start(), head_end)]
    body_start = head_end + rest.start()
    return [
        Section("title", first.start(), head_end),
        Section("body", body_start, len(text.rstrip())),
    ]


def pipeline_articles(
    articles: Sequence[GoldArticle], options: Options
) -> Iterator[Article | None]:
    """Run the configured stages up to the quotes on each article's text, in batches."""
    stages = replace(options.pipeline, stages=quote_stages(options))
    pipeline = Pipeline(replace(options, pipeline=stages))  # one model load for all articles
    pipeline.stages = [Verbatim() if s.name == Clean.name else s for s in pipeline.stages]
    works = (Work(a.text, Article(source=Source(path=a.name))) for a in articles)
    for work in pipeline.run(works):
        yield work.article if work.skip is None else None


def quote_stages(options: Options) -> tuple[str, ...]:
    """The configured stages up to the last one that adds quotes."""
    return stages_through(options.pipeline.stages, "quotes")
