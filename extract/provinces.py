"""Provinces: the 63 former and 34 current units, found in text of any script by phonetic key."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extract.langpack import load_data
from extract.person_key import joined_key

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’ʼ](?=[^\W\d_]))*", re.UNICODE)   # "Дьєнб'єн" is one word
_MAX_WORDS = 4


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# case endings of a Cyrillic place name: "Ханоя" -> "Ханой", "Хошимине" -> "Хошимин"
_ENDINGS = (("ом", ""), ("ем", ""), ("ою", ""), ("ой", ""), ("я", "й"), ("ю", "й"), ("е", "й"), ("є", "й"),
            ("а", ""), ("е", ""), ("у", ""), ("і", ""), ("и", ""), ("ы", ""), ("ї", ""))


def _exact(words: list[str]) -> str:
    return re.sub(r"['’ʼ]", "", "".join(w.lower() for w in words).replace("ё", "е"))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    by_code, by_key, by_spelling = {}, {}, {}
    for p in load_data("provinces"):
        entry = {"code": p["code"], "name": p["name"], "merged_into": p.get("merged_into")}
        by_code[p["code"]] = entry
        for spelling in [p["name"], p.get("en", ""), p.get("ru", ""), p.get("uk", ""), *p.get("variants", [])]:
            words = _WORD.findall(spelling)
            if words:
                by_key.setdefault(joined_key(words), entry)
                by_spelling.setdefault(_exact(words), entry)
    return by_code, by_key, by_spelling


def _lookup(words: list[str]) -> dict[str, Any] | None:
    """A spelling as listed, then a Cyrillic case form of one, then the phonetic key (which
    merges transliterations but may also merge an inflected name with another place)."""
    _, by_key, by_spelling = _index()
    forms = [words]
    if _CYRILLIC.search(words[-1]):
        last = words[-1]
        forms += [words[:-1] + [last[: -len(end)] + new] for end, new in _ENDINGS
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
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out, i = [], 0
    while i < len(words):
        found = None
        if words[i][2][:1].isupper() or words[i][2].isupper():
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                span = words[i:i + n]
                if any(not w[2][:1].isupper() for w in span):
                    continue
                if any(text[a[1]:b[0]].strip(" -–'’ʼ") for a, b in zip(span, span[1:])):
                    continue  # words must be adjacent (spaces, hyphens or an apostrophe between)
                entry = _lookup([w[2] for w in span])
                if entry:
                    found = (span[0][0], span[-1][1], dict(entry), n)
                    break
        if found:
            out.append(found[:3])
            i += found[3]
        else:
            i += 1
    return out


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
