"""Publisher boilerplate: rules read from data files, and the paragraph classifier using them.

Rules live in `data/boilerplate.toml` (documented there) plus any user files, so a new
publisher's wording is a data change, not a code change. Matching ignores text inside double
quotation marks: what a person says in a story is never boilerplate.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from newswatch.errors import E, NewswatchError

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


def load_rules(extra_files: Iterable[str | Path] = ()) -> tuple[Rule, ...]:
    """Read the packaged rules, then user files that extend or add rules by reason."""
    packaged = resources.files("newswatch").joinpath("data/boilerplate.toml").read_text("utf-8")
    raw: dict[str, dict[str, Any]] = {}
    _add_rules(raw, tomllib.loads(packaged), "newswatch/data/boilerplate.toml")
    for path in extra_files:
        _add_rules(raw, _read(Path(path)), str(path))
    return tuple(_rule(fields) for fields in raw.values())


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise NewswatchError(E.E010, path=path, reason=exc) from exc


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


def classify(paragraphs: Sequence[str], rules: Sequence[Rule]) -> list[str | None]:
    """Return the boilerplate reason of each paragraph, or None for content.

    Paragraphs are first matched alone; then each rule's blocks grow over neighbours that
    carry its cue words, until nothing changes.
    """
    plains = [plain(p) for p in paragraphs]
    reasons: list[str | None] = [_first_match(p, rules) for p in plains]
    by_reason = {r.reason: r for r in rules}
    changed = True
    while changed:
        changed = False
        for i, reason in enumerate(reasons):
            if reason is not None:
                continue
            for j in (i - 1, i + 1):
                rule = by_reason.get(reasons[j] or "") if 0 <= j < len(reasons) else None
                if rule is not None and rule.continues(plains[i]):
                    reasons[i], changed = rule.reason, True
                    break
    return reasons


def _first_match(text: str, rules: Sequence[Rule]) -> str | None:
    return next((r.reason for r in rules if r.matches(text)), None)
