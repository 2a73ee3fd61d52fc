"""HTML pages: decoding bytes with the charset the server or the page declares."""

from __future__ import annotations

import codecs
import re

from newswatch.errors import Skip
from newswatch.ingest.text import decode

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# which must appear in the first 1024 bytes by the HTML standard; 4096 forgives sloppy pages.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_SNIFF_BYTES = 4096
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)", re.I | re.S
)


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header."""
    match = re.search(r"charset\s*=\s*[\"']?([-\w.:]+)", content_type or "", re.I)
    return match.group(1) if match else None


def looks_html(data: bytes) -> bool:
    """Whether bytes start like an HTML document (for stdin, which has no file name)."""
    return bool(_HTML_START.match(data[:_SNIFF_BYTES].lstrip(codecs.BOM_UTF8)))


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode a page: a BOM, valid UTF-8, the HTTP charset, the meta charset, then sniffing."""
    if not data.strip():
        raise Skip("empty", "0 bytes of HTML")
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)[0]
    # Valid UTF-8 with non-ASCII bytes is almost never anything else, whatever a server or
    # a copied <meta> tag claims; trusting the claim would turn "Café" into "CafÃ©".
    for name in ("utf-8", declared, _meta_charset(data)):
        text = _try(data, name)
        if text is not None:
            return text
    return decode(data)[0]


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _try(data: bytes, name: str | None) -> str | None:
    """Decode strictly with a declared codec; None when unknown or wrong (pages lie)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages declaring latin-1 nearly always mean cp1252 (the HTML standard says so too).
    codec = "cp1252" if codec in ("latin_1", "iso8859-1", "ascii") else codec
    try:
        return data.decode(codec).replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return None
