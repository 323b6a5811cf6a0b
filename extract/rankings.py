"""Rankings: statements that a unit holds place N (of M) in some index or league table.

Phrasings are per-language patterns in ``lang/<xx>/rankings.yml`` with ``{ORD}`` (an ordinal or
number as written) and ``{N}`` (a number); the index is looked up in ``data/indices.yml`` so the
same index gets the same key in every language. One entry per place stated; aims ("top 10 by
2030") are dropped because they are not places held.

Most sentences state no place, so every pattern carries a gate (``extract/regex_gates.py``): the
words it cannot match without, and the words its matches open with. A pattern is only tried on
sentences holding its words, and only where one of its opening words stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from extract.article import Article, Sentence
from extract.langpack import LangPack, load_data, load_pack
from extract.numbers import grammar, ordinal_regex, parse_number, parse_ordinal
from extract.regex_gates import DIGIT, Gated, case_traps, gate_pattern, holds, trapped

# "DTI 2024", "индекс ... за 2024 год", "індексом ... провінцій за 2024 рік" (up to two words between)
_YEAR_AFTER = re.compile(r"[\s()]{0,3}(?:[^\W\d]{1,12}\s+){0,2}(?P<y>(?:19|20)\d\d)\b(?!\s*[/.-]\d)")
# "Năm 2024, chỉ số ..." / "In 2024, the index ..."
_YEAR_BEFORE = re.compile(r"\b(?P<y>(?:19|20)\d\d)[\s,:]*(?:[^\W\d]{1,4}\s+)?$")


@dataclass(frozen=True)
class _Rules:
    patterns: tuple[Gated, ...]
    aim: Gated | None
    aliases: tuple[tuple[str, Gated], ...]
    fallback: re.Pattern | None
    both: re.Pattern | None
    place: re.Pattern  # a digit or an ordinal word: no place is stated without one
    traps: str  # characters that make the lowercase gates untrustworthy


@lru_cache(maxsize=None)
def _rules(lang: str) -> _Rules:
    d = load_pack(lang)["rankings"]
    flags = re.IGNORECASE
    ordinal = ordinal_regex(lang)
    num = rf"(?:\d{{1,4}}\b|{grammar(lang).words})"  # "14/34": a plain count after the slash
    pats = tuple(
        gate_pattern(re.compile(p.replace("{ORD}", f"(?:{ordinal})").replace("{N}", f"(?:{num})"), flags))
        for p in d.get("patterns", [])
    )
    aliases = []
    for key, entry in (load_data("indices") or {}).items():
        for alias in (entry.get("aliases") or {}).get(lang, []):
            aliases.append((key, gate_pattern(re.compile(alias, flags))))
    aim = gate_pattern(re.compile(d["aim"], flags)) if d.get("aim") else None
    gated = [*pats, *(a for _, a in aliases), *([aim] if aim else [])]
    return _Rules(
        patterns=pats,
        aim=aim,
        aliases=tuple(aliases),
        fallback=re.compile(d["index_fallback"]) if d.get("index_fallback") else None,
        both=re.compile(d["both"], flags) if d.get("both") else None,
        place=re.compile(rf"\d|{ordinal}", flags),
        traps=case_traps("".join(sorted({c for g in gated for w in g.words() for c in w}))),
    )


def find_rankings(art: Article, pack: LangPack) -> list[dict[str, Any]]:
    """One dict per (unit, place) stated, in text order (schema: rankings)."""
    r = _rules(pack.lang)
    gated = not trapped(art.text, r.traps)
    out: list[dict[str, Any]] = []
    for sent, low, pats in _candidates(art, r, gated):
        text = sent.text
        found: dict[int, dict[str, Any]] = {}
        placed = None  # a sentence with no digit or ordinal states no place: asked at its first match
        for p in pats:
            for m in p.finditer(text, low):
                if placed is None:
                    placed = r.place.search(text) is not None
                if not placed:
                    break
                if m.start("rank") in found:
                    continue
                rec = _ranking(text, m, art.lang, r, gated)
                if rec:
                    rec.update(start=sent.start + rec.pop("_a"), end=sent.start + rec.pop("_b"), sentence=text)
                    found[m.start("rank")] = rec
        for k in sorted(found):
            out.append(found[k])
            # "both pillars ranked 8th": two units, one place each (GOLD.md)
            if r.both and r.both.search(text, found[k]["start"] - sent.start, found[k]["end"] - sent.start) \
                    and len(found) == 1:
                out.append(dict(found[k]))
    return out


def _candidates(art: Article, r: _Rules, gated: bool) -> Iterator[tuple[Sentence, str | None, list[Gated]]]:
    """The sentences, in order, lowered, with the patterns that may match in them: those whose
    words the sentence holds (every pattern when a case trap makes the gates untrustworthy)."""
    if not gated:
        for sent in art.sentences:
            yield sent, None, list(r.patterns)
        return
    # the whole article first, on each pattern's rarest word set; then each sentence
    whole = art.text.lower()
    live = [p for p in r.patterns if holds(whole, art.text, p.gate[:1])]
    if not live:
        return
    for sent in art.sentences:
        text = sent.text
        low = text.lower()
        digit = None  # whether the sentence holds a digit, once asked
        pats = []
        for p in live:  # holds(low, text, p.gate) inlined, as it runs for every sentence
            for words in p.gate:
                for w in words:
                    if w.__class__ is str:
                        if w in low:
                            break
                    elif w is DIGIT:
                        if digit is None:
                            digit = DIGIT.rx.search(text) is not None
                        if digit:
                            break
                    elif w.rx.search(text):
                        break
                else:
                    break
            else:
                pats.append(p)
        if pats:
            yield sent, low, pats


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of the sentence between semicolons that holds the match."""
    a = text.rfind(";", 0, start) + 1
    b = text.find(";", end)
    b = len(text) if b < 0 else b
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1] in " .":
        b -= 1
    return a, b


def _ranking(text: str, m: re.Match, lang: str, r: _Rules, gated: bool) -> dict[str, Any] | None:
    rank = parse_ordinal(m.group("rank"), lang)
    if rank is None or not 1 <= rank <= 999:
        return None
    out_of = None
    if "out_of" in m.groupdict() and m.group("out_of"):
        v = parse_number(m.group("out_of"), lang)
        out_of = int(v) if isinstance(v, (int, float)) and float(v).is_integer() and v >= rank else None
    a, b = _clause(text, m.start(), m.end())
    if r.aim and r.aim.may_match_in(text[a:m.start()], gated) and r.aim.rx.search(text, a, m.start()):
        return None
    index, key, year = _index(text, a, b, m, r, gated)
    return {"rank": rank, "out_of": out_of, "index": index, "index_key": key, "year": year, "_a": a, "_b": b}


def _index(text: str, a: int, b: int, m: re.Match, r: _Rules, gated: bool) -> tuple[str | None, str | None, int | None]:
    """The index named nearest to the place in its clause, its registry key, and its year."""
    best = None
    clause = text[a:b]
    low = clause.lower() if gated else None
    for key, alias in r.aliases:
        if low is not None and not holds(low, clause, alias.gate):  # the clause lacks its words
            continue
        for am in alias.rx.finditer(text, a, b):
            dist = am.start() - m.end() if am.start() >= m.end() else m.start() - am.end()
            if best is None or dist < best[0]:
                best = (max(dist, 0), key, am)
    if best:
        _, key, am = best
        return am.group(0).strip(' "«»“”'), key, _year(text, am.start(), am.end())
    if r.fallback:
        fm = r.fallback.search(text, a, b)
        if fm:
            return fm.group(0).strip(), None, _year(text, fm.start(), fm.end())
    return None, None, None


def _year(text: str, start: int, end: int) -> int | None:
    """A year written right next to the index name ("индекс ... за 2024 год", "DTI 2024")."""
    after = _YEAR_AFTER.match(text, end, min(len(text), end + 32))
    if after:
        return int(after.group("y"))
    before = _YEAR_BEFORE.search(text, max(0, start - 14), start)
    return int(before.group("y")) if before else None
