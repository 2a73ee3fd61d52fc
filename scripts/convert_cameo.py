"""Convert the CAMEO 2.0 verb dictionary and the CAMEO-to-PLOVER table into newswatch data files.

Usage (from the repository root, with the project's shared data next to it):

    python scripts/convert_cameo.py ../shared/data

writes

- `src/newswatch/data/events/cameo_verbs.toml`: the verb groups of `phoenix/CAMEO.2.0.txt`
  (Open Event Data Alliance, MIT; its licence header is kept), each with its verbs, their
  CAMEO codes and the group's object patterns, simplified to the words that follow the verb;
- `src/newswatch/data/events/cameo_plover.toml`: CAMEO code -> PLOVER type and mode, the facts
  of `plover/CAMEO2PLOVER-2021.txt` (PLOVER manual draft 0.8, CC BY-SA 4.0, attributed).

Simplifications of the PETRARCH pattern language, on purpose: only words after the verb (`*`)
are kept; patterns that constrain the subject (words before `*`) and the markers `$ + % ^`
are dropped; `(...)` and `{...}` become plain words; `&SET` stays a reference to a synonym
set, written out in `[synonyms]`. A code written `042:043` keeps its first part, `:173` its
second, and `---` means "no event".
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newswatch" / "data" / "events"
_CODE = re.compile(r"\[([^\]]*)\]")
_GROUP = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")


def code_of(raw: str) -> str:
    """A CAMEO code as written in brackets: the first non-empty part, '' for none."""
    for part in raw.replace("-", "").split(":"):
        if part.strip().isdigit():
            return part.strip()
    return ""


def header(lines: list[str]) -> list[str]:
    """The comment block before the synonym sets: credits and the MIT licence."""
    out = []
    for line in lines:
        if line.startswith("####### SYNONYM"):
            break
        out.append(line.rstrip())
    return out


def word(raw: str) -> str:
    """A dictionary word in newswatch's form: lower case, `_` joins words, none trailing."""
    return raw.strip().strip("_").replace("_", " ").lower()


def synonyms(lines: list[str]) -> dict[str, list[str]]:
    """The `&NAME` synonym sets with their `+WORD` members."""
    sets: dict[str, list[str]] = {}
    name = None
    for line in lines:
        text = line.split("#")[0].strip()
        if text.startswith("&"):
            name = word(text[1:])
            sets[name] = []
        elif text.startswith("+") and name is not None:
            sets[name].append(word(text[1:]))
        elif text.startswith("---"):
            break
    return {k: sorted(set(v)) for k, v in sets.items() if v}


def pattern(text: str) -> tuple[str, str] | None:
    """A `- words * words [code]` line as (words after the verb, code), or None if dropped."""
    found = _CODE.search(text)
    if not found or "*" not in text:
        return None
    body = text[1 : found.start()]
    before, _, after = body.partition("*")
    if before.strip():
        return None  # constrains the subject; not kept
    words = [
        w.lower().replace("_", " ").strip()
        for w in re.sub(r"[(){}]", " ", after).split()
        if w not in ("$", "+", "%", "^")
    ]
    words = [w for w in words if (w and w[0].isalpha()) or w.startswith("&")]
    return " ".join(words), code_of(found.group(1))


def verb_line(text: str) -> tuple[str, str] | None:
    """A verb line (`ACCUSE [112]`, `+RULE_OUT`, `HURRY {HURRIES ...}`) as (lemma, code)."""
    text = re.sub(r"\{[^}]*\}", " ", text.split("#", maxsplit=1)[0]).strip()
    if not text:
        return None
    found = _CODE.search(text)
    code = code_of(found.group(1)) if found else ""
    lemma = text[: found.start()] if found else text
    lemma = word(lemma.strip().lstrip("+").split()[0]) if lemma.strip() else ""
    return (lemma, code) if lemma and not lemma.startswith("&") else None


def groups(lines: list[str]) -> list[dict[str, object]]:
    """Every verb group after the `VERB PATTERNS` line."""
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    found: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for line in lines[start + 1 :]:
        head = _GROUP.match(line)
        if head:
            current = {"group": head.group(1), "cameo": code_of(head.group(2)), "lemmas": {},
                       "patterns": []}  # fmt: skip
            found.append(current)
            continue
        text = line.strip()
        if current is None or not text or text.startswith("#"):
            continue
        if text.startswith("-"):
            item = pattern(text)
            if item and item[0]:
                patterns = current["patterns"]
                assert isinstance(patterns, list)
                if list(item) not in patterns:
                    patterns.append(list(item))
        else:
            verb = verb_line(text)
            lemmas = current["lemmas"]
            assert isinstance(lemmas, dict)
            if verb and verb[0] not in lemmas:
                lemmas[verb[0]] = verb[1]
    return [g for g in found if g["lemmas"]]


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_verbs(source: Path) -> None:
    lines = source.read_text("utf-8", errors="replace").splitlines()
    out = ["# Generated by scripts/convert_cameo.py from CAMEO.2.0.txt; do not edit by hand:",
           "# add entries in triggers.toml or a user file instead (format: events/README.md).",
           "# The original file's header and licence follow.", "#"]  # fmt: skip
    out += ["# " + line.lstrip("# ").rstrip() if line.strip() != "#" else "#"
            for line in header(lines)]  # fmt: skip
    out += ["", "[synonyms]"]
    for name, members in synonyms(lines).items():
        out.append(f"{quote(name)} = [{', '.join(quote(m) for m in members)}]")
    for group in groups(lines):
        lemmas = group["lemmas"]
        patterns = group["patterns"]
        assert isinstance(lemmas, dict) and isinstance(patterns, list)
        out += ["", "[[verbs]]", f"group = {quote(str(group['group']))}",
                f"cameo = {quote(str(group['cameo']))}",
                "lemmas = {" + ", ".join(f"{quote(k)} = {quote(v)}" for k, v in lemmas.items())
                + "}"]  # fmt: skip
        if patterns:
            out.append("patterns = [")
            out += [f"  [{quote(w)}, {quote(c)}]," for w, c in patterns]
            out.append("]")
    (OUT / "cameo_verbs.toml").write_text("\n".join(out) + "\n", "utf-8")


def write_plover(source: Path) -> None:
    out = ["# CAMEO code -> PLOVER event type and mode. Generated by scripts/convert_cameo.py",
           "# from CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, 17 September 2021, edited by",
           "# Philip Schrodt; Open Event Data Alliance, CC BY-SA 4.0). Codes not listed fall",
           "# back to their longest listed prefix. newswatch's own additions are in",
           "# triggers.toml ([plover] table).", "", "[plover]"]  # fmt: skip
    seen = set()
    for line in source.read_text("utf-8").splitlines():
        head, sep, rest = line.partition(":")
        if not sep or not head.strip().isdigit():
            continue
        fields = [f.strip() for f in rest.split("#")[0].split(",")]
        code, kind = head.strip(), fields[0]
        mode = fields[1] if len(fields) > 1 else ""
        if code in seen or not kind:
            continue
        seen.add(code)
        out.append(f"{quote(code)} = [{quote(kind)}, {quote(mode)}]")
    (OUT / "cameo_plover.toml").write_text("\n".join(out) + "\n", "utf-8")


def main(shared: str) -> None:
    root = Path(shared)
    OUT.mkdir(parents=True, exist_ok=True)
    write_verbs(root / "phoenix" / "CAMEO.2.0.txt")
    write_plover(root / "plover" / "CAMEO2PLOVER-2021.txt")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
