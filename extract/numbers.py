"""Numbers as the reports write them: local separators, number words, ordinals.

Task counts and ranks must be read exactly as stated ("1.133" in Vietnamese is 1133, "81,2%" in
Russian is 81.2), so every language says in ``lang/<xx>/numbers.yml`` which separator is decimal and
which groups thousands, and lists its number words. Regexes are built once per language.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from extract.fast_regex import fast_alternation, leading_class, start_finder
from extract.langpack import load_pack


@dataclass(frozen=True)
class Number:
    """One number in a text: ``text[start:end]`` is how it was written."""

    start: int
    end: int
    value: float | int
    percent: bool = False


_TRAILING_LOOK = re.compile(r"\(\?[=!].*\)$")


def _alt(patterns) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass(frozen=True)
class _Grammar:
    decimal: str
    digits: str          # regex: a written digit number
    words: str           # regex: a run of cardinal words ("двадцать три")
    number: str          # digits | words
    ordinal: str         # regex: an ordinal ("14-е", "third", "thứ hai")
    cardinals: tuple[tuple[re.Pattern, int], ...]
    ordinals: tuple[tuple[re.Pattern, int], ...]
    scales: tuple[tuple[re.Pattern, int], ...]
    multipliers: tuple[tuple[re.Pattern, int], ...]
    followers: tuple[tuple[re.Pattern, int], ...]
    percent: str
    scale: str
    found: re.Pattern    # number, optional scale word, optional percent sign
    seps: str = ""       # thousands separators (never the decimal mark)
    grouped_full: re.Pattern | None = None   # a whole digit number written with thousands groups
    plain_int: bool = True   # no separator is a digit, so plain ASCII digits are simply int()
    # Where number words are absent, ``found`` matches exactly what these match, much faster:
    lead_digits: str = ""    # regex: ``digits`` opening with the digit itself (the engine then skips to digits)
    found_digits: re.Pattern | None = None   # ``found`` with ``lead_digits`` for ``number``
    word_probe: tuple[re.Pattern, re.Pattern] | None = None     # see ``word_spans``
    number_lead: str | None = None  # regex: a class of every character a number can open with


@lru_cache(maxsize=None)
def grammar(lang: str) -> _Grammar:
    """The compiled number grammar of one language."""
    data = load_pack(lang)["numbers"]
    dec = data.get("decimal", ".")
    seps = "".join(re.escape(s) for s in data.get("thousands", []) if s != dec)
    seps_raw = "".join(s for s in data.get("thousands", []) if s != dec)
    # thousands groups only when a separator is followed by exactly three digits; otherwise a
    # full stop or comma is taken as a decimal mark (machine translations mix the two)
    grouped = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+(?![\d])(?:{re.escape(dec)}\d+)?" if seps else r"(?!x)x"
    digits = rf"(?<![\d.,/])(?:{grouped}|\d+(?:[.,]\d+(?![.,]?\d))?)(?![\d])"
    # the same, its first digit taken before the look-behind: "(?<![\d.,/])\d" is "\d(?<![\d.,/]\d)"
    grouped_rest = rf"\d{{0,2}}(?:[{seps}]\d{{3}})+(?![\d])(?:{re.escape(dec)}\d+)?" if seps else r"(?!x)x"
    lead_digits = rf"\d(?<![\d.,/]\d)(?:{grouped_rest}|\d*(?:[.,]\d+(?![.,]?\d))?)(?![\d])"
    cards = data.get("cardinals", {}) or {}
    word = rf"\b(?:{fast_alternation(cards)})\b" if cards else r"(?!x)x"
    # inside a compound only: "hai mươi mốt" (21), "mười lăm" (15), "ba trăm linh năm" (305)
    mults = data.get("multipliers", {}) or {}
    follows = data.get("followers", {}) or {}
    inner = fast_alternation([*cards, *mults, *follows])
    words = rf"{word}(?:[ -](?:{inner})\b){{0,5}}" if (mults or follows) else rf"{word}(?:[ -]{word}){{0,3}}"
    ords = data.get("ordinals", {}) or {}
    prefix = data.get("ordinal_prefix")
    suffix = data.get("ordinal_suffix") or ""
    tens = [p for p, v in cards.items() if v >= 20 and v % 10 == 0 and v < 100]
    tens_re = rf"(?:(?:{_alt(tens)})[ -])?" if tens else ""
    if prefix:
        ord_word = rf"{prefix}\s+(?:\d+|{_alt(ords)})\b"
        ordinal = ord_word
    else:
        ord_word = rf"\b{tens_re}(?:{_alt(ords)})\w*" if ords else r"(?!x)x"
        ordinal = rf"(?:\b\d{{1,3}}(?:{suffix})|{ord_word})" if suffix else ord_word
    scales = data.get("scales", {}) or {}
    scale = _alt(scales) if scales else r"(?!x)x"
    percent = data.get("percent", "%")
    number = rf"(?:{digits}|{words})"
    # every number opens with a digit or the first letter of a number word: test that first
    lead = leading_class([r"\d", *cards])
    after = rf"(?:\s*(?P<scale>\b(?:{scale})(?!\w)))?(?:\s*(?P<pct>{percent}))?"
    found = re.compile((f"(?={lead})" if lead else "") + rf"(?P<n>{number}){after}", re.IGNORECASE)
    flags = re.IGNORECASE
    return _Grammar(
        decimal=dec, digits=digits, words=words, number=number, ordinal=ordinal,
        # a key may end with a lookahead saying where the word counts; its value needs only the word
        cardinals=tuple((re.compile(rf"^(?:{_TRAILING_LOOK.sub('', p)})$", flags), v) for p, v in cards.items()),
        ordinals=tuple((re.compile(rf"^(?:{p})", flags), v) for p, v in ords.items()),
        scales=tuple((re.compile(rf"^(?:{p})$", flags), v) for p, v in scales.items()),
        multipliers=tuple((re.compile(rf"^(?:{p})$", flags), v) for p, v in mults.items()),
        followers=tuple((re.compile(rf"^(?:{p})$", flags), v) for p, v in follows.items()),
        percent=percent, scale=scale, found=found,
        seps=seps_raw,
        plain_int=not any(ch.isdigit() for ch in seps_raw + dec),
        grouped_full=(re.compile(rf"\d{{1,3}}(?:[{re.escape(seps_raw)}]\d{{3}})+(?:{re.escape(dec)}\d+)?")
                      if seps_raw else None),
        lead_digits=lead_digits,
        found_digits=re.compile(rf"(?P<n>{lead_digits}){after}", re.IGNORECASE),
        word_probe=_word_probe(cards),
        number_lead=lead,
    )


# What lets a card pattern look past the characters it matches (look-behind, negative look-ahead,
# anchors, references). A card pattern without any is found in a whole sentence wherever it is
# found in a part of it, given that the characters around the part are not word characters (for
# "\b"): so the words of a sentence tell where the words of its clauses can be.
_CONTEXT = re.compile(r"\(\?<[=!]|\(\?!|\(\?\(|\(\?P=|\\[ABZ1-9]|[$^]")


def _word_probe(cards: Iterable[str]) -> tuple[re.Pattern, re.Pattern] | None:
    """(where a first number word starts, the word): see ``word_spans``."""
    if not cards:
        return re.compile(r"(?!x)x"), re.compile(r"(?!x)x")
    if any(_CONTEXT.search(p) for p in cards):
        return None
    word = rf"\b(?:{fast_alternation(cards)})\b"
    at = start_finder(rf"\b(?:{_alt(cards)})\b", word)
    return re.compile(at or word, re.IGNORECASE), re.compile(word, re.IGNORECASE)


def number_regex(lang: str) -> str:
    """Regex source (no groups) for one number as written, to embed in phrase patterns."""
    return grammar(lang).number


def ordinal_regex(lang: str) -> str:
    """Regex source (no groups) for one ordinal as written ("14-е", "22nd", "thứ hai", "third")."""
    return grammar(lang).ordinal


_PLAIN = re.compile(r"\d+")
_DECIMAL = re.compile(r"(\d+)[.,](\d+)")


def _digits_value(s: str, dec: str, seps: str, grouped: re.Pattern | None = None) -> float | int:
    """``grouped`` is ``grammar().grouped_full`` for these ``dec`` and ``seps``, compiled once."""
    s = s.strip()
    if seps and grouped is None:
        grouped = re.compile(rf"\d{{1,3}}(?:[{re.escape(seps)}]\d{{3}})+(?:{re.escape(dec)}\d+)?")
    groups = grouped.fullmatch(s) if seps else None
    if groups:
        head, _, frac = s.partition(dec)  # seps never holds the decimal mark
        whole = re.sub(rf"[{re.escape(seps)}]", "", head)
        return float(f"{whole}.{frac}") if frac else int(whole)
    if _PLAIN.fullmatch(s):
        return int(s)
    m = _DECIMAL.fullmatch(s)
    if m:
        return float(f"{m.group(1)}.{m.group(2)}")
    raise ValueError(s)


def _words_value(s: str, g: _Grammar) -> int | None:
    """Add the words up; a multiplier scales the word before it ("hai mươi" = 2 x 10, "ba trăm
    hai mươi" = 300 + 20), a follower only adds ("mươi mốt" +1, "mười lăm" +5, "linh" +0)."""
    total = last = 0
    for i, w in enumerate(re.split(r"[ -]+", s.strip())):
        mult = next((v for p, v in g.multipliers if p.match(w)), None) if i else None
        if mult is not None:
            total += last * (mult - 1)
            last *= mult
            continue
        v = next((v for p, v in g.cardinals if p.match(w)), None)
        if v is None and i:
            v = next((v for p, v in g.followers if p.match(w)), None)
        if v is None:
            return None
        if v == 100 and 0 < total < 10:
            total *= 100
        else:
            total += v
        last = v
    return total


def parse_number(text: str, lang: str) -> float | int | None:
    """The value of one written number ("1.133", "81,2", "7,5 мільйона", "двадцать"), else None."""
    g = grammar(lang)
    m = g.found.fullmatch(text.strip())
    if not m:
        return None
    return _value(m, g, lang)


def _value(m: re.Match, g: _Grammar, lang: str) -> float | int | None:
    raw = m.group("n")
    if raw[0].isdigit():
        if g.plain_int and raw.isascii() and raw.isdigit():
            value: float | int | None = int(raw)   # what _digits_value gives for plain digits
        else:
            try:
                value = _digits_value(raw, g.decimal, g.seps, g.grouped_full)
            except ValueError:
                return None
    else:
        value = _words_value(raw, g)
    if value is None:
        return None
    scale = m.group("scale")
    if scale:
        mult = next((v for p, v in g.scales if p.match(scale)), 1)
        value = value * mult
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    return value


def find_numbers(text: str, lang: str) -> list[Number]:
    """Every number in ``text`` with its value and whether it is a percentage."""
    g = grammar(lang)
    out = []
    for m in g.found.finditer(text):
        value = _value(m, g, lang)
        if value is not None:
            out.append(Number(m.start(), m.end(), value, bool(m.group("pct"))))
    return out


def match_value(m: re.Match, lang: str) -> float | int | None:
    """The value of one match of ``grammar(lang).found`` (None: not a number after all)."""
    return _value(m, grammar(lang), lang)


def word_spans(text: str, lang: str) -> list[tuple[int, int]] | None:
    """Spans of ``text`` where a number word may start: every place where one of ``text`` or of
    any part ``text[a:b]`` starts lies in one of them, provided ``text[a - 1]`` and ``text[b]``
    (where there) are not word characters. None when the language's number words are written
    so that this cannot be told (then use ``found``)."""
    probe = grammar(lang).word_probe
    if probe is None:
        return None
    at, word = probe
    spans, pos = [], 0
    while (found := at.search(text, pos)) is not None:   # word.finditer(text), found faster
        m = word.match(text, found.start())
        if m.end() == m.start():
            return [m.span() for m in word.finditer(text)]   # empty words: finditer's own rules
        spans.append(m.span())
        pos = m.end()
    return spans


def has_number(text: str, lang: str, words: list[tuple[int, int]] | None = None) -> bool:
    """``bool(find_numbers(text, lang))``, stopping at the first number. ``words``:
    ``word_spans(text, lang)`` if already known."""
    g = grammar(lang)
    if words is None:
        words = word_spans(text, lang)
    # no number word anywhere in the text: ``found`` finds digits only, as ``found_digits`` does
    rx = g.found if words is None or words else g.found_digits
    return any(_value(m, g, lang) is not None for m in rx.finditer(text))


def parse_ordinal(text: str, lang: str) -> int | None:
    """The value of an ordinal or plain number ("14-е", "22nd", "thứ hai", "третьем", "5"), else None."""
    g = grammar(lang)
    s = text.strip()
    data = load_pack(lang)["numbers"]
    prefix = data.get("ordinal_prefix")
    if prefix:
        s = re.sub(rf"^{prefix}\s+", "", s, flags=re.IGNORECASE)
    m = re.match(r"\d{1,3}", s)
    if m:
        return int(m.group())
    total = 0
    parts = re.split(r"[ -]+", s)
    for w in parts[:-1]:
        v = next((v for p, v in g.cardinals if p.match(w)), None)
        if v is None:
            return None
        total += v
    last = parts[-1]
    if prefix:
        v = next((v for p, v in g.ordinals if p.fullmatch(last)), None)
    else:
        v = next((v for p, v in g.ordinals if p.match(last)), None)
    return None if v is None else total + v
