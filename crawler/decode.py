"""Bytes to text: header charset, meta charset, then detection (Vietnamese pages are often
mislabelled, or in windows-1258)."""
from __future__ import annotations

import re
import unicodedata
import zlib

from bs4 import UnicodeDammit

_META = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)


def decode_body(body: bytes, content_type: str | None = None) -> str:
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    declared = []
    if content_type and "charset=" in content_type.lower():
        declared.append(content_type.lower().split("charset=")[-1].split(";")[0].strip(" \"'"))
    m = _META.search(body[:4096])
    if m:
        declared.append(m.group(1).decode("ascii", "ignore").lower())
    # A page that decodes as UTF-8 is UTF-8 whatever it claims: mislabelled pages are common.
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _utf8_with_a_few_bad_bytes(body)
    if text is not None:
        return text
    dammit = UnicodeDammit(body, [*declared, "windows-1258", "windows-1251", "cp1252"], is_html=True)
    if dammit.unicode_markup:
        # windows-1258 writes most tones as combining marks after the letter: NFC gives the
        # precomposed letters the same text has in UTF-8, so "Chỉ đạo" is found in either.
        return unicodedata.normalize("NFC", dammit.unicode_markup)
    return body.decode("utf-8", errors="replace")


def _utf8_with_a_few_bad_bytes(body: bytes) -> str | None:
    """The text of a UTF-8 page spoiled by a few invalid bytes (a stray byte, a multibyte letter
    cut in two), with U+FFFD for them; None when the body does not look like UTF-8.

    Strict decoding fails on such a page, and a legacy code page then "succeeds" on every byte,
    garbling each Vietnamese letter (windows-1251 made "Chỉ đạo" into "Chб»‰ Д‘бєЎo") to save a
    handful. A page in a real legacy code page has almost no valid multibyte sequences and
    many invalid ones (each letter is one byte that cannot start or continue a sequence where it
    stands), so three good non-ASCII letters per bad byte tells them apart with a wide margin.
    """
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return text if good >= 3 * bad else None


def _gunzip(body: bytes, limit: int = 50_000_000) -> bytes:
    """Gzip with a cap on the inflated size (a small body may inflate to gigabytes).

    Raises ValueError, which the crawl logs as the page's failure, for a body that inflates
    past the cap or is not gzip after all (zlib.error is no ValueError and stopped the crawl)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(body, limit)
    except zlib.error as exc:
        raise ValueError(f"gzip body does not inflate: {exc}") from None
    if d.unconsumed_tail:
        raise ValueError("gzip body inflates beyond the size cap")
    return out
