"""The article as every stage sees it: text, language, sentences with character offsets."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == article.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Article:
    text: str
    lang: str
    doc: Doc
    sentences: list[Sentence] = field(default_factory=list)
    url: str | None = None
    original_url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date of publication when the caller knows it

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding character ``offset``."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None
