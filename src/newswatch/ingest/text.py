"""Plain-text inputs: find them, check them, and decode them to clean text.

`expand` turns command-line paths into a stream of input paths (walking directories), and
`read` turns one path (or "-" for stdin) into a `RawText`. Anything that cannot be analysed
raises `errors.Skip` with a short, stable reason, so a batch can count it and go on. Sizes are
checked before reading, binary files are recognised by magic number or byte statistics, and
the encoding is found by BOM, strict UTF-8, the UTF-16 NUL pattern, then the cp1252/latin-1
family (with `charset_normalizer` as the judge for anything else).
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO, cast

import charset_normalizer

from newswatch import language
from newswatch.errors import Skip
from newswatch.options import IngestOptions

# Leading bytes of common non-text files, checked before anything else so the skip names them.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"%PDF-", "PDF document"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls that never appear in text (everything below 0x20 except \t \n \r \f).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\f")
# Characters a correct decoding of real text almost never yields: C0/C1 controls, DEL,
# U+FFFD and private-use code points.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_MAX_BAD_SHARE = 0.10
_HIGH_BYTES = bytes(range(0x80, 0x100))

# Latin-script single-byte codecs (Windows, ISO, DOS and Mac). On English text with a few
# accents or curly quotes charset_normalizer often names one of these (cp1250, cp775 ...),
# where cp1252 is far more likely to be what the writer used.
_LATIN_SINGLE_BYTE = frozenset(
    {
        "ascii", "latin-1", "cp1250", "cp1252", "cp1254", "cp1257", "cp1258",
        "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-9", "iso8859-10", "iso8859-13",
        "iso8859-14", "iso8859-15", "iso8859-16", "cp437", "cp775", "cp850", "cp852", "cp857",
        "cp858", "cp860", "cp861", "cp863", "cp865", "mac-roman", "mac-latin2", "mac-iceland",
        "mac-turkish",
    }
)  # fmt: skip

# Very common English function words. A few that are more common still in German, French or
# Spanish ("also", "so", "die", "me") are left out; those kept ("a", "in", "was") leave
# foreign text far below the threshold (German, French, Spanish news score ~0.02-0.04).

_FILE_KINDS = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


@dataclass(frozen=True, slots=True)
class RawText:
    """One decoded input: where it came from, its text, and the codec that decoded it."""

    path: str
    text: str
    encoding: str


def expand(paths: Iterable[str], *, suffixes: tuple[str, ...]) -> Iterator[str]:
    """Yield input paths in order, walking directories for files with one of `suffixes`."""
    wanted = tuple(s.lower() for s in suffixes)
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path, wanted, seen=set())
        else:
            # Explicit files and missing paths go through, so read() reports them like any input.
            yield path


def _walk(top: str, suffixes: tuple[str, ...], seen: set[tuple[int, int]]) -> Iterator[str]:
    """Yield matching files under `top` in sorted order, visiting each real directory once."""
    # Symlinked directories are followed (corpora are often linked in), but `seen` holds the
    # (device, inode) of every directory walked, so a link back up cannot loop.
    try:
        info = os.stat(top)
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield top  # An unlistable directory is reported by read(), not silently dropped.
        return
    if (info.st_dev, info.st_ino) in seen:
        return  # A symlink back to a directory already walked: stop the loop (or duplicate).
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry.path, suffixes, seen)
        elif entry.name.lower().endswith(suffixes):
            yield entry.path


def read(path: str, options: IngestOptions, *, stdin: BinaryIO | None = None) -> RawText:
    """Read and decode one input ("-" is stdin), or raise `Skip` saying why it cannot be used."""
    return text_of(read_bytes(path, options.max_bytes, stdin=stdin), path, options)


def text_of(data: bytes, path: str, options: IngestOptions) -> RawText:
    """Decode and check the bytes of one plain-text input."""
    if not data:
        raise Skip("empty", "0 bytes")
    text, encoding = decode(data)
    check_text(text, options)
    return RawText(path=path, text=text, encoding=encoding)


def read_bytes(path: str, max_bytes: int, *, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a file or of stdin ("-"), gunzipped for `.gz`, within `max_bytes`."""
    if path == "-":
        return _read_stream(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
    if path.lower().endswith(".gz"):
        # The compressed size bounds what is read; the limit applies again after gunzip.
        return gunzip(_read_file(path, max_bytes), max_bytes)
    return _read_file(path, max_bytes)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing more than `max_bytes` out and truncated input."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise Skip("bad gzip", str(exc)) from exc
    _check_size(len(out), max_bytes)
    if not inflater.eof:
        raise Skip("truncated gzip", f"stream ends after {_size(len(out))}")
    return out


def _read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read at most `max_bytes` from a stream; one byte more means it is too large."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise Skip("unreadable", exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise Skip("too large", f"more than {_size(max_bytes)} on stdin; raise ingest.max_bytes")
    return data


def _stat_file(path: str) -> os.stat_result:
    """stat() a path that must be a regular file, turning every failure into a Skip."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise Skip("missing path") from exc
    except OSError as exc:
        raise Skip("unreadable", exc.strerror or str(exc)) from exc
    _check_file_kind(path, info.st_mode)
    return info


def _read_file(path: str, max_bytes: int) -> bytes:
    """Check a file's type and size with stat(), then read it."""
    _check_size(_stat_file(path).st_size, max_bytes)
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # +1: the file may have grown since stat()
    except OSError as exc:
        raise Skip("unreadable", exc.strerror or str(exc)) from exc
    _check_size(len(data), max_bytes)
    return data


def open_input(path: str, *, gunzip: bool = False) -> IO[bytes]:
    """Open a container file (WARC, JSON Lines) for streaming, after the same checks as `read`.

    Containers are not bound by `max_bytes` as a whole: their records are, one by one.
    """
    if _stat_file(path).st_size == 0:
        raise Skip("empty", "0 bytes")
    try:
        raw = gzip.GzipFile(path, "rb") if gunzip else open(path, "rb")  # noqa: SIM115
        stream = cast("IO[bytes]", raw)  # GzipFile is a binary stream; typeshed disagrees
    except OSError as exc:
        raise Skip("unreadable", exc.strerror or str(exc)) from exc
    return stream


def _check_file_kind(path: str, mode: int) -> None:
    """Refuse anything but a regular file, before opening it (a FIFO would block)."""
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "special file")
    if kind == "directory" and not os.access(path, os.R_OK | os.X_OK):
        raise Skip("unreadable", "directory cannot be listed")
    raise Skip("not a file", kind)


def _check_size(size: int, max_bytes: int) -> None:
    """Raise `Skip` when `size` is over the limit, saying which option to raise."""
    if size > max_bytes:
        detail = f"{_size(size)} > limit {_size(max_bytes)}; raise ingest.max_bytes"
        raise Skip("too large", detail)


def _size(n: int) -> str:
    """A byte count for people: "512 bytes", "12.3 kB", "50.0 MB"."""
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def check_text(text: str, options: IngestOptions) -> None:
    """Skip text that is blank, too short, or (when required) not English."""
    stripped = text.strip()
    if not stripped:
        raise Skip("empty", "only whitespace")
    if len(stripped) < options.min_chars:
        raise Skip("empty", f"{len(stripped)} characters < ingest.min_chars {options.min_chars}")
    if options.require_english:
        found = language.identify(text)
        if found not in (None, "en"):
            raise Skip("not English", f"the text reads as {found}")


def decode(data: bytes) -> tuple[str, str]:
    """Decode input bytes to text with "\\n" newlines and no BOM; return (text, codec name)."""
    text, encoding = _decode_raw(data)
    if not _plausible(text):
        raise Skip("undecodable text", f"decoding as {encoding} gives control characters")
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _decode_raw(data: bytes) -> tuple[str, str]:
    """Pick a codec: magic numbers, BOM, UTF-16 NUL pattern, binary check, UTF-8, then 8-bit."""
    kind = next((name for magic, name in MAGIC_NUMBERS if data.startswith(magic)), None)
    if kind is not None:
        raise Skip("binary file", kind)
    found = _from_bom(data) or _from_utf16_pattern(data)
    if found is not None:
        return found
    if _looks_binary(data):
        raise Skip("binary file", "NUL bytes / control characters")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _from_single_byte(data)


def _from_bom(data: bytes) -> tuple[str, str] | None:
    """Decode by byte-order mark; a BOM decides, so bad bytes after one are undecodable."""
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if codec is None:
        return None
    try:
        # "utf-8-sig", "utf-16" and "utf-32" consume the BOM themselves.
        return data.decode(codec), "utf-8" if codec == "utf-8-sig" else codec
    except UnicodeDecodeError as exc:
        raise Skip("undecodable text", f"invalid {codec} after byte-order mark") from exc


def _from_utf16_pattern(data: bytes) -> tuple[str, str] | None:
    """Recognise BOM-less UTF-16: ASCII-range text has a NUL in every other byte."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) <= 0.05 * len(other):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            # Arrays of small 16-bit numbers share the pattern; they decode to controls.
            return (text, codec) if _plausible(text) else None
    return None


def _looks_binary(data: bytes) -> bool:
    """True for bytes with NULs or more than 10% C0 control characters (tabs etc. allowed)."""
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > _MAX_BAD_SHARE * len(data)


def _from_single_byte(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes as cp1252/latin-1, unless they look like another script."""
    # Mostly-ASCII bytes are Latin-script text with a few accents or quotes; the detector's
    # guess is noise there (cp775, cp1256 ... for English with one stray byte).
    guess = None if _mostly_ascii(data) else _non_latin_guess(data)
    if guess is None:
        # cp1252 puts curly quotes, dashes and € at 0x80-0x9F, where latin-1 has C1 controls.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    try:
        return data.decode(guess), guess
    except (UnicodeDecodeError, LookupError) as exc:
        raise Skip("undecodable text", f"not valid {guess}") from exc


def _mostly_ascii(data: bytes) -> bool:
    """True when under 10% of the bytes are 0x80 or above."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return high < _MAX_BAD_SHARE * len(data)


def _non_latin_guess(data: bytes) -> str | None:
    """charset_normalizer's best codec, or None when it has none or no better than a Latin one."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Short texts tie between many codecs (chaos 0.0); a tying Latin codec is as good as any.
    if any(_codec_name(m.encoding) in _LATIN_SINGLE_BYTE for m in matches if m.chaos <= best.chaos):
        return None
    return _codec_name(best.encoding)


def _codec_name(name: str) -> str:
    """Normalise a codec name: "latin_1" -> "latin-1", "windows_1252" -> "cp1252"."""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return name
    return "latin-1" if canonical == "iso8859-1" else canonical


def _plausible(text: str) -> bool:
    """True unless more than 10% of the characters are controls, U+FFFD or private-use."""
    return len(_BAD_CHARS.findall(text)) <= _MAX_BAD_SHARE * len(text)


def looks_english(text: str) -> bool:
    """True unless the text is clearly in another language (too short to tell counts as True)."""
    return language.identify(text) in (None, "en")
