"""Who gave an instruction, to whom, and by when: the parts of one directive sentence.

Kept apart from ``directives.py`` (which decides which sentences are instructions) because
resolving the issuer depends on the officials stage's output, and addressees and deadlines are
plain phrase matching; each can change without touching the other.

Both files search folded text (every character replaced by the first member of its
case-insensitive class, see ``fold``): officials' names are found in it with str.find rather than
a pattern compiled per official, and ``folded_gate`` derives from a phrase pattern a plain
lowercase one that tells cheaply which sentences cannot hold a match.
"""
from __future__ import annotations

import _sre
import re
from re import _constants as _c, _parser
from re._casefix import _EXTRA_CASES
from typing import Any

from extract.article import Sentence
from extract.written_dates import parse_date

_SPLIT_ADDR = re.compile(r"\s*(?:,|;)\s*|\s+(?:и|и\s+с|та|і|và|and)\s+(?=[A-ZА-ЯЁІЇЄҐĐ])")


def addressee_splitter(heads: str | None) -> re.Pattern:
    """Commas always separate addressees; "and"/"và"/"и" only when an organisation's head word
    follows, so "Sở Khoa học và Công nghệ" or "Department of Science and Technology" stay whole."""
    if not heads:
        return _SPLIT_ADDR
    return re.compile(rf"\s*(?:,|;)\s*|\s+(?:и|и\s+с|та|і|và|and)\s+(?=(?:{heads})\b)")


# --- case folding -------------------------------------------------------------------------------
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


# --- officials' names -------------------------------------------------------------------------------

def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"   # re's \w


class OfficialName:
    r"""An official's name as the pattern ``(?<!\w)Tok\s+Tok\s+Ste\w*`` (IGNORECASE) would find it,
    the last word cut by one letter so inflected forms count ("Хау А Леня" for "Хау А Лень"),
    matched by string comparison on folded text: no pattern is compiled per official."""

    __slots__ = ("official", "name", "words", "exact")

    def __init__(self, official: dict[str, Any], tokens: list[str]) -> None:
        self.official = official
        self.name = official["name"]
        last = tokens[-1]
        words = tokens[:-1] + [last[:-1] if len(last) > 3 else last]
        joined = " ".join(words)
        self.words = tuple(fold(joined).split(" "))   # folding keeps length and spaces
        # characters without case must match as written (folding may map another letter onto them)
        if joined.translate(_CASED_DROPPED).isspace():
            self.exact: tuple[tuple[tuple[int, str], ...], ...] = ((),) * len(words)
        else:
            self.exact = tuple(tuple((i, c) for i, c in enumerate(w) if not _sre.unicode_iscased(ord(c)))
                               for w in words)

    def _end_at(self, text: str, folded: str, at: int, endpos: int) -> int:
        """Where the name matched at ``at`` ends (its last word runs on through word characters),
        or -1 when it does not match there; nothing at or after ``endpos`` is looked at."""
        if at and _is_word(text[at - 1]):
            return -1
        i = at
        last = len(self.words) - 1
        for k, word in enumerate(self.words):
            if not folded.startswith(word, i, endpos):
                return -1
            for j, c in self.exact[k]:
                if text[i + j] != c:
                    return -1
            i += len(word)
            if k < last:
                j = i
                while j < endpos and text[j].isspace():
                    j += 1
                if j == i:
                    return -1
                i = j
        while i < endpos and _is_word(text[i]):
            i += 1
        return i

    def first(self, text: str, folded: str, before: int) -> int | None:
        """Start of the first match in ``text`` (``folded`` is fold(text)), as re.search gives it,
        when that is before offset ``before``."""
        first = self.words[0]
        at = folded.find(first)
        while 0 <= at < before:
            if self._end_at(text, folded, at, len(text)) >= 0:
                return at
            at = folded.find(first, at + 1)
        return None

    def last(self, text: str, folded: str, endpos: int) -> int | None:
        """Start of the last of the non-overlapping matches re.finditer(text, 0, endpos) gives."""
        first = self.words[0]
        found = None
        at = folded.find(first, 0, endpos)
        while at >= 0:
            end = self._end_at(text, folded, at, endpos)
            if end >= 0:
                found, at = at, folded.find(first, end, endpos)
            else:
                at = folded.find(first, at + 1, endpos)
        return found


def _mention_spans(o: dict[str, Any]) -> list[tuple[int, int]]:
    """Mentions as (start, end), whatever shape the officials stage gives them in."""
    spans = [(o["start"], o["end"])] if isinstance(o.get("start"), int) and isinstance(o.get("end"), int) else []
    for m in o.get("mentions") or []:
        if isinstance(m, dict) and isinstance(m.get("start"), int):
            spans.append((m["start"], m.get("end", m["start"])))
        elif isinstance(m, (list, tuple)) and len(m) >= 2 and all(isinstance(x, int) for x in m[:2]):
            spans.append((m[0], m[1]))
    return spans


class ArticleNames:
    """The officials' names, looked for in one article's sentences by their folded words."""

    def __init__(self, officials: list[dict[str, Any]], folded: str) -> None:
        """``folded`` is fold() of the article's text."""
        self.folded = folded
        self._officials = officials
        self._names: list[OfficialName] | None = None
        self._mentions: list[tuple[int, ...]] | None = None

    @property
    def names(self) -> list[OfficialName]:
        """The officials that have a name, in the officials stage's order (built when first asked for)."""
        if self._names is None:
            self._names = []
            for o in self._officials:
                tokens = (o.get("name") or "").split()
                if tokens:
                    self._names.append(OfficialName(o, tokens))
        return self._names

    def first(self, sent: Sentence, before: int) -> int | None:
        """Where the sentence's first official's name starts (an offset into its text), if that is
        before offset ``before``."""
        start, end = sent.start, sent.end
        named = [n for n in self.names if 0 <= self.folded.find(n.words[0], start, end) < start + before]
        if not named:
            return None
        folded = self.folded[start:end]
        starts = (n.first(sent.text, folded, before) for n in named)
        return min((s for s in starts if s is not None), default=None)

    def issuer(self, sent: Sentence, upto: int) -> str | None:
        """The official named (or mentioned) last before offset ``upto`` of the sentence."""
        text, offset = sent.text, sent.start
        folded = self.folded[offset:offset + upto]
        if self._mentions is None:
            self._mentions = [tuple(s for s, _ in _mention_spans(n.official)) for n in self.names]
        best: tuple[int, str] | None = None
        for n, mentions in zip(self.names, self._mentions):
            at = n.last(text, folded, upto)
            if at is not None and (best is None or at > best[0]):
                best = (at, n.name)
            for s in mentions:
                if offset <= s < offset + upto and (best is None or s - offset > best[0]):
                    best = (s - offset, n.name)
        return best[1] if best else None


def titled_issuer(subject: str, officials: list[dict[str, Any]], title_keys: tuple[tuple[str, re.Pattern], ...],
                  deputy: re.Pattern | None = None) -> str | None:
    """The official meant by a title-only subject ("Генеральный секретарь поручил ..."); a deputy
    ("заместитель секретаря ...") does not hold the office his title names."""
    found: tuple[int, re.Pattern] | None = None
    for _, rx in title_keys:
        for m in rx.finditer(subject):
            if found is None or m.start() > found[0]:
                found = (m.start(), rx)
    if not found:
        return None
    rx = found[1]
    def holds(title: str) -> bool:
        m = rx.search(title)
        return bool(m) and not (deputy and deputy.search(title[: m.start()]))

    holders = [o for o in officials if any(holds(t) for t in (o.get("titles") or []))]
    if not holders:
        return None
    chairs = [o for o in holders if o.get("role") == "chair"]
    return (chairs or holders)[0]["name"]


def addressees(text: str, pos: int, lead: re.Pattern, stop: re.Pattern,
               split: re.Pattern = _SPLIT_ADDR) -> list[str]:
    """The verb's object as written, cut where the instructed action begins."""
    m = lead.match(text, pos)
    start = m.end() if m else pos
    # from the space before, so that a stop word right after the verb leaves no addressee
    end_m = stop.search(text, max(pos, start - 1), min(len(text), start + 220))
    if not end_m or end_m.start() < start:
        return []
    span = text[start:end_m.start()].strip(" ,")
    if len(span) < 2:
        return []
    parts = [p.strip(" ,") for p in split.split(span)]
    return [p for p in parts if 1 < len(p) <= 150]


def deadline(text: str, lang: str, rx: re.Pattern | None, pos: int = 0) -> str | None:
    """ISO date of a stated deadline, or the deadline as written when it is not a full date
    (none of which starts before ``pos``)."""
    if rx is None:
        return None
    m = rx.search(text, pos)
    if not m:
        return None
    return parse_date(m.group(0), lang) or m.group(0).strip()
