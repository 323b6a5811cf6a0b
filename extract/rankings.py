"""Rankings: statements that a unit holds place N (of M) in some index or league table.

Phrasings are per-language patterns in ``lang/<xx>/rankings.yml`` with ``{ORD}`` (an ordinal or
number as written) and ``{N}`` (a number); the index is looked up in ``data/indices.yml`` so the
same index gets the same key in every language. One entry per place stated; aims ("top 10 by
2030") are dropped because they are not places held.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extract.article import Article
from extract.langpack import LangPack, load_data, load_pack
from extract.numbers import grammar, ordinal_regex, parse_number, parse_ordinal

# "DTI 2024", "индекс ... за 2024 год", "індексом ... провінцій за 2024 рік" (up to two words between)
_YEAR_AFTER = re.compile(r"[\s()]{0,3}(?:[^\W\d]{1,12}\s+){0,2}(?P<y>(?:19|20)\d\d)\b(?!\s*[/.-]\d)")
# "Năm 2024, chỉ số ..." / "In 2024, the index ..."
_YEAR_BEFORE = re.compile(r"\b(?P<y>(?:19|20)\d\d)[\s,:]*(?:[^\W\d]{1,4}\s+)?$")


@dataclass(frozen=True)
class _Rules:
    patterns: tuple[re.Pattern, ...]
    aim: re.Pattern | None
    aliases: tuple[tuple[str, re.Pattern], ...]
    fallback: re.Pattern | None
    both: re.Pattern | None
    place: re.Pattern  # a digit or an ordinal word: no place is stated without one


@lru_cache(maxsize=None)
def _rules(lang: str) -> _Rules:
    d = load_pack(lang)["rankings"]
    flags = re.IGNORECASE
    ordinal = ordinal_regex(lang)
    num = rf"(?:\d{{1,4}}\b|{grammar(lang).words})"  # "14/34": a plain count after the slash
    pats = tuple(
        re.compile(p.replace("{ORD}", f"(?:{ordinal})").replace("{N}", f"(?:{num})"), flags)
        for p in d.get("patterns", [])
    )
    aliases = []
    for key, entry in (load_data("indices") or {}).items():
        for alias in (entry.get("aliases") or {}).get(lang, []):
            aliases.append((key, re.compile(alias, flags)))
    return _Rules(
        patterns=pats,
        aim=re.compile(d["aim"], flags) if d.get("aim") else None,
        aliases=tuple(aliases),
        fallback=re.compile(d["index_fallback"]) if d.get("index_fallback") else None,
        both=re.compile(d["both"], flags) if d.get("both") else None,
        place=re.compile(rf"\d|{ordinal}", flags),
    )


def find_rankings(art: Article, pack: LangPack) -> list[dict[str, Any]]:
    """One dict per (unit, place) stated, in text order (schema: rankings)."""
    r = _rules(pack.lang)
    out: list[dict[str, Any]] = []
    for sent in art.sentences:
        found: dict[int, dict[str, Any]] = {}
        if not r.place.search(sent.text):
            continue
        for rx in r.patterns:
            for m in rx.finditer(sent.text):
                if m.start("rank") in found:
                    continue
                rec = _ranking(sent.text, m, art.lang, r)
                if rec:
                    rec.update(start=sent.start + rec.pop("_a"), end=sent.start + rec.pop("_b"), sentence=sent.text)
                    found[m.start("rank")] = rec
        for k in sorted(found):
            out.append(found[k])
            # "both pillars ranked 8th": two units, one place each (GOLD.md)
            if r.both and r.both.search(sent.text, found[k]["start"] - sent.start, found[k]["end"] - sent.start) \
                    and len(found) == 1:
                out.append(dict(found[k]))
    return out


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


def _ranking(text: str, m: re.Match, lang: str, r: _Rules) -> dict[str, Any] | None:
    rank = parse_ordinal(m.group("rank"), lang)
    if rank is None or not 1 <= rank <= 999:
        return None
    out_of = None
    if "out_of" in m.groupdict() and m.group("out_of"):
        v = parse_number(m.group("out_of"), lang)
        out_of = int(v) if isinstance(v, (int, float)) and float(v).is_integer() and v >= rank else None
    a, b = _clause(text, m.start(), m.end())
    if r.aim and r.aim.search(text, a, m.start()):
        return None
    index, key, year = _index(text, a, b, m, r)
    return {"rank": rank, "out_of": out_of, "index": index, "index_key": key, "year": year, "_a": a, "_b": b}


def _index(text: str, a: int, b: int, m: re.Match, r: _Rules) -> tuple[str | None, str | None, int | None]:
    """The index named nearest to the place in its clause, its registry key, and its year."""
    best = None
    for key, rx in r.aliases:
        for am in rx.finditer(text, a, b):
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
