"""Gates for regular expressions: the words a pattern cannot match without, read off its parse.

Most sentences of a report match none of a stage's patterns. Running every pattern over every
sentence costs more than all else; a gate first asks whether the sentence holds the words any
match would need (``holds``), and ``Gated.finditer`` tries a pattern only where one of the words
its matches open with stands. The gates are derived from the parsed pattern, so they follow
every edit of the language packs; nothing is written by hand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Any, Iterable, Iterator, Union

try:  # the regex parser: the gates are read off the parsed patterns
    from re import _parser as _sre
except ImportError:  # Python < 3.11
    import sre_parse as _sre  # type: ignore[no-redef]

# Read off the parsed (case-insensitive) pattern, so they follow every edit of the yml. A word is
# a lowercase string, looked for in the lowered text, or a digit (with fixed endings: "22nd",
# "14-е"), searched in the text as it is. str.lower() agrees with the regex engine's case folding
# on every character but a few (see case_traps); a text holding one is searched without gates.

@dataclass(frozen=True)
class _DigitThen:
    """A digit directly followed by one of ``ends`` (lowercase; ignoring case like the patterns)."""

    ends: tuple[str, ...]
    rx: re.Pattern = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rx", re.compile(r"\d(?:" + "|".join(map(re.escape, self.ends)) + ")", re.IGNORECASE))


Word = Union[str, _DigitThen]
DIGIT = _DigitThen(("",))  # any digit
_MAX_WORDS = 64  # literal sets larger than this are not worth spelling out
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _fold(code: int) -> str | None:
    """A literal of a case-insensitive pattern as ``str.lower()`` writes it (None: not one char)."""
    low = chr(code).lower()
    return low if len(low) == 1 else None


def _exact(items: Iterable[tuple]) -> frozenset[str] | None:
    """Every string ``items`` can match, when they are few and fixed (literals, small classes and
    alternations of them; zero-width assertions add nothing); None otherwise."""
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.LITERAL:
            ch = _fold(av)
            parts = None if ch is None else {ch}
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:  # a group that sets no flags
            parts = _exact(av[3])
        elif op is _sre.BRANCH:
            alts = [_exact(alt) for alt in av[1]]
            parts = None if None in alts else set().union(*alts)
        elif op is _sre.IN and all(o is _sre.LITERAL for o, _ in av):  # [’'], [sd]
            chars = [_fold(c) for _, c in av]
            parts = None if None in chars else set(chars)
        elif op in _REPEATS and av[1] <= 2:  # ['’]?, (?:а)?
            once = _exact(av[2])
            parts = None if once is None else {
                "".join(t) for n in range(av[0], av[1] + 1) for t in product(once, repeat=n)}
        else:
            return None
        if parts is None:
            return None
        out = {a + b for a in out for b in parts}
        if len(out) > _MAX_WORDS:
            return None
    return frozenset(out)


def _is_digit(items: list[tuple]) -> bool:
    """Whether a character class matches digits only (``\\d``, ``[0-9]``)."""
    return all(op is _sre.CATEGORY and av is _sre.CATEGORY_DIGIT
               or op is _sre.RANGE and 48 <= av[0] <= av[1] <= 57
               or op is _sre.LITERAL and 48 <= av <= 57 for op, av in items)


def _digits(op: Any, av: Any) -> bool:
    """Whether one item reads one or more digits and nothing else (``\\d``, ``\\d{1,3}``)."""
    if op is _sre.IN:
        return _is_digit(av)
    return op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and _digits(*av[2][0])


def _score(words: Iterable[Word]) -> tuple[float, int]:
    """Rarer word sets first: longer shortest word (a digit counts as 2.5 letters, its endings
    add theirs), then fewer words."""
    words = list(words)
    return min(len(w) if w.__class__ is str else 2.5 + min(map(len, w.ends)) for w in words), -len(words)


def _needs(items: Iterable[tuple]) -> list[frozenset[Word]]:
    """Word sets such that every match of ``items`` holds a word of each set."""
    needs: list[frozenset[Word]] = []
    run: frozenset[str] = frozenset({""})  # what the current run of fixed items can match
    after_digit = False  # ... which directly follows a digit

    def close() -> None:
        if after_digit:
            needs.append(frozenset({DIGIT if "" in run else _DigitThen(tuple(sorted(run)))}))
        elif "" not in run:
            needs.append(run)

    for op, av in items:
        fixed = _exact([(op, av)])
        if fixed is not None:
            joined = frozenset(a + b for a in run for b in fixed)
            if len(joined) <= _MAX_WORDS:
                run = joined
                continue
        close()
        run, after_digit = frozenset({""}), False
        if fixed is not None:
            run = fixed
        elif _digits(op, av):
            after_digit = True
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            needs += _needs(av[3])
        elif op in _REPEATS and av[0] >= 1:
            needs += _needs(av[2])
        elif op is _sre.BRANCH:  # each alternative must bring a word of its own
            best = [max(_needs(alt), key=_score, default=None) for alt in av[1]]
            if None not in best:
                needs.append(frozenset().union(*best))
    close()
    return needs


def _minimal(words: Iterable[Word]) -> tuple[Word, ...]:
    """Drop the words found wherever another word of the set is (a word holding another, a digit
    with endings beside any digit); the likeliest first, so that a search stops early."""
    words = set(words)
    kept = [w for w in words if not (
        any(v.__class__ is str and v != w and v in w for v in words) if w.__class__ is str
        else w is not DIGIT and DIGIT in words)]
    return tuple(sorted(kept, key=lambda w: (0, 0, "|".join(w.ends)) if w.__class__ is _DigitThen else (1, len(w), w)))


def _gate(items: list[tuple], plain_digits: bool) -> tuple[tuple[Word, ...], ...]:
    """At most three word sets a text must hold (a word of each) for ``items`` to match in it,
    rarest first. With ``plain_digits``, a digit with endings is only looked for as a digit
    (cheaper, and all but as good for a pattern only tried where its matches open)."""
    needs = {_minimal(DIGIT if plain_digits and w.__class__ is _DigitThen else w for w in n) for n in _needs(items)}
    return tuple(sorted(needs, key=_score, reverse=True)[:3])


def _starts(items: list[tuple]) -> frozenset[str | _DigitThen] | None:
    """Words (lowercase) or DIGIT one of which opens every match of ``items``; None if unknown (or
    if ``items`` may match the empty string)."""
    heads: set[str] = {""}  # what the fixed items read so far can match
    for i, (op, av) in enumerate(items):
        fixed = _exact([(op, av)])
        if fixed is not None and len(heads) * len(fixed) <= _MAX_WORDS:
            heads = {a + b for a in heads for b in fixed}
            continue
        if "" not in heads:
            break
        # where nothing has been read yet, the match opens inside this item (or after it)
        opened = _opens(op, av, fixed)
        if opened is None:
            return None
        inner, may_be_empty = opened
        rest = _starts(items[i + 1:]) if may_be_empty else frozenset()
        return None if rest is None else frozenset(heads - {""}) | inner | rest
    return None if "" in heads else frozenset(heads)


def _opens(op: Any, av: Any, fixed: frozenset[str] | None) -> tuple[frozenset[str | _DigitThen], bool] | None:
    """The words opening the non-empty matches of one item, and whether it may match nothing."""
    if fixed is not None:
        return frozenset(fixed - {""}), "" in fixed
    if op is _sre.SUBPATTERN and not av[1] and not av[2]:
        inner, empty = _starts(av[3].data), False
    elif op is _sre.BRANCH:
        alts = [_starts(alt.data) for alt in av[1]]
        inner, empty = (None if None in alts else frozenset().union(*alts)), False
    elif op in _REPEATS:
        inner, empty = _starts(av[2].data), av[0] == 0
    elif op is _sre.IN and _is_digit(av):
        inner, empty = frozenset({DIGIT}), False
    else:
        return None
    return None if inner is None else (inner, empty)


def holds(low: str, text: str, gate: tuple[tuple[Word, ...], ...]) -> bool:
    """Whether ``text`` (``low``: lowered) holds a word of each set of ``gate``."""
    for words in gate:
        for w in words:
            if (w in low) if w.__class__ is str else w.rx.search(text):
                break
        else:
            return False
    return True


@lru_cache(maxsize=None)
def case_traps(alphabet: str) -> str:
    """The characters of the BMP where "the regex, ignoring case, matches letter x" does not
    imply "str.lower() gives x" for some letter x of ``alphabet`` (dotless i, long s, Cyrillic
    rounded letters, final sigma ...). A text holding one, or any character beyond the BMP (not
    enumerated here), is searched without the lowercase gates."""
    bmp = "".join(map(chr, range(0x10000)))
    # ignoring case, a class matches what its letters match one by one (and perhaps more)
    maybe = set(re.findall("[" + "".join(map(re.escape, alphabet)) + "]", bmp, re.IGNORECASE))
    letters = [(a, re.compile(re.escape(a), re.IGNORECASE)) for a in alphabet]
    traps = []
    for c in sorted(maybe):
        lowered = {c.lower(), ("A" + c).lower()[1:], (c + "A").lower()[:-1], ("A" + c + "A").lower()[1:-1]}
        if any(lowered != {a} and rx.fullmatch(c) for a, rx in letters):
            traps.append(c)
    return "".join(traps)


def trapped(text: str, traps: str) -> bool:
    """Whether ``text`` holds a case trap or a character beyond the BMP, in one scan. An ASCII
    text is answered at once when no trap is ASCII (most English reports)."""
    if text.isascii() and _no_ascii(traps):
        return False
    return _trap_finder(traps).search(text) is not None


@lru_cache(maxsize=None)
def _no_ascii(traps: str) -> bool:
    return not any(c.isascii() for c in traps)


@lru_cache(maxsize=None)
def _trap_finder(traps: str) -> re.Pattern:
    return re.compile(f"[{re.escape(traps)}" + "\U00010000-\U0010FFFF]")


@dataclass(frozen=True)
class Gated:
    """A pattern with its gate and the words one of which opens each of its matches (None:
    unknown, or too common to be worth looking up)."""

    rx: re.Pattern
    gate: tuple[tuple[Word, ...], ...]
    starts: tuple[str | _DigitThen, ...] | None

    def may_match_in(self, text: str, gated: bool) -> bool:
        """Whether the pattern may match inside ``text`` (a text without case traps when ``gated``)."""
        return not gated or holds(text.lower(), text, self.gate)

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match]:
        """``rx.finditer(text)``, trying only where a match can open (``low``: ``text`` lowered,
        None when the lowercase gates are not to be trusted)."""
        if self.starts is None or low is None or len(low) != len(text):
            yield from self.rx.finditer(text)
            return
        at: set[int] = set()
        for w in self.starts:
            if w is DIGIT:
                at.update(m.start() for m in DIGIT.rx.finditer(text))
                continue
            q = low.find(w)
            while q >= 0:
                at.add(q)
                q = low.find(w, q + 1)
        end = 0  # finditer goes on where the last match ended (its matches are never empty)
        for q in sorted(at):
            if q >= end:
                m = self.rx.match(text, q)
                if m:
                    yield m
                    end = m.end()

    def words(self) -> Iterator[str]:
        """The lowercase words the gates look for."""
        for w in [*(w for words in self.gate for w in words), *(self.starts or ())]:
            if w.__class__ is str:
                yield w


def gate_pattern(rx: re.Pattern, shortest_opening: int = 3) -> Gated:
    """``rx`` with its gates (none unless it ignores case: the gates read lowered text). Opening
    words shorter than ``shortest_opening`` stand in too many places of a sentence to be worth
    looking up one by one; a pattern with one is searched from every position."""
    if not rx.flags & re.IGNORECASE or rx.flags & (re.ASCII | re.LOCALE):
        return Gated(rx, (), None)
    items = _sre.parse(rx.pattern, rx.flags).data
    starts = _starts(items)
    if starts is not None:  # drop what another word opens already: "занял" opens where "заня" does
        starts = tuple(sorted((w for w in starts if w is DIGIT or not any(
            v is not DIGIT and v != w and w.startswith(v) for v in starts)), key=lambda w: "" if w is DIGIT else w))
        if not all(w is DIGIT or len(w) >= shortest_opening for w in starts):
            starts = None
    return Gated(rx, _gate(items, plain_digits=starts is not None), starts)
