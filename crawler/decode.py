"""Bytes to text: header charset, meta charset, then detection (Vietnamese pages are often
mislabelled, or in windows-1258)."""
from __future__ import annotations

import re
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
    dammit = UnicodeDammit(body, [*declared, "windows-1258", "windows-1251", "cp1252"], is_html=True)
    return dammit.unicode_markup or body.decode("utf-8", errors="replace")


def _gunzip(body: bytes, limit: int = 50_000_000) -> bytes:
    """Gzip with a cap on the inflated size (a small body may inflate to gigabytes)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(body, limit)
    if d.unconsumed_tail:
        raise ValueError("gzip body inflates beyond the size cap")
    return out

