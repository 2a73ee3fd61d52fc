"""Publisher boilerplate: rules read from data files, and the paragraph classifier using them.

Rules live in `data/boilerplate.toml` (documented there) plus any user files, so a new
publisher's wording is a data change, not a code change. Matching ignores text inside double
quotation marks: what a person says in a story is never boilerplate. After the rules, the
page's layout (`paragraphs.py`, settings in `data/paragraphs.toml`) removes what lies around
the article on a scraped page: menus above it, related links and reader comments below it.
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newswatch.errors import E, NewswatchError
from newswatch.options import read_toml
from newswatch.paragraphs import Layout, load_layout, locate

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")
_EDGE = " \t.,;:!?·|•–—-*#>()[]"

_LIST_KEYS = ("phrases", "exact", "prefixes", "cues")


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of boilerplate and the evidence that identifies it."""

    reason: str
    max_chars: int = 400
    phrases: tuple[str, ...] = ()
    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    cues: frozenset[str] = frozenset()
    min_cues: int = 0

    def matches(self, plain: str) -> bool:
        """Whether a paragraph (lower-cased, quotes removed) is this boilerplate by itself."""
        if len(plain) > self.max_chars:
            return False
        return (
            plain.strip(_EDGE) in self.exact
            or any(p in plain for p in self.phrases)
            or plain.startswith(self.prefixes)
        )

    def continues(self, plain: str) -> bool:
        """Whether a paragraph next to this boilerplate carries enough of its cue words."""
        if not self.min_cues or len(plain) > self.max_chars:
            return False
        return sum(w in self.cues for w in _WORD.findall(plain)) >= self.min_cues


def plain(text: str) -> str:
    """Lower-case a paragraph and drop quoted speech, the form rules are matched against."""
    return _QUOTED.sub(" ", text.lower()).strip()


class RuleSet(tuple[Rule, ...]):
    """The rules, a tuple as before, carrying the layout settings read from the same files."""

    layout: Layout

    def __new__(cls, rules: Iterable[Rule], layout: Layout) -> RuleSet:
        made = super().__new__(cls, rules)
        made.layout = layout
        return made

    def __getnewargs__(self) -> tuple[tuple[Rule, ...], Layout]:
        # copy and pickle rebuild a tuple subclass from these arguments.
        return tuple(self), self.layout


def load_rules(extra_files: Iterable[str | Path] = ()) -> RuleSet:
    """Read the packaged rules, then user files that extend or add rules by reason.

    A user file's [layout] and [words] tables tune the paragraph classifier the same way.
    """
    packaged = resources.files("newswatch").joinpath("data/boilerplate.toml").read_text("utf-8")
    raw: dict[str, dict[str, Any]] = {}
    _add_rules(raw, tomllib.loads(packaged), "newswatch/data/boilerplate.toml")
    tables = []
    for path in extra_files:
        data = _read(Path(path))
        _add_rules(raw, data, str(path))
        tables.append((str(path), data))
    return RuleSet((_rule(fields) for fields in raw.values()), load_layout(tables))


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, E.E010)


def _add_rules(raw: dict[str, dict[str, Any]], data: dict[str, Any], origin: str) -> None:
    """Merge a file's rules into `raw`: list fields are extended, scalars replaced."""
    for entry in data.get("rule", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("reason"), str):
            raise NewswatchError(E.E010, path=origin, reason="every [[rule]] needs a reason")
        unknown = set(entry) - {"reason", "max_chars", "min_cues", *_LIST_KEYS}
        if unknown:
            raise NewswatchError(E.E010, path=origin, reason=f"unknown keys {sorted(unknown)}")
        merged = raw.setdefault(entry["reason"], {"reason": entry["reason"]})
        for key, value in entry.items():
            if key in _LIST_KEYS:
                merged[key] = [*merged.get(key, []), *(str(v).lower() for v in value)]
            else:
                merged[key] = value


def _rule(fields: dict[str, Any]) -> Rule:
    return Rule(
        reason=fields["reason"],
        max_chars=int(fields.get("max_chars", 400)),
        phrases=tuple(fields.get("phrases", ())),
        exact=frozenset(fields.get("exact", ())),
        prefixes=tuple(fields.get("prefixes", ())),
        cues=frozenset(fields.get("cues", ())),
        min_cues=int(fields.get("min_cues", 0)),
    )


def classify(
    paragraphs: Sequence[str],
    rules: Sequence[Rule],
    *,
    layout: Layout | None = None,
    whole_page: bool = True,
) -> list[str | None]:
    """Return the boilerplate reason of each paragraph, or None for content.

    Paragraphs are first matched alone; then each rule's blocks grow over neighbours that
    carry its cue words; then, when the text is a whole scraped page, what lies around the
    article goes too (`paragraphs.locate`). `whole_page=False` is for an article body already
    cut out of its page (by an HTML extractor): only the rules apply. `layout` defaults to the
    one loaded with `rules`, or the packaged one.
    """
    plains = [plain(p) for p in paragraphs]
    reasons: list[str | None] = [_first_match(p, rules) for p in plains]
    _grow(reasons, plains, {r.reason: r for r in rules})
    if not whole_page:
        return reasons
    if layout is None:
        layout = rules.layout if isinstance(rules, RuleSet) else _packaged_layout()
    return locate(paragraphs, reasons, layout)


def _grow(reasons: list[str | None], plains: Sequence[str], by_reason: dict[str, Rule]) -> None:
    """Grow each removed block over neighbours with its rule's cue words.

    A queue of newly removed paragraphs, each looked at once, keeps this linear; taking them
    in order means a paragraph between two blocks joins the one before it.
    """
    pending = deque(i for i, reason in enumerate(reasons) if reason is not None)
    while pending:
        i = pending.popleft()
        rule = by_reason.get(reasons[i] or "")
        for j in (i - 1, i + 1):
            if rule is None or not 0 <= j < len(reasons) or reasons[j] is not None:
                continue
            if rule.continues(plains[j]):
                reasons[j] = rule.reason
                pending.append(j)


@cache
def _packaged_layout() -> Layout:
    return load_layout()


def _first_match(text: str, rules: Sequence[Rule]) -> str | None:
    return next((r.reason for r in rules if r.matches(text)), None)
