"""Bytes → text: the encodings a folder of texts comes in, and its line endings."""
from __future__ import annotations

import codecs
import re


class UnreadableFile(Exception):
    """A file that cannot become a document; the message is the reason given to the user."""


_BINARY_PROBE_BYTES = 8192
# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_html_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if Python knows it."""
    match = _HTML_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(raw: bytes, html: bool = False) -> tuple[str, str | None]:
    """Text of a file's bytes and, when the decoding was a guess, a warning to report.

    Raises UnreadableFile for a binary file (NUL bytes in the first 8 KB without a BOM that
    explains them) or bytes that contradict their own BOM.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).removeprefix("\ufeff"), None
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"not valid {encoding.upper()} despite its byte-order mark ({error.reason})")
    if b"\x00" in raw[:_BINARY_PROBE_BYTES]:
        raise UnreadableFile("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    declared = _declared_html_charset(raw) if html else None
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return raw.decode(declared), None
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
    except UnicodeDecodeError:  # bytes 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252
        return raw.decode("latin-1"), "not valid UTF-8 or cp1252; decoded as latin-1"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
