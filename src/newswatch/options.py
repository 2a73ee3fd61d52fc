"""One options object, built once: packaged defaults, then a user TOML file, then CLI flags.

The packaged `data/defaults.toml` is the only place defaults are written down; the dataclasses
below only give them types. TOML has no null, so an empty string means "not set" for the
optional string options. Unknown keys and wrong types fail at once with a coded error.
"""

from __future__ import annotations

import tomllib
import types
from dataclasses import dataclass, fields, is_dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Self, Union, get_args, get_origin, get_type_hints

from newswatch.errors import E, NewswatchError


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Reading inputs."""

    max_bytes: int
    min_chars: int
    require_english: bool
    suffixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Plain-text cleaning."""

    title_max_chars: int
    standfirst_max_chars: int
    rule_files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NlpOptions:
    """The spaCy pipeline."""

    model: str | None
    batch_size: int

    def __post_init__(self) -> None:
        # islice() yields nothing for 0 and fails for less: every input would be lost.
        if self.batch_size < 1:
            raise NewswatchError(
                E.E006,
                key="nlp.batch_size",
                origin="options",
                expected="a positive int",
                got=self.batch_size,
            )


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """Which stages run, in order."""

    stages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoreOptions:
    """Where records are stored."""

    db: str | None
    out: str | None  # a folder of Parquet shards, written by the workers (instead of `db`)
    resume: bool  # skip inputs already processed into `db` or `out`


@dataclass(frozen=True, slots=True)
class ScaleOptions:
    """Where the work runs: this process, worker processes, or a Dask cluster."""

    workers: int
    dask: str | None
    task_size: int
    in_flight: int

    def __post_init__(self) -> None:
        # Zero workers, empty tasks or no task in flight would never analyse anything.
        _check_positive("scale.workers", self.workers, allow_zero=False)
        _check_positive("scale.task_size", self.task_size, allow_zero=False)
        _check_positive("scale.in_flight", self.in_flight, allow_zero=False)


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    """Per-run facts about the articles, and what one article may cost."""

    date: str | None
    time_limit: float
    max_chars: int

    def __post_init__(self) -> None:
        _check_positive("analyze.time_limit", self.time_limit, allow_zero=True)
        _check_positive("analyze.max_chars", self.max_chars, allow_zero=False)


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Downloading pages and feeds over HTTP (`newswatch fetch`, `newswatch watch`)."""

    connect_timeout: float
    read_timeout: float
    total_timeout: float
    retries: int
    backoff: float
    max_wait: float
    max_bytes: int
    max_redirects: int
    min_delay: float
    user_agent_suffix: str | None

    def __post_init__(self) -> None:
        # Negative counts or waits would make retry loops and sleeps misbehave, not just slow.
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            _check_positive(f"fetch.{name}", getattr(self, name), allow_zero=False)
        for name in ("retries", "backoff", "max_wait", "max_bytes", "max_redirects", "min_delay"):
            _check_positive(f"fetch.{name}", getattr(self, name), allow_zero=True)


@dataclass(frozen=True, slots=True)
class ActorsOptions:
    """Actor resolution: extra knowledge base files (TOML, format of data/actors/README.md)."""

    kb_files: tuple[str, ...]
    role_files: tuple[str, ...]  # extra role, mention and name word files


@dataclass(frozen=True, slots=True)
class QuotesOptions:
    """Quote attribution: extra reporting-verb files (TOML, the format of
    data/reporting_verbs.toml)."""

    verb_files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimexOptions:
    """Date expressions: extra word files (TOML, the format of data/timex.toml)."""

    word_files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Exports: extra CAMEO files (TOML, the format of data/cameo.toml)."""

    cameo_files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuantitiesOptions:
    """Quantities: extra word files (TOML, the formats of data/quantities.toml, numbers.toml)."""

    unit_files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventsOptions:
    """Event coding: extra trigger lexicon files and which sections to code."""

    lexicon_files: tuple[str, ...]  # extra trigger files (format of data/events/README.md)
    section_kinds: tuple[str, ...]  # sections whose sentences are coded


def _check_positive(key: str, value: float, *, allow_zero: bool) -> None:
    if value < 0 or (value == 0 and not allow_zero):
        expected = "zero or more" if allow_zero else "more than zero"
        raise NewswatchError(E.E006, key=key, origin="options", expected=expected, got=value)


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting of a run, passed explicitly to whatever needs it."""

    ingest: IngestOptions
    clean: CleanOptions
    nlp: NlpOptions
    pipeline: PipelineOptions
    store: StoreOptions
    analyze: AnalyzeOptions
    fetch: FetchOptions
    actors: ActorsOptions
    quotes: QuotesOptions
    timex: TimexOptions
    export: ExportOptions
    quantities: QuantitiesOptions
    events: EventsOptions
    scale: ScaleOptions

    @classmethod
    def load(
        cls, user_file: str | Path | None = None, overrides: dict[str, Any] | None = None
    ) -> Self:
        """Build options from packaged defaults, a user TOML file, then `section.key` overrides."""
        text = resources.files("newswatch").joinpath("data/defaults.toml").read_text("utf-8")
        data = tomllib.loads(text)
        origins: dict[str, str] = {}  # option key -> where its value came from, for errors
        if user_file is not None:
            _merge(data, read_toml(Path(user_file)), str(user_file), origins)
        for dotted, value in (overrides or {}).items():
            section, _, key = dotted.partition(".")
            _merge(data, {section: {key: value}}, "command-line flags", origins)
        options: Self = _build(cls, data, "", origins)
        return options


def read_toml(path: Path, code: E = E.E004) -> dict[str, Any]:
    """A user TOML file (options, rules, word lists), or the coded error naming it."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise NewswatchError(code, path=path, reason=exc) from exc


def _merge(
    base: dict[str, Any],
    extra: dict[str, Any],
    origin: str,
    origins: dict[str, str],
    prefix: str = "",
) -> None:
    """Overlay `extra` on `base`, refusing keys the defaults do not have."""
    for key, value in extra.items():
        if key not in base:
            known = ", ".join(sorted(base))
            raise NewswatchError(E.E005, key=prefix + key, origin=origin, known=known)
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                expected = "a table of options"
                raise NewswatchError(
                    E.E006, key=prefix + key, origin=origin, expected=expected, got=value
                )
            _merge(base[key], value, origin, origins, f"{prefix}{key}.")
        else:
            base[key] = value
            origins[prefix + key] = origin


def _build(cls: type[Any], data: dict[str, Any], prefix: str, origins: dict[str, str]) -> Any:
    hints = get_type_hints(cls)
    kwargs = {}
    for f in fields(cls):
        key, hint = prefix + f.name, hints[f.name]
        kwargs[f.name] = (
            _build(hint, data[f.name], key + ".", origins)
            if isinstance(hint, type) and is_dataclass(hint)
            else _coerce(hint, data[f.name], key, origins.get(key, "the packaged defaults"))
        )
    return cls(**kwargs)


def _coerce(hint: Any, value: Any, key: str, origin: str) -> Any:
    """Check one value against its annotation; '' becomes None for optional strings."""
    kind = get_origin(hint)
    if kind in (Union, types.UnionType) and type(None) in get_args(hint):
        return None if value in ("", None) else _coerce(str, value, key, origin)
    if kind is tuple:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        expected = "a list of strings"
        raise NewswatchError(E.E006, key=key, origin=origin, expected=expected, got=value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # TOML `read_timeout = 5` means 5.0
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise NewswatchError(E.E006, key=key, origin=origin, expected=hint.__name__, got=value)
    return value
