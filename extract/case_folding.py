"""Case folding the way ``re`` ignores case, and gates that search folded text.

Finding a phrase with IGNORECASE is slow in Python's regex engine (every position, every
alternative, a case test per character). Folding the text once (``fold``: each character to the
first member of its IGNORECASE class, same length) turns case-insensitive comparison into plain
string equality, and ``folded_gate`` loosens a pattern into a case-sensitive one that finds, in
folded text, a place at or before every match of the original: a sentence it finds nothing in is
skipped. The rules are read from ``re`` itself (its parser and case table), so they hold for every
character the engine knows.
"""
from __future__ import annotations

import _sre
import re
from re import _constants as _c, _parser
from re._casefix import _EXTRA_CASES

# -------------------------------------------------------------------------------
# re's IGNORECASE rule for a literal (re/_compiler.py): a character c matches a cased letter p when
# tolower(c) is tolower(p) or one of its _EXTRA_CASES ("в" and "ᲀ", "s" and "ſ"); an uncased p matches
# only itself. Folding each character to the first member of its class turns the cased half of that
# rule into plain string equality, so names are found with str.find instead of a pattern per name.
_ODD = re.compile("[" + "".join(sorted({re.escape(chr(x)) for k, v in _EXTRA_CASES.items() for x in (k, *v)
                                        if x != min(k, *v)})) + "]")


class _Fold(dict):
    """str.translate table: code point -> the first member of its IGNORECASE class, built on use."""

    def __missing__(self, cp: int) -> int:
        lo = _sre.unicode_tolower(cp)
        self[cp] = rep = min((lo, *_EXTRA_CASES.get(lo, ())))
        return rep


_FOLD = _Fold()


class _CasedDropped(dict):
    """str.translate table that deletes the characters that have case."""

    def __missing__(self, cp: int) -> int | None:
        self[cp] = keep = None if _sre.unicode_iscased(cp) else cp
        return keep


_CASED_DROPPED = _CasedDropped()


def without_cased(text: str) -> str:
    """``text`` without its characters that have case (what folding cannot confuse is left)."""
    return text.translate(_CASED_DROPPED)


def fold(text: str) -> str:
    """``text`` with every character replaced by its IGNORECASE class's first member (same length).

    str.lower() gives, character by character, re's tolower (CPython's simple lowercase is the first
    character of the full one), except where it lengthens the text ("İ") and for a final sigma
    (another member of the same class); _ODD catches the letters that are not their class's first.
    Otherwise the slower per-character table gives the answer."""
    low = text.lower()
    if len(low) == len(text) and (low.isascii() or not _ODD.search(low)):
        return low
    return text.translate(_FOLD)


# --- gates: a phrase pattern loosened to run on folded text ------------------------------------------

def folded_gate(*patterns: re.Pattern, loose_start: bool = False) -> re.Pattern | None:
    r"""A case-sensitive pattern to search fold(text) with: wherever one of ``patterns`` matches
    ``text``, it matches fold(text) at the same place. A sentence it finds nothing in holds no
    match, and no match starts before the first one it finds. With ``loose_start`` it only tells
    whether there is a match (it may skip an optional lead such as "(?:^|\s)").

    It is the pattern loosened: letters folded, anchors and lookarounds dropped, character classes
    widened to any non-space (or any) character, alternatives sharing their first letters ("r(?:e
    (?:quested|quired))"). Folded text is plain lowercase, so it needs none of IGNORECASE's slow
    scanning, and the engine skips straight to the letters a match can start with. None when a
    pattern can match the empty string (a gate would find it everywhere) or uses a construct it does
    not loosen (backreferences ...)."""
    parsed = [_parser.parse(rx.pattern, rx.flags) for rx in patterns]
    if any(p.getwidth()[0] == 0 for p in parsed):
        return None
    try:
        return re.compile(_loosened_branch([a for p in parsed for a in _alternatives(list(p), loose_start)]))
    except _Unsupported:
        return None


_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


class _Unsupported(Exception):
    pass


def _loosened(items) -> str:
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(fold(chr(av))))   # a char re matches here folds to the same
        elif op in _ZERO_WIDTH:
            continue                               # zero-width: dropping a condition only finds more
        elif op is _c.IN:
            letter = _letter((op, av))
            out.append(_loosened_class(av) if letter is None else re.escape(letter))
        elif op in (_c.ANY, _c.NOT_LITERAL):
            out.append(r"[\s\S]")
        elif op is _c.SUBPATTERN:
            out.append(f"(?:{_loosened(av[3])})")
        elif op is _c.BRANCH:
            out.append(_loosened_branch([list(a) for a in av[1]]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, hi, item = av
            out.append(f"(?:{_loosened(item)}){{{lo},{'' if hi == _c.MAXREPEAT else hi}}}")
        else:
            raise _Unsupported(op)
    return "".join(out)


def _alternatives(items: list, loose_start: bool = False) -> list[list]:
    """A sequence as alternatives that do not open with a group: "(?:a|b)c" is "ac" or "bc" (a gate
    needs no groups, and drops anchors and lookarounds anyway). With ``loose_start``, leading items
    that can match nothing are dropped as well."""
    items = [item for item in items if item[0] not in _ZERO_WIDTH]
    while loose_start and items and _can_be_empty(items[0]):
        items = items[1:]
    if not items:
        return [items]
    head, rest = items[0], items[1:]
    if head[0] is _c.SUBPATTERN:
        inner = [list(head[1][3])]
    elif head[0] is _c.BRANCH:
        inner = [list(a) for a in head[1][1]]
    elif head[0] is _c.IN and all(op is _c.LITERAL for op, _ in head[1]):
        # "[,—]x": ",x" or "—x"
        inner = [[(_c.LITERAL, ord(ch))] for ch in sorted({fold(chr(v)) for _, v in head[1]})]
    else:
        return [items]
    out = [a for alt in inner for a in _alternatives(alt + rest, loose_start)]
    return out if len(out) <= 300 else [items]


def _can_be_empty(item) -> bool:
    """Whether the item can match the empty string (False when unsure)."""
    op, av = item
    if op in _ZERO_WIDTH:
        return True
    if op is _c.SUBPATTERN:
        return all(map(_can_be_empty, av[3]))
    if op is _c.BRANCH:
        return any(all(map(_can_be_empty, a)) for a in av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        return av[0] == 0 or all(map(_can_be_empty, av[2]))
    return False


def _loosened_branch(alternatives: list[list]) -> str:
    """Alternatives that begin with the same (folded) letter share it, "r(?:e(?:quested|quired))":
    one step per letter where a flat list tries each word in turn (order does not matter to a gate)."""
    by_first: dict[str, list[list]] = {}
    rest = []
    for a in (x for alt in alternatives for x in _alternatives(alt)):
        letter = _letter(a[0]) if a else None
        if letter is not None:
            by_first.setdefault(letter, []).append(a[1:])
        else:
            rest.append(_loosened(a))
    for ch, tails in by_first.items():
        rest.append(re.escape(ch) + (_loosened(tails[0]) if len(tails) == 1 else _loosened_branch(tails)))
    return "(?:" + "|".join(rest) + ")"


def _letter(item) -> str | None:
    """The one folded character a literal, or a class of literals ("[Hh]"), matches: every
    character either matches folds to the same as the literal it matches."""
    op, av = item
    if op is _c.LITERAL:
        return fold(chr(av))
    if op is _c.IN and all(o is _c.LITERAL for o, _ in av):
        letters = {fold(chr(v)) for _, v in av}
        if len(letters) == 1:
            return letters.pop()
    return None


def _loosened_class(items) -> str:
    """``\\s`` stays (whitespace folds to itself, and nothing else folds to whitespace); a class of
    word characters, digits or other non-space characters, or one that excludes whitespace
    ("[^\\s,]"), becomes ``\\S``; anything else any char."""
    if items == [(_c.CATEGORY, _c.CATEGORY_SPACE)]:
        return r"\s"
    if items == [(_c.CATEGORY, _c.CATEGORY_DIGIT)]:
        return r"\d"   # digits fold to themselves
    if items[0] == (_c.NEGATE, None):
        return r"\S" if (_c.CATEGORY, _c.CATEGORY_SPACE) in items else r"[\s\S]"
    for op, av in items:
        if op is _c.CATEGORY and av in (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT, _c.CATEGORY_NOT_SPACE):
            continue
        if op is _c.LITERAL and not chr(av).isspace():
            continue
        if op is _c.RANGE and av[1] - av[0] < 0x3000 and not any(map(str.isspace, map(chr, range(av[0], av[1] + 1)))):
            continue
        return r"[\s\S]"
    return r"\S"
