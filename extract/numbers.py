"""Numbers as the reports write them: local separators, number words, ordinals.

Task counts and ranks must be read exactly as stated ("1.133" in Vietnamese is 1133, "81,2%" in
Russian is 81.2), so every language says in ``lang/<xx>/numbers.yml`` which separator is decimal and
which groups thousands, and lists its number words. Regexes are built once per language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=None)
def grammar(lang: str) -> _Grammar:
    """The compiled number grammar of one language."""
    data = load_pack(lang)["numbers"]
    dec = data.get("decimal", ".")
    seps = "".join(re.escape(s) for s in data.get("thousands", []) if s != dec)
    # thousands groups only when a separator is followed by exactly three digits; otherwise a
    # full stop or comma is taken as a decimal mark (machine translations mix the two)
    grouped = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+(?![\d])(?:{re.escape(dec)}\d+)?" if seps else r"(?!x)x"
    digits = rf"(?<![\d.,/])(?:{grouped}|\d+(?:[.,]\d+(?![.,]?\d))?)(?![\d])"
    cards = data.get("cardinals", {}) or {}
    word = rf"\b(?:{_alt(cards)})\b" if cards else r"(?!x)x"
    # inside a compound only: "hai mươi mốt" (21), "mười lăm" (15), "ba trăm linh năm" (305)
    mults = data.get("multipliers", {}) or {}
    follows = data.get("followers", {}) or {}
    inner = _alt([*cards, *mults, *follows])
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
    found = re.compile(
        rf"(?P<n>{number})(?:\s*(?P<scale>\b(?:{scale})(?!\w)))?(?:\s*(?P<pct>{percent}))?",
        re.IGNORECASE,
    )
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
    )


def number_regex(lang: str) -> str:
    """Regex source (no groups) for one number as written, to embed in phrase patterns."""
    return grammar(lang).number


def ordinal_regex(lang: str) -> str:
    """Regex source (no groups) for one ordinal as written ("14-е", "22nd", "thứ hai", "third")."""
    return grammar(lang).ordinal


def _digits_value(s: str, dec: str, seps: str) -> float | int:
    s = s.strip()
    groups = re.fullmatch(rf"\d{{1,3}}(?:[{re.escape(seps)}]\d{{3}})+(?:{re.escape(dec)}\d+)?", s) if seps else None
    if groups:
        head, _, frac = s.partition(dec)  # seps never holds the decimal mark
        whole = re.sub(rf"[{re.escape(seps)}]", "", head)
        return float(f"{whole}.{frac}") if frac else int(whole)
    if re.fullmatch(r"\d+", s):
        return int(s)
    m = re.fullmatch(r"(\d+)[.,](\d+)", s)
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
    data = load_pack(lang)["numbers"]
    seps = "".join(s for s in data.get("thousands", []) if s != g.decimal)
    if raw[0].isdigit():
        try:
            value: float | int | None = _digits_value(raw, g.decimal, seps)
        except ValueError:
            return None
    else:
        value = _words_value(raw, g)
    if value is None:
        return None
    if m.group("scale"):
        mult = next((v for p, v in g.scales if p.match(m.group("scale"))), 1)
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
