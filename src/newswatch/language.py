"""Telling English from other languages, cheaply and on evidence.

The parser and every lexicon of newswatch are English, so other languages are skipped. A low
share of English function words alone is not evidence (a sports round-up of names and scores
has almost none), and a page's declared language is often a template's default. So a text is
called another language only when its script says so, or when that language's function words
clearly outnumber English ones (word lists in `data/stopwords.toml`).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import islice

_WORD = re.compile(r"[^\W\d_]+")
_MAX_WORDS = 2000
_MIN_WORDS = 40
# Another language wins when its function words are this much more frequent than English's.
_LEAD = 2.0
_MIN_SHARE = 0.08
# Scripts that say the language by themselves (Han alone could be Chinese or Japanese).
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    text = resources.files("newswatch").joinpath("data/stopwords.toml").read_text("utf-8")
    words = {lang: frozenset(ws) for lang, ws in tomllib.loads(text)["words"].items()}
    english = words["en"]
    return {lang: ws if lang == "en" else ws - english for lang, ws in words.items()}


def identify(text: str) -> str | None:
    """The language of `text` ("en", "de", "cyrillic", "ja"...), or None when too short to say."""
    sample = text[:20_000]
    script = _script(sample)
    if script is not None:
        return script
    words = [m.group().lower() for m in islice(_WORD.finditer(sample), _MAX_WORDS)]
    if len(words) < _MIN_WORDS:
        return None
    return _by_function_words(words)


def _script(sample: str) -> str | None:
    """A non-Latin script that most of the letters are written in."""
    latin = len(_LATIN.findall(sample))
    counts = Counter({lang: len(pattern.findall(sample)) for lang, pattern in _SCRIPTS})
    lang, count = counts.most_common(1)[0]
    if count <= latin:
        return None
    # Japanese mixes kana with Han: any real share of kana makes Han text Japanese.
    return "ja" if lang == "zh" and counts["ja"] > 0.05 * count else lang


def _by_function_words(words: list[str]) -> str:
    counts = Counter(words)
    shares = {
        lang: sum(counts[w] for w in vocab) / len(words)
        for lang, vocab in _function_words().items()
    }
    english = shares.pop("en")
    lang, share = max(shares.items(), key=lambda item: item[1])
    return lang if share >= _MIN_SHARE and share >= _LEAD * english else "en"
