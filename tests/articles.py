"""Build an Article the way the pipeline does, for stage tests that need no other stage."""
from __future__ import annotations

import json
from functools import lru_cache

from conftest import ROOT, SEEDS_DIR
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
