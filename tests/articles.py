"""Build an Article the way the pipeline does, for stage tests that need no other stage."""
from __future__ import annotations

import json
import random
from functools import lru_cache

from conftest import ROOT, SEEDS_DIR
from corpus.evaluate import load_gold
from extract.article import Article
from extract.langpack import load_pack
from extract.nlp import get_nlp, sentences_of
from extract.pipeline import normalise


def make_article(text: str, lang: str) -> Article:
    text = normalise(text)
    doc = get_nlp(lang)(text)
    return Article(text=text, lang=lang, doc=doc, sentences=sentences_of(doc))


@lru_cache(maxsize=None)
def seed(prefix: str) -> Article:
    """Seed by its number ("000"); seed 003 is Ukrainian, the others Russian."""
    path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    return make_article(path.read_text(encoding="utf-8"), "uk" if prefix == "003" else "ru")


@lru_cache(maxsize=None)
def dev(name: str) -> Article:
    data = json.loads((ROOT / "corpus" / "gold" / "dev-articles" / f"{name}.json").read_text(encoding="utf-8"))
    return make_article(data["text"], data["lang"])


def pack(art: Article):
    return load_pack(art.lang)


# characters where str.lower() and the regex engine's IGNORECASE disagree, or that lie beyond the BMP
CASE_TRAPS = ["İ", "ı", "ſ", "ᲀ", "ᲂ", "ᲃ", "K", "Σ", "😀", "ẞ"]


def altered_gold_lines(seed: int = 57, extra: list[str] | None = None) -> list[str]:
    """Every line of the gold reports as written and altered: upper case, title case, swapped case,
    a case trap inserted, letters replaced by their odd case partners, and (given ``extra``) a
    phrase appended. Pattern rewrites and gates are compared with the plain patterns on these."""
    rnd = random.Random(seed)
    out = []
    for g in load_gold():
        for s in (s for s in g["text"].split("\n") if s.strip()):
            i = rnd.randrange(len(s) + 1)
            out += [s, s.upper(), s.title(), s.swapcase(), s[:i] + rnd.choice(CASE_TRAPS) + s[i:],
                    s.replace("i", "İ").replace("s", "ſ").replace("о", "ᲂ").replace("с", "ᲃ")]
            if extra:
                tail = rnd.choice(extra)
                out += [s + tail, (s + tail).upper()]
    return out
