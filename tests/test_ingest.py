"""Tests for newswatch.ingest: finding inputs, skipping bad ones, and decoding text."""

from __future__ import annotations

import codecs
import dataclasses
import io
import os
import socket
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from newswatch.errors import Skip
from newswatch.ingest import RawText, decode, expand, looks_english, read
from newswatch.options import IngestOptions, Options

ARTICLE = Path("/work/shared/news/independent-2017-03-31-russia.txt")

ENGLISH = (
    "The government said on Tuesday that it would not change its plans for the new rail line, "
    "despite the protests that have been held in the town since the start of the year. "
    "Ministers have argued that the project is vital for the economy of the region, and that "
    "it was approved by parliament after a long debate. Local residents, who say they were "
    "not consulted, are planning a march to the capital at the end of the month, and they "
    "have asked the courts to look at the decision again."
)

GERMAN = (
    "Die Bundesregierung hat am Dienstag erklärt, dass sie ihre Pläne für die neue Bahnstrecke "
    "nicht ändern werde, obwohl es seit Jahresbeginn immer wieder Proteste in der Stadt gegeben "
    "hat. Die Minister argumentieren, das Vorhaben sei für die Wirtschaft der gesamten Region "
    "unverzichtbar und sei nach einer langen Debatte vom Parlament gebilligt worden. Die "
    "Anwohner, die nach eigenen Angaben nicht gefragt wurden, planen für das Ende des Monats "
    "einen Marsch in die Hauptstadt und haben die Gerichte gebeten, die Entscheidung noch "
    "einmal zu prüfen. Der Bürgermeister sagte, er verstehe den Ärger der Menschen sehr gut."
)

FRENCH = (
    "Le gouvernement a déclaré mardi qu'il ne modifierait pas ses projets pour la nouvelle "
    "ligne ferroviaire, malgré les manifestations qui se déroulent dans la ville depuis le "
    "début de l'année. Les ministres affirment que le projet est essentiel pour l'économie "
    "de toute la région et qu'il a été approuvé par le Parlement après un long débat. Les "
    "habitants, qui disent ne pas avoir été consultés, prévoient une marche vers la capitale "
    "à la fin du mois et ont demandé aux tribunaux de réexaminer la décision. Le maire a dit "
    "qu'il comprenait très bien la colère des habitants."
)

SPANISH = (
    "El gobierno afirmó el martes que no cambiará sus planes para la nueva línea ferroviaria, "
    "a pesar de las protestas que se han celebrado en la ciudad desde el comienzo del año. "
    "Los ministros sostienen que el proyecto es vital para la economía de toda la región y "
    "que fue aprobado por el Parlamento después de un largo debate. Los vecinos, que dicen "
    "que nadie les consultó, planean una marcha hacia la capital a finales de mes y han "
    "pedido a los tribunales que revisen de nuevo la decisión. El alcalde dijo que entiende "
    "muy bien el enfado de los vecinos."
)

CP1252_TEXT = "He said “the deal is worth £10bn” at the café – a ‘big’ sum… €5 too.\n"
LATIN1_TEXT = "Le café, la crème brûlée et le naïve garçon à Zürich.\n"


def _options(**changes: object) -> IngestOptions:
    """Packaged ingest defaults with some fields replaced."""
    return dataclasses.replace(Options.load().ingest, **changes)  # type: ignore[arg-type]


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    """Write `data` to tmp_path/name and return the path as a string."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def _skip(path: str, options: IngestOptions | None = None) -> Skip:
    """Read `path`, expecting a Skip, and return it."""
    with pytest.raises(Skip) as info:
        read(path, options or _options())
    return info.value


def _png() -> bytes:
    """A real 1x1 grey PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    png = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + png


def _zip() -> bytes:
    """A real ZIP archive holding one text file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ENGLISH)
    return buffer.getvalue()


def _elf() -> bytes:
    """An ELF64 little-endian header followed by padding."""
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00\x3e\x00" + b"\x00" * 200


# --- decoding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        pytest.param(ENGLISH.encode("utf-8"), ENGLISH, "utf-8", id="utf-8"),
        pytest.param("naïve café ✓".encode(), "naïve café ✓", "utf-8", id="utf-8-accents"),
        pytest.param(codecs.BOM_UTF8 + "café\n".encode(), "café\n", "utf-8", id="utf-8-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + "café ✓\n".encode("utf-16-le"),
            "café ✓\n",
            "utf-16",
            id="utf-16-le-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + "café ✓\n".encode("utf-16-be"),
            "café ✓\n",
            "utf-16",
            id="utf-16-be-bom",
        ),
        pytest.param(
            codecs.BOM_UTF32_LE + "café\n".encode("utf-32-le"), "café\n", "utf-32", id="utf-32"
        ),
        pytest.param(
            "plain words\n".encode("utf-16-le"), "plain words\n", "utf-16-le", id="utf-16-le"
        ),
        pytest.param(
            "plain words\n".encode("utf-16-be"), "plain words\n", "utf-16-be", id="utf-16-be"
        ),
        pytest.param(CP1252_TEXT.encode("cp1252"), CP1252_TEXT, "cp1252", id="cp1252"),
        # Latin-1 bytes with no 0x80-0x9F byte decode identically as cp1252.
        pytest.param(LATIN1_TEXT.encode("latin-1"), LATIN1_TEXT, "cp1252", id="latin-1"),
        pytest.param(
            ("The café is open. " * 10 + "\x81").encode("latin-1"),
            "The café is open. " * 10 + "\x81",
            "latin-1",
            id="latin-1-not-cp1252",
        ),
        pytest.param(
            "Привет, как дела? Это короткий тест на русском языке.".encode("cp1251"),
            "Привет, как дела? Это короткий тест на русском языке.",
            "cp1251",
            id="cp1251-cyrillic",
        ),
    ],
)
def test_decode_finds_the_encoding(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        ("\ufeffstray BOM".encode(), "stray BOM"),
        (codecs.BOM_UTF16_LE + "a\r\nb".encode("utf-16-le"), "a\nb"),
    ],
)
def test_decode_normalises_newlines_and_bom(data: bytes, text: str) -> None:
    assert decode(data)[0] == text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        pytest.param(_png(), "PNG image", id="png"),
        pytest.param(_zip(), "ZIP archive", id="zip"),
        pytest.param(_elf(), "ELF executable", id="elf"),
        pytest.param(b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip data", id="gzip"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document", id="pdf"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image", id="jpeg"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", "GIF image", id="gif"),
        pytest.param(b"SQLite format 3\x00" + b"\x00" * 84, "SQLite database", id="sqlite"),
        pytest.param(b"text\x00with a NUL", "NUL bytes / control characters", id="nul"),
        pytest.param(b"\x01\x02\x03\x04abcdef", "NUL bytes / control characters", id="controls"),
        pytest.param(bytes(range(256)), "NUL bytes / control characters", id="all-bytes"),
    ],
)
def test_decode_refuses_binary(data: bytes, kind: str) -> None:
    with pytest.raises(Skip) as info:
        decode(data)
    assert (info.value.reason, info.value.detail) == ("binary file", kind)


def test_decode_allows_tabs_and_form_feeds() -> None:
    assert decode(b"a\tb\x0cc\n")[0] == "a\tb\x0cc\n"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + b"a\x00\x00\xd8",  # lone surrogate after a UTF-16 BOM
        codecs.BOM_UTF8 + b"abc\xff",  # invalid UTF-8 after a UTF-8 BOM
    ],
)
def test_decode_refuses_undecodable(data: bytes) -> None:
    with pytest.raises(Skip) as info:
        decode(data)
    assert info.value.reason == "undecodable text"


# --- reading files --------------------------------------------------------------------------


def test_read_returns_raw_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", CP1252_TEXT.replace("\n", "\r\n").encode("cp1252"))
    assert read(path, _options()) == RawText(path=path, text=CP1252_TEXT, encoding="cp1252")


def test_read_example_article() -> None:
    raw = read(str(ARTICLE), _options())
    assert raw.encoding == "utf-8"
    assert raw.text.startswith("UK and US accuse Russia")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n  ", "empty"),
        ("blank16.txt", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty"),
        ("image.txt", _png(), "binary file"),
        ("archive.zip", _zip(), "binary file"),
        ("program", _elf(), "binary file"),
    ],
)
def test_read_skips_bad_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    assert _skip(_write(tmp_path, name, data)).reason == reason


def test_read_skips_text_shorter_than_min_chars(tmp_path: Path) -> None:
    path = _write(tmp_path, "short.txt", b"  Hi  \n")
    skip = _skip(path, _options(min_chars=5))
    assert skip.reason == "empty"
    assert "min_chars" in skip.detail
    assert read(path, _options(min_chars=2)).text == "  Hi  \n"


def test_read_skips_file_over_max_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"x" * 101)
    skip = _skip(path, _options(max_bytes=100))
    assert skip.reason == "too large"
    assert "ingest.max_bytes" in skip.detail
    assert read(path, _options(max_bytes=101)).text == "x" * 101


def test_read_checks_size_before_reading(tmp_path: Path) -> None:
    # A sparse file of NULs would be "binary file" if read; the size check must come first.
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50_000_000)
    skip = _skip(str(path))
    assert skip.reason == "too large"
    assert skip.detail == "50.0 MB > limit 5.0 MB; raise ingest.max_bytes"


def test_read_missing_path(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.txt")
    skip = _skip(path)
    assert (skip.reason, skip.detail) == ("missing path", "")


def test_read_directory_is_not_a_file(tmp_path: Path) -> None:
    skip = _skip(str(tmp_path))
    assert (skip.reason, skip.detail) == ("not a file", "directory")


def test_read_socket_is_not_a_file(tmp_path: Path) -> None:
    path = str(tmp_path / "s.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(path)
        skip = _skip(path)
    assert (skip.reason, skip.detail) == ("not a file", "socket")


def test_read_fifo_is_not_a_file_and_does_not_block(tmp_path: Path) -> None:
    path = str(tmp_path / "pipe.txt")
    os.mkfifo(path)
    skip = _skip(path)
    assert (skip.reason, skip.detail) == ("not a file", "named pipe")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_read_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.txt", b"secret")
    os.chmod(path, 0)
    assert _skip(path).reason == "unreadable"


# --- stdin ----------------------------------------------------------------------------------


def test_read_stdin() -> None:
    stdin = io.BytesIO(CP1252_TEXT.encode("cp1252"))
    assert read("-", _options(), stdin=stdin) == RawText("-", CP1252_TEXT, "cp1252")


def test_read_stdin_reads_at_most_max_bytes_plus_one() -> None:
    stdin = io.BytesIO(b"y" * 1000)
    with pytest.raises(Skip) as info:
        read("-", _options(max_bytes=10), stdin=stdin)
    assert info.value.reason == "too large"
    assert stdin.tell() == 11


def test_read_empty_stdin() -> None:
    with pytest.raises(Skip) as info:
        read("-", _options(), stdin=io.BytesIO(b""))
    assert info.value.reason == "empty"


# --- English check --------------------------------------------------------------------------


def test_looks_english_on_example_article() -> None:
    assert looks_english(ARTICLE.read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "english"),
    [
        pytest.param(ENGLISH, True, id="english"),
        pytest.param(GERMAN, False, id="german"),
        pytest.param(FRENCH, False, id="french"),
        pytest.param(SPANISH, False, id="spanish"),
        pytest.param("Kurzer deutscher Satz ohne Bedeutung.", True, id="too-short-to-judge"),
    ],
)
def test_looks_english(text: str, english: bool) -> None:
    assert looks_english(text) is english


@pytest.mark.parametrize(("text", "lang"), [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es")])
def test_read_skips_non_english(tmp_path: Path, text: str, lang: str) -> None:
    path = _write(tmp_path, "foreign.txt", text.encode())
    skip = _skip(path)
    assert skip.reason == "not English"
    assert skip.detail == f"the text reads as {lang}"
    assert read(path, _options(require_english=False)).text == text


# --- expanding paths ------------------------------------------------------------------------


def test_expand_walks_directories_in_sorted_order(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.TXT",
        "notes.md",
        "sub/z.txt",
        "sub/deeper/y.txt",
        "c.txt",
        ".hidden.txt",
        ".git/x.txt",
        "sub/.cache/w.txt",
    ]:
        _write(tmp_path, name, b"text")
    explicit = _write(tmp_path, "other/readme.md", b"text")
    got = list(expand([str(tmp_path), "-", explicit, "missing.txt"], suffixes=(".txt",)))
    expected = ["a.TXT", "b.txt", "c.txt", "sub/deeper/y.txt", "sub/z.txt"]
    assert got == [str(tmp_path / name) for name in expected] + ["-", explicit, "missing.txt"]


def test_expand_suffix_filter(tmp_path: Path) -> None:
    for name in ["a.txt", "b.md", "c.text", "d.rst"]:
        _write(tmp_path, name, b"text")
    got = list(expand([str(tmp_path)], suffixes=(".md", ".TEXT")))
    assert got == [str(tmp_path / "b.md"), str(tmp_path / "c.text")]


def test_expand_survives_symlink_loops(tmp_path: Path) -> None:
    _write(tmp_path, "d/a.txt", b"text")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert list(expand([str(tmp_path)], suffixes=(".txt",))) == [str(tmp_path / "d/a.txt")]
