"""Provinces: the 63 former and 34 current units, found in text of any script by phonetic key."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from typing import Any

from extract.langpack import load_data
from extract.letters import UPPER_LETTERS
from extract.person_key import joined_key, syllable_key

# letters, and an apostrophe between two letters: "Дьєнб'єн" is one word (the letters are read in
# runs, the apostrophes one by one: the same words as "(?:letter|apostrophe(?=letter))*", faster)
_TAIL = r"[^\W\d_]*(?:['’ʼ][^\W\d_]+)*"
_WORD = re.compile(rf"[^\W\d_]{_TAIL}")
_MAX_WORDS = 4


_UPPER = rf"[{UPPER_LETTERS}]"
_CAPITALISED = _UPPER + _TAIL
# a capitalised word where a word starts (not inside "d'Alembert"), then more joined by spaces, hyphens,
# apostrophes. The capital is read first and the word-start checks look back from behind it (one
# character further), so the engine can skip ahead from capital to capital.
_CAPITALISED_RUN = re.compile(rf"{_UPPER}(?<![^\W\d_].)(?<![^\W\d_]['’ʼ].){_TAIL}(?:[ \-–'’ʼ]+{_CAPITALISED})*",
                              re.DOTALL)


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# case endings of a Cyrillic place name: "Ханоя" -> "Ханой", "Хошимине" -> "Хошимин"
_ENDINGS = (("ом", ""), ("ем", ""), ("ою", ""), ("ой", ""), ("я", "й"), ("ю", "й"), ("е", "й"), ("є", "й"),
            ("а", ""), ("е", ""), ("у", ""), ("і", ""), ("и", ""), ("ы", ""), ("ї", ""))


_UNMARK = str.maketrans({"'": None, "’": None, "ʼ": None, "ё": "е"})


def _exact(words: list[str] | tuple[str, ...]) -> str:
    return "".join(words).lower().translate(_UNMARK)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    by_code: dict[str, dict[str, Any]] = {}
    by_key: dict[str, dict[str, Any]] = {}
    by_spelling: dict[str, dict[str, Any]] = {}
    for p in load_data("provinces"):
        entry = {"code": p["code"], "name": p["name"], "merged_into": p.get("merged_into")}
        by_code[p["code"]] = entry
        for spelling in [p["name"], p.get("en", ""), p.get("ru", ""), p.get("uk", ""), *p.get("variants", [])]:
            words = _WORD.findall(spelling)
            if words:
                by_key.setdefault(joined_key(words), entry)
                by_spelling.setdefault(_exact(words), entry)
    return by_code, by_key, by_spelling


@lru_cache(maxsize=1)
def _prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """Every prefix of every spelling and of every phonetic key: a word that starts none of them
    cannot start a province's name, which spares the lookups for almost every capitalised word."""
    _, by_key, by_spelling = _index()
    def grow(keys):
        return frozenset(k[:i] for k in keys for i in range(1, len(k) + 1))
    return grow(by_spelling), grow(by_key)


@lru_cache(maxsize=65536)
def _may_start(word: str) -> bool:
    """Cheap necessary condition for a name starting with ``word`` (a case ending takes at most
    two letters off a Cyrillic word, hence the shortened exact form)."""
    spelled, keyed = _prefixes()
    exact = _exact([word])
    if exact[: max(1, len(exact) - 2)] in spelled or syllable_key(word) in keyed:
        return True
    return bool(_CYRILLIC.search(word)) and any(
        syllable_key(word[: -len(end)] + new) in keyed for end, new in _ENDINGS
        if word.lower().endswith(end) and len(word) > len(end) + 2)


@lru_cache(maxsize=65536)
def _lookup(words: tuple[str, ...]) -> dict[str, Any] | None:
    """A spelling as listed, then a Cyrillic case form of one, then the phonetic key (which
    merges transliterations but may also merge an inflected name with another place)."""
    _, by_key, by_spelling = _index()
    forms = [words]
    if _CYRILLIC.search(words[-1]):
        last = words[-1]
        forms += [words[:-1] + (last[: -len(end)] + new,) for end, new in _ENDINGS
                  if last.lower().endswith(end) and len(last) > len(end) + 2]
    for form in forms:
        if (hit := by_spelling.get(_exact(form))):
            return hit
    for form in forms:
        if (hit := by_key.get(joined_key(form))):
            return hit
    return None


def province_by_code(code: str) -> dict[str, Any] | None:
    entry = _index()[0].get(code)
    return dict(entry) if entry else None


def find_province_mentions(text: str) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, province) for every capitalised run of words that spells a province."""
    return [(a, b, dict(entry)) for a, b, entry in _mentions(text)]


def province_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every province mention, in order: ``find_province_mentions`` without the
    copies of the entries, for callers that only need to know where places are named."""
    return [(a, b) for a, b, _ in _mentions(text)]


@lru_cache(maxsize=16)
def _mentions(text: str) -> tuple[tuple[int, int, dict[str, Any]], ...]:
    """Several stages ask about the same article's text: found once, copied out each time.
    Only runs of adjacent capitalised words (spaces, hyphens or an apostrophe between) can
    spell a name; the names in a run depend on the run alone."""
    runs = list(_CAPITALISED_RUN.finditer(text))
    # most runs name no place: looked up without a Python step per run, then only the hits visited
    found = list(map(_run_places, map(re.Match.group, runs)))
    out = []
    for run, hits in compress(zip(runs, found), found):
        at = run.start()
        out += [(at + a, at + b, entry) for a, b, entry in hits]
    return tuple(out)


@lru_cache(maxsize=65536)
def _run_places(run: str) -> tuple[tuple[int, int, dict[str, Any]], ...]:
    """(start, end, province) of the names in a run of capitalised words (offsets into the run),
    left to right, the longest from each start. Runs ("The", "Hanoi", "Nguyen Van") recur."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(run)]
    hits = []
    i = 0
    while i < len(words):
        n = 0
        if _may_start(words[i][2]):
            for n in range(min(_MAX_WORDS, len(words) - i) if _may_lead(words[i][2]) else 1, 0, -1):
                entry = _lookup(tuple(w[2] for w in words[i:i + n]))
                if entry:
                    hits.append((words[i][0], words[i + n - 1][1], entry))
                    break
            else:
                n = 0
        i += n or 1
    return tuple(hits)


@lru_cache(maxsize=65536)
def _may_lead(word: str) -> bool:
    """Cheap necessary condition for a name of two words or more starting with ``word`` (only the
    last word of a name takes a case ending): its exact form or its phonetic key must begin a
    spelling or a key. An empty key, or a capital sigma (whose lower case depends on the letters
    after it), is not judged."""
    spelled, keyed = _prefixes()
    key = syllable_key(word)
    return not key or key in keyed or _exact([word]) in spelled or "Σ" in word


def all_provinces() -> list[dict[str, Any]]:
    """Every unit, former and current, with its spellings and map point (for publication)."""
    out = []
    for p in load_data("provinces"):
        out.append({
            "code": p["code"], "name": p["name"], "name_en": p.get("en"), "name_ru": p.get("ru"), "name_uk": p.get("uk"),
            "spellings": list(dict.fromkeys(s for s in [p["name"], p.get("en"), p.get("ru"), p.get("uk"),
                                                         *p.get("variants", [])] if s)),
            "merged_into": p.get("merged_into"), "in_force": p.get("merged_into") is None,
            "latitude": p.get("lat"), "longitude": p.get("lon"),
        })
    return out
