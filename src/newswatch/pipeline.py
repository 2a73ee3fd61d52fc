"""The pipeline runner: stages registered by versioned name, order checked at start-up.

A stage is a callable over one `Work` item (the article record plus what stages share on the
way, such as the spaCy doc). It declares the fields it `requires` and `assigns`, like spaCy's
`Language.component(requires=, assigns=)`, so a misordered pipeline fails before any input is
read. Stages that gain from batching (the parser) also offer `pipe(works)`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from newswatch import deadline
from newswatch.deadline import TimeLimit
from newswatch.errors import E, NewswatchError, Skip
from newswatch.schema import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newswatch.options import Options

log = logging.getLogger(__name__)

# Fields a Work item has before any stage runs.
INITIAL_FIELDS = frozenset({"raw", "source", "published"})

# Modules whose import registers the built-in stages.
_BUILTINS = ("clean", "nlp", "actors", "quotes", "events", "quantities")


@dataclass(slots=True)
class Work:
    """One article on its way through the pipeline."""

    raw: str
    article: Article
    kind: str = "text"  # "text" or "html": what `raw` holds
    doc: Doc | None = None
    skip: Skip | None = None
    notes: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0  # time spent in stages so far, against `analyze.time_limit`


@runtime_checkable
class Stage(Protocol):
    """What the runner needs of a stage."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def __call__(self, work: Work) -> None: ...


@runtime_checkable
class BatchStage(Stage, Protocol):
    """A stage that is faster over a batch of articles."""

    def pipe(self, works: list[Work]) -> None: ...


@runtime_checkable
class ZonedStage(Stage, Protocol):
    """A stage with memory to free after each batch (spaCy's `memory_zone`)."""

    def zone(self) -> AbstractContextManager[object]: ...


StageFactory = Callable[["Options"], Stage]


@dataclass(frozen=True, slots=True)
class StageInfo:
    """A registered stage: its factory and its declared inputs and outputs."""

    name: str
    factory: StageFactory
    requires: frozenset[str]
    assigns: frozenset[str]


_REGISTRY: dict[str, StageInfo] = {}


def register(
    name: str, *, requires: Iterable[str], assigns: Iterable[str]
) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under a versioned name such as `newswatch.quotes.v1`."""

    def decorate(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = StageInfo(name, factory, frozenset(requires), frozenset(assigns))
        return factory

    return decorate


def registered() -> dict[str, StageInfo]:
    """All known stages: the built-in ones and those of installed plugins."""
    for module in _BUILTINS:
        import_module(f"newswatch.{module}")
    # Third-party packages add stages through this entry-point group.
    for ep in entry_points(group="newswatch.stages"):
        ep.load()
    return dict(_REGISTRY)


def check_order(names: Iterable[str]) -> list[StageInfo]:
    """Resolve stage names and check each one's needs are met by those before it."""
    known = registered()
    order = list(names)
    have = set(INITIAL_FIELDS)
    infos = []
    for name in order:
        if name not in known:
            raise NewswatchError(E.E002, name=name, available=", ".join(sorted(known)))
        info = known[name]
        missing = info.requires - have
        if missing:
            raise NewswatchError(
                E.E003, name=name, missing=", ".join(sorted(missing)), order=" -> ".join(order)
            )
        have |= info.assigns
        infos.append(info)
    return infos


def stages_through(names: Iterable[str], field_name: str) -> tuple[str, ...]:
    """The stages up to the last one that adds `field_name`; later ones would cost time only."""
    stages = tuple(names)
    last = [i for i, info in enumerate(check_order(stages)) if field_name in info.assigns]
    return stages[: last[-1] + 1] if last else stages


class Pipeline:
    """Runs the configured stages over batches of articles."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.stages = [info.factory(options) for info in check_order(options.pipeline.stages)]

    def run(self, works: Iterable[Work]) -> Iterator[Work]:
        """Run every stage over the works, batch by batch; yield each finished or skipped."""
        it = iter(works)
        while batch := list(islice(it, self.options.nlp.batch_size)):
            with ExitStack() as zones:
                # What a stage keeps for one batch only (spaCy's strings of its docs) goes
                # when the batch is done, so that memory stays flat over a long run.
                for stage in self.stages:
                    if isinstance(stage, ZonedStage):
                        zones.enter_context(stage.zone())
                for stage in self.stages:
                    self._run_stage(stage, [w for w in batch if w.skip is None])
                for work in batch:
                    work.doc = None  # the doc is large and no longer needed
            yield from batch

    def _run_stage(self, stage: Stage, works: list[Work]) -> None:
        limit = self.options.analyze.time_limit
        if isinstance(stage, BatchStage) and len(works) > 1:
            try:
                # A batch gets one article's time: a batch of news parses in seconds, so a
                # slow one holds an article that must be found and stopped on its own.
                with deadline.limit(limit):
                    stage.pipe(works)
                return
            except (Exception, TimeLimit):
                # One bad article must not sink the batch: redo it one by one to find it.
                log.debug("batch failed in %s; retrying one by one", stage.name, exc_info=True)
        for work in works:
            _run_one(stage, work, limit)


def _run_one(stage: Stage, work: Work, limit: float = 0.0) -> None:
    """Run one stage on one article, turning any failure into a skip with its reason.

    `limit` is the article's time limit in seconds over all its stages (0: none).
    """
    left = limit - work.seconds if limit > 0 else 0.0
    if limit > 0 and left <= 0:
        work.skip = Skip("time limit", f"over {limit:g} s before {stage.name}")
        return
    started = time.monotonic()
    try:
        with deadline.limit(left):
            stage(work)
    except TimeLimit:
        detail = f"{stage.name} ran past {limit:g} s; raise analyze.time_limit"
        work.skip = Skip("time limit", detail)
    except Skip as skip:
        work.skip = skip
    except Exception as exc:
        log.debug("stage %s failed on %s", stage.name, work.article.source.path, exc_info=True)
        work.skip = Skip("internal error", f"{stage.name}: {type(exc).__name__}: {exc}")
    finally:
        work.seconds += time.monotonic() - started


class ExtractStage:
    """A stage that fills one list field of the article from the parsed doc."""

    def __init__(
        self,
        name: str,
        requires: Iterable[str],
        field_name: str,
        extract: Callable[[Work], list[Any]],
    ) -> None:
        self.name = name
        self.requires = frozenset(requires)
        self.assigns = frozenset({field_name})
        self.field_name = field_name
        self.extract = extract

    def __call__(self, work: Work) -> None:
        setattr(work.article, self.field_name, self.extract(work))


def register_extractor(
    name: str, *, requires: Iterable[str], field_name: str, extract: Callable[[Work], list[Any]]
) -> None:
    """Register an `ExtractStage` whose factory needs no options."""
    requires = frozenset(requires)
    register(name, requires=requires, assigns={field_name})(
        lambda _options: ExtractStage(name, requires, field_name, extract)
    )
