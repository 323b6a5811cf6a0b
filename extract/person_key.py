"""Language-independent keys for Vietnamese names: 'Hầu A Lềnh', 'Hau A Lenh', 'Хау А Лень' and
'Хау А Ленх' all give 'hau a len'. Tables live in data/translit.yml."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extract.langpack import load_data


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], tuple[tuple[re.Pattern, str], ...]]:
    data = load_data("translit")
    rewrites = tuple((re.compile(a), b) for a, b in data["rewrites"])
    return data["cyrillic"], rewrites


def fold_latin(text: str) -> str:
    """Lower case, Vietnamese marks removed, đ → d."""
    text = text.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_NOT_AZ = re.compile(r"[^a-z]")


@lru_cache(maxsize=65536)
def syllable_key(word: str) -> str:
    cyr, rewrites = _tables()
    w = fold_latin(word)
    w = "".join(cyr.get(c, c) for c in w)
    w = _NOT_AZ.sub("", w)
    for pattern, repl in rewrites:
        w = pattern.sub(repl, w)
    # Russian machine translation often renders final -nh as -нх; after the rewrites that is -nh→n
    return w


_NAME_PARTS = re.compile(r"[\s\-‐–]+")


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """Key of a full name: syllable keys joined by spaces (a name recurs within an article)."""
    return " ".join(k for k in (syllable_key(p) for p in _NAME_PARTS.split(name)) if k)


def joined_key(words: list[str]) -> str:
    """Key of a place name, spaces ignored ('Туенкуанг' = 'Tuyên Quang')."""
    return "".join(syllable_key(w) for w in words)
