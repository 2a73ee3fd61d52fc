"""Write the hostile input corpus: files built to break a reader, a cleaner or a parser.

    python scripts/make_hostile.py tests/data/hostile     # the small cases (committed)
    python scripts/make_hostile.py /tmp/hostile --all     # every case, the 50 MB one too

Every case names the outcomes it may have: "article" (analysed, with a valid record) or a skip
reason. Containers (WARC, JSON Lines) have several records, so several outcomes; `require`
lists those that must appear. The bytes are deterministic (seeded, no timestamps), so the
committed small cases can be checked against this script. Cases over `COMMIT_BYTES`, and the
`big` ones that only exist to be too large, are written at test time only, never committed.
Special files (a FIFO, links) are made by `make_special` at test time too: git cannot hold
them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ARTICLE = "article"
TITLE = "Ministers meet in Brussels over trade talks"
STANDFIRST = "Talks on tariffs resumed on Monday after a week of delays"
BODY = (
    "The British trade secretary met her French counterpart in Brussels on Monday morning.",
    "“We will keep talking until we have a deal,” she told reporters after the meeting.",
    "Officials said a second round of talks would take place next month in Paris.",
    "The European Commission said it welcomed the talks and urged both sides to agree.",
)


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input: its file name, how to make it, and the outcomes allowed."""

    name: str
    make: Callable[[], bytes]
    expect: tuple[str, ...]
    require: tuple[str, ...] = ()
    big: bool = False  # generated at test time only: too large to commit

    def outcomes(self) -> set[str]:
        """Every outcome this case may have."""
        return set(self.expect) | set(self.require)


def text(*body: str, title: str = TITLE, standfirst: str = STANDFIRST) -> str:
    """A plain-text article: headline, standfirst, then paragraphs, one per line."""
    return "\n\n".join([title, standfirst, *(body or BODY)]) + "\n"


def utf8(value: str) -> bytes:
    """The UTF-8 bytes of a text; surrogates pass through so broken text can be written."""
    return value.encode("utf-8", "surrogatepass")


def page(body_html: str = "", head: str = "", doctype: str = "<!DOCTYPE html>") -> str:
    """An HTML article page; `body_html` goes inside the article after the usual paragraphs."""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        f"{doctype}<html lang='en'><head><meta charset='utf-8'><title>{TITLE}</title>{head}"
        f"</head><body><article><h1>{TITLE}</h1><p class='standfirst'>{STANDFIRST}</p>"
        f"{paragraphs}{body_html}</article></body></html>"
    )


def seeded(n: int, seed: int) -> bytes:
    """`n` random bytes, the same every time."""
    return random.Random(seed).randbytes(n)


def gz(data: bytes) -> bytes:
    """Gzip with no timestamp, so the bytes are reproducible."""
    return gzip.compress(data, mtime=0)


# ---- binary files --------------------------------------------------------------------------


def png() -> bytes:
    """A PNG header and chunk followed by random bytes."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + seeded(4096, 1)


def zip_file() -> bytes:
    """A real ZIP archive holding a text file (fixed date, so reproducible)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("story.txt", (2017, 3, 31, 0, 0, 0)), text())
    return buffer.getvalue()


def elf() -> bytes:
    """An ELF executable header and padding."""
    return b"\x7fELF\x02\x01\x01\x00" + bytes(56) + seeded(2048, 2)


# ---- encodings and characters --------------------------------------------------------------


def with_nuls() -> bytes:
    """English text with a NUL byte every 40 bytes."""
    data = utf8(text())
    return b"\x00".join(data[i : i + 40] for i in range(0, len(data), 40))


def mixed_encodings() -> bytes:
    """UTF-8, cp1252 and latin-1 paragraphs in one file."""
    parts = [
        utf8(f"{TITLE}\n\n{STANDFIRST}\n\n{BODY[0]} The café was full.\n\n"),
        "“Talks will resume,” the envoy said in the café.\n\n".encode("cp1252"),
        "The minister's aide, Ms Müller, said: «nothing is agreed».\n".encode("latin-1"),
    ]
    return b"".join(parts)


def invalid_utf8() -> bytes:
    """Mostly ASCII English with stray bytes no UTF-8 decoder accepts."""
    return utf8(text()).replace(b"met her", b"met\xff\xfe her").replace(b"said", b"sa\xc3(id")


def bidi() -> bytes:
    """Right-to-left text, bidi overrides and marks inside English sentences."""
    body = (
        f"\u202e{BODY[0]}\u202c The talks were covered by \u200fالجزيرة\u200f and "
        "\u05d4\u05d0\u05e8\u05e5 reporters.",
        f"\u2067{BODY[1]}\u2069 said the minister, quoted by \u202bقناة\u202c.",
        *BODY[2:],
    )
    return utf8(text(*body))


def zero_width() -> bytes:
    """Zero-width spaces, joiners and non-joiners between every character of the body."""
    marks = "\u200b\u200c\u200d\u2060\ufeff"
    body = ["".join(c + marks[i % len(marks)] for i, c in enumerate(p)) for p in BODY]
    return utf8(text(*body))


def zalgo() -> bytes:
    """Words buried under dozens of combining marks."""
    marks = "".join(chr(c) for c in range(0x0300, 0x0336))
    body = [" ".join(w + marks if i % 3 == 0 else w for i, w in enumerate(p.split())) for p in BODY]
    return utf8(text(*body))


def astral() -> bytes:
    """Emoji, flags, ZWJ sequences and mathematical letters: characters beyond the BMP."""
    extra = "The 🇬🇧 and 🇫🇷 teams 👩‍👩‍👧‍👦 met; 𝐓𝐚𝐥𝐤𝐬 𝑤𝑒𝑛𝑡 𝔴𝔢𝔩𝔩, 🤝 said 𝓜𝓼 𝓢𝓶𝓲𝓽𝓱."
    return utf8(text(*BODY, extra))


def controls() -> bytes:
    """A few terminal escape sequences and vertical tabs in real text (under 10%)."""
    body = [f"\x1b[31m{BODY[0]}\x1b[0m", f"{BODY[1]}\x0b", f"\x07{BODY[2]}", BODY[3]]
    return utf8(text(*body))


def mostly_controls() -> bytes:
    """Text drowned in control characters: more than a third of the bytes."""
    return bytes(b for c in utf8(text()) for b in (c, 0x01, 0x1B))


# ---- quotation marks -----------------------------------------------------------------------


def quotes_10000() -> bytes:
    """10,000 quotation marks of every kind, alone and between words."""
    marks = "\"“”‘’«»'„‟‹›"
    rng = random.Random(3)
    noise = "".join(
        rng.choice(marks) + (rng.choice(("", " ", "said ", "we "))) for _ in range(10_000)
    )
    return utf8(text(*BODY, noise[:5000], '"' * 5000, noise[5000:]))


def unterminated_quotes() -> bytes:
    """500 paragraphs that each open a quotation and never close it."""
    paragraphs = [
        f"“We will go on with the talks on day {i}, the minister said" for i in range(500)
    ]
    return utf8(text(*paragraphs))


def nested_quotes() -> bytes:
    """Quotation marks nested 1,000 deep."""
    inner = "talks"
    for i in range(1000):
        inner = f"“{inner}”" if i % 2 else f"‘{inner}’"
    return utf8(text(*BODY, f"The minister said {inner} would go on."))


def long_word() -> bytes:
    """One 50,000-character word with no spaces, inside an article."""
    return utf8(text(*BODY, "talks" * 10_000))


def many_lines() -> bytes:
    """100,000 very short lines."""
    return utf8(text(*BODY, *(f"{w}" for w in ["yes", "no", "and", "so"] * 25_000)))


# ---- HTML ----------------------------------------------------------------------------------


def deep_nesting() -> bytes:
    """An article 100,000 elements deep."""
    depth = 100_000
    return utf8(page("<div>" * depth + " ".join(BODY) + "</div>" * depth))


def deep_unclosed() -> bytes:
    """100,000 inline elements opened and never closed."""
    return utf8(page("<span><b><i>" * 33_334 + " ".join(BODY)))


def entity_bomb() -> bytes:
    """A billion-laughs DTD: each entity is ten of the one before."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE html [{''.join(entities)}]>"
    return utf8(page("<p>" + "&lol9;" * 100 + "</p>", doctype=doctype))


def numeric_entities() -> bytes:
    """Half a million character references, valid and not."""
    refs = "&#65;&#x42;&amp;&#0;&#xD800;&#x110000;&#99999999999;&bogus;&"
    return utf8(page("<p>" + refs * 55_000 + "</p>"))


def meta_lies(charset: str) -> Callable[[], bytes]:
    """A page whose <meta charset> names an unknown or wrong codec."""

    def make() -> bytes:
        return page(head=f'<meta charset="{charset}">').encode("cp1252", "replace")

    return make


def unclosed(tag: str) -> Callable[[], bytes]:
    """A page cut open by a comment or script that never ends, before its article."""

    def make() -> bytes:
        return utf8(f"<html><head><title>{TITLE}</title></head><body>{tag}" + page())

    return make


def huge_attribute() -> bytes:
    """An element with a 3 MB attribute value."""
    return utf8(page(f'<img alt="{"x" * 3_000_000}">'))


def many_paragraphs() -> bytes:
    """10,000 one-word paragraphs."""
    return utf8(page("".join(f"<p>word{i}</p>" for i in range(10_000))))


def jsonld(payload: str) -> Callable[[], bytes]:
    """A page with a JSON-LD block holding `payload`."""

    def make() -> bytes:
        return utf8(page(head=f'<script type="application/ld+json">{payload}</script>'))

    return make


def html_nuls() -> bytes:
    """An HTML page with NUL characters inside text and tags."""
    return utf8(page().replace("<p>", "<p>\x00").replace("talks", "ta\x00lks"))


def svg() -> bytes:
    """An SVG image named .html."""
    return b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>'


# ---- compressed and container files --------------------------------------------------------


def truncated_gzip() -> bytes:
    """A gzipped page cut in half."""
    data = gz(utf8(page()))
    return data[: len(data) // 2]


def bad_gzip() -> bytes:
    """A gzip header followed by garbage."""
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + seeded(2048, 4)


def gzip_bomb() -> bytes:
    """200 MB of zeros in about 200 kB of gzip."""
    return gz(bytes(200_000_000))


def warc_record(uri: str, body: bytes, status: str = "200 OK") -> bytes:
    """One WARC response record holding an HTTP response."""
    http = f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".encode()
    payload = http + body
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2017-03-31T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:sha1:{hashlib.sha1(uri.encode()).hexdigest()}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return headers.encode() + payload + b"\r\n\r\n"


def _two_records() -> list[bytes]:
    body = utf8(page())
    return [
        warc_record("http://example.org/a", body),
        warc_record("http://example.org/b", body.replace(b"Monday", b"Tuesday")),
    ]


def truncated_warc() -> bytes:
    """Two records, the second cut in the middle of its page."""
    first, second = _two_records()
    return first + second[: len(second) // 2]


def truncated_warc_gz() -> bytes:
    """Two gzip members, the second cut short."""
    first, second = (gz(r) for r in _two_records())
    return first + second[: len(second) // 2]


def huge_length_warc() -> bytes:
    """A record whose Content-Length claims a terabyte."""
    first, _ = _two_records()
    return first.replace(b"Content-Length: ", b"Content-Length: 1000000000000", 1)


def broken_jsonl() -> bytes:
    """Good lines between broken ones of every kind."""
    good = json.dumps({"text": text(), "url": "http://example.org/a"})
    lines = [
        good,
        '{"text": "cut in the mid',
        "[1, 2, 3]",
        '"just a string"',
        '{"html": 5, "text": null}',
        "",
        '{"text": ' + json.dumps(text().replace("talks", "ta\x00lks")) + "}",
        '{"text": "' + text().replace("\n", "\\n").replace("Paris", "Par\\ud800is") + '"}',
        "[" * 100_000 + "]" * 100_000,
        '{"text": "trailing"} garbage',
        "\xff\xfe not json",
        good.replace("Monday", "Friday"),
    ]
    return b"\n".join(utf8(line) for line in lines) + b"\n"


def truncated_jsonl_gz() -> bytes:
    """Twenty gzipped articles of shuffled sentences, cut in the last ones."""
    rng = random.Random(8)
    words = " ".join(BODY).split()
    bodies = [[" ".join(rng.sample(words, 30)) + "." for _ in range(3)] for _ in range(20)]
    lines = "".join(json.dumps({"text": text(*body)}) + "\n" for body in bodies)
    data = gz(utf8(lines))
    return data[: int(len(data) * 0.8)]


def long_jsonl_line() -> bytes:
    """A 10 MB JSON line between two good ones."""
    good = json.dumps({"text": text()})
    return utf8(f'{good}\n{{"text": "{"a" * 10_000_000}"}}\n{good.replace("Monday", "Sunday")}\n')


# ---- big inputs ----------------------------------------------------------------------------


def text_50mb() -> bytes:
    """50 MB of article text."""
    return utf8(text(*(BODY * 150_000)))[:50_000_000]


def single_line_10mb() -> bytes:
    """10 MB on one line, with no newline at all."""
    return utf8(" ".join(BODY) * 32_000)[:10_000_000]


def under_byte_limit() -> bytes:
    """4.9 MB of real paragraphs: under ingest.max_bytes, over analyze.max_chars."""
    return utf8(text(*(BODY * 14_500)))[:4_900_000]


def a(*reasons: str) -> tuple[str, ...]:
    """Allowed outcomes: shorthand for the table below."""
    return reasons


CASES: tuple[Case, ...] = (
    Case("empty.txt", lambda: b"", a("empty")),
    Case("whitespace.txt", lambda: b" \t\n\r\n  \f\n\xc2\xa0" * 200, a("empty")),
    Case("png.txt", png, a("binary file")),
    Case("zip.txt", zip_file, a("binary file")),
    Case("elf.txt", elf, a("binary file")),
    Case("pdf.txt", lambda: b"%PDF-1.4\n" + seeded(2048, 5), a("binary file")),
    Case("gzip-as-text.txt", lambda: gz(utf8(text())), a("binary file")),
    Case("sqlite.txt", lambda: b"SQLite format 3\x00" + bytes(4080), a("binary file")),
    Case("random-bytes.txt", lambda: seeded(65536, 6), a("binary file", "undecodable text")),
    Case("nul-bytes.txt", with_nuls, a("binary file")),
    Case("utf16le-no-bom.txt", lambda: text().encode("utf-16-le"), a(ARTICLE)),
    Case("utf16-bom.txt", lambda: text().encode("utf-16"), a(ARTICLE)),
    Case("utf32-bom.txt", lambda: text().encode("utf-32"), a(ARTICLE)),
    Case("utf8-bom-invalid.txt", lambda: b"\xef\xbb\xbf" + invalid_utf8(), a("undecodable text")),
    Case("utf16-bom-odd.txt", lambda: text().encode("utf-16")[:-1], a("undecodable text")),
    Case("invalid-utf8.txt", invalid_utf8, a(ARTICLE)),
    Case("mixed-encodings.txt", mixed_encodings, a(ARTICLE)),
    Case("cp1252-quotes.txt", lambda: text().encode("cp1252"), a(ARTICLE)),
    Case("control-chars.txt", controls, a(ARTICLE)),
    Case("mostly-controls.txt", mostly_controls, a("binary file", "undecodable text")),
    Case("cr-only.txt", lambda: utf8(text()).replace(b"\n", b"\r"), a(ARTICLE)),
    Case("bidi.txt", bidi, a(ARTICLE)),
    Case("zero-width.txt", zero_width, a(ARTICLE)),
    Case("zalgo.txt", zalgo, a(ARTICLE)),
    Case("astral.txt", astral, a(ARTICLE)),
    Case("entities-in-text.txt", lambda: utf8(text(*BODY, "&amp;&lt;&#0;" * 5_000)), a(ARTICLE)),
    Case("punctuation-only.txt", lambda: b"!?.,;:-" * 3000, a(ARTICLE, "no article text")),
    Case(
        "chinese.txt",
        lambda: utf8(text("中国外交部发言人周一表示，会谈将继续进行。" * 20)),
        a("not English"),
    ),
    Case("quotes-10000.txt", quotes_10000, a(ARTICLE)),
    Case("unterminated-quotes-500.txt", unterminated_quotes, a(ARTICLE)),
    Case("nested-quotes.txt", nested_quotes, a(ARTICLE)),
    Case("long-word.txt", long_word, a(ARTICLE)),
    Case("many-lines.txt", many_lines, a("too large")),  # 450,000 characters
    Case("deep-nesting.html", deep_nesting, a(ARTICLE)),
    Case("deep-unclosed.html", deep_unclosed, a(ARTICLE)),
    Case("entity-bomb.html", entity_bomb, a(ARTICLE)),
    Case("numeric-entities.html", numeric_entities, a("too large")),  # 825,000 characters
    Case("meta-unknown-charset.html", meta_lies("x-no-such-codec"), a(ARTICLE)),
    Case("meta-utf16-lie.html", meta_lies("utf-16"), a(ARTICLE)),
    Case("unclosed-comment.html", unclosed("<!-- "), a(ARTICLE, "no article text")),
    Case("unclosed-script.html", unclosed("<script>var x = '"), a(ARTICLE, "no article text")),
    Case("huge-attribute.html", huge_attribute, a(ARTICLE)),
    Case("many-paragraphs.html", many_paragraphs, a(ARTICLE)),
    Case("jsonld-deep.html", jsonld("[" * 100_000 + "]" * 100_000), a(ARTICLE)),
    Case("jsonld-broken.html", jsonld('{"@type": "NewsArticle", "author": [{"name": '), a(ARTICLE)),
    Case("html-nuls.html", html_nuls, a(ARTICLE)),
    Case("svg.html", svg, a(ARTICLE, "no article text")),  # its one word is the text
    Case("binary.html", png, a("binary file")),
    Case("empty.html", lambda: b"", a("empty")),
    Case("whitespace.html", lambda: b"\n \t\r\n" * 50, a("empty")),
    Case("truncated.html.gz", truncated_gzip, a("truncated gzip")),
    Case("bad-gzip.html.gz", bad_gzip, a("bad gzip")),
    Case(
        "truncated.warc",
        truncated_warc,
        a(ARTICLE, "truncated WARC record", "malformed WARC"),
        require=a(ARTICLE),
    ),
    Case(
        "truncated.warc.gz",
        truncated_warc_gz,
        a("truncated WARC record"),
        require=a(ARTICLE, "malformed WARC"),
    ),
    Case("garbage.warc", lambda: seeded(8192, 7), a("malformed WARC")),
    Case("huge-length.warc", huge_length_warc, a("malformed WARC", "truncated WARC record")),
    Case("empty.warc", lambda: b"", a("empty")),
    Case(
        "broken.jsonl", broken_jsonl, a("no text or html"), require=a(ARTICLE, "invalid JSON line")
    ),
    Case(
        "truncated.jsonl.gz", truncated_jsonl_gz, a(), require=a(ARTICLE, "truncated or unreadable")
    ),
    Case("gzip-bomb.html.gz", gzip_bomb, a("too large"), big=True),
    Case("long-line.jsonl", long_jsonl_line, a(), require=a(ARTICLE, "too large"), big=True),
    Case("text-50mb.txt", text_50mb, a("too large"), big=True),
    Case("single-line-10mb.txt", single_line_10mb, a("too large"), big=True),
    Case("under-byte-limit.txt", under_byte_limit, a("too large"), big=True),
)

# Special files git cannot hold, made at test time: name -> (kind, allowed outcome).
SPECIAL = {
    "fifo.txt": ("fifo", "not a file"),
    "dangling-link.txt": ("dangling", "missing path"),
    "dev-zero-link.txt": ("devzero", "not a file"),
}


# Cases up to this size are committed under tests/data/hostile/; larger ones are written at
# test time only.
COMMIT_BYTES = 100_000


def write(out: Path, *, everything: bool = False) -> list[str]:
    """Write the cases to `out`: all of them, or only those small enough to commit.

    Returns:
        The names of the files written.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        if case.big and not everything:
            continue
        data = case.make()
        if everything or len(data) <= COMMIT_BYTES:
            (out / case.name).write_bytes(data)
            written.append(case.name)
    return written


def make_special(out: Path) -> None:
    """Make the FIFO and links of `SPECIAL` in `out`."""
    for name, (kind, _) in SPECIAL.items():
        path = out / name
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dangling":
            path.symlink_to(out / "no-such-file.txt")
        else:
            path.symlink_to("/dev/zero")


def main() -> None:
    """Write the corpus to the folder given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the cases to")
    parser.add_argument("--all", action="store_true", help="also the large cases (up to 200 MB)")
    args = parser.parse_args()
    written = write(args.out, everything=args.all)
    print(f"{len(written)} cases written to {args.out}")


if __name__ == "__main__":
    main()
