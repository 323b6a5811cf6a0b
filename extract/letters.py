"""Letter classes the standard ``re`` module lacks (it has no \\p{Lu})."""
from __future__ import annotations

import re


def _upper_class() -> str:
    """Regex character-class body of every upper-case letter of the Basic Multilingual Plane."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if chr(cp).isupper():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


UPPER_LETTERS = _upper_class()


_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone UTF-16 surrogates are not text (spaCy, lxml and SQLite refuse them): each becomes
    U+FFFD, one character for one, so offsets into the text still hold."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")   # fails on a surrogate, and is quicker than searching for one
        return text
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
