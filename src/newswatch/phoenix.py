"""Reader for the Phoenix/PETRARCH actor dictionaries packaged in `data/actors/phoenix/`.

The format (TABARI 0.8 / PETRARCH): a headword `NAME_ [CODE]`, synonyms on `+` lines, and
indented `[CODE date-restriction]` lines; `#` starts a comment. As in PETRARCH's reader,
consecutive headwords without a code share the codes of the block that follows, and `[---]`
marks a phrase that is no actor. Date restrictions are `yymmdd-yymmdd`, `>yymmdd`, `<yymmdd`,
with eight-digit years allowed; as in PETRARCH, yy <= 30 is 20yy, else 19yy. The dictionaries
are MIT-licensed by the Open Event Data Alliance (see `data/actors/phoenix/README.md`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from newswatch.knowledge import Entry, Tenure, is_country

_HEADWORD = re.compile(r"\n(?=[^+#\s<])")  # a headword starts a line with no + # < or space
_COMMENT = re.compile(r"#[^\n]*")
_ALIAS = re.compile(r"^\+([^\n]*)", re.M)
_MARK = re.compile(r"^[^#\n][^\n]*(?:CountryInfo|IGOrulers)", re.M)  # not in a comment line
_BRACKET = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(r"[A-Z0-9]{3}(?:[A-Z0-9]{3}){0,5}(?: |$)")  # drops "[---]" and typos
_RESTRICTION = re.compile(r"([<>]?)\s*(\d+)(?:\s*-\s*(\d+))?")
# Words that make a dated headword an institution rather than a person.
# fmt: off
_ORG_WORDS = frozenset({
    "agency", "alliance", "army", "assembly", "association", "authority", "bank", "battalion",
    "board", "brigade", "brigades", "bureau", "cabinet", "central", "coalition", "command",
    "commission", "committee", "congress", "council", "court", "declaration", "department",
    "directorate", "duma", "federation", "force", "forces", "front", "government", "guard",
    "house", "islamic", "jaish", "league", "liberation", "ministry", "movement", "national",
    "navy", "observatory", "office", "organization", "organisation", "parliament", "party",
    "police", "politburo", "presidium", "republic", "republica", "secretariat", "senate",
    "service", "soviet", "union",
})
# fmt: on


@dataclass(slots=True)
class Record:
    """One dictionary record as read: raw phrases (headword first) and raw `[...]` contents.

    Turning a record into an `Entry` (readable names, dates) is left until the entry is
    looked up: most of the 27,000 records never are, and loading must stay fast.
    """

    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    person_mark: bool = False
    file_kind: str = "organization"

    @property
    def country(self) -> str | None:
        """The first country root among the codes."""
        return next((c[:3] for c in self.codes if is_country(c[:3])), None)

    @property
    def kind(self) -> str:
        """Country for bare country codes, person for office holders, else the file's kind."""
        if any(c[3:4] in ("", " ") and is_country(c[:3]) for c in self.codes):
            return "country"
        if self.person_mark:
            return "person"  # the scripts generating the files mark office holders
        if not _ORG_WORDS.isdisjoint(self.names[0].lower().replace("_", " ").split()):
            return self.file_kind
        if any(" " in c or c.endswith("ELI") for c in self.codes):
            return "person"  # dated offices, or CAMEO's "elite"
        return self.file_kind


def scan(text: str, kind: str) -> list[Record]:
    """Records of one dictionary; `kind` is the file's kind for records that are no person.

    The text is cut into chunks at each headword and each chunk read with regular
    expressions: a loop over 65,000 lines in Python would take most of the load time.
    """
    records: list[Record] = []
    pending = Record(file_kind=kind)  # headwords without a code wait for the next codes
    for chunk in _HEADWORD.split(text):
        body = _COMMENT.sub("", chunk) if "#" in chunk else chunk
        headword, _, rest = body.partition("\n")
        name, bracket, inline = headword.partition("[")
        pending.names += [name, *_ALIAS.findall(rest)]
        if ("CountryInfo" in chunk or "IGOrulers" in chunk) and _MARK.search(chunk):
            pending.person_mark = True  # the scripts generating the files mark office holders
        found = _BRACKET.findall(bracket + inline + rest)
        if found:  # "[---]" counts: it ends the record, as "no actor"
            pending.codes = [c for c in map(str.strip, found) if _CODE.match(c)]
            pending.names = [n.strip() for n in pending.names if n.strip(" _")]
            if pending.names and pending.codes:
                records.append(pending)
            pending = Record(file_kind=kind)
    return records


def merge(old: Record, new: Record) -> Record:
    """A record read again later in the files: its headword first, its codes last (they win)."""
    return Record(
        names=[new.names[0], *old.names, *new.names[1:]],
        codes=old.codes + [c for c in new.codes if c not in old.codes],
        person_mark=old.person_mark or new.person_mark,
        file_kind=new.file_kind,
    )


def entry(record: Record) -> Entry:
    """The record as an entry: readable names, dated tenures, its undated code."""
    default: str | None = None
    tenures: list[Tenure] = []
    for inner in record.codes:
        code, _, restriction = inner.partition(" ")
        if not restriction:
            default = code
        elif (tenure := _tenure(code, restriction)) is not None:
            tenures.append(tenure)
    names = list(dict.fromkeys(title_name(n) for n in record.names))
    return Entry(
        name=names[0],
        kind=record.kind,
        country=record.country,
        gender=None,
        aliases=tuple(names[1:]),
        code=default,
        tenures=tuple(tenures),
        source="phoenix",
    )


def decode(data: bytes) -> str:
    """UTF-8, except for the odd Windows-1252 line; without the stray NUL and ^Z bytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "\n".join(_decode_line(line) for line in data.split(b"\n"))
    return text.replace("\x00", "").replace("\x1a", "")


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


# Title-casing a Phoenix phrase: small words stay lower case, acronyms upper case.
_SMALL_WORDS = re.compile(
    r"(?<= )(?:Of|The|And|For|In|On|At|To|De|Del|Der|Di|Da|Du|La|Le|Van|Von)(?= )"
)
_ACRONYM = re.compile(
    r"(?<=\()[A-Z]{2,}(?=\))|\b(?:[B-DF-HJ-NP-TV-XZ]{2,}|UN|US|EU|UK|AU|[A-Z]\.(?:[A-Z]\.)+)(?![\w'])"
)
_APOSTROPHE_S = re.compile(r"(?<=\w')S\b")


def title_name(raw: str) -> str:
    """A readable name from a Phoenix phrase: "VLADIMIR_PUTIN_" -> "Vladimir Putin".

    Regular expressions over the whole phrase, not a loop over words: the Phoenix files have
    90,000 names and the knowledge base must load in well under a second.
    """
    text = " ".join(raw.replace("_", " ").split())
    if text.startswith("THE ") and len(text) > 8:
        text = text[4:]  # "THE_EUROPEAN_UNION_": "the" is optional in lookups anyway
    if not text.isupper():
        return text  # written in mixed case already
    if len(text) <= 4 and text.isalpha():
        return text  # NATO, IAEA
    titled = _APOSTROPHE_S.sub("s", _SMALL_WORDS.sub(lambda m: m[0].lower(), text.title()))
    if len(titled) != len(text):
        return titled  # title() changed the length (rare letters): no acronym positions
    for found in _ACRONYM.finditer(text):
        titled = titled[: found.start()] + found[0] + titled[found.end() :]
    return titled


def _tenure(code: str, restriction: str) -> Tenure | None:
    """`<d`, `>d`, `d-d` or a bare start date; None when a date cannot be read."""
    found = _RESTRICTION.search(restriction)
    if found is None:
        return None
    op, first, second = found.groups()
    one, two = _date(first), _date(second) if second else None
    if one is None or (second and two is None):
        return None
    if op == "<":
        return Tenure(None, code, None, one)
    if two is not None and two < one:
        return None  # PETRARCH skips reversed intervals too
    return Tenure(None, code, one, two)


def _date(digits: str) -> str | None:
    """ISO date of `yymmdd` or `yyyymmdd`; a few typos have 9 or 10 digits, tried as 8."""
    if len(digits) == 6:
        # PETRARCH's own rule (dstr_to_ordate): yy <= 30 is 20yy. The files were written for
        # it: years up to 1930 have eight digits, and "331108" is 1933 (Zahir Shah's accession).
        digits = ("20" if int(digits[:2]) <= 30 else "19") + digits
    elif len(digits) in (9, 10):
        tail, head = digits[-8:], digits[:8]
        digits = tail if tail[:2] in ("19", "20") else head
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat()
    except ValueError:
        return None
