"""Faster regexes that match exactly the same strings: rewrites of phrase patterns as written in
the language packs, applied when the patterns are compiled (``fast_alternation``,
``leading_class``, ``start_finder``). See also ``regex_gates.py``, which skips texts a pattern
cannot match in; this module makes the search itself cheaper where it must run.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def plain_alternation(patterns: Iterable[str]) -> str:
    """The patterns as one alternation, each in its own group, in order."""
    return "|".join(f"(?:{p})" for p in patterns)


# Python's regex engine tries every alternative of an
# IGNORECASE alternation at every position; it passes over an alternative with one cheap test
# only when the alternative opens with a case-sensitive character class, and over a whole stretch
# of text only when the pattern does. So an alternative that opens with a plain character c is
# written "[every character c may match](?<=c)rest": the class holds c's case partners (found by
# asking the engine) among the scripts we know and every character outside them, and the
# look-behind then tests the character exactly as "c" did. Alternatives opening with characters
# that are not case partners never match at the same position, so they may be grouped by first
# character without changing which one wins. These rewrites are applied to the phrase patterns
# of the yml files as they are: a pattern whose opening is not plain text keeps its form.
_KNOWN = ((0x0000, 0x052F), (0x1E00, 0x1EFF), (0x2000, 0x214F))   # Latin, Greek, Cyrillic, punctuation
_KNOWN_TEXT = "".join(chr(i) for lo, hi in _KNOWN for i in range(lo, hi + 1))
_META = set(".^$*+?{}[]\\|()")
_QUANT = ("?", "*", "+", "{")


@lru_cache(maxsize=None)
def _partners(lead: str) -> frozenset[str]:
    """Every character of the _KNOWN ranges that ``lead`` (a plain character or a class escape
    such as ``\\s``) matches with IGNORECASE."""
    return frozenset(re.findall(lead if len(lead) > 1 else re.escape(lead), _KNOWN_TEXT, re.IGNORECASE))


def _class_of(leads: Iterable[str]) -> str:
    """Case-sensitive class (source) of every character that one of ``leads`` may match in any
    flags: "none of the other known characters" (the engine compiles such classes quickly)."""
    return _class_allowing(frozenset().union(*map(_partners, leads)))


@lru_cache(maxsize=None)
def _class_allowing(allowed: frozenset[str]) -> str:
    holes = sorted(map(ord, allowed))
    body = []
    for lo, hi in _KNOWN:
        for h in [h for h in holes if lo <= h <= hi] + [hi + 1]:
            if h > lo:
                body.append(f"\\u{lo:04x}" + (f"-\\u{h - 1:04x}" if h - 1 > lo else ""))
            lo = h + 1
    return f"(?-i:[^{''.join(body)}])"


def _top_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    parts, start = [], 0
    for i, c, depth in _scan(pattern):
        if c == "|" and not depth:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _scan(pattern: str):
    """(index, character, group depth) of each syntax character of ``pattern``, outside escapes
    and character classes; a ``)`` comes with the depth it closes."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)
        elif c == "(":
            depth += 1
        elif c == ")":
            yield i, c, depth
            depth -= 1
        elif c == "|":
            yield i, c, depth
        i += 1


_OPEN_GROUP = re.compile(r"\((?:\?:|\?P<\w+>)")
_PLAIN_CLASS = re.compile(r"\[([^\]\\\[^-][^\]\\\[-]*)\]")   # "[ув]": plain characters only


def _leads(alt: str) -> list[tuple[str, str]] | None:
    """Every way a match of ``alt`` (no top-level ``|``) can open (see ``_lead``), looking into a
    class of plain characters or a leading group that must match; None when not plain."""
    lead = _lead(alt)
    if lead:
        return [lead]
    pre = "\\b" if alt.startswith("\\b") else ""
    cls = _PLAIN_CLASS.match(alt, len(pre))
    if cls and not alt.startswith(_QUANT, cls.end()):
        return [(pre, c) for c in cls.group(1)]
    group = _OPEN_GROUP.match(alt, len(pre))
    close = next((i for i, c, depth in _scan(alt) if c == ")" and depth == 1), None) if group else None
    if close is None or alt.startswith(_QUANT, close + 1):
        return None
    out: list[tuple[str, str]] = []
    for inner in _top_alternatives(alt[group.end():close]):
        more = _leads(inner)
        if more is None:
            return None
        out += [(pre or p, c) for p, c in more]
    return out


def _lead(alt: str) -> tuple[str, str] | None:
    """How every match of ``alt`` (no top-level ``|``) opens: ("\\b" or "", its first character
    when plain, or a class escape "\\s" / "\\d"), else None."""
    pre = "\\b" if alt.startswith("\\b") else ""
    alt = alt[len(pre):]
    n = 2 if alt[:2] in ("\\s", "\\d") else 1 if alt and alt[0] not in _META else 0
    if n and not alt.startswith(_QUANT, n):
        return pre, alt[:n]
    return None


@lru_cache(maxsize=None)
def _same_letter(a: str, b: str) -> bool:
    """Can one character match both literals ``a`` and ``b`` (IGNORECASE, the widest case)?"""
    return bool(re.fullmatch(re.escape(a), b, re.IGNORECASE) or re.fullmatch(re.escape(b), a, re.IGNORECASE))


def leading_class(patterns: Iterable[str]) -> str | None:
    """A case-sensitive character class (source) holding every character that a match of any of
    ``patterns`` opens with, or None when that is not plain from their text."""
    leads = [_leads(a) for p in patterns for a in _top_alternatives(p)]
    if not leads or None in leads:
        return None
    return _class_of(dict.fromkeys(c for some in leads for _, c in some))


def fast_alternation(patterns: Iterable[str]) -> str:
    """Regex source matching exactly as ``plain_alternation(patterns)`` does (the same alternative wins), built
    for speed: alternatives are grouped by first character (two alternatives whose first
    characters are not case partners never match at the same position, so only the order within
    a group counts) and each group opens with the class test described above. An alternative
    that does not open with a plain character keeps its place: groups form on either side."""
    alts = [a for p in patterns for a in _top_alternatives(p)]
    if not alts or any(re.search(r"\((?!\?)|\(\?P|\\\d", a) for a in alts):
        return plain_alternation(patterns)   # groups or references would be renumbered: keep the plain form
    out: list[str] = []
    run: list[tuple[str, tuple[str, str]]] = []
    for alt in alts:
        lead = _lead(alt)
        if lead is None or len(lead[1]) > 1:
            out += _grouped(run)
            run = []
            out.append(f"(?:{alt})")
        else:
            run.append((alt, lead))
    return "|".join(out + _grouped(run))


def _grouped(run: list[tuple[str, tuple[str, str]]]) -> list[str]:
    groups: list[tuple[list[tuple[str, str]], list[str]]] = []
    for alt, lead in run:
        home = next((g for g in groups if any(_same_letter(lead[1], c) for _, c in g[0])), None)
        if home is None:
            groups.append(([lead], [alt]))
        else:
            home[0].append(lead)
            home[1].append(alt)
    out = []
    for leads, members in groups:
        cls = _class_of(dict.fromkeys(c for _, c in leads))
        if len(set(leads)) == 1:
            pre, c = leads[0]
            body = "|".join(f"(?:{a[len(pre) + 1:]})" for a in members)
            out.append(f"{cls}(?<={pre}{re.escape(c)})(?:{body})")
        else:
            body = "|".join(f"(?<={pre}{re.escape(c)})(?:{a[len(pre) + 1:]})" for (pre, c), a in zip(leads, members))
            out.append(f"{cls}(?:{body})")
    return out


def start_finder(pattern: str, same: str | None = None) -> str | None:
    """Regex source whose ``search`` finds where ``pattern`` first matches (the same start; the
    match itself is only its first character), faster: it opens with the class of characters a
    match of ``pattern`` can open with, so the engine passes over all others at once. None when
    those characters are not plain from the pattern's text. ``same``: a faster source matching
    exactly as ``pattern`` does, if known."""
    lead = leading_class([pattern])
    if lead is None:
        return None
    return rf"{lead}(?<=(?=(?:{same or fast_alternation([pattern])}))[\s\S])"
